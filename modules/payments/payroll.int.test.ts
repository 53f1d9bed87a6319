// The payroll run, signing and adjustments, at the service level on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, inTransaction, dispatchPending, EventRegistry } from '#kernel';
import { buildPlatform, buildUser } from '../../test/factories';
import type { Platform } from '../../apps/server/src/platform';
import { runPayroll, signPayroll } from './payroll.service';
import { addAdjustment } from './entitlements.service';
import { householdHistory } from './history.service';
import { entitle, linesOf, payee, stop } from './payments.testing';

let p: Platform;
beforeAll(async () => { p = await buildPlatform(); });
afterAll(async () => { await p?.close(); });

const COUNTY = '140321';
const run = (month: string, countyCode = COUNTY) => runPayroll(p.db, SYSTEM_ACTOR, { month, countyCode });
const sign = (runId: number) => inTransaction(p.db, (tx) => signPayroll(tx, SYSTEM_ACTOR, runId));
/** The database's own words when it refuses a statement. */
const refusal = (q: Promise<unknown>) => q.then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
const line = (lines: Awaited<ReturnType<typeof linesOf>>, householdId: number, programme = 'dibao') =>
  lines.find((l) => l.household_id === householdId && l.programme === programme);

describe('payroll run', () => {
  it('is idempotent before signing: a second run replaces the draft with the same lines', async () => {
    const a = await payee(p);
    const b = await payee(p, '140321100202');
    await entitle(p, a, 'dibao', 116100, '2024-01');
    await entitle(p, b, 'dibao', 38700, '2024-01');
    const first = await run('2024-01');
    const before = await linesOf(p, first.runId);
    const second = await run('2024-01');
    expect(second.runId).toBe(first.runId);
    expect(second.revision).toBe(2);
    expect(await linesOf(p, second.runId)).toEqual(before);
    const { rows } = await p.db.orm.execute(sql`SELECT count(*)::int AS n FROM payments.payroll_runs WHERE month = '2024-01' AND county_code = ${COUNTY}`);
    expect(rows[0]).toEqual({ n: 1 });
    expect(second.summary.byProgramme).toEqual([expect.objectContaining({ programme: 'dibao', name: '最低生活保障', lines: 2, totalFen: 154800 })]);
    expect(second.summary.counts).toMatchObject({ new: 2, changed: 0, unchanged: 0, stopped: 0 });
    expect(Object.keys(second.timings)).toEqual(['compute', 'persist', 'diff']);
  });

  it('is immutable after signing: a rerun is refused and the database refuses direct changes', async () => {
    const r = await run('2024-01');
    const signed = await sign(r.runId);
    expect(signed.status).toBe('signed');
    await expect(run('2024-01')).rejects.toMatchObject({ code: 'PAYROLL_ALREADY_SIGNED' });
    await expect(sign(r.runId)).rejects.toMatchObject({ code: 'PAYROLL_ALREADY_SIGNED' });
    expect(await refusal(p.db.orm.execute(sql`UPDATE payments.payroll_lines SET amount_fen = 1 WHERE run_id = ${r.runId}`))).toMatch(/signed/);
    expect(await refusal(p.db.orm.execute(sql`DELETE FROM payments.payroll_lines WHERE run_id = ${r.runId}`))).toMatch(/signed/);
    expect(await refusal(p.db.orm.execute(sql`UPDATE payments.payroll_runs SET status = 'draft' WHERE id = ${r.runId}`))).toMatch(/signed/);
    expect(await refusal(p.db.orm.execute(sql`DELETE FROM payments.payroll_runs WHERE id = ${r.runId}`))).toMatch(/signed/);
    expect((await linesOf(p, r.runId)).every((l) => l.amount_fen > 1)).toBe(true);
    const { rows } = await p.db.orm.execute(sql`SELECT payload FROM kernel.outbox WHERE type = 'payroll.signed' AND aggregate_id = ${String(r.runId)}`);
    expect(rows).toEqual([{ payload: expect.objectContaining({ runId: r.runId, month: '2024-01', countyCode: COUNTY, totalFen: r.summary.totalFen }) }]);
  });

  it('refuses entitlement changes and adjustments that reach into a signed month', async () => {
    const h = await payee(p);
    await expect(entitle(p, h, 'dibao', 100, '2024-01')).rejects.toMatchObject({ code: 'PAYROLL_MONTH_SIGNED' });
    await expect(inTransaction(p.db, (tx) => addAdjustment(tx, SYSTEM_ACTOR, { householdId: h.householdId, programme: 'dibao', month: '2024-01', amountFen: 100, reason: '补发' })))
      .rejects.toMatchObject({ code: 'PAYROLL_MONTH_SIGNED' });
  });
});

