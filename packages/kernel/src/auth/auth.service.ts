import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/transaction';
import { DomainError } from '../errors';
import { recordAudit } from '../audit/audit.service';
import { sessions, users } from './schema';
import { burnPasswordCheck, hashPassword, passwordProblem, verifyPassword } from './password';
import { type Actor, type Role } from './roles';

export const SESSION_HOURS = 12;
const FREE_FAILURES = 4;
const BASE_LOCK_MINUTES = 15;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export type UserRow = typeof users.$inferSelect;

export function actorOf(u: UserRow): Actor {
  return { userId: u.id, username: u.username, displayName: u.displayName, role: u.role as Role, divisionCode: u.divisionCode };
}

const invalid = () => new DomainError('AUTH_INVALID_CREDENTIALS', '用户名或密码错误', { status: 401 });

/**
 * Checks a password and opens a session. After four failures each further one locks the
 * account for 15 minutes, doubling with every failure (capped at one day).
 */
export async function login(tx: Executor, username: string, password: string, now = new Date()) {
  const [user] = await tx.select().from(users).where(eq(users.username, username)).for('update');
  if (!user || user.disabled) {
    await burnPasswordCheck(password);
    throw invalid();
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new DomainError('AUTH_LOCKED', `登录失败次数过多，账号已锁定至 ${user.lockedUntil.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}`, { status: 423 });
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const failures = user.failedLogins + 1;
    const over = failures - FREE_FAILURES;
    const lockedUntil = over > 0
      ? new Date(now.getTime() + Math.min(BASE_LOCK_MINUTES * 2 ** (over - 1), 24 * 60) * 60_000)
      : null;
    await tx.update(users).set({ failedLogins: failures, lockedUntil }).where(eq(users.id, user.id));
    await recordAudit(tx, actorOf(user), { action: 'auth.login_failed', entityType: 'user', entityId: user.id, after: { failures, lockedUntil } });
    return { ok: false as const, error: invalid() };
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await tx.insert(sessions).values({ tokenHash: tokenHash(token), userId: user.id, expiresAt });
  await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
  await tx.delete(sessions).where(and(eq(sessions.userId, user.id), lt(sessions.expiresAt, now)));
  return { ok: true as const, token, expiresAt, user };
}

export async function userBySession(exec: Executor, token: string, now = new Date()): Promise<UserRow | null> {
  const [row] = await exec.select({ user: users }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash(token)), gt(sessions.expiresAt, now), eq(users.disabled, false)));
  return row?.user ?? null;
}

export async function logout(exec: Executor, token: string): Promise<void> {
  await exec.delete(sessions).where(eq(sessions.tokenHash, tokenHash(token)));
}

export async function changePassword(tx: Executor, actor: Actor, oldPassword: string, newPassword: string) {
  const [user] = await tx.select().from(users).where(eq(users.id, actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, oldPassword))) {
    throw new DomainError('AUTH_WRONG_PASSWORD', '原密码不正确', { status: 400, errors: [{ field: 'oldPassword', code: 'AUTH_WRONG_PASSWORD', message: '原密码不正确' }] });
  }
  const problem = passwordProblem(newPassword);
  if (problem) throw new DomainError('AUTH_WEAK_PASSWORD', problem, { status: 422, errors: [{ field: 'newPassword', code: 'AUTH_WEAK_PASSWORD', message: problem }] });
  await tx.update(users).set({ passwordHash: await hashPassword(newPassword), demoPassword: false, updatedAt: new Date() }).where(eq(users.id, user.id));
  await tx.delete(sessions).where(and(eq(sessions.userId, user.id)));
  await recordAudit(tx, actor, { action: 'auth.password_changed', entityType: 'user', entityId: user.id });
}

export async function countDemoPasswords(exec: Executor): Promise<number> {
  const [{ n }] = await exec.select({ n: sql<number>`count(*)::int` }).from(users)
    .where(and(eq(users.demoPassword, true), eq(users.disabled, false)));
  return n;
}

export async function purgeExpiredSessions(exec: Executor, now = new Date()): Promise<number> {
  const gone = await exec.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ t: sessions.tokenHash });
  return gone.length;
}
