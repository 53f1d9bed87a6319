// 站内信: plain-language notices to a household. Sending is idempotent by `sourceKey`, so an event
// delivered twice leaves one notice.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '#kernel';
import { notices } from '../schema';

export interface NewNotice { householdId: number; title: string; body: string; applicationId?: number | null; sourceKey: string }

export async function sendNotice(exec: Executor, n: NewNotice): Promise<void> {
  await exec.insert(notices).values({ ...n, applicationId: n.applicationId ?? null }).onConflictDoNothing({ target: notices.sourceKey });
}

export async function listNotices(exec: Executor, householdId: number, limit = 100) {
  const items = await exec.select().from(notices).where(eq(notices.householdId, householdId)).orderBy(desc(notices.createdAt), desc(notices.id)).limit(limit);
  const [{ unread }] = await exec.select({ unread: sql<number>`count(*)::int` }).from(notices).where(and(eq(notices.householdId, householdId), eq(notices.read, false)));
  return { items: items.map(({ sourceKey: _s, ...n }) => n), unread };
}

/** Marks one notice read; another household's notice is silently not found (false). */
export async function markRead(exec: Executor, householdId: number, id: number): Promise<boolean> {
  const r = await exec.update(notices).set({ read: true }).where(and(eq(notices.id, id), eq(notices.householdId, householdId))).returning({ id: notices.id });
  return r.length > 0;
}
