// setEntitlements (many keys at once) against the single call: same periods, same audit, same refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, inTransaction } from '#kernel';
import { buildPlatform, buildUser } from '../../test/factories';
import type { Platform } from '../../apps/server/src/platform';
import { runPayroll, signPayroll } from './payroll.service';
import { setEntitlement, setEntitlements, type EntitlementInput } from './entitlements.service';
import { entitle, payee } from './payments.testing';

let p: Platform;
beforeAll(async () => { p = await buildPlatform(); });
afterAll(async () => { await p?.close(); });

type Payee = Awaited<ReturnType<typeof payee>>;

/** Four households with a history: one paid since January, one due from May, one paid as will be asked, one new. */
async function scenario(): Promise<{ hs: Payee[]; items: EntitlementInput[] }> {
  const hs = [await payee(p), await payee(p, '140321100202'), await payee(p), await payee(p, '140321100202', 3)];
  await entitle(p, hs[0], 'dibao', 50_000, '2024-01');
  await entitle(p, hs[1], 'dibao', 40_000, '2024-05');
  await entitle(p, hs[2], 'dibao', 30_000, '2024-01');
  const base = (h: Payee, monthlyAmountFen: number, over: Partial<EntitlementInput> = {}): EntitlementInput => ({
    programme: 'dibao', householdId: h.householdId, divisionCode: h.divisionCode, monthlyAmountFen, fromMonth: '2024-03',
    reason: ' 复核调整 ', sourceType: 'test', sourceId: `r-${h.householdId}`, ...over,
  });
  return {
    hs,
    items: [
      base(hs[0], 55_000),
      base(hs[1], 45_000),
      base(hs[2], 30_000, { fromMonth: '2024-02' }),
      base(hs[3], 12_000, { programme: 'tekun_care', personId: hs[3].members[1].id, toMonth: '2024-12' }),
    ],
  };
}

