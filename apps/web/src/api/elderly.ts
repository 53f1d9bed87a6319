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
export interface CountyRow {
  code: string; name: string; older: number; beds: number; nursingBeds: number; bedsPer1000Tenths: number; dayCare: number; stationsA: number; canteens: number;
  visitPopulation: number; visited: number; visitPerMille: number;
}
export interface IndicatorReport { on: string; computedAt: string; ms: number; cached: boolean; indicators: Indicator[]; counties: CountyRow[]; counts: Record<string, unknown> }
export interface MapPoint { source: string; id: number; kind: string; name: string; divisionCode: string; lng: number; lat: number }
export interface CommunityPoint { code: string; name: string; lng: number; lat: number; covered: boolean }
export interface FacilityMap { points: MapPoint[]; communities: { total: number; covered: number; points: CommunityPoint[] }; radiusMetres: number }
export interface ScheduleRow { personId: number; name: string; idNumber: string; divisionCode: string; age: number; tier: string; tierLabel: string; lastVisitedOn: string | null; dueOn: string; overdue: boolean }
export interface InstitutionInput {
  name: string; ownership: string; divisionCode: string; comprehensive: boolean; licenceNo: string | null; licenceExpiresOn: string | null;
  beds: number; nursingBeds: number; staff: number; fireSafety: string; rating: number; address: string | null; lng?: number | null; lat?: number | null;
}
export interface InstitutionRecord extends InstitutionInput { id: number; createdAt: string }
export interface Institution extends InstitutionInput { id: number; divisionName: string | null; residents: number; licenceWarning: 'expired' | 'expiring' | 'missing' | null }
export interface Resident {
  id: number; institutionId: number; personId: number; name: string | null; idNumber: string | null; gender: string | null; age: number | null;
  admittedOn: string; dischargedOn: string | null; dischargeReason: string | null; personStatus: string | null;
}
export interface FacilityInput {
  kind: string; name: string; divisionCode: string; urbanRural: string; openedOn: string; closedOn: string | null; address: string | null;
  institutionId: number | null; personId: number | null; lng?: number | null; lat?: number | null;
}
export interface Facility extends FacilityInput { id: number; divisionName: string | null; institution: string | null; personName: string | null }
export interface ChecklistItem { code: string; passed: boolean; note?: string }
export interface Inspection {
  id: number; institutionId: number; institution: string; inspectedOn: string; inspectors: { name: string }[]; checklist: ChecklistItem[]; score: number;
  hazardsFound: number; hazardsClosed: number;
}
export interface Hazard { id: number; institutionId: number; institution: string; inspectionId: number; description: string; deadline: string; status: 'open' | 'closed'; closedOn: string | null; overdue: boolean }
export interface Complaint { id: number; institutionId: number; institution: string; receivedOn: string; complainant: string; content: string; status: 'open' | 'resolved'; resolution: string | null }
export interface InspectionBody {
  institutionId: number; inspectedOn: string; inspectors: { name: string }[]; checklist: ChecklistItem[];
  hazards: { description: string; deadline: string }[]; rectifiedHazardIds: number[];
}

export const OWNERSHIP: Record<string, string> = { public: '公办', private: '民办', public_private: '公建民营' };
export const FIRE_SAFETY: Record<string, string> = { passed: '合格', rectifying: '整改中', failed: '不合格' };
export const FACILITY_KINDS: Record<string, string> = { day_care: '日间照料中心', station_a: 'A类养老服务站', canteen: '老年餐厅', home_bed: '家庭养老床位' };
export const LICENCE_WARNINGS: Record<string, [string, string]> = { expired: ['许可已过期', 'error'], expiring: ['许可 90 天内到期', 'warning'], missing: ['未登记许可', 'default'] };
export interface SupervisionTask { id: number; kind: string; kindLabel: string; month: string; divisionCode: string; personId: number | null; institutionId: number | null; details: Record<string, unknown>; status: string; resolution: string | null }

export const elderlyOps = {
  indicators: (refresh = false, signal?: AbortSignal) => api.get<IndicatorReport>('/elderly/indicators', { refresh: refresh ? 'true' : undefined }, signal),
  facilityMap: (signal?: AbortSignal) => api.get<FacilityMap>('/elderly/facility-map', undefined, signal),
  schedule: (q: Record<string, string | number | undefined>, signal?: AbortSignal) =>
    api.get<{ total: number; overdue: number; rows: ScheduleRow[] }>('/elderly/visits/schedule', q, signal),
  coverage: (signal?: AbortSignal) => api.get<{ month: string; population: number; visited: number; perMille: number }>('/elderly/visits/coverage', undefined, signal),
  recordVisit: (body: { personId: number; visitedOn: string; visitorName: string; condition: string; findings: string; photos: string[] }) => api.post<{ id: number }>('/elderly/visits', body),
  institutions: (signal?: AbortSignal, q: Record<string, string | undefined> = {}) => api.get<Institution[]>('/elderly/institutions', q, signal),
  institution: (id: number, signal?: AbortSignal) => api.get<InstitutionRecord>(`/elderly/institutions/${id}`, undefined, signal),
  createInstitution: (body: InstitutionInput) => api.post<InstitutionRecord>('/elderly/institutions', body),
  updateInstitution: (id: number, body: InstitutionInput) => request<InstitutionRecord>(`/elderly/institutions/${id}`, { method: 'PUT', body }),
  residents: (id: number, signal?: AbortSignal) => api.get<Resident[]>(`/elderly/institutions/${id}/residents`, undefined, signal),
  admit: (id: number, body: { personId: number; admittedOn: string }) => api.post(`/elderly/institutions/${id}/admissions`, body),
  discharge: (admissionId: number, body: { dischargedOn: string; reason: string }) => api.post(`/elderly/admissions/${admissionId}/discharge`, body),
  facilities: (q: Record<string, string | number | undefined>, signal?: AbortSignal) => api.get<Page<Facility>>('/elderly/facilities', q, signal),
  createFacility: (body: FacilityInput) => api.post<Facility>('/elderly/facilities', body),
  updateFacility: (id: number, body: FacilityInput) => request<Facility>(`/elderly/facilities/${id}`, { method: 'PUT', body }),
  checklist: (signal?: AbortSignal) => api.get<Record<string, string>>('/elderly/supervision/checklist', undefined, signal),
  inspections: (q: Record<string, string | number | undefined>, signal?: AbortSignal) => api.get<Page<Inspection>>('/elderly/inspections', q, signal),
  recordInspection: (body: InspectionBody) => api.post<{ id: number; score: number }>('/elderly/inspections', body),
  hazards: (q: Record<string, string | number | undefined>, signal?: AbortSignal) => api.get<Hazard[]>('/elderly/hazards', q, signal),
  complaints: (q: Record<string, string | number | undefined>, signal?: AbortSignal) => api.get<Complaint[]>('/elderly/complaints', q, signal),
  recordComplaint: (body: { institutionId: number; receivedOn: string; complainant: string; content: string }) => api.post<Complaint>('/elderly/complaints', body),
  resolveComplaint: (id: number, resolution: string) => api.post(`/elderly/complaints/${id}/resolve`, { resolution }),
  tasks: (q: Record<string, string | undefined>, signal?: AbortSignal) => api.get<SupervisionTask[]>('/elderly/supervision/tasks', q, signal),
  runCheck: () => api.post<{ month: string; raised: number }>('/elderly/supervision/double-listing'),
  resolveTask: (id: number, resolution: string) => api.post(`/elderly/supervision/tasks/${id}/resolve`, { resolution }),
};
