// The temporary-assistance procedure through the API: the emergency path (the township pays at once up
// to its cap, the paperwork follows, the county approves the rest), the expenditure path approved by
// the township within its cap, the one-off payment joining the next unsigned payroll, and every
// transition refused for the wrong role, level and jurisdiction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR, inTransaction, todayInChina } from '#kernel';
import { listEntitlements, monthOf, nextMonth, runPayroll, signPayroll } from '#payments';
import { buildHousehold } from '../../../test/factories';
import type { Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { closeProcedureApp, electronicConsent, openProcedureApp, step, sweepRefusals, VERIFICATION, visit } from '../procedure.testing';
import { temporaryWorkflow } from './temporary.workflow';

const HOME = '140321100201';
const TODAY = todayInChina();
const THIS_MONTH = monthOf(TODAY);
const API = '/api/v1/assistance';

let p: Platform;
let app: FastifyInstance;
let cw: Session;
let county: Session;

beforeAll(async () => ({ p, app, cw, county } = await openProcedureApp()));
afterAll(() => closeProcedureApp({ p, app }));

type Household = Awaited<ReturnType<typeof buildHousehold>>;
const DOCS = ['application_form', 'id_cards', 'hardship_proof'].map((code) => ({ code }));
function temporaryApplication(h: Household, temporary: Record<string, unknown>) {
  return {
    programme: 'temporary', householdId: h.household.id, applicantPersonId: h.head.id,
    members: h.members.map((m) => ({ personId: m.id, included: true })),
    incomes: [], consents: h.members.slice(0, 2).map(electronicConsent), documents: DOCS, temporary,
  };
}
const EMERGENCY = { kind: 'emergency', cause: 'fire', description: '住房失火，衣物口粮全部烧毁', months: 5 };
const EXPENDITURE = { kind: 'expenditure', cause: 'medical', description: '子女急性白血病住院，自付医疗费 4 万元', months: 2, expenseFen: 4_000_000 };

async function apply(body: unknown) {
  const res = await cw.post(`${API}/applications`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; instanceId: number };
}
async function paperwork(id: number) {
  for (const [name, input] of [['requestVerification'], ['attachReport', VERIFICATION], ['recordVisit', visit(TODAY)]] as const) {
    const r = await step(cw, id, name, input);
    expect(r.statusCode, `${name}: ${r.body}`).toBe(200);
  }
}
/** standard × persons for the month, from the calculator itself */
async function perMonthFen(persons: number, month: string) {
  const r = await cw.post(`${API}/calculate`, {
    programme: 'temporary', divisionCode: HOME, urbanRural: 'rural', month, members: Array.from({ length: persons }, () => ({ age: 40 })),
    temporary: { kind: 'emergency', months: 1, approvingLevel: 'township' },
  });
  return r.json().monthlyAmountFen as number;
}
const oneOffs = async (householdId: number) => (await listEntitlements(p.db.orm, SYSTEM_ACTOR, householdId)).filter((e) => e.programme === 'temporary' && !e.withdrawnAt);

describe('temporary-assistance intake', () => {
  it('refuses without its own fields and names its own checklist, not the dibao one', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const res = await cw.post(`${API}/applications`, { ...temporaryApplication(h, EMERGENCY), temporary: undefined, documents: [] });
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields.sort()).toEqual(['documents.application_form', 'documents.hardship_proof', 'documents.id_cards', 'temporary']);
  });
});

