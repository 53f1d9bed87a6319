/** Shapes of the Minzheng API v1 as the console uses them. */

export type Role =
  | 'city_admin'
  | 'county_approver'
  | 'township_caseworker'
  | 'village_helper'
  | 'leader'
  | 'auditor';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  divisionCode: string;
  divisionName: string;
  permissions: string[];
}

export interface CodeName {
  code: string;
  name: string;
}

export interface Enums {
  ethnicities: CodeName[];
  relations: CodeName[];
  disabilityCategories: CodeName[];
  labourCapacities: CodeName[];
  healthConditions: CodeName[];
  personStatuses: CodeName[];
  roles: CodeName[];
  urbanRural: CodeName[];
}

export type DivisionKind = 'village' | 'community' | null;

export interface DivisionChild {
  code: string;
  name: string;
  level: number;
  kind: DivisionKind;
  persons?: number;
  households?: number;
  hasChildren: boolean;
}

export interface Division {
  code: string;
  name: string;
  level: number;
  kind: DivisionKind;
  parentCode: string | null;
  path: CodeName[];
  persons?: number;
  households?: number;
  children: DivisionChild[];
}

export type PersonStatus = 'living' | 'deceased' | 'moved_out';
export type Gender = 'M' | 'F';

export interface PersonListItem {
  id: string;
  name: string;
  idNumberMasked: string;
  gender: Gender;
  birthDate: string;
  age: number;
  phoneMasked: string | null;
  divisionCode: string;
  divisionName: string;
  status: PersonStatus;
  householdId: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Disability {
  category: string;
  grade: number | string;
  certificateNo?: string | null;
}

export interface Person {
  id: string;
  idNumberMasked: string;
  name: string;
  gender: Gender;
  birthDate: string;
  age: number;
  ethnicity: string;
  phoneMasked: string | null;
  divisionCode: string;
  divisionName: string;
  urbanRural: 'urban' | 'rural';
  residenceDivisionCode: string | null;
  residenceDivisionName: string | null;
  address: string | null;
  disability: Disability | null;
  healthConditions: string[];
  labourCapacity: string | null;
  status: PersonStatus;
  deathDate: string | null;
  household: { id: string; relation: string; relationName?: string | null; headName: string } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PersonInput {
  idNumber: string;
  name: string;
  gender?: Gender;
  birthDate?: string;
  ethnicity: string;
  phone?: string;
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  residenceDivisionCode?: string;
  address?: string;
  disability?: Disability | null;
  healthConditions?: string[];
  labourCapacity?: string;
  householdId?: string;
  relation?: string;
}

export interface HouseholdMember {
  personId: string;
  name: string;
  relation: string;
  relationName: string;
  idNumberMasked: string;
  age: number;
  gender: Gender;
  status: PersonStatus;
  joinedOn: string;
}

export interface HouseholdHistoryEntry {
  personId: string;
  name: string;
  relation: string;
  joinedOn: string;
  leftOn: string | null;
  reason: string | null;
}

export interface Household {
  id: string;
  divisionCode: string;
  divisionName: string;
  address: string;
  urbanRural: 'urban' | 'rural';
  head: { id: string; name: string } | null;
  bankName: string | null;
  bankAccountMasked: string | null;
  bankAccountName: string | null;
  members: HouseholdMember[];
  history: HouseholdHistoryEntry[];
  version: number;
}

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'rejected';

export interface ImportProgress {
  status: ImportStatus;
  processed: number;
  total: number;
  imported: number;
  failed: number;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  divisionCode: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId?: string | number | null;
}

export interface ManagedUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  divisionCode: string;
  divisionName: string;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  failedLogins?: number;
}

/* ---------- 待办与办件 ---------- */

export interface InboxItem {
  instanceId: number;
  workflowKey: string;
  workflowLabel: string;
  title: string | null;
  subjectType: string;
  subjectId: string;
  divisionCode: string;
  state: string;
  stateLabel: string;
  dueAt: string | null;
  stateDueAt: string | null;
  overallDueAt: string | null;
  extended: boolean;
  /** working days to dueAt: 0 = due today, negative = overdue */
  daysLeft: number | null;
  overdue: boolean;
  beyondKnownSchedule: boolean;
  actions: { name: string; label: string }[];
  openedAt: string;
  stateEnteredAt: string;
  version: number;
}

export interface InboxSummary {
  all: number;
  due: number;
  overdue: number;
  dueSoon: number;
}

/** JSON Schema as the server writes it for a step's input (the subset the form understands). */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: (string | number)[];
  const?: string | number | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

export interface AvailableTransition {
  name: string;
  label: string;
  to: string;
  toLabel: string;
  input: JsonSchema | null;
}

export interface CaseHistoryEntry {
  id: number;
  name: string;
  label: string;
  fromState: string | null;
  fromLabel: string | null;
  toState: string;
  toLabel: string;
  actorId: number | null;
  actorName: string;
  actorRole: string;
  at: string;
  input: unknown;
  comment: string | null;
}

export interface CaseDetail {
  id: number;
  workflowKey: string;
  workflowVersion: number;
  workflowLabel: string;
  subjectType: string;
  subjectId: string;
  title: string | null;
  divisionCode: string;
  state: string;
  stateLabel: string;
  final: boolean;
  openedAt: string;
  stateEnteredAt: string;
  dueAt: string | null;
  overallStartedOn: string | null;
  overallDueAt: string | null;
  overallLimitDays: number | null;
  beyondKnownSchedule: boolean;
  extended: boolean;
  extensionReason: string | null;
  closedAt: string | null;
  data: Record<string, unknown>;
  version: number;
  daysLeft: number | null;
  overdue: boolean;
  actions: AvailableTransition[];
  mayExtend: boolean;
  history: CaseHistoryEntry[];
}

/* ---------- 救助测算 ---------- */

export type Programme = 'dibao' | 'tekun' | 'temporary';

export interface CalcMember {
  age: number;
  disabilityKind?: string;
  disabilityGrade?: number;
  seriousIllness?: boolean;
  schooling?: string;
  workCapacity?: 'full' | 'partial' | 'none';
}

export interface CalcInput {
  programme: Programme;
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  month: string;
  members: CalcMember[];
  incomes: { member: number; kind: string; monthlyFen: number }[];
  deductions?: { member?: number; kind: 'disability_illness' | 'job_seeking'; monthlyFen: number }[];
  assets?: { financialFen: number; vehicles: number; extraHousing: number };
  irregularIncome?: boolean;
  tekun?: { applicant: number; mode: 'home_based' | 'institutional'; careGrade: string; supporters: { status: string }[]; orphan: boolean };
  temporary?: { kind: 'emergency' | 'expenditure'; months: number; approvingLevel: 'township' | 'county' };
}

export interface CalcStep {
  text: string;
  rule: string;
  values?: Record<string, number | string>;
  amountFen?: number;
}

export interface CalcParameter {
  key: string;
  title: string;
  value: unknown;
  divisionCode: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  isSample: boolean;
  source: string | null;
  overridden: boolean;
}

export interface CalcResult {
  programme: Programme;
  eligible: boolean;
  category: 'dibao' | 'near_dibao' | 'tekun' | 'temporary' | 'none';
  inclusion?: 'household' | 'single_person';
  membersCounted: number;
  membersPaid: number;
  standardFen: number;
  householdIncomeFen: number;
  perCapitaIncomeFen: number;
  monthlyAmountFen: number;
  totalAmountFen?: number;
  addOnsFen?: number;
  reviewIntervalMonths?: number;
  requiredApprovingLevel?: 'township' | 'county';
  explanation: CalcStep[];
  parameters: CalcParameter[];
}

export interface StandardInput {
  key: string;
  divisionCode: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
  value: unknown;
  note?: string | null;
  source?: string | null;
  reason?: string | null;
}

export interface StandardResult {
  action: 'inserted' | 'updated' | 'unchanged' | string;
  id: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  closed?: unknown;
}

/* ---------- 发放 ---------- */

export type ChangeKind = 'new' | 'changed' | 'unchanged' | 'stopped';

export interface ProgrammeTotal {
  programme: string;
  name: string;
  lines: number;
  totalFen: number;
  payableLines: number;
  payableFen: number;
  new: number;
  changed: number;
  unchanged: number;
  stopped: number;
  held: number;
}

export interface PayrollSummary {
  byProgramme: ProgrammeTotal[];
  counts: Record<ChangeKind | 'held', number>;
  lines: number;
  totalFen: number;
  payableLines: number;
  payableFen: number;
}

export interface PayrollRun {
  id: number;
  month: string;
  countyCode: string;
  status: 'draft' | 'signed';
  revision: number;
  previousRunId: number | null;
  summary: Partial<PayrollSummary>;
  lines: number;
  totalFen: number;
  jobId: number | null;
  ranBy: number | null;
  ranAt: string;
  signedBy: number | null;
  signedAt: string | null;
  /** on the detail: the part of the county the figures cover */
  scope?: string;
  ranByName?: string | null;
  signedByName?: string | null;
}

export interface PayrollLine {
  id: number;
  householdId: number;
  programme: string;
  programmeName: string;
  divisionCode: string;
  amountFen: number;
  entitlementFen: number;
  adjustmentFen: number;
  change: ChangeKind;
  previousAmountFen: number | null;
  stopReason: string | null;
  holdReason: string | null;
  headName: string | null;
  headIdNumber: string | null;
  bankName: string | null;
  bankAccount: string | null;
}

export interface PayrollJobProgress {
  jobId: number;
  status: ImportStatus;
  /** phases done (compute → persist → diff) */
  done: number;
  total: number | null;
  phase: string;
  result?: { runId?: number; summary?: PayrollSummary } & Record<string, unknown>;
  error?: unknown;
}

export interface ReturnProblem {
  row: number;
  code?: string;
  message: string;
  [k: string]: unknown;
}

export interface ReturnReport {
  runId: number;
  rows: number;
  succeeded: number;
  failed: number;
  flagged: number;
  alreadyFlagged: number;
  unreported: number;
  problems: ReturnProblem[];
}

export interface PaymentFailure {
  id: number;
  lineId: number;
  runId: number;
  householdId: number;
  programme: string;
  programmeName: string;
  month: string;
  divisionCode: string;
  bankAccount: string | null;
  amountFen: number;
  reason: string | null;
  status: 'open' | 'resolved';
  resolution: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

export interface HouseholdPaymentHistory {
  householdId: number;
  paid: {
    lineId: number;
    runId: number;
    month: string;
    programme: string;
    programmeName: string;
    amountFen: number;
    entitlementFen: number;
    adjustmentFen: number;
    change: ChangeKind;
    bankName: string | null;
    bankAccount: string | null;
    signedAt: string | null;
    failed: boolean;
    failureReason: string | null;
  }[];
  totalPaidFen: number;
  openFailures: { id: number; runId: number; month: string; programme: string; programmeName: string; amountFen: number; reason: string | null; createdAt: string }[];
  entitlements: {
    id: number;
    programme: string;
    programmeName: string;
    personId: number | null;
    monthlyAmountFen: number;
    fromMonth: string;
    toMonth: string | null;
    reason: string | null;
    stopReason: string | null;
    withdrawn: boolean;
  }[];
}

/* ---------- 救助申请 ---------- */

export interface ApplicationMember {
  personId: number;
  name: string;
  age: number;
  idNumberMasked: string;
  included: boolean;
  reason: string | null;
}

export interface Application {
  id: number;
  programme: Programme;
  householdId: number;
  applicantPersonId: number;
  applicantName: string;
  applicantIdMasked: string;
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  receivingDivisionCode: string;
  receivedBy: number | null;
  receivedByName: string | null;
  members: ApplicationMember[];
  incomes: { personId: number; kind: string; monthlyFen: number }[];
  assets: { financialFen: number; vehicles: number; extraHousing: number };
  consents: { personId: number; kind: 'signed_form' | 'electronic'; confirmedBy?: string; confirmedAt?: string; fileSha256?: string }[];
  documents: { code: string; fileSha256?: string }[];
  instanceId: number | null;
  verification: {
    method?: string;
    reportNo?: string;
    sources: { source: string; finding: string; monthlyIncomeFen?: number; assetsFen?: number }[];
    totals: { monthlyIncomeFen: number; financialAssetsFen: number; vehicles?: number; extraHousing?: number };
  } | null;
  homeVisit: {
    visitedOn: string;
    investigators: { name: string; userId?: number; signed: boolean }[];
    findings: { housing: string; livingConditions: string; incomeMatchesDeclaration: boolean; notes?: string };
  } | null;
  objections: { objection: string; raisedBy?: string; at?: string }[];
  proposal: CalcResult | null;
  decision: 'enrolled' | 'refused' | string | null;
  decidedAt: string | null;
  refusalReasons: string | null;
  calculation: CalcResult | null;
  fromMonth: string | null;
  reviewRequests: { grounds: string; at?: string }[];
  pendingTransfer: unknown;
  createdAt: string;
  updatedAt: string;
  case: CaseDetail | null;
  routedTo?: string;
}

export interface ApplicationIntake {
  programme: Programme;
  householdId: number;
  applicantPersonId: number;
  members: { personId: number; included: boolean; reason?: string }[];
  incomes: { personId: number; kind: string; monthlyFen: number }[];
  assets: { financialFen: number; vehicles: number; extraHousing: number };
  consents: { personId: number; kind: 'electronic'; confirmedBy: string; confirmedAt: string }[];
  documents: { code: string }[];
}

export interface HouseholdAssistanceHistory {
  householdId: number;
  applications: {
    id: number;
    programme: string;
    programmeName: string;
    receivedAt: string;
    state: string | null;
    stateLabel: string | null;
    decision: string | null;
    decidedAt: string | null;
    monthlyAmountFen: number | null;
    fromMonth: string | null;
  }[];
}
