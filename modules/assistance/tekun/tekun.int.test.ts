// The tekun procedure through the API: intake with its own fields and checklist, investigation with the
// care-grade assessment, notice (none for minors), county confirmation into two entitlements, refusal
// in writing, and every transition refused for the wrong role, level and jurisdiction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR, inTransaction, transition, todayInChina } from '#kernel';
import { listEntitlements, monthOf, nextMonth } from '#payments';
import { buildHousehold } from '../../../test/factories';
import type { Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { closeProcedureApp, electronicConsent, openProcedureApp, step, sweepRefusals, VERIFICATION } from '../procedure.testing';
import { tekunWorkflow } from './tekun.workflow';

const HOME = '140321100201';
const TODAY = todayInChina();
const NEXT = nextMonth(monthOf(TODAY));
const API = '/api/v1/assistance';

let p: Platform;
let app: FastifyInstance;
let cw: Session;
let county: Session;

beforeAll(async () => ({ p, app, cw, county } = await openProcedureApp()));
afterAll(() => closeProcedureApp({ p, app }));

type Household = Awaited<ReturnType<typeof buildHousehold>>;
const TEKUN = { mode: 'home_based', disabilityKind: 'physical', disabilityGrade: 1, supporters: [], orphan: false };
const DOCS = ['application_form', 'household_register', 'id_cards', 'income_statement', 'supporter_statement'].map((code) => ({ code }));
function tekunApplication(h: Household, applicant = h.head, tekun: Record<string, unknown> = TEKUN) {
  return {
    programme: 'tekun', householdId: h.household.id, applicantPersonId: applicant.id,
    members: h.members.map((m) => ({ personId: m.id, included: true })),
    incomes: [], assets: { financialFen: 200000 }, consents: [electronicConsent(applicant)], documents: DOCS, tekun,
  };
}
const ASSESSMENT = { eating: true, dressing: true, transferring: true, toileting: true, walking: false, bathing: false };
const investigation = (over: Record<string, unknown> = {}) => ({
  visitedOn: TODAY,
  investigators: [{ name: '赵立新', signed: true }, { name: '钱晓燕', signed: true }],
  findings: { housing: '自有平房一间', livingConditions: '独居，肢体残疾', supporters: '无法定赡养、抚养、扶养义务人' },
  careAssessment: ASSESSMENT, mode: 'home_based', ...over,
});

const elapseNotice = (instanceId: number) => p.db.pool.query(`update kernel.workflow_instances set due_at = '2000-01-01' where id = $1`, [instanceId]);

async function apply(body: unknown) {
  const res = await cw.post(`${API}/applications`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; instanceId: number };
}
async function toInvestigated(id: number, inv = investigation()) {
  for (const [name, input] of [['requestVerification'], ['attachReport', VERIFICATION], ['recordInvestigation', inv]] as const) {
    const r = await step(cw, id, name, input);
    expect(r.statusCode, `${name}: ${r.body}`).toBe(200);
  }
}

describe('tekun intake', () => {
  it('refuses a tekun application without its own fields, listing its own checklist, and asks consent of the applicant only', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const res = await cw.post(`${API}/applications`, { ...tekunApplication(h), tekun: undefined, documents: [{ code: 'application_form' }], consents: [] });
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['tekun', 'documents.supporter_statement', 'documents.income_statement', `consents.${h.head.id}`]));
    expect(fields).not.toContain(`consents.${h.members[1].id}`);
    expect(fields).not.toContain('programme');
  });
});

