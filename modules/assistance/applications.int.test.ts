import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import {
  SYSTEM_ACTOR, dispatchPending, setParameter, inTransaction, inScope, levelOf, listInbox, storeFile, transition, availableTransitions, getInstance,
  type Actor, type Role,
} from '#kernel';
import { movePerson, recordDeath } from '#registry';
import { listEntitlements, monthOf, nextMonth } from '#payments';
import { buildHousehold, buildPlatform, buildUser } from '../../test/factories';
import { buildTestApp, signIn, type Session } from '../../test/http';
import type { Platform } from '../../apps/server/src/platform';
import { dibaoWorkflow } from './dibao.workflow';
import { memberDeceased } from './events';

const HOME = '140321100201'; // village of the households; responsible township 140321100
const TODAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
const NEXT = nextMonth(monthOf(TODAY));
const API = '/api/v1/assistance';

let p: Platform;
let app: FastifyInstance;
let cw: Session; let cwActor: Actor;
let otherCw: Session; let otherActor: Actor;
let county: Session;
let helper: Session;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const login = async (role: Role, code: string) => { const u = await buildUser(p, role, code); return { u, s: await signIn(app, u.username, u.password) }; };
  ({ u: cwActor, s: cw } = await login('township_caseworker', '140321100'));
  ({ u: otherActor, s: otherCw } = await login('township_caseworker', '140321101'));
  ({ s: county } = await login('county_approver', '140321'));
  ({ s: helper } = await login('village_helper', HOME));
});
afterAll(async () => { await app?.close(); await p?.close(); });

type Household = Awaited<ReturnType<typeof buildHousehold>>;
const consentOf = (m: Household['head']) => ({ personId: m.id, kind: 'electronic', confirmedBy: m.name, confirmedAt: '2026-11-02T09:30:00+08:00' });
function complete(h: Household) {
  return {
    programme: 'dibao', householdId: h.household.id, applicantPersonId: h.head.id,
    members: h.members.map((m) => ({ personId: m.id, included: true })),
    incomes: [{ personId: h.head.id, kind: 'wage', monthlyFen: 60000 }],
    assets: { financialFen: 300000, vehicles: 0, extraHousing: 0 },
    consents: h.members.slice(0, 2).map(consentOf),
    documents: ['application_form', 'household_register', 'id_cards', 'income_statement'].map((code) => ({ code })),
  };
}
const VERIFICATION = {
  reportNo: 'HD-2026-001',
  sources: [
    { source: 'tax', finding: '无纳税记录', monthlyIncomeFen: 0 },
    { source: 'social_insurance', finding: '户主灵活就业，月工资约 600 元', monthlyIncomeFen: 60000 },
    { source: 'bank_deposits', finding: '存款合计 3000 元', assetsFen: 300000 },
  ],
  totals: { monthlyIncomeFen: 60000, financialAssetsFen: 300000 },
};
const VISIT = {
  visitedOn: TODAY,
  investigators: [{ name: '赵立新', signed: true }, { name: '钱晓燕', signed: true }],
  findings: { housing: '自有平房两间，年久失修', livingConditions: '妻子肢体残疾，孩子上小学', incomeMatchesDeclaration: true },
};

const step = (s: Session, id: number, name: string, input?: unknown) => s.post(`${API}/applications/${id}/transitions/${name}`, input === undefined ? {} : { input });
const stateOf = async (s: Session, id: number) => (await s.get(`${API}/applications/${id}`)).json().case.state as string;
const elapseNotice = async (instanceId: number) => p.db.pool.query(`update kernel.workflow_instances set due_at = '2000-01-01' where id = $1`, [instanceId]);
const counts = async () => (await p.db.pool.query(`select (select count(*) from assistance.applications) a, (select count(*) from kernel.workflow_instances) w, (select count(*) from kernel.audit_log) l`)).rows[0];