describe('the emergency path (急难型, 先行救助)', () => {
  it('pays the township\'s cap at once as a one-off, then after the paperwork the county approves the rest, in the same payment', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const a = await apply(temporaryApplication(h, EMERGENCY));
    const estimate = (await cw.get(`${API}/applications/${a.id}`)).json().estimate;
    expect(estimate).toMatchObject({ programme: 'temporary', category: 'temporary', requiredApprovingLevel: 'county' });
    expect(estimate.explanation.map((s: { text: string }) => s.text).join('\n')).toContain('由县级审批');
    expect((await step(cw, a.id, 'grantAdvance', { urgency: '' })).statusCode).toBe(422);
    const adv = await step(cw, a.id, 'grantAdvance', { urgency: '房屋烧毁，全家无处安身' });
    expect(adv.statusCode, adv.body).toBe(200);
    const perMonth = await perMonthFen(3, THIS_MONTH);
    expect(adv.json()).toMatchObject({ case: { state: 'advanced' }, details: { grants: [{ kind: 'advance', level: 'township', months: 3, amountFen: perMonth * 3, month: THIS_MONTH }] } });
    let paid = await oneOffs(h.household.id);
    expect(paid.map((e) => [e.fromMonth, e.toMonth, e.monthlyAmountFen])).toEqual([[THIS_MONTH, THIS_MONTH, perMonth * 3]]);

    await paperwork(a.id);
    const byTownship = await step(cw, a.id, 'grantByTownship');
    expect(byTownship.json()).toMatchObject({ code: 'WORKFLOW_GUARD', title: expect.stringContaining('县级') });
    expect((await step(cw, a.id, 'submitToCounty')).json().case.state).toBe('deciding');
    const granted = await step(county, a.id, 'grantByCounty');
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toMatchObject({ decision: 'approved', case: { state: 'granted' }, calculation: { totalAmountFen: perMonth * 5 } });
    expect(granted.json().details.grants[1]).toMatchObject({ kind: 'decision', level: 'county', months: 5, amountFen: perMonth * 2 });
    paid = await oneOffs(h.household.id);
    expect(paid.map((e) => [e.fromMonth, e.toMonth, e.monthlyAmountFen])).toEqual([[THIS_MONTH, THIS_MONTH, perMonth * 5]]);
  });
});

describe('the expenditure path (支出型)', () => {
  it('has no advance; the township approves within its cap and may not send it to the county', async () => {
    const h = await buildHousehold(p, HOME, 2);
    const a = await apply(temporaryApplication(h, EXPENDITURE));
    expect((await step(cw, a.id, 'grantAdvance', { urgency: '急需' })).json()).toMatchObject({ code: 'WORKFLOW_GUARD', title: expect.stringContaining('支出型') });
    await paperwork(a.id);
    expect((await step(cw, a.id, 'submitToCounty')).json()).toMatchObject({ code: 'WORKFLOW_GUARD', title: expect.stringContaining('由乡镇') });
    const ok = await step(cw, a.id, 'grantByTownship');
    expect(ok.statusCode, ok.body).toBe(200);
    const perMonth = await perMonthFen(2, THIS_MONTH);
    expect((await oneOffs(h.household.id)).map((e) => [e.fromMonth, e.toMonth, e.monthlyAmountFen])).toEqual([[THIS_MONTH, THIS_MONTH, perMonth * 2]]);
    expect(ok.json().calculation.explanation.map((s: { text: string }) => s.text).join('\n')).toContain('乡镇审批权限');
  });

  it('refuses in writing with the reasons', async () => {
    const h = await buildHousehold(p, HOME, 2);
    const a = await apply(temporaryApplication(h, EXPENDITURE));
    await paperwork(a.id);
    const r = await step(cw, a.id, 'refuse', { reasons: '医疗费用已由大病保险报销，家庭无困难' });
    expect(r.json()).toMatchObject({ decision: 'refused', case: { state: 'refused' } });
    expect((await cw.get(`${API}/applications/${a.id}/refusal-notice`)).body).toContain('临时救助不予确认告知书');
    expect(await oneOffs(h.household.id)).toHaveLength(0);
  });
});

