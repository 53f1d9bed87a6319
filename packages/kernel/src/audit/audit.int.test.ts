import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../../../test/db';
import { inTransaction } from '../db/transaction';
import { SYSTEM_ACTOR } from '../auth/roles';
import { listAudit, recordAudit, verifyAuditChain } from './audit.service';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
  for (let i = 1; i <= 12; i++) {
    await inTransaction(db, (tx) => recordAudit(tx, SYSTEM_ACTOR, {
      action: 'person.updated', entityType: 'person', entityId: i, divisionCode: '140321100201',
      before: { phone: null, n: i }, after: { phone: '13912345678', nested: { b: 2, a: [1, { z: 1, y: 2 }] } },
    }));
  }
});
afterAll(() => db?.close());

// Tampering needs the append-only trigger out of the way, as a database superuser could do.
async function behindItsBack(sqlText: string) {
  await db.pool.query('ALTER TABLE kernel.audit_log DISABLE TRIGGER audit_log_append_only');
  try { await db.pool.query(sqlText); } finally { await db.pool.query('ALTER TABLE kernel.audit_log ENABLE TRIGGER audit_log_append_only'); }
}

describe('audit log', () => {
  it('verifies an intact chain', async () => {
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 12 });
  });

  it('refuses updates and deletes through the database itself', async () => {
    await expect(db.pool.query("UPDATE kernel.audit_log SET reason = 'x' WHERE id = 3")).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM kernel.audit_log WHERE id = 3')).rejects.toThrow(/append-only/);
  });

  it('rolls back with the command it belongs to', async () => {
    await expect(inTransaction(db, async (tx) => {
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'x', entityType: 'person' });
      throw new Error('command failed');
    })).rejects.toThrow('command failed');
    expect((await listAudit(db.orm, { page: 1, pageSize: 50 })).total).toBe(12);
  });

  it('detects a row modified behind its back and names the first broken link', async () => {
    await behindItsBack(`UPDATE kernel.audit_log SET after = jsonb_set(after, '{phone}', '"13800000000"') WHERE id = 5`);
    const r = await verifyAuditChain(db);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 5, checked: 4 });
    await behindItsBack(`UPDATE kernel.audit_log SET after = jsonb_set(after, '{phone}', '"13912345678"') WHERE id = 5`);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('detects a deleted row', async () => {
    await behindItsBack('DELETE FROM kernel.audit_log WHERE id = 9');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBrokenId: 9, checked: 8 });
  });
});