async function apply(h: Household, s = cw) {
  const res = await s.post(`${API}/applications`, complete(h));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; instanceId: number; divisionCode: string; receivingDivisionCode: string };
}
async function toDeciding(id: number, instanceId: number) {
  for (const [name, input] of [['requestVerification'], ['attachReport', VERIFICATION], ['recordVisit', VISIT], ['publishNotice']] as const) {
    const r = await step(cw, id, name, input);
    expect(r.statusCode, `${name}: ${r.body}`).toBe(200);
  }
  await elapseNotice(instanceId);
  expect((await step(cw, id, 'closeNotice')).statusCode).toBe(200);
}
const activeFrom = async (householdId: number, month: string) =>
  (await listEntitlements(p.db.orm, SYSTEM_ACTOR, householdId)).filter((e) => !e.withdrawnAt && e.fromMonth <= month && (e.toMonth ?? '9999-12') >= month);

describe('intake at the window', () => {
  it('refuses an incomplete application naming every missing document and consent at once, and changes nothing', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const before = await counts();
    const res = await cw.post(`${API}/applications`, {
      ...complete(h), members: complete(h).members.slice(0, 2), consents: [], documents: [{ code: 'household_register' }],
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('APPLICATION_INCOMPLETE');
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining([
      'documents.application_form', 'documents.id_cards', 'documents.income_statement',
      `consents.${h.members[0].id}`, `consents.${h.members[1].id}`, 'members',
    ]));
    expect(fields).not.toContain('documents.household_register');
    expect(fields).not.toContain(`consents.${h.members[2].id}`); // a minor: no consent of their own
    expect(body.errors.every((e: { message: string }) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('requires consent from each adult, and takes a signed form by its stored file', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const missingOne = await cw.post(`${API}/applications`, { ...complete(h), consents: [consentOf(h.members[0])] });
    expect(missingOne.json().errors).toEqual([expect.objectContaining({ field: `consents.${h.members[1].id}`, code: 'CONSENT_MISSING' })]);
    const unknownFile = await cw.post(`${API}/applications`, {
      ...complete(h), consents: [consentOf(h.members[0]), { personId: h.members[1].id, kind: 'signed_form', fileSha256: 'a'.repeat(64) }],
    });
    expect(unknownFile.json().errors).toEqual([expect.objectContaining({ field: `consents.${h.members[1].id}`, code: 'CONSENT_FILE_UNKNOWN' })]);
    const form = await storeFile(p.db.orm, { bytes: new TextEncoder().encode('%PDF-1.4 授权书'), filename: '授权书.pdf', mimeType: 'application/pdf' });
    const ok = await cw.post(`${API}/applications`, {
      ...complete(h), consents: [consentOf(h.members[0]), { personId: h.members[1].id, kind: 'signed_form', fileSha256: form.sha256 }],
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().consents[1]).toMatchObject({ kind: 'signed_form', fileSha256: form.sha256 });
  });

  it('lets a window of another township take the application and routes it to the responsible township\'s inbox', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const a = await apply(h, otherCw);
    expect(a).toMatchObject({ divisionCode: HOME, receivingDivisionCode: '140321101' });
    const mine = await listInbox(p.db.orm, cwActor, { status: 'all', pageSize: 200 });
    expect(mine.items.map((i) => i.instanceId)).toContain(a.instanceId);
    const theirs = await listInbox(p.db.orm, otherActor, { status: 'all', pageSize: 200 });
    expect(theirs.items.map((i) => i.instanceId)).not.toContain(a.instanceId);
    const viaApi = (await otherCw.get('/api/v1/inbox?status=all')).json();
    expect(viaApi.items.map((i: { instanceId: number }) => i.instanceId)).not.toContain(a.instanceId);
    const item = mine.items.find((i) => i.instanceId === a.instanceId)!;
    expect(item.actions.map((x) => x.name)).toContain('requestVerification');
    // only the responsible township acts on later steps; to the receiving window the case is not there
    expect((await otherCw.get(`${API}/applications/${a.id}`)).statusCode).toBe(404);
    expect((await step(otherCw, a.id, 'requestVerification')).statusCode).toBe(404);
    expect((await step(cw, a.id, 'requestVerification')).statusCode).toBe(200);
  });
});

describe('the statutory procedure through the API', () => {
  it('accept → verification → home visit → notice → objection → notice again → county approves → entitlement from next month', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const a = await apply(h);
    expect(await stateOf(cw, a.id)).toBe('accepted');
    expect((await step(cw, a.id, 'requestVerification')).statusCode).toBe(200);
    const badReport = await step(cw, a.id, 'attachReport', { sources: [], totals: {} });
    expect(badReport.statusCode).toBe(422);
    expect(badReport.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['input.sources', 'input.totals.monthlyIncomeFen']));
    expect((await step(cw, a.id, 'attachReport', VERIFICATION)).statusCode).toBe(200);

    const sameTwice = await step(cw, a.id, 'recordVisit', { ...VISIT, investigators: [{ name: '赵立新', signed: true }, { name: '赵立新', signed: true }] });
    expect(sameTwice.statusCode).toBe(422);
    expect(sameTwice.json()).toMatchObject({ code: 'WORKFLOW_GUARD', title: expect.stringContaining('不同的工作人员') });
    expect((await step(cw, a.id, 'recordVisit', VISIT)).statusCode).toBe(200);
    expect((await step(cw, a.id, 'publishNotice')).statusCode).toBe(200);

    const roster = (await cw.get(`${API}/notices/roster?villageCode=${HOME}`)).json();
    const line = roster.items.find((i: { applicationId: number }) => i.applicationId === a.id);
    expect(line).toMatchObject({ applicantName: h.head.name, members: 3 });
    expect(line.idNumberMasked).toContain('*');
    expect(line.idNumberMasked).not.toBe(h.head.idNumber);
    expect(line.monthlyAmountFen).toBeGreaterThan(0);
    expect(JSON.stringify(roster)).not.toContain(h.head.idNumber);

    const early = await step(cw, a.id, 'closeNotice');
    expect(early.json()).toMatchObject({ code: 'WORKFLOW_GUARD', title: expect.stringContaining('公示期') });
    const objected = await step(cw, a.id, 'objection', { objection: '村民反映其家中有一辆面包车', raisedBy: '村民' });
    expect(objected.statusCode).toBe(200);
    expect(objected.json()).toMatchObject({ case: { state: 'investigating' }, objections: [expect.objectContaining({ objection: '村民反映其家中有一辆面包车' })] });
    expect((await cw.get(`${API}/notices/roster?villageCode=${HOME}`)).json().items.map((i: { applicationId: number }) => i.applicationId)).not.toContain(a.id);

    expect((await step(cw, a.id, 'recordVisit', { ...VISIT, findings: { ...VISIT.findings, notes: '面包车已于 2019 年报废' } })).statusCode).toBe(200);
    expect((await step(cw, a.id, 'publishNotice')).statusCode).toBe(200);
    await elapseNotice(a.instanceId);
    expect((await step(cw, a.id, 'closeNotice')).statusCode).toBe(200);

    const byTownship = await step(cw, a.id, 'approve');
    expect(byTownship.statusCode).toBe(403);
    expect(byTownship.json().code).toBe('WORKFLOW_LEVEL');
    const approved = await step(county, a.id, 'approve');
    expect(approved.statusCode, approved.body).toBe(200);
    const body = approved.json();
    expect(body).toMatchObject({ decision: 'approved', fromMonth: NEXT, case: { state: 'enrolled', final: true } });

    // the amount is the calculator's on the application's facts for the first payment month
    const expected = (await cw.post(`${API}/calculate`, {
      programme: 'dibao', divisionCode: HOME, urbanRural: 'rural', month: NEXT,
      members: [{ age: body.members[0].age }, { age: body.members[1].age }, { age: body.members[2].age }],
      incomes: [{ member: 0, kind: 'wage', monthlyFen: 60000 }], assets: { financialFen: 300000 },
    })).json();
    expect(body.calculation).toMatchObject({ monthlyAmountFen: expected.monthlyAmountFen, month: NEXT, eligible: true });
    expect(body.calculation.explanation.length).toBeGreaterThan(0);
    const [ent] = await activeFrom(h.household.id, NEXT);
    expect(ent).toMatchObject({
      programme: 'dibao', fromMonth: NEXT, toMonth: null, monthlyAmountFen: expected.monthlyAmountFen, divisionCode: HOME,
      sourceType: 'assistance_application', sourceId: String(a.id),
    });
    expect(await activeFrom(h.household.id, monthOf(TODAY))).toEqual([]);

    const history = (await cw.get(`${API}/households/${h.household.id}/history`)).json();
    expect(history.applications[0]).toMatchObject({ id: a.id, state: 'enrolled', decision: 'approved', monthlyAmountFen: expected.monthlyAmountFen });
    expect(history.decisions).toEqual([expect.objectContaining({ applicationId: a.id, decision: 'approved' })]);
    expect(history.entitlements).toEqual([expect.objectContaining({ programme: 'dibao', fromMonth: NEXT, source: `assistance_application:${a.id}` })]);
    expect((await otherCw.get(`${API}/households/${h.household.id}/history`)).statusCode).toBe(404);
  });

  it('refuses in writing with reasons and the calculation; a request for review reopens the case', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const a = await apply(h);
    await toDeciding(a.id, a.instanceId);
    expect((await cw.get(`${API}/applications/${a.id}/refusal-notice`)).statusCode).toBe(409);
    const refused = await step(county, a.id, 'refuse', { reasons: '经核对，家庭成员名下有商铺一处，财产状况超出规定' });
    expect(refused.json()).toMatchObject({ decision: 'refused', case: { state: 'refused', final: true } });
    expect(await activeFrom(h.household.id, NEXT)).toEqual([]);

    const notice = await cw.get(`${API}/applications/${a.id}/refusal-notice`);
    expect(notice.statusCode).toBe(200);
    expect(notice.headers['content-type']).toContain('text/html');
    expect(notice.body).toContain('<html lang="zh-CN">');
    expect(notice.body).toContain('不予确认告知书');
    expect(notice.body).toContain('经核对，家庭成员名下有商铺一处，财产状况超出规定');
    expect(notice.body).toContain('计算说明');
    expect(notice.body).toContain(refused.json().calculation.explanation[0].text);
    expect(notice.body).toContain('复核');
    expect(notice.body).not.toContain(h.head.idNumber);

    const review = await step(cw, a.id, 'requestReview', { grounds: '商铺已于去年转让，附转让合同' });
    expect(review.statusCode).toBe(200);
    expect(review.json()).toMatchObject({ decision: null, case: { state: 'rechecking', final: false, closedAt: null }, reviewRequests: [expect.objectContaining({ grounds: '商铺已于去年转让，附转让合同' })] });
    expect(review.json().case.actions.map((x: { name: string }) => x.name)).toEqual(['reinvestigate']); // the township re-investigates; it does not decide
    expect((await county.get(`${API}/applications/${a.id}`)).json().case.actions.map((x: { name: string }) => x.name))
      .toEqual(expect.arrayContaining(['reinvestigate', 'upholdRefusal', 'overturn']));
  });
});

