// Lockout after repeated failures, per ID number (keyed hash) and per client address. Counted the
// same way whether or not the ID number is registered, so a lockout reveals nothing either.
import { eq, sql } from 'drizzle-orm';
import { DomainError, type Executor } from '#kernel';
import { throttles } from '../schema';

export interface ThrottleRule { prefix: string; free: number; windowMs: number; baseLockMs: number }

export const ID_RULE: ThrottleRule = { prefix: 'id', free: 4, windowMs: 3600_000, baseLockMs: 15 * 60_000 };
export const IP_RULE: ThrottleRule = { prefix: 'ip', free: 19, windowMs: 3600_000, baseLockMs: 15 * 60_000 };
/** code requests per ID number: a sixth SMS within the hour waits */
export const SEND_RULE: ThrottleRule = { prefix: 'send', free: 5, windowMs: 3600_000, baseLockMs: 60 * 60_000 };
const MAX_LOCK_MS = 24 * 3600_000;

export const lockedError = () =>
  new DomainError('CITIZEN_LOCKED', '尝试次数过多，为保护您的信息安全，请稍后再试（一般为 15 分钟后）', { status: 429 });

const keyOf = (rule: ThrottleRule, key: string) => `${rule.prefix}:${key}`.slice(0, 100);

export async function isLocked(exec: Executor, rule: ThrottleRule, key: string, now: Date): Promise<boolean> {
  const [row] = await exec.select({ lockedUntil: throttles.lockedUntil }).from(throttles).where(eq(throttles.key, keyOf(rule, key)));
  return !!row?.lockedUntil && row.lockedUntil > now;
}

/**
 * Counts one failure (or one use, for SEND_RULE). Within the window the first `free` are free; the
 * next one and each further one locks for the base time, doubling, capped at a day. A quiet window starts afresh.
 */
export async function countFailure(exec: Executor, rule: ThrottleRule, key: string, now: Date): Promise<void> {
  const k = keyOf(rule, key);
  const [row] = await exec.insert(throttles).values({ key: k, failures: 0, windowStartedAt: now })
    .onConflictDoUpdate({ target: throttles.key, set: { key: sql`excluded.key` } })
    .returning();
  const stale = now.getTime() - row.windowStartedAt.getTime() > rule.windowMs && !(row.lockedUntil && row.lockedUntil > now);
  const failures = (stale ? 0 : row.failures) + 1;
  const over = failures - rule.free;
  const lockedUntil = over > 0 ? new Date(now.getTime() + Math.min(rule.baseLockMs * 2 ** (over - 1), MAX_LOCK_MS)) : stale ? null : row.lockedUntil;
  await exec.update(throttles).set({ failures, lockedUntil, windowStartedAt: stale ? now : row.windowStartedAt }).where(eq(throttles.key, k));
}

export async function clearFailures(exec: Executor, rule: ThrottleRule, key: string): Promise<void> {
  await exec.delete(throttles).where(eq(throttles.key, keyOf(rule, key)));
}
