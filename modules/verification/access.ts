// Who may do what in verification: caseworkers and approvers verify and read reports of their
// jurisdiction; helpers see and close alerts of their village and report people in need; the city
// administrator runs the sources; leaders read statistics; auditors see nothing here.
import { DomainError, forbidden, type Actor, type Role } from '#kernel';

export type VerificationPermission =
  | 'verification:request' | 'verification:read' | 'verification:sources' | 'verification:batch'
  | 'monitoring:read' | 'monitoring:act' | 'monitoring:rules' | 'monitoring:outreach';

const PERMISSIONS: Record<Role, VerificationPermission[]> = {
  city_admin: ['verification:request', 'verification:read', 'verification:sources', 'verification:batch', 'monitoring:read', 'monitoring:act', 'monitoring:rules', 'monitoring:outreach'],
  county_approver: ['verification:request', 'verification:read', 'verification:batch', 'monitoring:read', 'monitoring:act', 'monitoring:outreach'],
  township_caseworker: ['verification:request', 'verification:read', 'monitoring:read', 'monitoring:act', 'monitoring:outreach'],
  village_helper: ['monitoring:read', 'monitoring:act', 'monitoring:outreach'],
  leader: ['verification:read', 'monitoring:read'],
  auditor: [],
};

export function canVerify(actor: Actor, p: VerificationPermission): boolean {
  return actor.userId === 0 || PERMISSIONS[actor.role].includes(p);
}

export function requireVerification(actor: Actor | null, p: VerificationPermission): Actor {
  if (!actor) throw new DomainError('AUTH_REQUIRED', '请先登录', { status: 401 });
  if (!canVerify(actor, p)) throw forbidden();
  return actor;
}
