// Verification of a periodic review (定期复核): consents reused while valid and collected at the review
// otherwise, the report moving the review on by itself, the recomputation on the verified figures,
// jurisdiction, and change tasks of batch re-verification opening and feeding a review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR, dispatchPending, getInstance, inTransaction, runNextJob, transition, type Actor } from '#kernel';
import { addMonths, monthOf } from '#payments';
import { getReview, scheduleDueReviews } from '#assistance';
import { buildPlatform, buildUser } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { enrolledHousehold } from '../../assistance/price-linkage/enrolled.testing';
import { ensureSources, loadExtract, updateSource } from '../sources/sources.service';
import { sourceSpec } from '../sources/catalogue';
import { parseRows } from '../sources/file.format';
import { changesOfTask } from '../batch/changes.service';
import { vehicleRegistered } from '../subscriptions/push.events';
import { requestVerification, viewReport } from './requests.service';
import './query.job';
import '../batch/change-review.workflow';

const TODAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
const THIS = monthOf(TODAY);
const monthsAgo = (n: number) => new Date(`${addMonths(THIS, -n)}-15T02:00:00Z`);
const confirmedMonthsAgo = (n: number) => `${addMonths(THIS, -n)}-10T09:30:00+08:00`;

let p: Platform;
let app: FastifyInstance;
let cw: Actor;
let other: Actor;
let cwHttp: Session;
let otherHttp: Session;
type H = Awaited<ReturnType<typeof enrolledHousehold>>;
let expired: H; let recent: H;
const instanceOf = new Map<number, number>();
const reviewOf = new Map<number, number>();

/** Sets the application's consents: every adult's electronic confirmation `monthsAgo` months ago. */
async function consentedAgo(h: H, n: number) {
  const adults = h.members.filter((m) => m.birthDate < '2008-01-01');
  const consents = adults.map((m) => ({ personId: m.id, kind: 'electronic', confirmedBy: m.name, confirmedAt: confirmedMonthsAgo(n) }));
  await p.db.pool.query(`update assistance.applications set consents = $1::jsonb where id = $2`, [JSON.stringify(consents), h.application.id]);
  return adults;
}
const drainJobs = async () => { while (await runNextJob(p.db)) { /* next */ } };
const counts = async () => (await p.db.pool.query(`select (select count(*) from verification.requests)::int r, (select count(*) from verification.queries)::int q, (select count(*) from kernel.jobs)::int j`)).rows[0];
const state = async (instanceId: number) => (await getInstance(p.db.orm, SYSTEM_ACTOR, instanceId)).state;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const c = await buildUser(p, 'township_caseworker', '140321100');
  const o = await buildUser(p, 'township_caseworker', '140321101');
  cw = c; other = o;
  cwHttp = await signIn(app, c.username, c.password);
  otherHttp = await signIn(app, o.username, o.password);
  await ensureSources(p.db.orm);
  // the tax department delivers an extract; the other departments answer as the simulated world
  await inTransaction(p.db, (tx) => updateSource(tx, SYSTEM_ACTOR, 'tax', { adapter: 'file', enabled: true, config: {} }));
  const from = addMonths(THIS, -14);
  expired = await enrolledHousehold(p, { decidedAt: monthsAgo(13), monthlyFen: 50000, fromMonth: from, incomes: [{ member: 0, kind: 'wage', monthlyFen: 60000 }] });
  recent = await enrolledHousehold(p, { decidedAt: monthsAgo(7), monthlyFen: 10000, fromMonth: from, incomes: [{ member: 0, kind: 'wage', monthlyFen: 90000 }] });
  await inTransaction(p.db, (tx) => loadExtract(tx, SYSTEM_ACTOR, 'tax', parseRows(
    [['身份证号', '类别', '月收入（元）', '日期'], [expired.head.idNumber, '收入', '3000.00', TODAY]], sourceSpec('tax')!, TODAY), 'tax.csv'));
  const { opened } = await scheduleDueReviews(p.db, TODAY);
  for (const o of opened) { instanceOf.set(o.householdId, o.instanceId); reviewOf.set(o.householdId, o.reviewId); }
  expect([...instanceOf.keys()].sort()).toEqual([expired.householdId, recent.householdId].sort());
});
afterAll(async () => { await app?.close(); await p?.close(); });

