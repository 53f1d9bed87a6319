// Elderly care: console types and calls (养老服务).
import { api, request } from './client';

export type Level = 0 | 1 | 2 | 3 | 4;
export interface AssessmentItem { key: string; domain: DomainKey; no: number; label: string; max: number; options: string[] }
export type DomainKey = 'selfCare' | 'motor' | 'mental' | 'perception';
export interface AssessmentForm {
  domains: Record<DomainKey, { label: string; max: number }>;
  items: AssessmentItem[];
  levels: string[];
  reasons: Record<string, string>;
  riskEvents: Record<string, string>;
}
export interface ScoreBody {
  answers: Record<string, number>;
  dementia: boolean;
  psychiatricDiagnosis: boolean;
  riskEvents30d: Record<string, number>;
  coma: boolean;
}
export interface Adjustment { rule: string; grounds: string[]; from: Level; to: Level; text: string }
export interface ScoreResult {
  subtotals: Record<DomainKey, number>;
  total: number;
  initialLevel: Level;
  level: Level;
  levelLabel: string;
  adjustments: Adjustment[];
}
export interface SavedAssessment { id: number; total: number; level: Level; levelLabel: string; adjustments: Adjustment[]; nextDueOn: string }

export interface RegisterRow {
  personId: number;
  householdId: number | null;
  name: string;
  gender: string;
  age: number;
  idNumber: string;
  phone: string | null;
  divisionCode: string;
  urbanRural: string;
  livingSituation: string;
  flags: string[];
  level: number | null;
  levelLabel: string | null;
  nextAssessmentDue: string | null;
  carers: { name: string; relation?: string; phone?: string }[];
}

export interface Proposal {
  id: number;
  personId: number;
  name: string | null;
  divisionCode: string;
  programme: string;
  programmeName: string;
  monthlyAmountFen: number;
  fromMonth: string;
  status: string;
  instanceId: number | null;
  explanation: { reasons: string[] };
  createdAt: string;
  decisionReason: string | null;
  stopReason: string | null;
}

export interface ElderlyFile {
  person: {
    personId: number; householdId: number | null; name: string; gender: string; birthDate: string; age: number; idNumber: string;
    phone: string | null; divisionCode: string; urbanRural: string; address: string | null; disabilityGrade: number | null; status: string; deathDate: string | null;
  };
  profile: { livingSituation: string; familyPlanningSpecial: boolean; lifeThreateningIllness: boolean; carers: RegisterRow['carers']; notes: string | null } | null;
  assessments: { id: number; assessedOn: string; reason: string; total: number; level: number; levelLabel: string; nextDueOn: string }[];
  subsidies: Omit<Proposal, 'name' | 'programmeName'>[];
  visits: { id: number; visitedOn: string; visitorName: string; condition: string; findings: string; tier: string }[];
  admissions: { id: number; institutionId: number; admittedOn: string; dischargedOn: string | null }[];
  payments: { programme: string; monthlyAmountFen: number; fromMonth: string; toMonth: string | null }[];
}

export interface Page<T> { total: number; rows: T[] }

export const LIVING_SITUATIONS: Record<string, string> = { alone: '独居', empty_nest: '空巢', left_behind: '留守', with_family: '与家人同住' };
export const FLAGS: Record<string, string> = { disabled: '残疾', severelyDisabled: '重度残疾', familyPlanningSpecial: '计生特殊家庭', tekun: '特困', dibao: '低保' };
export const LEVEL_LABELS = ['能力完好', '轻度失能', '中度失能', '重度失能', '完全失能'];
export const LEVEL_COLORS = ['green', 'blue', 'gold', 'orange', 'red'];
export const PROPOSAL_STATUS: Record<string, string> = { proposed: '待确认', confirmed: '已确认发放', rejected: '不予发放/撤回', stopped: '已停发' };

