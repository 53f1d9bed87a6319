// 一户一条救助链: one read of everything a household receives, across programmes — including one the
// assistance module has never heard of — with its payments month by month, within jurisdiction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, SYSTEM_ACTOR, type Actor } from '#kernel';
import { runPayroll, signPayroll } from '#payments';
import { buildPlatform, buildUser } from '../../../test/factories';
import { entitle } from '../../payments/payments.testing';
import type { Platform } from '../../../apps/server/src/platform';
import { enrolledHousehold } from '../price-linkage/enrolled.testing';
import { recogniseHousehold } from '../low-income/low-income.service';
import { householdChain } from './chain.service';

let p: Platform;
let h: Awaited<ReturnType<typeof enrolledHousehold>>;
let caseworker: Actor;
const deps = (today: string) => ({ divisions: p.divisions, today: () => today });

beforeAll(async () => {
  p = await buildPlatform();
  caseworker = await buildUser(p, 'township_caseworker', '140321100');
  h = await enrolledHousehold(p, { decidedAt: new Date('2020-01-20T02:00:00Z'), monthlyFen: 65_400, fromMonth: '2020-02' });
  // A programme added later, by another module: only payments knows it.
  await entitle(p, h, 'elderly_longevity', 10_000, '2020-03');
  await entitle(p, h, 'disability_care', 8_000, '2020-02', { toMonth: '2020-02' });
  for (const month of ['2020-02', '2020-03', '2020-04']) {
    const r = await runPayroll(p.db, SYSTEM_ACTOR, { month, countyCode: '140321' });
    await inTransaction(p.db, (tx) => signPayroll(tx, SYSTEM_ACTOR, r.runId));
  }
  await inTransaction(p.db, (tx) => recogniseHousehold(tx, deps('2020-04-10'), caseworker, {
    category: 'rigid_expense', householdId: h.householdId, incomeLast12MonthsFen: 2_000_000,
    spending: { medicalFen: 1_500_000, educationFen: 0, rehabilitationFen: 0 }, perCapitaDisposableIncomeLastYearFen: 2_500_000,
  }));
});
afterAll(async () => { await p?.close(); });

describe('the household chain', () => {
  it('lists every programme\'s entitlements from payments, with this month\'s total', async () => {
    const c = await householdChain(p.db.orm, deps('2020-04-15'), caseworker, h.householdId);
    expect(c.entitlements.map((e) => [e.programme, e.status]).sort()).toEqual([['dibao', 'active'], ['disability_care', 'ended'], ['elderly_longevity', 'active']]);
    expect(c.current).toEqual({
      programmes: expect.arrayContaining([{ programme: 'dibao', programmeName: '最低生活保障' }, { programme: 'elderly_longevity', programmeName: '高龄津贴' }]),
      monthlyTotalFen: 75_400,
    });
  });

  it('gives the payments month by month, newest first, one line per programme', async () => {
    const c = await householdChain(p.db.orm, deps('2020-04-15'), caseworker, h.householdId);
    expect(c.payments!.months.map((m) => [m.month, m.totalFen, m.lines.length])).toEqual([
      ['2020-04', 75_400, 2], ['2020-03', 75_400, 2], ['2020-02', 73_400, 2],
    ]);
    expect(c.payments!.totalPaidFen).toBe(75_400 * 2 + 73_400);
  });

  it('carries the applications with their outcomes and the low-income recognitions', async () => {
    const c = await householdChain(p.db.orm, deps('2020-04-15'), caseworker, h.householdId);
    expect(c.applications).toEqual([expect.objectContaining({ id: h.application.id, programme: 'dibao', decision: 'approved', open: false })]);
    expect(c.recognitions).toEqual([expect.objectContaining({ category: 'rigid_expense', validity: 'valid', validTo: '2021-04-09' })]);
  });

  it('leaves out the money for a village helper, and answers 404 outside the jurisdiction', async () => {
    const helper = await buildUser(p, 'village_helper', '140321100201');
    const c = await householdChain(p.db.orm, deps('2020-04-15'), helper, h.householdId);
    expect(c.payments).toBeNull();
    expect(c.entitlements.length).toBe(3);
    const other = await buildUser(p, 'township_caseworker', '140321101');
    await expect(householdChain(p.db.orm, deps('2020-04-15'), other, h.householdId)).rejects.toMatchObject({ status: 404 });
  });
});
