// Who may do what with payments. Payments keeps its own permissions beside the kernel's roles:
// township caseworkers read their scope; county approvers run, sign and correct their county;
// the city administrator everything; leaders read only (masked).
import { DomainError, forbidden, inScope, type Actor, type Role } from '#kernel';

export type PaymentsPermission = 'payments:read' | 'payments:run' | 'payments:adjust' | 'payments:bank';

const PERMISSIONS: Record<Role, PaymentsPermission[]> = {
  city_admin: ['payments:read', 'payments:run', 'payments:adjust', 'payments:bank'],
  county_approver: ['payments:read', 'payments:run', 'payments:adjust', 'payments:bank'],
  township_caseworker: ['payments:read'],
  leader: ['payments:read'],
  village_helper: [],
  auditor: [],
};

export function canPay(actor: Actor, permission: PaymentsPermission): boolean {
  return actor.userId === 0 || PERMISSIONS[actor.role].includes(permission);
}

export function requirePayments(actor: Actor | null, permission: PaymentsPermission): Actor {
  if (!actor) throw new DomainError('AUTH_REQUIRED', '请先登录', { status: 401 });
  if (!canPay(actor, permission)) throw forbidden();
  return actor;
}

/** A county's payroll concerns an actor at or above the county (whole payroll) or below it (their part). */
export function reachesCounty(actor: Actor, countyCode: string): boolean {
  return inScope(actor, countyCode) || actor.divisionCode.startsWith(countyCode);
}

/** Running and signing need the whole county in the actor's scope. */
export function coversCounty(actor: Actor, countyCode: string): boolean {
  return inScope(actor, countyCode);
}

/** The narrower of the actor's scope and the county: the prefix every line query filters on. */
export function linePrefix(actor: Actor, countyCode: string): string {
  return actor.divisionCode.length > countyCode.length ? actor.divisionCode : countyCode;
}