describe('diff against the previous month', () => {
  it('marks new, changed (with the previous amount), unchanged and stopped (with the reason) lines', async () => {
    const same = await payee(p);
    const raised = await payee(p);
    const died = await payee(p);
    const ended = await payee(p);
    const joiner = await payee(p);
    await entitle(p, same, 'dibao', 50000, '2025-01');
    await entitle(p, raised, 'dibao', 40000, '2025-01');
    await entitle(p, died, 'tekun', 76700, '2025-01');
    await entitle(p, ended, 'price_linkage', 2000, '2025-01', { toMonth: '2025-01' });
    await entitle(p, joiner, 'dibao', 30000, '2025-02');
    const jan = await run('2025-01');
    await sign(jan.runId);

    await entitle(p, raised, 'dibao', 45000, '2025-02', { reason: '复核：家庭人口增加' });
    await stop(p, died, 'tekun', '2025-01', '死亡');
    const feb = await run('2025-02');
    expect(feb.previousRunId).toBe(jan.runId);
    const lines = await linesOf(p, feb.runId);
    expect(line(lines, same.householdId)).toMatchObject({ change: 'unchanged', amount_fen: 50000, previous_amount_fen: 50000 });
    expect(line(lines, raised.householdId)).toMatchObject({ change: 'changed', amount_fen: 45000, previous_amount_fen: 40000 });
    expect(line(lines, died.householdId, 'tekun')).toMatchObject({ change: 'stopped', amount_fen: 0, previous_amount_fen: 76700, stop_reason: '死亡' });
    expect(line(lines, ended.householdId, 'price_linkage')).toMatchObject({ change: 'stopped', amount_fen: 0, previous_amount_fen: 2000, stop_reason: '待遇期限届满' });
    expect(line(lines, joiner.householdId)).toMatchObject({ change: 'new', amount_fen: 30000, previous_amount_fen: null });
    expect(feb.summary.counts).toMatchObject({ new: 1, changed: 1, stopped: 2 });
    const tekun = feb.summary.byProgramme.find((t) => t.programme === 'tekun');
    expect(tekun).toMatchObject({ stopped: 1, lines: 0, totalFen: 0 });
  });

  it('pays from the month given: an entitlement from M+1 is absent in M', async () => {
    const h = await payee(p);
    // approved in 2025-03: payment starts the month after
    await entitle(p, h, 'dibao', 58700, '2025-04');
    const march = await run('2025-03');
    expect(line(await linesOf(p, march.runId), h.householdId)).toBeUndefined();
    const april = await run('2025-04');
    expect(line(await linesOf(p, april.runId), h.householdId)).toMatchObject({ amount_fen: 58700, change: 'new' });
  });

  it('joins adjustments to their month: a supplement adds to the line, an adjustment alone makes one', async () => {
    const h = await payee(p);
    const only = await payee(p);
    await entitle(p, h, 'dibao', 30000, '2025-05');
    const adj = (householdId: number, amountFen: number, month = '2025-06') => inTransaction(p.db, (tx) =>
      addAdjustment(tx, SYSTEM_ACTOR, { householdId, programme: 'dibao', month, amountFen, reason: '补发5月差额' }));
    await adj(h.householdId, 5000);
    await adj(h.householdId, -1000);
    await adj(only.householdId, 12000);
    const may = await run('2025-05');
    expect(line(await linesOf(p, may.runId), h.householdId)).toMatchObject({ amount_fen: 30000, adjustment_fen: 0 });
    const june = await run('2025-06');
    const lines = await linesOf(p, june.runId);
    expect(line(lines, h.householdId)).toMatchObject({ amount_fen: 34000, entitlement_fen: 30000, adjustment_fen: 4000 });
    expect(line(lines, only.householdId)).toMatchObject({ amount_fen: 12000, entitlement_fen: 0, adjustment_fen: 12000, change: 'new' });
  });

  it('keeps a line without a bank account on hold: listed, not payable', async () => {
    const h = await payee(p);
    await p.db.orm.execute(sql`UPDATE registry.households SET bank_account = NULL WHERE id = ${h.householdId}`);
    await entitle(p, h, 'dibao', 30000, '2025-07');
    const r = await run('2025-07');
    expect(line(await linesOf(p, r.runId), h.householdId)).toMatchObject({ hold_reason: '未登记银行账号', amount_fen: 30000 });
    expect(r.summary.counts.held).toBeGreaterThanOrEqual(1);
    expect(r.summary.payableFen).toBeLessThan(r.summary.totalFen);
  });
});