describe('who may take each step', () => {
  it('holds the declared roles, levels and jurisdiction for every transition (roles × levels sweep)', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const a = await apply(h);
    const roles: Role[] = ['city_admin', 'county_approver', 'township_caseworker', 'village_helper', 'leader', 'auditor'];
    const codes = ['1403', '140321', '140321100', HOME, '140321101', '140302'];
    const actors: Actor[] = [];
    for (const role of roles) for (const code of codes) actors.push(await buildUser(p, role, code));
    const instance = await getInstance(p.db.orm, SYSTEM_ACTOR, a.instanceId);
    const outcomes: string[] = [];
    for (const t of dibaoWorkflow.transitions) {
      const levels = typeof t.level === 'string' ? [t.level] : Array.isArray(t.level) ? t.level : ['county'];
      for (const actor of actors) {
        const expected = !inScope(actor, HOME) ? 'WORKFLOW_INSTANCE_NOT_FOUND'
          : !t.roles.includes(actor.role) ? 'WORKFLOW_ROLE'
            : !levels.includes(levelOf(actor.divisionCode)!) ? 'WORKFLOW_LEVEL'
              : t.from.includes('accepted') ? 'ALLOWED' : 'WORKFLOW_STATE';
        if (expected === 'ALLOWED') {
          const offered = (await availableTransitions(p.db.orm, actor, instance)).map((x) => x.name);
          expect(offered, `${actor.role}@${actor.divisionCode} ${t.name}`).toContain(t.name);
          outcomes.push(`${t.name}:${actor.role}@${actor.divisionCode}`);
          continue;
        }
        const got = await inTransaction(p.db, (tx) => transition(tx, actor, a.instanceId, t.name, {})).then(() => 'CHANGED', (e) => e.code);
        expect(got, `${actor.role}@${actor.divisionCode} ${t.name}`).toBe(expected);
      }
    }
    expect(outcomes).toEqual(['requestVerification:township_caseworker@140321100']);
    expect(await stateOf(cw, a.id)).toBe('accepted');
  });

  it('refuses a village helper and a leader through the API', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const a = await apply(h);
    const r = await step(helper, a.id, 'requestVerification');
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('WORKFLOW_ROLE');
    const leader = await buildUser(p, 'leader', '140321');
    const ls = await signIn(app, leader.username, leader.password);
    expect((await ls.post(`${API}/applications`, complete(h))).json().code).toBe('APPLICATION_INTAKE_FORBIDDEN');
  });
});

