// Console calls and types for verification (核对) and monitoring (监测预警).
import { api, apiUrl, request } from './client';

export interface Source {
  code: string; name: string; department: string; adapter: 'file' | 'http' | 'simulated'; enabled: boolean;
  config: Record<string, unknown>; lastStatus: 'ok' | 'error' | null; lastExchangeAt: string | null; lastError: string | null;
  recordCount: number; kinds: string[];
}
export interface SourceList { items: Source[]; adapters: Record<string, string>; fileColumns: string[] }

export interface RequestSummary {
  id: number; reportNo: string; subjectType: string; subjectId: string; householdId: number; divisionCode: string; purpose: string;
  status: 'pending' | 'complete'; requestedByName: string; requestedAt: string; completedAt: string | null; validUntil: string | null; discrepancies: number;
}
export interface Discrepancy { code: string; severity: 'high' | 'medium' | 'info'; title: string; message: string; declared: number | null; found: number | null; sourceCodes: string[]; personId?: number }
export interface ReportBody {
  sources: { code: string; name: string; status: 'answered' | 'failed'; error?: string | null; findings: number; monthlyIncomeFen: number; amountFen: number; summary: string }[];
  incomes: { personId: number; kind: string; monthlyFen: number }[];
  totals: { monthlyIncomeFen: number; financialAssetsFen: number; vehicles: number; properties: number; extraHousing: number; businesses: number; deaths: number };
  limits: { incomeLimitFen: number; financialLimitFen: number; maxVehicles: number; maxExtraHousing: number; standardFen: number; members: number };
  discrepancies: Discrepancy[];
  complete: boolean;
}
export interface Finding { id: number; sourceCode: string; personId: number; kind: string; reference: string; monthlyIncomeFen: number; amountFen: number; eventDate: string | null; detail: string }
export interface ReportView {
  request: RequestSummary & {
    persons: { personId: number; name: string; age: number; idNumberMasked: string }[];
    declared: { monthlyIncomeFen: number; financialFen: number; vehicles: number; extraHousing: number };
    report: ReportBody | null;
  };
  queries: { id: number; sourceCode: string; status: 'queued' | 'answered' | 'failed'; error: string | null; answeredAt: string | null }[];
  findings: Finding[];
}

export interface BatchRun {
  id: number; jobId: number | null; divisionCode: string; sourceCodes: string[]; trigger: string; status: string;
  subjects: number; changesFound: number; tasksOpened: number; startedBy: string; createdAt: string; finishedAt: string | null; error: string | null;
}
export interface Change { id: number; householdId: number; personName: string; divisionCode: string; kind: string; sourceCode: string; detail: string; taskInstanceId: number | null; coveredByExisting: boolean; foundAt: string }
export interface JobProgress { jobId: number; status: 'queued' | 'running' | 'succeeded' | 'failed'; done: number; total: number | null; error?: string | null }

export interface Alert {
  id: number; ruleCode: string; householdId: number | null; personId: number | null; personName: string; divisionCode: string; score: number;
  signals: { signal: string; weight: number; detail: string }[]; origin: 'scan' | 'outreach'; reportedBy: string | null; instanceId: number | null;
  status: 'open' | 'closed'; outcome: string | null; outcomeNote: string | null; createdAt: string; closedAt: string | null;
}
export interface Rule { code: string; name: string; enabled: boolean; minScore: number; defaultVersion: number | null; recipientLevel: 'village' | 'township'; signals: { signal: string; weight: number; ratio?: string; minYuan?: string; age?: number }[] }
/** One row of the alert statistics: a rule or a township (key), or the totals (key null). */
export interface AlertStat { key: string | null; name: string; open: number; closed: number; applied: number; not_eligible: number; already_helped: number; unreachable: number; avg_hours: number | null; median_hours: number | null; waiting_over_week: number }