describe('several programmes', () => {
  it('gives one line per programme and month, and one combined history', async () => {
    const h = await payee(p);
    await entitle(p, h, 'dibao', 116100, '2025-08');
    await entitle(p, h, 'price_linkage', 3000, '2025-08', { toMonth: '2025-08' });
    await entitle(p, h, 'elderly_longevity', 10000, '2025-08', { personId: h.members[0].id });
    await entitle(p, h, 'elderly_longevity', 10000, '2025-08', { personId: h.members[1].id });
    const aug = await run('2025-08');
    const lines = (await linesOf(p, aug.runId)).filter((l) => l.household_id === h.householdId);
    expect(lines.map((l) => [l.programme, l.amount_fen])).toEqual([['dibao', 116100], ['elderly_longevity', 20000], ['price_linkage', 3000]]);
    await sign(aug.runId);
    const sep = await run('2025-09');
    await sign(sep.runId);
    const history = await householdHistory(p.db.orm, SYSTEM_ACTOR, h.householdId);
    expect(history.paid.map((l) => [l.month, l.programme, l.amountFen])).toEqual([
      ['2025-09', 'dibao', 116100], ['2025-09', 'elderly_longevity', 20000],
      ['2025-08', 'dibao', 116100], ['2025-08', 'elderly_longevity', 20000], ['2025-08', 'price_linkage', 3000],
    ]);
    expect(history.totalPaidFen).toBe(2 * 136100 + 3000);
    expect(history.entitlements).toHaveLength(4);
  });
});

describe('entitlements', () => {
  it('closes the current period at M−1 when the amount changes, and setting the same twice changes nothing', async () => {
    const h = await payee(p);
    const first = await entitle(p, h, 'dibao', 20000, '2026-01');
    const again = await entitle(p, h, 'dibao', 20000, '2026-01');
    expect(again).toEqual({ entitlement: first.entitlement, changed: false });
    await entitle(p, h, 'dibao', 25000, '2026-04');
    const { rows } = await p.db.orm.execute(sql`SELECT monthly_amount_fen, from_month, to_month FROM payments.entitlements WHERE household_id = ${h.householdId} ORDER BY id`);
    expect(rows).toEqual([
      { monthly_amount_fen: 20000, from_month: '2026-01', to_month: '2026-03' },
      { monthly_amount_fen: 25000, from_month: '2026-04', to_month: null },
    ]);
  });

  it('validates amounts, months and jurisdiction, and changes nothing when it refuses', async () => {
    const h = await payee(p);
    await expect(entitle(p, h, 'dibao', -1, '2026-01')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'monthlyAmountFen' })] });
    await expect(entitle(p, h, 'dibao', 1.5, '2026-01')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(entitle(p, h, 'dibao', 100, '2026-13')).rejects.toMatchObject({ errors: [expect.objectContaining({ field: 'fromMonth' })] });
    await expect(entitle(p, h, 'dibao', 100, '2026-05', { toMonth: '2026-04' })).rejects.toMatchObject({ errors: [expect.objectContaining({ code: 'MONTH_RANGE_INVALID' })] });
    await expect(entitle(p, h, 'Di Bao', 100, '2026-05')).rejects.toMatchObject({ errors: [expect.objectContaining({ field: 'programme' })] });
    const other = await buildUser(p, 'county_approver', '140302');
    await expect(entitle(p, h, 'dibao', 100, '2026-05', {}, other)).rejects.toMatchObject({ status: 403 });
    await expect(entitle(p, h, 'dibao', 100, '2026-05', { divisionCode: '140302001001' }, other)).rejects.toMatchObject({ status: 404 });
    const { rows } = await p.db.orm.execute(sql`SELECT count(*)::int AS n FROM payments.entitlements WHERE household_id = ${h.householdId}`);
    expect(rows[0]).toEqual({ n: 0 });
  });
});

describe('events', () => {
  it('delivers payroll.signed to a handler', async () => {
    const heard: unknown[] = [];
    const registry = new EventRegistry().on('payroll.signed', 'test.heard', (e) => { heard.push(e.payload); });
    await dispatchPending(p.db, { registry });
    expect(heard.length).toBeGreaterThan(0);
  });
});


