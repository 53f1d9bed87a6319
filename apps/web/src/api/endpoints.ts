import { api, apiUrl, request } from './client';
import type {
  Application,
  ApplicationIntake,
  HouseholdAssistanceHistory,
  AuditEntry,
  CalcInput,
  CalcResult,
  CaseDetail,
  ChangeKind,
  HouseholdPaymentHistory,
  InboxItem,
  InboxSummary,
  PaymentFailure,
  PayrollJobProgress,
  PayrollLine,
  PayrollRun,
  ReturnReport,
  StandardInput,
  StandardResult,
  AuditVerifyResult,
  Division,
  Enums,
  Household,
  ImportProgress,
  ManagedUser,
  Page,
  Person,
  PersonInput,
  PersonListItem,
  User,
} from './types';

export const authApi = {
  login: (username: string, password: string) => api.post<{ user: User }>('/auth/login', { username, password }),
  logout: () => api.post<void>('/auth/logout'),
  me: () => api.get<{ user: User }>('/auth/me'),
  changePassword: (oldPassword: string, newPassword: string) =>
    api.post<void>('/auth/password', { oldPassword, newPassword }),
};

export const metaApi = {
  enums: () => api.get<Enums>('/meta/enums'),
};

export const divisionsApi = {
  get: (code: string, withCounts = true) =>
    api.get<Division>(`/divisions/${encodeURIComponent(code)}`, withCounts ? { withCounts: true } : undefined),
};

