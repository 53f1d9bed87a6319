export const ROLES = {
  city_admin: '市级管理员',
  county_approver: '县级审批',
  township_caseworker: '乡镇经办',
  village_helper: '村居协理员',
  leader: '领导(只读)',
  auditor: '审计员',
} as const;

export type Role = keyof typeof ROLES;
export const roleCodes = Object.keys(ROLES) as Role[];

export type Permission =
  | 'registry:read'
  | 'registry:write'
  | 'registry:reveal'
  | 'registry:import'
  | 'registry:export'
  | 'divisions:read'
  | 'audit:read'
  | 'users:manage';

// Least privilege: leaders read masked data only; auditors read only the audit log.
const PERMISSIONS: Record<Role, Permission[]> = {
  city_admin: ['registry:read', 'registry:write', 'registry:reveal', 'registry:import', 'registry:export', 'divisions:read', 'audit:read', 'users:manage'],
  county_approver: ['registry:read', 'registry:write', 'registry:reveal', 'registry:import', 'registry:export', 'divisions:read'],
  township_caseworker: ['registry:read', 'registry:write', 'registry:reveal', 'registry:import', 'registry:export', 'divisions:read'],
  village_helper: ['registry:read', 'registry:write', 'divisions:read'],
  leader: ['registry:read', 'divisions:read'],
  auditor: ['audit:read', 'divisions:read'],
};

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS[role];
}

/** The signed-in member of staff on whose behalf a command runs. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** Jurisdiction: a division code; the actor reaches records whose code starts with it. */
  divisionCode: string;
}

/** For jobs and seeding: acts everywhere, and is named in the audit log as the system. */
export const SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: 'system',
  displayName: '系统',
  role: 'city_admin',
  divisionCode: '',
};

export function can(actor: Actor, permission: Permission): boolean {
  return actor === SYSTEM_ACTOR || PERMISSIONS[actor.role].includes(permission);
}

export function inScope(actor: Actor, divisionCode: string | null | undefined): boolean {
  return !!divisionCode && divisionCode.startsWith(actor.divisionCode);
}
