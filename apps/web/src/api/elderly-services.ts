// Elderly home services, home adaptation and the care workforce: console types and calls.
import { api, apiUrl, request } from './client';

export interface Page<T> { total: number; rows: T[] }
type Q = Record<string, string | number | boolean | undefined>;

export interface ServiceItem { id: number; code: string; name: string; unit: string; unitPriceFen: number; description: string | null; active: boolean }
export interface Provider {
  id: number; name: string; creditCode: string; divisionCode: string; townships: string[]; itemCodes: string[];
  contactName: string; contactPhone: string; contractFrom: string; contractTo: string; status: 'active' | 'suspended';
}
export type OrderStatus = 'created' | 'dispatched' | 'checked_in' | 'completed' | 'rated' | 'cancelled';
export type OrderAction = 'dispatch' | 'checkIn' | 'complete' | 'rate' | 'cancel';
export interface Order {
  id: number; personId: number; name: string | null; idNumber: string | null; divisionCode: string; itemCode: string; itemName: string; unit: string;
  unitPriceFen: number; scheduledOn: string; address: string | null; note: string | null; status: OrderStatus; statusLabel: string; actions: OrderAction[];
  inInstitution: boolean; providerId: number | null; providerName: string | null; workerName: string | null; dispatchedAt: string | null;
  checkedInAt: string | null; checkInPlace: string | null; completedAt: string | null; completedOn: string | null; quantity: number | null;
  durationMinutes: number | null; amountFen: number | null; voucherFen: number; copayFen: number; rating: number | null; ratingComment: string | null;
  cancelReason: string | null; settlementId: number | null; version: number;
}
export interface StatementRow {
  id: number; personId: number; name: string | null; idNumber: string | null; divisionCode: string; itemName: string; unit: string; unitPriceFen: number;
  quantity: number | null; completedOn: string | null; workerName: string | null; amountFen: number; voucherFen: number; copayFen: number; rating: number | null; inInstitution: boolean;
}
export interface Settlement { id: number; providerId: number; providerName?: string | null; divisionCode: string; month: string; orders: number; amountFen: number; voucherFen: number; copayFen: number; confirmedByName: string; confirmedAt: string }
export interface Statement {
  provider: { id: number; name: string; creditCode: string; divisionCode: string };
  month: string; settled: Settlement | null; totals: { orders: number; amountFen: number; voucherFen: number; copayFen: number }; openOrders: number; rows: StatementRow[];
}
export interface VoucherMonth { personId: number; month: string; entitled: boolean; budgetFen: number; sample: boolean; usedFen: number; copayFen: number; orders: number }

export const ORDER_STATUS: Record<OrderStatus, string> = { created: '待派单', dispatched: '已派单', checked_in: '服务中', completed: '已完成', rated: '已评价', cancelled: '已取消' };
export const ORDER_STATUS_COLORS: Record<OrderStatus, string> = { created: 'default', dispatched: 'blue', checked_in: 'processing', completed: 'green', rated: 'cyan', cancelled: 'red' };
export const ORDER_ACTIONS: Record<OrderAction, string> = { dispatch: '派单', checkIn: '签到', complete: '完成', rate: '评价', cancel: '取消' };

const hs = '/elderly/home-services';
export const homeServicesApi = {
  items: (signal?: AbortSignal) => api.get<ServiceItem[]>(`${hs}/items`, undefined, signal),
  saveItem: (body: Omit<ServiceItem, 'id'>) => request<ServiceItem>(`${hs}/items`, { method: 'PUT', body }),
  providers: (q: Q, signal?: AbortSignal) => api.get<Page<Provider>>(`${hs}/providers`, q, signal),
  createProvider: (body: Omit<Provider, 'id' | 'status'>) => api.post<Provider>(`${hs}/providers`, body),
  updateProvider: (id: number, body: Omit<Provider, 'id'>) => request<Provider>(`${hs}/providers/${id}`, { method: 'PUT', body }),
  orders: (q: Q, signal?: AbortSignal) => api.get<Page<Order>>(`${hs}/orders`, q, signal),
  order: (id: number, signal?: AbortSignal) => api.get<Order & { voucherEntitled: boolean }>(`${hs}/orders/${id}`, undefined, signal),
  createOrder: (body: { personId: number; itemCode: string; scheduledOn: string; address?: string; note?: string }) => api.post<Order>(`${hs}/orders`, body),
  dispatch: (id: number, body: { providerId: number; workerId?: number; workerName?: string; version: number }) => api.post<Order>(`${hs}/orders/${id}/dispatch`, body),
  checkIn: (id: number, body: { place: string; version: number }) => api.post<Order>(`${hs}/orders/${id}/check-in`, body),
  complete: (id: number, body: { quantity: number; durationMinutes?: number; version: number }) => api.post<Order>(`${hs}/orders/${id}/complete`, body),
  rate: (id: number, body: { rating: number; comment?: string; version: number }) => api.post<Order>(`${hs}/orders/${id}/rate`, body),
  cancel: (id: number, body: { reason: string; version: number }) => api.post<Order>(`${hs}/orders/${id}/cancel`, body),
  voucher: (personId: number, month: string, signal?: AbortSignal) => api.get<VoucherMonth>(`${hs}/vouchers/${personId}`, { month }, signal),
  settlements: (q: Q, signal?: AbortSignal) => api.get<Page<Settlement>>(`${hs}/settlements`, q, signal),
  statement: (providerId: number, month: string, signal?: AbortSignal) => api.get<Statement>(`${hs}/settlements/statement`, { providerId, month }, signal),
  confirm: (providerId: number, month: string) => api.post<Settlement>(`${hs}/settlements`, { providerId, month }),
  statementXlsxUrl: (providerId: number, month: string) => apiUrl(`${hs}/settlements/statement.xlsx`, { providerId, month }),
};