export interface PersonQuery {
  divisionCode?: string;
  q?: string;
  status?: string;
  gender?: string;
  ageMin?: number | string;
  ageMax?: number | string;
  page?: number;
  pageSize?: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

export const personsApi = {
  list: (query: PersonQuery, signal?: AbortSignal) =>
    api.get<Page<PersonListItem>>('/persons', { ...query }, signal),
  exportUrl: (query: PersonQuery) => apiUrl('/persons/export.xlsx', { ...query, page: undefined, pageSize: undefined }),
  get: (id: string) => api.get<Person>(`/persons/${id}`),
  reveal: (id: string, field: 'idNumber' | 'phone', reason: string) =>
    api.post<{ value: string }>(`/persons/${id}/reveal`, { field, reason }),
  create: (input: PersonInput) =>
    api.post<Person>('/persons', { ...input, householdId: input.householdId ? Number(input.householdId) : undefined }),
  update: (id: string, patch: Partial<PersonInput> & { version: number }) => api.patch<Person>(`/persons/${id}`, patch),
  death: (id: string, deathDate: string) => api.post<Person>(`/persons/${id}/death`, { deathDate }),
  move: (id: string, body: { divisionCode: string; residenceDivisionCode?: string; address?: string; movedOn: string }) =>
    api.post<Person>(`/persons/${id}/move`, body),
};

export const householdsApi = {
  create: (body: { headPersonId: string; address?: string | null; urbanRural?: string }) =>
    api.post<Household>('/households', { ...body, headPersonId: Number(body.headPersonId) }),
  get: (id: string) => api.get<Household>(`/households/${id}`),
  update: (id: string, patch: Record<string, unknown> & { version: number }) =>
    api.patch<Household>(`/households/${id}`, patch),
  addMember: (id: string, body: { personId: string; relation: string; joinedOn: string }) =>
    api.post<Household>(`/households/${id}/members`, { ...body, personId: Number(body.personId) }),
  leave: (id: string, personId: string, body: { leftOn: string; reason: string }) =>
    api.post<Household>(`/households/${id}/members/${personId}/leave`, body),
  split: (id: string, body: { personIds: string[]; headPersonId: string; splitOn: string; address?: string }) =>
    api.post<{ household: { id: string } }>(`/households/${id}/split`, {
      ...body,
      personIds: body.personIds.map(Number),
      headPersonId: Number(body.headPersonId),
    }),
  merge: (id: string, body: { intoHouseholdId: string; mergedOn: string; relations: Record<string, string> }) =>
    api.post<unknown>(`/households/${id}/merge`, { ...body, intoHouseholdId: Number(body.intoHouseholdId) }),
};

export const importsApi = {
  templateUrl: apiUrl('/registry/import/template'),
  start: (file: File, mode: 'all' | 'valid') => {
    const fd = new FormData();
    fd.append('mode', mode);
    fd.append('file', file);
    return request<{ jobId: string }>('/registry/imports', { method: 'POST', body: fd });
  },
  status: (jobId: string) => api.get<ImportProgress>(`/registry/imports/${jobId}`),
  eventsUrl: (jobId: string) => apiUrl(`/registry/imports/${jobId}/events`),
  errorsUrl: (jobId: string) => apiUrl(`/registry/imports/${jobId}/errors.xlsx`),
};

export interface AuditQuery {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export const auditApi = {
  list: (query: AuditQuery) => api.get<{ items: AuditEntry[]; total: number }>('/audit', { ...query }),
  verify: () => api.get<AuditVerifyResult>('/audit/verify'),
};

export interface UserInput {
  username: string;
  displayName: string;
  role: string;
  divisionCode: string;
  password: string;
}

export const usersApi = {
  list: () => api.get<{ items: ManagedUser[] }>('/users'),
  create: (input: UserInput) => api.post<ManagedUser>('/users', input),
  update: (id: string, patch: Partial<Pick<ManagedUser, 'displayName' | 'role' | 'divisionCode' | 'disabled'>>) =>
    api.patch<ManagedUser>(`/users/${id}`, patch),
  resetPassword: (id: string, newPassword: string) =>
    api.post<void>(`/users/${id}/reset-password`, { newPassword }),
  unlock: (id: string) => api.post<void>(`/users/${id}/unlock`),
};

export const inboxApi = {
  list: (query: { status?: 'all' | 'due' | 'overdue'; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    api.get<Page<InboxItem>>('/inbox', { ...query }, signal),
  summary: () => api.get<InboxSummary>('/inbox/summary'),
};

export const casesApi = {
  get: (id: string | number) => api.get<CaseDetail>(`/workflow-instances/${id}`),
  ofSubject: (subjectType: string, subjectId: string | number) =>
    api.get<{ items: CaseDetail[] }>('/workflow-instances', { subjectType, subjectId: String(subjectId) }),
  transition: (id: string | number, name: string, body: { input?: unknown; comment?: string; expectedVersion?: number }) =>
    api.post<CaseDetail>(`/workflow-instances/${id}/transitions/${encodeURIComponent(name)}`, body),
  extend: (id: string | number, body: { reason: string; expectedVersion?: number }) =>
    api.post<CaseDetail>(`/workflow-instances/${id}/extend`, body),
};

export const assistanceApi = {
  calculate: (input: CalcInput) => api.post<CalcResult>('/assistance/calculate', input),
  setStandard: (input: StandardInput) => api.post<StandardResult>('/assistance/standards', input),
};

export interface LineQuery {
  change?: ChangeKind;
  programme?: string;
  divisionCode?: string;
  page?: number;
  pageSize?: number;
}

export const paymentsApi = {
  runs: (query: { month?: string; countyCode?: string }) => api.get<{ items: PayrollRun[] }>('/payments/runs', { ...query }),
  run: (id: string | number) => api.get<PayrollRun>(`/payments/runs/${id}`),
  lines: (id: string | number, query: LineQuery, signal?: AbortSignal) =>
    api.get<{ total: number; items: PayrollLine[] }>(`/payments/runs/${id}/lines`, { ...query }, signal),
  start: (body: { month: string; countyCode: string }) => api.post<{ jobId: number }>('/payments/runs', body),
  job: (jobId: number | string) => api.get<PayrollJobProgress>(`/payments/jobs/${jobId}`),
  jobEventsUrl: (jobId: number | string) => apiUrl(`/payments/jobs/${jobId}/events`),
  sign: (id: string | number) => api.post<PayrollRun>(`/payments/runs/${id}/sign`),
  bankFileUrl: (id: string | number, format: 'xlsx' | 'csv') => apiUrl(`/payments/runs/${id}/bank-file.${format}`),
  rosterUrl: (id: string | number) => apiUrl(`/payments/runs/${id}/roster.xlsx`),
  uploadReturn: (id: string | number, file: File) => {
    const fd = new FormData();
    fd.append('file', file);
    return request<ReturnReport>(`/payments/runs/${id}/returns`, { method: 'POST', body: fd });
  },
  failures: (query: { status?: 'open' | 'resolved'; runId?: number | string; householdId?: number | string; page?: number; pageSize?: number }) =>
    api.get<{ total: number; items: PaymentFailure[] }>('/payments/failures', { ...query }),
  resolve: (id: number, resolution: string) => api.post<PaymentFailure>(`/payments/failures/${id}/resolve`, { resolution }),
  householdHistory: (id: string | number) => api.get<HouseholdPaymentHistory>(`/payments/households/${id}/history`),
};

export const applicationsApi = {
  create: (body: ApplicationIntake) => api.post<Application>('/assistance/applications', body),
  get: (id: string | number) => api.get<Application>(`/assistance/applications/${id}`),
  refusalNoticeUrl: (id: string | number) => apiUrl(`/assistance/applications/${id}/refusal-notice`),
  householdHistory: (householdId: string | number) => api.get<HouseholdAssistanceHistory>(`/assistance/households/${householdId}/history`),
};