export const elderlyApi = {
  form: () => api.get<AssessmentForm>('/elderly/assessment-form'),
  score: (body: ScoreBody) => api.post<ScoreResult>('/elderly/assessments/score', body),
  saveAssessment: (body: ScoreBody & { personId: number; assessedOn: string; reason: string; assessors: { name: string }[]; notes?: string }) =>
    api.post<SavedAssessment>('/elderly/assessments', body),
  register: (q: Record<string, string | number | undefined>, signal?: AbortSignal) => api.get<Page<RegisterRow>>('/elderly/register', q, signal),
  file: (personId: number, signal?: AbortSignal) => api.get<ElderlyFile>(`/elderly/persons/${personId}`, undefined, signal),
  setProfile: (personId: number, body: unknown) => request(`/elderly/persons/${personId}/profile`, { method: 'PUT', body }),
  proposals: (q: Record<string, string | number | undefined>, signal?: AbortSignal) => api.get<Page<Proposal>>('/elderly/subsidies/proposals', q, signal),
  reconcile: () => api.post<{ proposed: number; updated: number; stopped: number; withdrawn: number; examined: number }>('/elderly/subsidies/reconcile'),
  reportUrl: (assessmentId: number) => `/api/v1/elderly/assessments/${assessmentId}/report`,
};

export interface Indicator { key: string; label: string; value: number; display: string; unit: string; baseline: string | null; target: string | null; met: boolean | null; section: string }
export interface CountyRow { code: string; name: string; older: number; beds: number; nursingBeds: number; bedsPer1000Tenths: number; dayCare: number; stationsA: number; canteens: number }
export interface IndicatorReport { on: string; computedAt: string; ms: number; cached: boolean; indicators: Indicator[]; counties: CountyRow[]; counts: Record<string, unknown> }
export interface MapPoint { source: string; id: number; kind: string; name: string; divisionCode: string; lng: number; lat: number }
export interface FacilityMap { points: MapPoint[]; communities: { total: number; covered: number }; radiusMetres: number }
export interface ScheduleRow { personId: number; name: string; idNumber: string; divisionCode: string; age: number; tier: string; tierLabel: string; lastVisitedOn: string | null; dueOn: string; overdue: boolean }
export interface Institution {
  id: number; name: string; ownership: string; divisionCode: string; comprehensive: boolean; licenceNo: string | null; licenceExpiresOn: string | null;
  beds: number; nursingBeds: number; staff: number; fireSafety: string; rating: number; residents: number; licenceWarning: string | null;
}
export interface SupervisionTask { id: number; kind: string; kindLabel: string; month: string; divisionCode: string; personId: number | null; institutionId: number | null; details: Record<string, unknown>; status: string; resolution: string | null }

export const elderlyOps = {
  indicators: (refresh = false, signal?: AbortSignal) => api.get<IndicatorReport>('/elderly/indicators', { refresh: refresh ? 'true' : undefined }, signal),
  facilityMap: (signal?: AbortSignal) => api.get<FacilityMap>('/elderly/facility-map', undefined, signal),
  schedule: (q: Record<string, string | number | undefined>, signal?: AbortSignal) =>
    api.get<{ total: number; overdue: number; rows: ScheduleRow[] }>('/elderly/visits/schedule', q, signal),
  coverage: (signal?: AbortSignal) => api.get<{ month: string; population: number; visited: number; perMille: number }>('/elderly/visits/coverage', undefined, signal),
  recordVisit: (body: { personId: number; visitedOn: string; visitorName: string; condition: string; findings: string; photos: string[] }) => api.post<{ id: number }>('/elderly/visits', body),
  institutions: (signal?: AbortSignal) => api.get<Institution[]>('/elderly/institutions', undefined, signal),
  tasks: (q: Record<string, string | undefined>, signal?: AbortSignal) => api.get<SupervisionTask[]>('/elderly/supervision/tasks', q, signal),
  runCheck: () => api.post<{ month: string; raised: number }>('/elderly/supervision/double-listing'),
  resolveTask: (id: number, resolution: string) => api.post(`/elderly/supervision/tasks/${id}/resolve`, { resolution }),
};