describe('reactions to registry events', () => {
  it('a member\'s death recomputes the household\'s dibao from next month without them, once', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const a = await apply(h);
    await toDeciding(a.id, a.instanceId);
    const approved = (await step(county, a.id, 'approve')).json();
    const spouse = h.members[1];
    await inTransaction(p.db, (tx) => recordDeath(tx, p.registry, SYSTEM_ACTOR, spouse.id, TODAY));
    await dispatchPending(p.db);

    const expected = (await cw.post(`${API}/calculate`, {
      programme: 'dibao', divisionCode: HOME, urbanRural: 'rural', month: NEXT,
      members: [{ age: approved.members[0].age }, { age: approved.members[2].age }],
      incomes: [{ member: 0, kind: 'wage', monthlyFen: 60000 }], assets: { financialFen: 300000 },
    })).json();
    const active = await activeFrom(h.household.id, NEXT);
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ fromMonth: NEXT, monthlyAmountFen: expected.monthlyAmountFen });
    expect(active[0].monthlyAmountFen).toBeLessThan(approved.calculation.monthlyAmountFen);
    expect(active[0].reason).toContain('死亡');
    const after = (await cw.get(`${API}/applications/${a.id}`)).json();
    expect(after.members[1]).toMatchObject({ personId: spouse.id, included: false, reason: expect.stringContaining('死亡') });

    const rows = (await listEntitlements(p.db.orm, SYSTEM_ACTOR, h.household.id)).length;
    await inTransaction(p.db, (tx) => memberDeceased(tx, { personId: spouse.id, householdId: h.household.id, deathDate: TODAY }));
    expect((await listEntitlements(p.db.orm, SYSTEM_ACTOR, h.household.id)).length).toBe(rows);
  });
});