describe('review of a refusal (复核)', () => {
  it('a township refusal is reviewed by the township: upheld in writing, then on a second request granted', async () => {
    const h = await buildHousehold(p, HOME, 2);
    const a = await apply(temporaryApplication(h, EXPENDITURE));
    await paperwork(a.id);
    expect((await step(cw, a.id, 'refuse', { reasons: '医疗费用已由大病保险报销' })).statusCode).toBe(200);
    const asked = await step(cw, a.id, 'requestReview', { grounds: '大病保险尚未报销，附医院结算单' });
    expect(asked.json()).toMatchObject({ case: { state: 'rechecking' } });
    expect(asked.json().case.overallDueAt).toBeTruthy();
    const upheld = await step(cw, a.id, 'upholdRefusal', { reasons: '经复核，医疗费用已报销 90%' });
    expect(upheld.json()).toMatchObject({ decision: 'refused', refusalReasons: '经复核，医疗费用已报销 90%', case: { state: 'refused' } });
    expect(await oneOffs(h.household.id)).toHaveLength(0);

    expect((await step(cw, a.id, 'requestReview', { grounds: '再次提交报销凭证' })).statusCode).toBe(200);
    const overturned = await step(cw, a.id, 'overturn');
    expect(overturned.statusCode, overturned.body).toBe(200);
    expect(overturned.json()).toMatchObject({ decision: 'approved', case: { state: 'granted' } });
    const perMonth = await perMonthFen(2, THIS_MONTH);
    expect((await oneOffs(h.household.id)).map((e) => [e.fromMonth, e.toMonth, e.monthlyAmountFen])).toEqual([[THIS_MONTH, THIS_MONTH, perMonth * 2]]);
    expect(overturned.json().case.history.map((x: { name: string }) => x.name).slice(-5))
      .toEqual(['refuse', 'requestReview', 'upholdRefusal', 'requestReview', 'overturn']);
  });

  it('a request beyond the township\'s cap is reviewed by the county; the township may only send it back for investigation', async () => {
    const h = await buildHousehold(p, HOME, 2);
    const a = await apply(temporaryApplication(h, { ...EXPENDITURE, months: 5 }));
    await paperwork(a.id);
    expect((await step(cw, a.id, 'submitToCounty')).statusCode).toBe(200);
    expect((await step(county, a.id, 'refuseByCounty', { reasons: '家庭存款足以支付' })).statusCode).toBe(200);
    expect((await step(cw, a.id, 'requestReview', { grounds: '存款为借款' })).statusCode).toBe(200);
    expect((await step(cw, a.id, 'overturn')).json()).toMatchObject({ code: 'WORKFLOW_GUARD', title: expect.stringContaining('县级') });
    expect((await step(cw, a.id, 'upholdRefusal', { reasons: '维持' })).json()).toMatchObject({ code: 'WORKFLOW_GUARD' });
    const again = await step(cw, a.id, 'reinvestigate');
    expect(again.json()).toMatchObject({ case: { state: 'investigating' } });
    expect((await step(cw, a.id, 'recordVisit', visit(TODAY))).statusCode).toBe(200);
    expect((await step(cw, a.id, 'submitToCounty')).statusCode).toBe(200);
    expect((await step(county, a.id, 'refuseByCounty', { reasons: '复核后仍认定存款足以支付' })).statusCode).toBe(200);
    expect((await step(cw, a.id, 'requestReview', { grounds: '再次申请复核' })).statusCode).toBe(200);
    const ok = await step(county, a.id, 'overturn');
    expect(ok.statusCode, ok.body).toBe(200);
    const perMonth = await perMonthFen(2, THIS_MONTH);
    expect((await oneOffs(h.household.id)).map((e) => e.monthlyAmountFen)).toEqual([perMonth * 5]);
  });
});

describe('who may take each temporary-assistance step', () => {
  it('refuses every transition for the wrong role, the wrong level and the wrong jurisdiction', async () => {
    const h = await buildHousehold(p, HOME, 2);
    const a = await apply(temporaryApplication(h, EMERGENCY));
    const offered = await sweepRefusals(p, temporaryWorkflow, a.instanceId, HOME);
    expect(offered.sort()).toEqual(['grantAdvance:township_caseworker@140321100', 'requestVerification:township_caseworker@140321100']);
  });
});

describe('the one-off payment and the payroll', () => {
  it('joins this month\'s payroll, and once that is signed, the next one', async () => {
    const h = await buildHousehold(p, HOME, 2);
    const a = await apply(temporaryApplication(h, EXPENDITURE));
    await paperwork(a.id);
    expect((await step(cw, a.id, 'grantByTownship')).statusCode).toBe(200);
    const perMonth = await perMonthFen(2, THIS_MONTH);
    const run = await runPayroll(p.db, SYSTEM_ACTOR, { month: THIS_MONTH, countyCode: '140321' });
    const { rows } = await p.db.pool.query(`select entitlement_fen::int from payments.payroll_lines where run_id = $1 and household_id = $2 and programme = 'temporary'`, [run.runId, h.household.id]);
    expect(rows).toEqual([{ entitlement_fen: perMonth * 2 }]);
    await inTransaction(p.db, (tx) => signPayroll(tx, SYSTEM_ACTOR, run.runId));

    const h2 = await buildHousehold(p, HOME, 2);
    const b = await apply(temporaryApplication(h2, EXPENDITURE));
    await paperwork(b.id);
    const later = await step(cw, b.id, 'grantByTownship');
    expect(later.statusCode, later.body).toBe(200);
    expect((await oneOffs(h2.household.id)).map((e) => [e.fromMonth, e.toMonth])).toEqual([[nextMonth(THIS_MONTH), nextMonth(THIS_MONTH)]]);
  });
});