describe('the tekun procedure', () => {
  it('shows the calculation before any decision, with the care grade the applicant declared', async () => {
    const h = await buildHousehold(p, HOME, 1);
    const a = await apply(tekunApplication(h, h.head, {
      mode: 'home_based', supporters: [], orphan: false,
      careAssessment: { eating: true, dressing: true, transferring: true, toileting: true, walking: true, bathing: false },
    }));
    const detail = (await cw.get(`${API}/applications/${a.id}`)).json();
    expect(detail.estimate, JSON.stringify(detail.details)).not.toBeNull();
    expect(detail.estimate.explanation.map((x: { text: string }) => x.text).join('\n')).toContain('部分丧失生活自理能力');
  });

  it('accept → verify → investigate with the care grade → notice → county confirms → basic and care entitlements from next month', async () => {
    const h = await buildHousehold(p, HOME, 1);
    const a = await apply(tekunApplication(h));
    const opened = (await cw.get(`${API}/applications/${a.id}`)).json();
    expect(opened).toMatchObject({ programme: 'tekun', details: { mode: 'home_based', disabilityGrade: 1 }, case: { state: 'accepted', workflowKey: 'assistance.tekun' } });
    expect(opened.estimate).toMatchObject({ programme: 'tekun', eligible: true, category: 'tekun', month: NEXT });
    expect(opened.estimate.explanation.map((s: { text: string }) => s.text).join('\n')).toContain('无劳动能力：');

    await toInvestigated(a.id);
    const investigated = (await cw.get(`${API}/applications/${a.id}`)).json();
    expect(investigated.details).toMatchObject({ careGrade: 'partly_dependent', careAssessment: ASSESSMENT });
    expect(investigated.case.dueAt).toBeTruthy();
    expect((await step(cw, a.id, 'submitWithoutNotice')).json().code).toBe('WORKFLOW_GUARD'); // an adult is made public
    expect((await step(cw, a.id, 'publishNotice')).statusCode).toBe(200);
    await elapseNotice(a.instanceId);
    expect((await step(cw, a.id, 'closeNotice')).statusCode).toBe(200);
    expect((await step(cw, a.id, 'approve')).json().code).toBe('WORKFLOW_LEVEL');

    const approved = await step(county, a.id, 'approve');
    expect(approved.statusCode, approved.body).toBe(200);
    const body = approved.json();
    expect(body).toMatchObject({ decision: 'approved', fromMonth: NEXT, case: { state: 'enrolled' } });
    expect(body.calculation.explanation.map((s: { text: string }) => s.text).join('\n')).toContain('部分丧失生活自理能力');

    const expected = (await cw.post(`${API}/calculate`, {
      programme: 'tekun', divisionCode: HOME, urbanRural: 'rural', month: NEXT,
      members: [{ age: opened.members[0].age, disabilityKind: 'physical', disabilityGrade: 1 }], assets: { financialFen: 200000 },
      tekun: { mode: 'home_based', careGrade: 'partly_dependent', supporters: [] },
    })).json();
    expect(expected.eligible).toBe(true);
    const basic = expected.explanation.find((s: { values?: { annualFen?: number } }) => s.values?.annualFen !== undefined).amountFen;
    const care = expected.explanation.find((s: { values?: { minimumWageFen?: number } }) => s.values?.minimumWageFen !== undefined).amountFen;
    const ents = (await listEntitlements(p.db.orm, SYSTEM_ACTOR, h.household.id)).filter((e) => !e.withdrawnAt);
    expect(ents.map((e) => [e.programme, e.personId, e.monthlyAmountFen, e.fromMonth, e.toMonth]).sort()).toEqual([
      ['tekun', h.head.id, basic, NEXT, null],
      ['tekun_care', h.head.id, care, NEXT, null],
    ]);
    expect(basic + care).toBe(body.calculation.monthlyAmountFen);
  });

  it('does not publish a minor: the case goes to the county without notice', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const child = h.members[2];
    const a = await apply({ ...tekunApplication(h, child, { ...TEKUN, disabilityKind: undefined, disabilityGrade: undefined, supporters: [{ name: '王德明', relation: '父亲', status: 'in_prison' }, { name: '李秀英', relation: '母亲', status: 'incapacitated' }] }) });
    await toInvestigated(a.id, investigation({ careAssessment: { ...ASSESSMENT, walking: true, bathing: true } }));
    const pub = await step(cw, a.id, 'publishNotice');
    expect(pub.json()).toMatchObject({ code: 'WORKFLOW_GUARD', title: expect.stringContaining('未成年人') });
    const sent = await step(cw, a.id, 'submitWithoutNotice');
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ case: { state: 'deciding' }, details: { careGrade: 'self_caring' } });
  });

  it('refuses to confirm someone with an able supporter, then refuses in writing; a review reopens the case', async () => {
    const h = await buildHousehold(p, HOME, 1);
    const a = await apply(tekunApplication(h, h.head, { ...TEKUN, supporters: [{ name: '王建军', relation: '儿子', status: 'able' }] }));
    await toInvestigated(a.id);
    expect((await step(cw, a.id, 'publishNotice')).statusCode).toBe(200);
    await elapseNotice(a.instanceId);
    expect((await step(cw, a.id, 'closeNotice')).statusCode).toBe(200);
    const refusedApproval = await step(county, a.id, 'approve');
    expect(refusedApproval.json()).toMatchObject({ code: 'WORKFLOW_GUARD', title: expect.stringContaining('不予认定') });
    const r = await step(county, a.id, 'refuse', { reasons: '其子王建军具备赡养能力，不符合特困人员认定条件' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ decision: 'refused', case: { state: 'refused' } });
    const notice = await cw.get(`${API}/applications/${a.id}/refusal-notice`);
    expect(notice.statusCode).toBe(200);
    expect(notice.body).toContain('特困人员救助供养不予确认告知书');
    expect(notice.body).toContain('具备赡养能力');
    expect((await listEntitlements(p.db.orm, SYSTEM_ACTOR, h.household.id))).toHaveLength(0);
    const review = await step(cw, a.id, 'requestReview', { grounds: '其子长期患病，无赡养能力' });
    expect(review.json()).toMatchObject({ decision: null, case: { state: 'rechecking' } });
  });
});

describe('the verification report', () => {
  it('moves a waiting tekun case on by itself, as the system, and never for a caseworker', async () => {
    const h = await buildHousehold(p, HOME, 1);
    const a = await apply(tekunApplication(h));
    expect((await step(cw, a.id, 'requestVerification')).statusCode).toBe(200);
    const report = { ...VERIFICATION, reportId: 7, reportNo: 'HD-2026-777' };
    expect((await step(cw, a.id, 'receiveReport', report)).json().code).toBe('WORKFLOW_GUARD');
    await inTransaction(p.db, (tx) => transition(tx, SYSTEM_ACTOR, a.instanceId, 'receiveReport', report));
    const after = (await cw.get(`${API}/applications/${a.id}`)).json();
    expect(after).toMatchObject({ verification: { method: 'report', reportNo: 'HD-2026-777' }, case: { state: 'investigating' } });
  });
});

describe('who may take each tekun step', () => {
  it('refuses every transition for the wrong role, the wrong level and the wrong jurisdiction', async () => {
    const h = await buildHousehold(p, HOME, 1);
    const a = await apply(tekunApplication(h));
    const offered = await sweepRefusals(p, tekunWorkflow, a.instanceId, HOME);
    expect(offered).toEqual(['requestVerification:township_caseworker@140321100']);
  });
});