/** A household's periods and audit entries, with the household's own ids replaced by its place. */
async function stateOf(hs: Payee[]) {
  const place = new Map<number, number>(hs.map((h, i) => [h.householdId, i]));
  const ids = hs.map((h) => h.householdId);
  const { rows } = await p.db.orm.execute(sql`SELECT id, household_id, person_id IS NOT NULL AS per_person, programme, division_code, monthly_amount_fen,
      from_month, to_month, reason, source_type, withdrawn_at IS NOT NULL AS withdrawn, closed_at IS NOT NULL AS closed
    FROM payments.entitlements WHERE household_id = ANY(${`{${ids.join(',')}}`}::bigint[]) ORDER BY id`);
  const entRows = rows as { id: number; household_id: number; from_month: string; to_month: string | null; closed: boolean; withdrawn: boolean }[];
  const placeOfEntitlement = new Map(entRows.map((r) => [String(r.id), place.get(Number(r.household_id))]));
  const periods = entRows.map(({ id: _id, household_id, ...rest }) => ({ ...rest, h: place.get(Number(household_id)) }))
    .sort((a, b) => a.h! - b.h! || String(a.from_month).localeCompare(String(b.from_month)));
  const { rows: entries } = await p.db.orm.execute(sql`SELECT action, entity_id, division_code, reason, before, after, actor_name
    FROM kernel.audit_log WHERE entity_type = 'entitlement' AND entity_id = ANY(${`{${[...placeOfEntitlement.keys()].join(',')}}`}::text[]) ORDER BY id`);
  const auditByPlace = (entries as { action: string; entity_id: string; before: unknown; after: Record<string, unknown> }[])
    .map(({ entity_id, before, after, ...rest }) => ({
      ...rest, h: placeOfEntitlement.get(entity_id),
      before: Array.isArray(before) ? before.map(({ id: _id, ...b }: Record<string, unknown>) => b) : before,
      after: { ...after, householdId: undefined, personId: after.personId == null ? null : 'person', closed: (after.closed as unknown[]).length, withdrawn: (after.withdrawn as unknown[]).length, source: undefined },
    }))
    .sort((a, b) => a.h! - b.h! || JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { periods, audit: auditByPlace };
}

describe('setEntitlements', () => {
  it('leaves the same periods and audit entries as one setEntitlement per item', async () => {
    const one = await scenario();
    const singles = [];
    for (const item of one.items) singles.push(await inTransaction(p.db, (tx) => setEntitlement(tx, SYSTEM_ACTOR, item)));
    const bulk = await scenario();
    const batch = await inTransaction(p.db, (tx) => setEntitlements(tx, SYSTEM_ACTOR, bulk.items));

    expect(batch.map((r) => r.changed)).toEqual(singles.map((r) => r.changed));
    expect(batch.map((r) => r.changed)).toEqual([true, true, false, true]);
    expect(batch.map((r) => r.entitlement.householdId)).toEqual(bulk.hs.map((h) => h.householdId));
    const a = await stateOf(one.hs);
    const b = await stateOf(bulk.hs);
    expect(b.periods).toEqual(a.periods);
    expect(b.audit).toEqual(a.audit);
    // January's period closed at February, May's withdrawn, March's opened: what the single call does.
    expect(b.periods.filter((x) => x.h === 0).map((x) => [x.from_month, x.to_month, x.closed])).toEqual([['2024-01', '2024-02', true], ['2024-03', null, false]]);
    expect(b.periods.filter((x) => x.h === 1).map((x) => [x.from_month, x.withdrawn])).toEqual([['2024-03', false], ['2024-05', true]]);
    expect(b.audit.filter((x) => x.action === 'entitlement.set')).toHaveLength(3 + 3);
    // Run again: everything is already in force and nothing is written.
    const again = await inTransaction(p.db, (tx) => setEntitlements(tx, SYSTEM_ACTOR, bulk.items));
    expect(again.every((r) => !r.changed)).toBe(true);
    expect(await stateOf(bulk.hs)).toEqual(b);
  });

  it('refuses the whole batch for one bad item, a repeated key, a household out of scope or a signed month, changing nothing', async () => {
    const { hs, items } = await scenario();
    const before = await stateOf(hs);
    const bad = [...items.slice(0, 2), { ...items[3], monthlyAmountFen: -1 }];
    await expect(inTransaction(p.db, (tx) => setEntitlements(tx, SYSTEM_ACTOR, bad)))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: '2.monthlyAmountFen', code: 'AMOUNT_INVALID' })] });
    await expect(inTransaction(p.db, (tx) => setEntitlements(tx, SYSTEM_ACTOR, [items[0], { ...items[0], monthlyAmountFen: 1 }])))
      .rejects.toMatchObject({ errors: [expect.objectContaining({ field: '1.householdId', code: 'ENTITLEMENT_DUPLICATE' })] });
    const other = await buildUser(p, 'township_caseworker', '140321100');
    const outside = await payee(p, '140321200201');
    await expect(inTransaction(p.db, (tx) => setEntitlements(tx, other, [items[0], { ...items[1], householdId: outside.householdId }])))
      .rejects.toMatchObject({ status: 404 });
    expect(await stateOf(hs)).toEqual(before);

    const elsewhere = await payee(p, '140322100201');
    const r = await runPayroll(p.db, SYSTEM_ACTOR, { month: '2024-04', countyCode: '140322' });
    await inTransaction(p.db, (tx) => signPayroll(tx, SYSTEM_ACTOR, r.runId));
    const late = { ...items[0], householdId: elsewhere.householdId, divisionCode: elsewhere.divisionCode };
    await expect(inTransaction(p.db, (tx) => setEntitlements(tx, SYSTEM_ACTOR, [items[0], late])))
      .rejects.toMatchObject({ code: 'PAYROLL_MONTH_SIGNED' });
    expect(await stateOf(hs)).toEqual(before);
    await expect(inTransaction(p.db, (tx) => setEntitlements(tx, SYSTEM_ACTOR, [{ ...late, fromMonth: '2024-05' }]))).resolves.toHaveLength(1);
  });
});
