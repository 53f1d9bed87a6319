// A death recorded with a date in a month already paid: the months after it that a signed payroll paid
// become one recovery adjustment (追回) in the next payroll, on the household's history — for a
// household's dibao (the difference to the recomputed amount) and a person's tekun (both parts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR, dispatchPending, inTransaction, todayInChina } from '#kernel';
import { recordDeath } from '#registry';
import { listAdjustments, listEntitlements, monthOf, nextMonth, runPayroll, signPayroll } from '#payments';
import { buildHousehold } from '../../../test/factories';
import type { Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { closeProcedureApp, electronicConsent, openProcedureApp, step, VERIFICATION, visit } from '../procedure.testing';
import { memberDeceased, tekunPersonDeceased } from '../events';

const HOME = '140321100201';
const TODAY = todayInChina();
const NEXT = nextMonth(monthOf(TODAY));
const AFTER = nextMonth(NEXT);
const API = '/api/v1/assistance';

let p: Platform;
let app: FastifyInstance;
let cw: Session;
let county: Session;

beforeAll(async () => ({ p, app, cw, county } = await openProcedureApp()));
afterAll(() => closeProcedureApp({ p, app }));

type Household = Awaited<ReturnType<typeof buildHousehold>>;
async function enrol(body: Record<string, unknown>, investigate: [string, unknown]) {
  const res = await cw.post(`${API}/applications`, body);
  expect(res.statusCode, res.body).toBe(201);
  const { id, instanceId } = res.json();
  for (const [name, input] of [['requestVerification'], ['attachReport', VERIFICATION], investigate, ['publishNotice']] as const) {
    const r = await step(cw, id, name, input);
    expect(r.statusCode, `${name}: ${r.body}`).toBe(200);
  }
  await p.db.pool.query(`update kernel.workflow_instances set due_at = '2000-01-01' where id = $1`, [instanceId]);
  expect((await step(cw, id, 'closeNotice')).statusCode).toBe(200);
  const ok = await step(county, id, 'approve');
  expect(ok.statusCode, ok.body).toBe(200);
  return ok.json();
}
const docs = (codes: string[]) => codes.map((code) => ({ code }));
const dibaoOf = (h: Household) => enrol({
  programme: 'dibao', householdId: h.household.id, applicantPersonId: h.head.id, members: h.members.map((m) => ({ personId: m.id, included: true })),
  incomes: [{ personId: h.head.id, kind: 'wage', monthlyFen: 30000 }], consents: h.members.slice(0, 2).map(electronicConsent),
  documents: docs(['application_form', 'household_register', 'id_cards', 'income_statement']),
}, ['recordVisit', visit(TODAY)]);
const tekunOf = (h: Household) => enrol({
  programme: 'tekun', householdId: h.household.id, applicantPersonId: h.head.id, members: [{ personId: h.head.id, included: true }],
  incomes: [], consents: [electronicConsent(h.head)], documents: docs(['application_form', 'household_register', 'id_cards', 'income_statement', 'supporter_statement']),
  tekun: { mode: 'home_based', disabilityKind: 'physical', disabilityGrade: 1, supporters: [] },
}, ['recordInvestigation', {
  visitedOn: TODAY, investigators: [{ name: '赵立新', signed: true }, { name: '钱晓燕', signed: true }],
  findings: { housing: '平房', livingConditions: '独居', supporters: '无义务人' },
  careAssessment: { eating: true, dressing: true, transferring: false, toileting: false, walking: false, bathing: false }, mode: 'home_based',
}]);

describe('recovery of overpayment after a death', () => {
  let dibaoHousehold: Household; let dibaoApproved: { calculation: { monthlyAmountFen: number } };
  let tekunHousehold: Household; let tekunApproved: { calculation: { monthlyAmountFen: number } };
  let untouched: Household;

  beforeAll(async () => {
    dibaoHousehold = await buildHousehold(p, HOME, 3);
    dibaoApproved = await dibaoOf(dibaoHousehold);
    tekunHousehold = await buildHousehold(p, HOME, 1);
    tekunApproved = await tekunOf(tekunHousehold);
    untouched = await buildHousehold(p, HOME, 3);
    await dibaoOf(untouched);
    // next month's payroll is signed before the deaths below are recorded
    const run = await runPayroll(p.db, SYSTEM_ACTOR, { month: NEXT, countyCode: '140321' });
    await inTransaction(p.db, (tx) => signPayroll(tx, SYSTEM_ACTOR, run.runId));
  });

  it('a dibao member\'s death: the difference for the signed month is recovered in the next payroll, the new amount runs from then', async () => {
    const spouse = dibaoHousehold.members[1];
    await inTransaction(p.db, (tx) => recordDeath(tx, p.registry, SYSTEM_ACTOR, spouse.id, TODAY));
    await dispatchPending(p.db);
    const ents = (await listEntitlements(p.db.orm, SYSTEM_ACTOR, dibaoHousehold.household.id)).filter((e) => !e.withdrawnAt);
    const current = ents.find((e) => e.fromMonth === AFTER)!;
    expect(ents.find((e) => e.fromMonth === NEXT)).toMatchObject({ toMonth: NEXT, monthlyAmountFen: dibaoApproved.calculation.monthlyAmountFen });
    expect(current.monthlyAmountFen).toBeLessThan(dibaoApproved.calculation.monthlyAmountFen);
    const adj = await listAdjustments(p.db.orm, SYSTEM_ACTOR, dibaoHousehold.household.id);
    expect(adj).toHaveLength(1);
    expect(adj[0]).toMatchObject({ programme: 'dibao', month: AFTER, amountFen: -(dibaoApproved.calculation.monthlyAmountFen - current.monthlyAmountFen) });
    expect(adj[0].reason).toContain(`${NEXT} 共 1 个月已发放`);

    const history = (await cw.get(`${API}/households/${dibaoHousehold.household.id}/history`)).json();
    expect(history.adjustments).toEqual([expect.objectContaining({ month: AFTER, recovery: true, amountFen: adj[0].amountFen, reason: expect.stringContaining('追回多发') })]);

    // a second delivery changes nothing
    await inTransaction(p.db, (tx) => memberDeceased(tx, { personId: spouse.id, householdId: dibaoHousehold.household.id, deathDate: TODAY }));
    expect(await listAdjustments(p.db.orm, SYSTEM_ACTOR, dibaoHousehold.household.id)).toHaveLength(1);
  });

  it('a tekun person\'s death: both parts stop after the signed month and both are recovered', async () => {
    await inTransaction(p.db, (tx) => recordDeath(tx, p.registry, SYSTEM_ACTOR, tekunHousehold.head.id, TODAY));
    await dispatchPending(p.db);
    const ents = (await listEntitlements(p.db.orm, SYSTEM_ACTOR, tekunHousehold.household.id)).filter((e) => !e.withdrawnAt);
    expect(ents.map((e) => [e.programme, e.toMonth, e.stopReason?.includes('死亡')]).sort()).toEqual([['tekun', NEXT, true], ['tekun_care', NEXT, true]]);
    const adj = await listAdjustments(p.db.orm, SYSTEM_ACTOR, tekunHousehold.household.id);
    expect(adj.map((x) => [x.programme, x.month]).sort()).toEqual([['tekun', AFTER], ['tekun_care', AFTER]]);
    expect(adj.reduce((s, x) => s + x.amountFen, 0)).toBe(-tekunApproved.calculation.monthlyAmountFen);

    await inTransaction(p.db, (tx) => tekunPersonDeceased(tx, { personId: tekunHousehold.head.id, householdId: tekunHousehold.household.id, deathDate: TODAY }));
    expect(await listAdjustments(p.db.orm, SYSTEM_ACTOR, tekunHousehold.household.id)).toHaveLength(2);
  });

  it('the recoveries join the next payroll as negative adjustments; other households are untouched', async () => {
    const run = await runPayroll(p.db, SYSTEM_ACTOR, { month: AFTER, countyCode: '140321' });
    const { rows } = await p.db.pool.query(`select household_id::int, programme, adjustment_fen::int from payments.payroll_lines where run_id = $1 and adjustment_fen <> 0 order by programme`, [run.runId]);
    expect(rows.map((r) => r.household_id).sort()).toEqual([dibaoHousehold.household.id, tekunHousehold.household.id, tekunHousehold.household.id].sort());
    expect(rows.every((r) => r.adjustment_fen < 0)).toBe(true);
    expect(await listAdjustments(p.db.orm, SYSTEM_ACTOR, untouched.household.id)).toHaveLength(0);
  });
});