describe('verification of a periodic review', () => {
  it('refuses while the application’s consents have expired, naming each adult, and changes nothing', async () => {
    const adults = await consentedAgo(expired, 13);
    const before = await counts();
    const res = await cwHttp.post('/api/v1/verification/requests', { reviewId: reviewOf.get(expired.householdId) });
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json();
    expect(body.code).toBe('CONSENT_MISSING');
    expect(body.errors.map((e: { code: string }) => e.code)).toEqual(adults.map(() => 'CONSENT_EXPIRED'));
    expect(body.title + JSON.stringify(body.errors)).toContain('李秀英');
    expect(await counts()).toEqual(before);
    expect(await state(instanceOf.get(expired.householdId)!)).toBe('due');
  });

  it('takes consents given at the review; the report then moves the review on by itself', async () => {
    const reviewId = reviewOf.get(expired.householdId)!;
    const adults = expired.members.filter((m) => m.birthDate < '2008-01-01');
    const consents = await cwHttp.post(`/api/v1/assistance/reviews/${reviewId}/consents`, {
      consents: adults.map((m) => ({ personId: m.id, kind: 'electronic', confirmedBy: m.name, confirmedAt: new Date().toISOString() })),
    });
    expect(consents.statusCode, consents.body).toBe(200);
    expect(consents.json().consents.every((c: { valid: boolean; at: string }) => c.valid && c.at === 'review')).toBe(true);
    // the child (born 2012) needs no consent of their own; the adults do
    expect(consents.json().members.map((m: { personId: number; needsConsent: boolean }) => [m.personId, m.needsConsent]))
      .toEqual(expired.members.map((m) => [m.id, m.birthDate < '2008-01-01']));
    const res = await cwHttp.post('/api/v1/verification/requests', { reviewId, purpose: '低保定期复核核对' });
    expect(res.statusCode, res.body).toBe(201);
    const instanceId = instanceOf.get(expired.householdId)!;
    expect(await state(instanceId)).toBe('verifying');
    // one request at a time for a case
    const again = await cwHttp.post('/api/v1/verification/requests', { reviewId });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('VERIFICATION_PENDING');
    // the report is not the caseworker's to register
    const manual = await inTransaction(p.db, (tx) => transition(tx, cw, instanceId, 'receiveReport', {})).catch((e) => e);
    expect(manual.code).toMatch(/WORKFLOW_GUARD|WORKFLOW_INPUT|VALIDATION/);
    await drainJobs();
    await dispatchPending(p.db);
    expect(await state(instanceId)).toBe('verified');
    const review = await getReview(p.db.orm, cw, reviewId);
    expect(review.verification).toMatchObject({ reportId: res.json().id, reportNo: res.json().reportNo });
    const found = (review.verification as { foundIncomes: { personId: number; kind: string; monthlyFen: number }[] }).foundIncomes;
    expect(found.find((f) => f.personId === expired.head.id && f.kind === 'wage')?.monthlyFen).toBeGreaterThanOrEqual(300000);
    // the discrepancies travel with the report: the wage the tax office holds is far above the 600 yuan on file
    const v = review.verification as { discrepancies: number; discrepancyItems: { code: string; message: string }[] };
    expect(v.discrepancyItems).toHaveLength(v.discrepancies);
    expect(v.discrepancyItems.map((d) => d.code)).toContain('INCOME_ABOVE_DECLARED');
    const listed = (await cwHttp.get(`/api/v1/verification/requests?reviewId=${reviewId}`)).json();
    expect(listed.items.map((r: { id: number; status: string }) => [r.id, r.status])).toEqual([[res.json().id, 'complete']]);
  });

  it('recomputes on the verified figures: the visit’s incomes raised to what the departments found', async () => {
    const instanceId = instanceOf.get(expired.householdId)!;
    const early = await cwHttp.post(`/api/v1/workflow-instances/${instanceId}/transitions/recompute`, {});
    expect(early.statusCode).toBe(422); // the home visit comes first
    const visit = await cwHttp.post(`/api/v1/workflow-instances/${instanceId}/transitions/recordVisit`, { input: {
      visitedOn: TODAY, investigators: [{ name: '赵立新', signed: true }, { name: '钱晓燕', signed: true }],
      changes: '户主称仍打零工，收入与原来相当', incomes: [{ personId: expired.head.id, kind: 'wage', monthlyFen: 60000 }],
    } });
    expect(visit.statusCode, visit.body).toBe(200);
    const recomputed = await cwHttp.post(`/api/v1/workflow-instances/${instanceId}/transitions/recompute`, {});
    expect(recomputed.statusCode, recomputed.body).toBe(200);
    const review = await getReview(p.db.orm, cw, reviewOf.get(expired.householdId)!);
    const calc = review.calculation as { incomes: { personId: number; kind: string; monthlyFen: number }[]; verifiedBy: { reportNo: string }; suggested: string; perCapitaIncomeFen: number; standardFen: number };
    expect(calc.verifiedBy.reportNo).toBe((review.verification as { reportNo: string }).reportNo);
    expect(calc.incomes.find((i) => i.personId === expired.head.id && i.kind === 'wage')!.monthlyFen).toBeGreaterThanOrEqual(300000);
    expect(calc.perCapitaIncomeFen).toBeGreaterThan(calc.standardFen);
    expect(calc.suggested).toBe('taper');
  });

  it('reuses the application’s consents while they are valid, and stays within the jurisdiction', async () => {
    await consentedAgo(recent, 2);
    const reviewId = reviewOf.get(recent.householdId)!;
    const outside = await otherHttp.post('/api/v1/verification/requests', { reviewId });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe('REVIEW_NOT_FOUND');
    expect((await otherHttp.get(`/api/v1/assistance/reviews/${reviewId}/consents`)).statusCode).toBe(404);
    const req = await inTransaction(p.db, (tx) => requestVerification(tx, cw, { reviewId }));
    await drainJobs();
    await dispatchPending(p.db);
    expect(await state(instanceOf.get(recent.householdId)!)).toBe('verified');
    const seen = await inTransaction(p.db, (tx) => viewReport(tx, other, req.id, '查看')).catch((e) => e);
    expect(seen.code).toBe('REPORT_NOT_FOUND');
    expect((await otherHttp.get(`/api/v1/verification/requests?reviewId=${reviewId}`)).json().total).toBe(0);
  });
});

