import { createHash } from 'node:crypto';
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database';
import type { Executor } from '../db/transaction';
import type { Actor } from '../auth/roles';
import { auditLog } from './schema';
import { canonicalJson } from './canonical-json';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  divisionCode?: string | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

const GENESIS = '0'.repeat(64);
// Serialises appends so each entry links to the one committed before it.
const CHAIN_LOCK = 7_240_001;

function entryHash(prevHash: string, row: Omit<typeof auditLog.$inferSelect, 'hash' | 'prevHash'>): string {
  const body = canonicalJson({
    id: row.id, at: row.at, actorId: row.actorId, actorName: row.actorName, action: row.action,
    entityType: row.entityType, entityId: row.entityId, divisionCode: row.divisionCode,
    reason: row.reason, before: row.before, after: row.after,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/** Appends one entry inside the caller's transaction: it commits or vanishes with the change. */
export async function recordAudit(tx: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await recordAuditBatch(tx, actor, [entry]);
}

/**
 * Appends many entries at once (bulk imports): one lock, one read of the chain's end, and
 * multi-row inserts, instead of three round trips per entry.
 */
export async function recordAuditBatch(tx: Executor, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  let id = last?.id ?? 0;
  let prevHash = last?.hash ?? GENESIS;
  const at = new Date();
  const rows = entries.map((entry) => {
    const row = {
      id: ++id,
      at,
      actorId: actor.userId || null,
      actorName: actor.username,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      divisionCode: entry.divisionCode ?? null,
      reason: entry.reason ?? null,
      // Round-trip through JSON so what is hashed is exactly what jsonb will give back.
      before: entry.before === undefined ? null : JSON.parse(canonicalJson(entry.before)),
      after: entry.after === undefined ? null : JSON.parse(canonicalJson(entry.after)),
    };
    const hash = entryHash(prevHash, row);
    const full = { ...row, prevHash, hash };
    prevHash = hash;
    return full;
  });
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(auditLog).values(rows.slice(i, i + 1000));
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBrokenId?: number;
  problem?: string;
}

/** Re-computes the whole chain in id order, in pages, and names the first entry that does not fit. */
export async function verifyAuditChain(db: Database, onProgress?: (checked: number) => void): Promise<ChainReport> {
  let prevHash = GENESIS;
  let expectedId = 1;
  let checked = 0;
  for (;;) {
    const page = await db.orm.select().from(auditLog)
      .where(sql`${auditLog.id} >= ${expectedId}`).orderBy(auditLog.id).limit(5000);
    if (page.length === 0) return { ok: true, checked };
    for (const row of page) {
      if (row.id !== expectedId) return { ok: false, checked, firstBrokenId: expectedId, problem: `缺少第 ${expectedId} 条记录（已被删除）` };
      if (row.prevHash !== prevHash) return { ok: false, checked, firstBrokenId: row.id, problem: '前序哈希不匹配' };
      if (entryHash(prevHash, row) !== row.hash) return { ok: false, checked, firstBrokenId: row.id, problem: '记录内容与哈希不符（已被篡改）' };
      prevHash = row.hash;
      expectedId += 1;
      checked += 1;
    }
    onProgress?.(checked);
  }
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export async function listAudit(exec: Executor, q: AuditQuery) {
  const conds: SQL[] = [];
  if (q.actor) conds.push(eq(auditLog.actorName, q.actor));
  if (q.action) conds.push(eq(auditLog.action, q.action));
  if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
  if (q.from) conds.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) conds.push(lte(auditLog.at, new Date(q.to)));
  const where = conds.length ? and(...conds) : undefined;
  const [items, [{ total }]] = await Promise.all([
    exec.select().from(auditLog).where(where).orderBy(desc(auditLog.id))
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    exec.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { items: items.map(({ prevHash, hash, ...rest }) => ({ ...rest, hash })), total };
}
