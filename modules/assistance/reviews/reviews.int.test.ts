import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from '#kernel';
import { addMonths, listEntitlements, monthOf, nextMonth } from '#payments';
import { buildPlatform, buildUser } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { enrolledHousehold } from '../price-linkage/enrolled.testing';
import { scheduleDueReviews } from './reviews.service';

const TODAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
const THIS = monthOf(TODAY);
const NEXT = nextMonth(THIS);
const monthsAgo = (n: number) => new Date(`${addMonths(THIS, -n)}-15T02:00:00Z`);

let p: Platform;
let app: FastifyInstance;
let cw: Session;
let county: Session;
type H = Awaited<ReturnType<typeof enrolledHousehold>>;
let stableDue: H; let recent: H; let irregularDue: H; let stableNotDue: H;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const c = await buildUser(p, 'township_caseworker', '140321100');
  cw = await signIn(app, c.username, c.password);
  const a = await buildUser(p, 'county_approver', '140321');
  county = await signIn(app, a.username, a.password);
  const from = addMonths(THIS, -14);
  stableDue = await enrolledHousehold(p, { decidedAt: monthsAgo(13), monthlyFen: 50000, fromMonth: from });
  recent = await enrolledHousehold(p, { decidedAt: monthsAgo(3), monthlyFen: 50000, fromMonth: from });
  irregularDue = await enrolledHousehold(p, { decidedAt: monthsAgo(7), monthlyFen: 10000, fromMonth: from, incomes: [{ member: 0, kind: 'wage', monthlyFen: 90000 }] });
  stableNotDue = await enrolledHousehold(p, { decidedAt: monthsAgo(7), monthlyFen: 50000, fromMonth: from });
});
afterAll(async () => { await app?.close(); await p?.close(); });

const step = (s: Session, instanceId: number, name: string, input?: unknown) =>
  s.post(`/api/v1/workflow-instances/${instanceId}/transitions/${name}`, input === undefined ? {} : { input });
const visit = (incomes: { personId: number; kind: string; monthlyFen: number }[]) => ({
  visitedOn: TODAY, investigators: [{ name: '赵立新', signed: true }, { name: '钱晓燕', signed: true }], changes: '户主在县城务工，收入明显增加', incomes,
});
const dibao = async (householdId: number) => (await listEntitlements(p.db.orm, SYSTEM_ACTOR, householdId))
  .filter((e) => e.programme === 'dibao' && !e.withdrawnAt).sort((a, b) => a.fromMonth.localeCompare(b.fromMonth));
let opened: Awaited<ReturnType<typeof scheduleDueReviews>>['opened'];

describe('periodic reviews', () => {
  it('opens review cases when due: 12 months for stable households, 6 with irregular income', async () => {
    const r = await scheduleDueReviews(p.db, TODAY);
    opened = r.opened;
    expect(r.checked).toBe(4);
    expect(opened.map((o) => o.householdId).sort()).toEqual([stableDue.householdId, irregularDue.householdId].sort());
    expect(opened.find((o) => o.householdId === irregularDue.householdId)).toMatchObject({ category: 'irregularIncome', dueOn: `${addMonths(THIS, -1)}-15` });
    expect(opened.find((o) => o.householdId === stableDue.householdId)).toMatchObject({ category: 'stable', dueOn: `${addMonths(THIS, -1)}-15` });
    const detail = (await cw.get(`/api/v1/workflow-instances/${opened[0].instanceId}`));
    expect(detail.statusCode, detail.body).toBe(200);
    expect(JSON.stringify(detail.json())).toContain('recordVisit');
    expect(recent && stableNotDue).toBeTruthy();
  });

  it('opens them only once, and the database holds one open review per household', async () => {
    expect((await scheduleDueReviews(p.db, TODAY)).opened).toEqual([]);
    const { rows } = await p.db.pool.query(`select household_id, count(*)::int n from assistance.reviews where status = 'open' group by household_id`);
    expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    await expect(p.db.pool.query(`insert into assistance.reviews (household_id, application_id, division_code, category, due_on) values ($1, $2, '140321100201', 'stable', $3)`,
      [stableDue.householdId, stableDue.application.id, TODAY])).rejects.toThrow();
  });

  it('income above the standard: the decision writes the 100/100/80/80/60/60 % taper and then stops', async () => {
    const id = opened.find((o) => o.householdId === stableDue.householdId)!.instanceId;
    expect((await step(cw, id, 'recordVisit', visit([{ personId: stableDue.head.id, kind: 'wage', monthlyFen: 300000 }]))).statusCode).toBe(200);
    const recomputed = await step(cw, id, 'recompute');
    expect(recomputed.statusCode, recomputed.body).toBe(200);
    expect(recomputed.json().data).toMatchObject({ suggested: 'taper', currentAmountFen: 50000 });
    const refused = await step(county, id, 'decide', { outcome: 'unchanged' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('WORKFLOW_GUARD');
    const decided = await step(county, id, 'decide', { outcome: 'taper', reason: '人均收入超过低保标准' });
    expect(decided.statusCode, decided.body).toBe(200);
    const periods = (await dibao(stableDue.householdId)).map((e) => ({ from: e.fromMonth, to: e.toMonth, fen: e.monthlyAmountFen, stop: e.stopReason }));
    expect(periods).toEqual([
      { from: addMonths(THIS, -14), to: THIS, fen: 50000, stop: expect.stringContaining('渐退期') },
      { from: NEXT, to: addMonths(NEXT, 1), fen: 50000, stop: null },
      { from: addMonths(NEXT, 2), to: addMonths(NEXT, 3), fen: 40000, stop: null },
      { from: addMonths(NEXT, 4), to: addMonths(NEXT, 5), fen: 30000, stop: expect.stringContaining('渐退期满停发') },
    ]);
    const review = (await cw.get(`/api/v1/assistance/reviews?householdId=${stableDue.householdId}`)).json()[0];
    expect(review).toMatchObject({ status: 'decided', outcome: 'taper', decidedOn: TODAY });
  });

  it('a lower income raises the amount from next month', async () => {
    const id = opened.find((o) => o.householdId === irregularDue.householdId)!.instanceId;
    expect((await step(cw, id, 'recordVisit', { ...visit([]), changes: '户主失业', irregularIncome: true })).statusCode).toBe(200);
    const recomputed = (await step(cw, id, 'recompute')).json();
    expect(recomputed.data.suggested).toBe('increase');
    const decided = await step(county, id, 'decide', { outcome: 'increase' });
    expect(decided.statusCode, decided.body).toBe(200);
    const periods = await dibao(irregularDue.householdId);
    expect(periods.at(-2)).toMatchObject({ toMonth: THIS, monthlyAmountFen: 10000 });
    expect(periods.at(-1)).toMatchObject({ fromMonth: NEXT, toMonth: null, monthlyAmountFen: recomputed.data.proposedAmountFen });
    expect(recomputed.data.proposedAmountFen).toBeGreaterThan(10000);
  });

  it('does not reopen a review just decided', async () => {
    expect((await scheduleDueReviews(p.db, TODAY)).opened).toEqual([]);
  });
});