describe('batch re-verification and reviews', () => {
  it('a change task resolved by reviewing opens a review of the household, and later changes feed it', async () => {
    const h = await enrolledHousehold(p, { decidedAt: monthsAgo(2), monthlyFen: 30000, fromMonth: addMonths(THIS, -2) });
    await inTransaction(p.db, (tx) => vehicleRegistered(tx, { idNumber: h.head.idNumber, kind: 'vehicle', reference: '晋C7A001', eventDate: TODAY, sourceCode: 'vehicles' } as never));
    const { rows: [task] } = await p.db.pool.query(`select task_instance_id from verification.changes where household_id = $1`, [h.householdId]);
    const taskId = Number(task.task_instance_id);
    await inTransaction(p.db, (tx) => transition(tx, cw, taskId, 'resolve', { action: 'review_opened', note: '新增车辆，启动复核' }));
    const { rows: [review] } = await p.db.pool.query(`select id, instance_id, origin, change_task_id, status from assistance.reviews where household_id = $1`, [h.householdId]);
    expect(review).toMatchObject({ origin: 'change', status: 'open' });
    expect(Number(review.change_task_id)).toBe(taskId);
    expect((await getInstance(p.db.orm, cw, taskId)).data).toMatchObject({ reviewId: Number(review.id), reviewInstanceId: Number(review.instance_id) });
    expect(await state(Number(review.instance_id))).toBe('due');
    // a second vehicle: the open review covers the household, so the change joins it instead of a new task
    await inTransaction(p.db, (tx) => vehicleRegistered(tx, { idNumber: h.head.idNumber, kind: 'vehicle', reference: '晋C7A002', eventDate: TODAY, sourceCode: 'vehicles' } as never));
    const fed = await changesOfTask(p.db.orm, Number(review.instance_id));
    expect(fed.map((c) => [c.detail.includes('晋C7A002'), c.coveredByExisting])).toEqual([[true, true]]);
  });

  it('refuses to open a review for a household no longer paid dibao, changing nothing', async () => {
    const h = await enrolledHousehold(p, { decidedAt: monthsAgo(2), monthlyFen: 30000, fromMonth: addMonths(THIS, -2) });
    await inTransaction(p.db, (tx) => vehicleRegistered(tx, { idNumber: h.head.idNumber, kind: 'vehicle', reference: '晋C7B001', eventDate: TODAY, sourceCode: 'vehicles' } as never));
    const { rows: [task] } = await p.db.pool.query(`select task_instance_id from verification.changes where household_id = $1`, [h.householdId]);
    await p.db.pool.query(`update payments.entitlements set withdrawn_at = now() where household_id = $1`, [h.householdId]);
    const err = await inTransaction(p.db, (tx) => transition(tx, cw, Number(task.task_instance_id), 'resolve', { action: 'review_opened', note: '启动复核' })).catch((e) => e);
    expect(err.code).toBe('REVIEW_NOT_APPLICABLE');
    expect(await state(Number(task.task_instance_id))).toBe('open');
    expect((await p.db.pool.query(`select count(*)::int n from assistance.reviews where household_id = $1`, [h.householdId])).rows[0].n).toBe(0);
  });
});
