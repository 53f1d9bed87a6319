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