export type AdaptationStatus = 'applied' | 'in_progress' | 'accepted' | 'rejected';
export interface Adaptation {
  id: number; personId: number; householdId: number | null; name: string | null; idNumber: string | null; divisionCode: string; items: string[]; itemLabels: string[];
  grounds: string[]; groundLabels: string[]; contractor: string | null; spendFen: number; status: AdaptationStatus; statusLabel: string; appliedOn: string;
  startedOn: string | null; acceptedOn: string | null; acceptedBy: string | null; photos: string[]; decisionReason: string | null;
}
export interface AdaptationMeta { items: Record<string, string>; statuses: Record<AdaptationStatus, string>; economicGrounds: Record<string, string>; specialGrounds: Record<string, string> }
export interface Eligibility { eligible: boolean; grounds: string[]; groundLabels: string[]; reason: string }
export interface AdaptationProgress { target: number; accepted: number; open: number; spendFen: number; counties: { county: string; accepted: number; open: number; spendFen: number }[] }
export const ADAPTATION_COLORS: Record<AdaptationStatus, string> = { applied: 'blue', in_progress: 'gold', accepted: 'green', rejected: 'red' };

export const adaptationApi = {
  meta: (signal?: AbortSignal) => api.get<AdaptationMeta>('/elderly/adaptations/meta', undefined, signal),
  list: (q: Q, signal?: AbortSignal) => api.get<Page<Adaptation>>('/elderly/adaptations', q, signal),
  progress: (signal?: AbortSignal) => api.get<AdaptationProgress>('/elderly/adaptations/progress', undefined, signal),
  eligibility: (personId: number) => api.get<Eligibility>(`/elderly/adaptations/eligibility/${personId}`),
  apply: (body: { personId: number; items: string[]; appliedOn: string }) => api.post<Adaptation>('/elderly/adaptations', body),
  start: (id: number, body: { contractor: string; startedOn: string }) => api.post<Adaptation>(`/elderly/adaptations/${id}/start`, body),
  accept: (id: number, body: { acceptedOn: string; acceptedBy: string; spendFen: number; photos: string[] }) => api.post<Adaptation>(`/elderly/adaptations/${id}/accept`, body),
  reject: (id: number, reason: string) => api.post<Adaptation>(`/elderly/adaptations/${id}/reject`, { reason }),
  uploadPhoto: (file: File) => { const fd = new FormData(); fd.append('file', file); return api.post<{ sha256: string }>('/elderly/visits/photos', fd); },
};

export const SKILL_LEVELS = ['初级', '中级', '高级', '技师', '高级技师'] as const;
export interface CareWorker {
  id: number; name: string; divisionCode: string; idNumber: string | null; phone: string | null; institutionId: number | null; providerId: number | null;
  employer: string | null; skillLevel: string; certificateNo: string | null; hiredOn: string | null; active: boolean; trainedInPlan: boolean; lastTrainedOn: string | null; trainingHours: number;
}
export interface Training { id: number; workerId: number; trainedOn: string; course: string; hours: number; provider: string | null }
export interface Coverage {
  period: { from: string; to: string }; workers: number; trained: number; perMille: number;
  counties: { code: string; name: string; workers: number; trained: number; perMille: number; bySkill: Record<string, number> }[];
}

export const workforceApi = {
  list: (q: Q, signal?: AbortSignal) => api.get<Page<CareWorker>>('/elderly/care-workers', q, signal),
  coverage: (signal?: AbortSignal) => api.get<Coverage>('/elderly/care-workers/coverage', undefined, signal),
  create: (body: { name: string; idNumber?: string; phone?: string; institutionId?: number; providerId?: number; skillLevel: string; certificateNo?: string; hiredOn?: string }) =>
    api.post<CareWorker>('/elderly/care-workers', body),
  update: (id: number, body: { skillLevel: string; certificateNo?: string | null; phone?: string | null; active: boolean }) => api.post<CareWorker>(`/elderly/care-workers/${id}`, body),
  trainings: (id: number, signal?: AbortSignal) => api.get<{ worker: CareWorker; trainings: Training[] }>(`/elderly/care-workers/${id}/trainings`, undefined, signal),
  addTraining: (id: number, body: { course: string; hours: number; trainedOn: string; provider?: string }) => api.post<Training>(`/elderly/care-workers/${id}/trainings`, body),
};