export const OUTCOME_LABELS: Record<string, string> = { applied: '已引导申请救助', not_eligible: '经核实不符合条件', already_helped: '已在保或已获帮扶', unreachable: '无法联系' };
export const SEVERITY: Record<string, { label: string; color: string }> = { high: { label: '重大', color: 'red' }, medium: { label: '一般', color: 'orange' }, info: { label: '提示', color: 'blue' } };
export const CHANGE_LABELS: Record<string, string> = { death: '死亡', vehicle: '新增机动车', business: '新增市场主体', income: '收入超过低保标准', property: '新增不动产' };
export const RULE_LABELS: Record<string, string> = { household_risk: '困难家庭综合风险', child_unsupported: '事实无人抚养儿童线索', outreach: '主动发现报告' };

type Page<T> = { items: T[]; total: number };

export const verificationApi = {
  sources: (signal?: AbortSignal) => api.get<SourceList>('/verification/sources', undefined, signal),
  configureSource: (code: string, body: { adapter: string; enabled: boolean; config: Record<string, unknown> }) => request<Source>(`/verification/sources/${code}`, { method: 'PUT', body }),
  uploadExtract: (code: string, file: File) => {
    const fd = new FormData();
    fd.append('file', file);
    return api.post<{ rows: number }>(`/verification/sources/${code}/extracts`, fd);
  },
  requests: (q: { status?: string; applicationId?: number; page: number; pageSize: number }, signal?: AbortSignal) => api.get<Page<RequestSummary>>('/verification/requests', q, signal),
  request: (applicationId: number, purpose?: string) => api.post<{ id: number; reportNo: string }>('/verification/requests', { applicationId, purpose }),
  report: (id: number | string, purpose: string, signal?: AbortSignal) => api.get<ReportView>(`/verification/requests/${id}`, { purpose }, signal),
  printUrl: (id: number | string, purpose: string) => apiUrl(`/verification/requests/${id}/print`, { purpose }),
  batches: (page: number, signal?: AbortSignal) => api.get<Page<BatchRun>>('/verification/batches', { page, pageSize: 20 }, signal),
  batch: (id: number | string, signal?: AbortSignal) => api.get<{ run: BatchRun; changes: Change[]; progress: JobProgress | null }>(`/verification/batches/${id}`, undefined, signal),
  startBatch: (body: { divisionCode: string; sourceCodes?: string[] }) => api.post<{ id: number; jobId: number }>('/verification/batches', body),
  batchEventsUrl: (id: number) => apiUrl(`/verification/batches/${id}/events`),
  taskChanges: (instanceId: number) => api.get<{ items: Change[] }>(`/verification/tasks/${instanceId}/changes`),
  alerts: (q: { status?: string; ruleCode?: string; page: number; pageSize: number }, signal?: AbortSignal) => api.get<Page<Alert>>('/monitoring/alerts', q, signal),
  closeAlert: (id: number, body: { outcome: string; note?: string }) => api.post<Alert>(`/monitoring/alerts/${id}/close`, body),
  rules: (signal?: AbortSignal) => api.get<{ items: Rule[]; signals: Record<string, { label: string; help: string }> }>('/monitoring/rules', undefined, signal),
  statistics: (by: 'rule' | 'township', signal?: AbortSignal) => api.get<{ items: AlertStat[]; totals: AlertStat; outcomes: Record<string, string> }>('/monitoring/statistics', { by }, signal),
  scan: (divisionCode: string) => api.post<{ rules: number; alerts: number; routed: number }>('/monitoring/scans', { divisionCode }),
  outreach: (body: { name: string; idNumber?: string; divisionCode: string; situation: string; phone?: string }) => api.post<Alert>('/monitoring/outreach', body),
};

/** What the signed-in role may do here (mirrors the server's verification permissions). */
export function verificationAbilities(role: string | undefined) {
  const r = role ?? '';
  return {
    request: ['city_admin', 'county_approver', 'township_caseworker'].includes(r),
    read: ['city_admin', 'county_approver', 'township_caseworker', 'leader'].includes(r),
    sources: r === 'city_admin',
    batch: ['city_admin', 'county_approver'].includes(r),
    act: ['city_admin', 'county_approver', 'township_caseworker', 'village_helper'].includes(r),
    outreach: ['city_admin', 'county_approver', 'township_caseworker', 'village_helper'].includes(r),
  };
}