describe('parameters and limits of the procedure', () => {
  it('lets the township decide where the county delegates (dibao.decision.level), and then not the county', async () => {
    const village = '140322100101';
    await inTransaction(p.db, (tx) => setParameter(tx, { key: 'dibao.decision.level', divisionCode: '140322', effectiveFrom: '2021-07-01', value: 'township', note: '县级委托乡镇审核确认' }));
    const tw = await buildUser(p, 'township_caseworker', '140322100');
    const ts = await signIn(app, tw.username, tw.password);
    const cty = await buildUser(p, 'county_approver', '140322');
    const cs = await signIn(app, cty.username, cty.password);
    const h = await buildHousehold(p, village, 3);
    const a = await apply(h, ts);
    for (const [name, input] of [['requestVerification'], ['attachReport', VERIFICATION], ['recordVisit', VISIT], ['publishNotice']] as const) {
      expect((await step(ts, a.id, name, input)).statusCode).toBe(200);
    }
    await elapseNotice(a.instanceId);
    expect((await step(ts, a.id, 'closeNotice')).statusCode).toBe(200);
    expect((await step(cs, a.id, 'approve')).json().code).toBe('WORKFLOW_LEVEL');
    const ok = await step(ts, a.id, 'approve');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ decision: 'approved', case: { state: 'enrolled' } });
    expect(await activeFrom(h.household.id, NEXT)).toHaveLength(1);
  });

  it('extends the 30-working-day limit once to 45, with a reason', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const a = await apply(h);
    const before = (await cw.get(`${API}/applications/${a.id}`)).json().case;
    expect(before.overallLimitDays).toBe(30);
    expect((await cw.post(`/api/v1/workflow-instances/${a.instanceId}/extend`, { reason: '' })).statusCode).toBe(422);
    const ext = await cw.post(`/api/v1/workflow-instances/${a.instanceId}/extend`, { reason: '申请人长期外出务工，入户调查需延期' });
    expect(ext.statusCode).toBe(200);
    expect(ext.json()).toMatchObject({ extended: true, overallLimitDays: 45, extensionReason: '申请人长期外出务工，入户调查需延期' });
    expect(ext.json().overallDueAt > before.overallDueAt).toBe(true);
    expect((await cw.post(`/api/v1/workflow-instances/${a.instanceId}/extend`, { reason: '再次延长' })).json().code).toBe('WORKFLOW_ALREADY_EXTENDED');
  });

  it('hands the open case to the new township when the household moves there', async () => {
    const h = await buildHousehold(p, HOME, 1);
    const res = await cw.post(`${API}/applications`, { ...complete(h), incomes: [], consents: [consentOf(h.head)] });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    await inTransaction(p.db, (tx) => movePerson(tx, p.registry, SYSTEM_ACTOR, h.head.id, { divisionCode: '140321101001', movedOn: TODAY }));
    await dispatchPending(p.db);
    expect((await cw.get(`${API}/applications/${a.id}`)).statusCode).toBe(404);
    const after = (await otherCw.get(`${API}/applications/${a.id}`)).json();
    expect(after).toMatchObject({ divisionCode: '140321101001', pendingTransfer: null, case: { state: 'accepted', divisionCode: '140321101001' } });
    expect((await step(otherCw, a.id, 'requestVerification')).statusCode).toBe(200);
    const inbox = await listInbox(p.db.orm, otherActor, { pageSize: 100 });
    expect(inbox.items.map((i) => i.instanceId)).toContain(a.instanceId);
    expect((await listInbox(p.db.orm, cwActor, { pageSize: 100 })).items.map((i) => i.instanceId)).not.toContain(a.instanceId);
    await dispatchPending(p.db);
    const audits = (await p.db.pool.query(`select count(*)::int n from kernel.audit_log where action = 'workflow.reroute' and entity_id = $1`, [String(a.instanceId)])).rows[0].n;
    expect(audits).toBe(1);
  });
});
