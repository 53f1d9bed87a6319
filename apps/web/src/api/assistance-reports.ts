// Console calls and types for the low-income register, a household's assistance chain and the
// assistance reports (caseload, spending, processing time).
import { api, apiUrl } from './client';

export type LowIncomeCategory = 'near_dibao' | 'rigid_expense';
export type Validity = 'valid' | 'expiring' | 'expired' | 'cancelled';

export const CATEGORY_LABELS: Record<LowIncomeCategory, string> = { near_dibao: '低保边缘家庭', rigid_expense: '刚性支出困难家庭' };
export const VALIDITY_LABELS: Record<Validity, string> = { valid: '有效', expiring: '即将到期', expired: '已过期', cancelled: '已注销' };
export const VALIDITY_COLORS: Record<Validity, string> = { valid: 'green', expiring: 'orange', expired: 'default', cancelled: 'red' };

export interface Step { text: string; rule: string; values?: Record<string, number | string> }

export interface Recognition {
  id: number;
  category: LowIncomeCategory;
  categoryName: string;
  householdId: number;
  headName: string;
  divisionCode: string;
  divisionName: string;
  urbanRural: string;
  persons: number;
  perCapitaIncomeFen: number;
  validFrom: string;
  validTo: string;
  validity: Validity;
  validityName: string;
  renewable: boolean;
  recognisedByName: string;
  recognisedAt: string;
  renewals: { at: string; by: string; previousValidFrom: string; previousValidTo: string; validFrom: string; validTo: string; perCapitaIncomeFen: number; note: string | null }[];
  cancelledAt: string | null;
  cancelledByName: string | null;
  cancelReason: string | null;
  note: string | null;
  version: number;
  calculation?: { explanation: Step[] } & Record<string, unknown>;
  facts?: Record<string, unknown>;
}

export interface NearDibaoFacts {
  category: 'near_dibao';
  incomes: { personId: number; kind: string; monthlyFen: number }[];
  assets: { financialFen: number; vehicles: number; extraHousing: number };
  note?: string | null;
}
export interface RigidExpenseFacts {
  category: 'rigid_expense';
  incomeLast12MonthsFen: number;
  spending: { medicalFen: number; educationFen: number; rehabilitationFen: number };
  perCapitaDisposableIncomeLastYearFen: number;
  note?: string | null;
}
export type RecognitionFacts = NearDibaoFacts | RigidExpenseFacts;

export interface Assessment {
  category: LowIncomeCategory;
  eligible: boolean;
  outcome: string;
  persons: number;
  perCapitaIncomeFen: number;
  validFrom: string | null;
  validTo: string | null;
  explanation: Step[];
}

export interface RecognitionQuery {
  divisionCode?: string;
  category?: LowIncomeCategory;
  validity?: Validity;
  q?: string;
  page?: number;
  pageSize?: number;
}

export const lowIncomeApi = {
  list: (query: RecognitionQuery, signal?: AbortSignal) =>
    api.get<{ total: number; page: number; pageSize: number; items: Recognition[] }>('/assistance/low-income', { ...query }, signal),
  exportUrl: (query: Omit<RecognitionQuery, 'page' | 'pageSize'>) => apiUrl('/assistance/low-income.xlsx', { ...query }),
  get: (id: number | string) => api.get<Recognition>(`/assistance/low-income/${id}`),
  assess: (body: RecognitionFacts & { householdId: number }) => api.post<Assessment>('/assistance/low-income/assess', body),
  recognise: (body: RecognitionFacts & { householdId: number }) => api.post<Recognition>('/assistance/low-income', body),
  renew: (id: number, version: number, body: RecognitionFacts) => api.post<Recognition>(`/assistance/low-income/${id}/renew?version=${version}`, body),
  cancel: (id: number, version: number, reason: string) => api.post<Recognition>(`/assistance/low-income/${id}/cancel?version=${version}`, { reason }),
};

