import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/transaction';
import { DomainError, notFound } from '../errors';
import { recordAudit } from '../audit/audit.service';
import { sessions, users } from './schema';
import { hashPassword, passwordProblem } from './password';
import { type Actor, type Role, roleCodes } from './roles';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  divisionCode: string;
  password: string;
}

const publicUser = (u: typeof users.$inferSelect) => ({
  id: u.id, username: u.username, displayName: u.displayName, role: u.role, divisionCode: u.divisionCode,
  disabled: u.disabled, lockedUntil: u.lockedUntil, lastLoginAt: u.lastLoginAt, failedLogins: u.failedLogins,
});

export async function listUsers(exec: Executor) {
  return (await exec.select().from(users).orderBy(asc(users.id))).map(publicUser);
}

function checkRole(role: string) {
  if (!roleCodes.includes(role as Role)) {
    throw new DomainError('USER_ROLE_UNKNOWN', '角色不存在', { status: 422, errors: [{ field: 'role', code: 'USER_ROLE_UNKNOWN', message: '请选择有效的角色' }] });
  }
}

export async function createUser(tx: Executor, actor: Actor, input: NewUser, opts: { demo?: boolean } = {}) {
  checkRole(input.role);
  const problem = opts.demo ? null : passwordProblem(input.password);
  if (problem) throw new DomainError('AUTH_WEAK_PASSWORD', problem, { status: 422, errors: [{ field: 'password', code: 'AUTH_WEAK_PASSWORD', message: problem }] });
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (existing) throw new DomainError('USER_DUPLICATE', `用户名 ${input.username} 已存在`, { status: 409, errors: [{ field: 'username', code: 'USER_DUPLICATE', message: '用户名已存在' }] });
  const [row] = await tx.insert(users).values({
    username: input.username, displayName: input.displayName, role: input.role, divisionCode: input.divisionCode,
    passwordHash: await hashPassword(input.password), demoPassword: !!opts.demo,
  }).returning();
  await recordAudit(tx, actor, { action: 'user.created', entityType: 'user', entityId: row.id, divisionCode: row.divisionCode, after: publicUser(row) });
  return publicUser(row);
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  divisionCode?: string;
  disabled?: boolean;
}

async function mustGet(tx: Executor, id: number) {
  const [u] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  if (!u) throw notFound('用户');
  return u;
}

export async function updateUser(tx: Executor, actor: Actor, id: number, patch: UserPatch) {
  if (patch.role) checkRole(patch.role);
  const before = await mustGet(tx, id);
  const [after] = await tx.update(users).set({ ...patch, updatedAt: new Date() }).where(eq(users.id, id)).returning();
  await recordAudit(tx, actor, { action: 'user.updated', entityType: 'user', entityId: id, divisionCode: after.divisionCode, before: publicUser(before), after: publicUser(after) });
  return publicUser(after);
}

export async function resetPassword(tx: Executor, actor: Actor, id: number, newPassword: string) {
  const problem = passwordProblem(newPassword);
  if (problem) throw new DomainError('AUTH_WEAK_PASSWORD', problem, { status: 422, errors: [{ field: 'newPassword', code: 'AUTH_WEAK_PASSWORD', message: problem }] });
  await mustGet(tx, id);
  await tx.update(users).set({ passwordHash: await hashPassword(newPassword), demoPassword: false, failedLogins: 0, lockedUntil: null, updatedAt: new Date() }).where(eq(users.id, id));
  await tx.delete(sessions).where(eq(sessions.userId, id)); // a reset ends every open session
  await recordAudit(tx, actor, { action: 'user.password_reset', entityType: 'user', entityId: id });
}

export async function unlockUser(tx: Executor, actor: Actor, id: number) {
  await mustGet(tx, id);
  await tx.update(users).set({ failedLogins: 0, lockedUntil: null, updatedAt: new Date() }).where(eq(users.id, id));
  await recordAudit(tx, actor, { action: 'user.unlocked', entityType: 'user', entityId: id });
}

export async function getUser(exec: Executor, id: number) {
  const [u] = await exec.select().from(users).where(eq(users.id, id));
  return u ?? null;
}