export interface HouseholdChain {
  householdId: number;
  divisionCode: string;
  asOf: string;
  month: string;
  current: { programmes: { programme: string; programmeName: string }[]; monthlyTotalFen: number };
  entitlements: {
    id: number; programme: string; programmeName: string; personId: number | null; monthlyAmountFen: number;
    fromMonth: string; toMonth: string | null; reason: string; stopReason: string | null; status: 'active' | 'ended' | 'upcoming';
  }[];
  recognitions: {
    id: number; category: LowIncomeCategory; categoryName: string; perCapitaIncomeFen: number; persons: number;
    validFrom: string; validTo: string; validity: Validity; validityName: string; renewable: boolean; cancelReason: string | null; recognisedByName: string; version: number;
  }[];
  applications: {
    id: number; programme: string; programmeName: string; receivedAt: string; state: string | null; stateLabel: string | null;
    decision: string | null; decidedAt: string | null; refusalReasons: string | null; monthlyAmountFen: number | null; fromMonth: string | null; open: boolean;
  }[];
  reviews: { id: number; applicationId: number; dueOn: string; status: string; outcome: string | null; decidedOn: string | null }[];
  payments: null | {
    totalPaidFen: number;
    openFailures: number;
    months: { month: string; totalFen: number; failedFen: number; lines: { programme: string; programmeName: string; amountFen: number; adjustmentFen: number; failed: boolean; runId: number }[] }[];
  };
}

export const chainApi = {
  get: (householdId: number | string, signal?: AbortSignal) => api.get<HouseholdChain>(`/assistance/households/${householdId}/chain`, undefined, signal),
};

export interface CaseloadRow { month: string; divisionCode: string; divisionName: string | null; households: number; persons: number; spendingFen: number }
export interface CaseloadReport {
  from: string; to: string; groupBy: 'county' | 'township'; programme: string | null; programmeName: string | null; scope: string;
  rows: CaseloadRow[]; totals: Omit<CaseloadRow, 'divisionCode' | 'divisionName'>[]; householdsWithoutApplication: number; signedRuns: number;
  byProgramme: (Omit<CaseloadRow, 'divisionCode' | 'divisionName'> & { programme: string; programmeName: string })[];
}
export interface ProcessingFigures {
  decided: number; approved: number; refused: number; medianDays: number | null; p90Days: number | null;
  overdueDecided: number; overdueOpen: number; overdue: number;
}
export type ProcessedProgramme = 'dibao' | 'tekun' | 'temporary';
export const PROCESSED_PROGRAMMES: { value: ProcessedProgramme; label: string }[] = [
  { value: 'dibao', label: '最低生活保障' }, { value: 'tekun', label: '特困人员救助供养' }, { value: 'temporary', label: '临时救助' },
];
export interface ProcessingReport extends ProcessingFigures {
  from: string; to: string; scope: string; asOf: string; beyondKnownSchedule: boolean;
  groupBy: 'county' | 'township'; programme: ProcessedProgramme | null; programmeName: string | null;
  byProgramme: (ProcessingFigures & { programme: ProcessedProgramme; programmeName: string })[];
  byDivision: (ProcessingFigures & { divisionCode: string; divisionName: string | null })[];
  byMonth: (ProcessingFigures & { month: string; programme: ProcessedProgramme; programmeName: string })[];
  monthTotals: (ProcessingFigures & { month: string })[];
}
export interface ReportQuery { from?: string; to?: string; groupBy?: 'county' | 'township'; programme?: string }
export interface ProcessingQuery { from?: string; to?: string; groupBy?: 'county' | 'township'; programme?: ProcessedProgramme }

export const reportsApi = {
  caseload: (q: ReportQuery, signal?: AbortSignal) => api.get<CaseloadReport>('/assistance/reports/caseload', { ...q }, signal),
  caseloadXlsx: (q: ReportQuery) => apiUrl('/assistance/reports/caseload.xlsx', { ...q }),
  processing: (q: ProcessingQuery, signal?: AbortSignal) => api.get<ProcessingReport>('/assistance/reports/processing', { ...q }, signal),
  processingXlsx: (q: ProcessingQuery) => apiUrl('/assistance/reports/processing.xlsx', { ...q }),
};
