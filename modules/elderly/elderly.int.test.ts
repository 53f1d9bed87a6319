import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR, dispatchPending, inTransaction, todayInChina } from '#kernel';
import { createHousehold, createPerson, recordDeath } from '#registry';
import { setEntitlement } from '#payments';
import { buildPlatform, buildUser, personInput } from '../../test/factories';
import { buildTestApp, signIn, type Session } from '../../test/http';
import type { Platform } from '../../apps/server/src/platform';
import { ITEMS } from './assessment/items';

let p: Platform;
let app: FastifyInstance;
let caseworker: Session;
let otherTownship: Session;
let county: Session;

const VILLAGE = '140321100201';
const today = todayInChina();
const yearsAgo = (n: number, md = '03-15') => `${Number(today.slice(0, 4)) - n}-${md}`;

/** A person living alone in their own household. */
async function loner(name: string, birthDate: string) {
  return inTransaction(p.db, async (tx) => {
    const person = await createPerson(tx, p.registry, SYSTEM_ACTOR, personInput({ name, divisionCode: VILLAGE, birthDate }));
    const household = await createHousehold(tx, p.registry, SYSTEM_ACTOR, { headPersonId: person.id, formedOn: '2000-01-01' });
    return { person, household };
  });
}

const full = () => Object.fromEntries(ITEMS.map((i) => [i.key, i.max]));
const noEvents = { fall: 0, choking: 0, selfHarm: 0, wandering: 0, other: 0 };
const auditCount = async () => Number((await p.db.pool.query('select count(*) from kernel.audit_log')).rows[0].count);

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const u = await buildUser(p, 'township_caseworker', '140321100');
  caseworker = await signIn(app, u.username, u.password);
  const o = await buildUser(p, 'township_caseworker', '140321101');
  otherTownship = await signIn(app, o.username, o.password);
  const c = await buildUser(p, 'county_approver', '140321');
  county = await signIn(app, c.username, c.password);
});
afterAll(async () => { await app?.close(); await p?.close(); });

describe('POST /api/v1/elderly/assessments/score', () => {
  it('scores the issue example shape without saving', async () => {
    const before = await auditCount();
    const answers = { ...full(), eating: 2, bathing: 1, walking: 2, memory: 1 };
    const res = await caseworker.post('/api/v1/elderly/assessments/score', { answers, dementia: true, psychiatricDiagnosis: false, riskEvents30d: noEvents, coma: false });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ subtotals: { selfCare: 27, motor: 13, mental: 25, perception: 15 }, total: 80, initialLevel: 1, level: 2 });
    expect(res.json().adjustments).toHaveLength(1);
    expect(await auditCount()).toBe(before);
  });

  it('refuses a missing item and an out-of-range answer, naming each', async () => {
    const answers: Record<string, number> = { ...full(), stairs: 4 };
    delete answers.hearing;
    const res = await caseworker.post('/api/v1/elderly/assessments/score', { answers, dementia: false, psychiatricDiagnosis: false, riskEvents30d: noEvents, coma: false });
    expect(res.statusCode).toBe(422);
    const errors = res.json().errors as { field: string; message: string }[];
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'answers.stairs', message: expect.stringContaining('上下楼梯') }),
      expect.objectContaining({ field: 'answers.hearing', message: expect.stringContaining('听力') }),
    ]));
  });

  it('enumerates the 26 item keys and their maxima in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const body = doc.paths['/api/v1/elderly/assessments/score'].post.requestBody.content['application/json'].schema;
    const props = body.properties.answers.properties;
    expect(Object.keys(props)).toEqual(ITEMS.map((i) => i.key));
    expect(props.stairs.maximum).toBe(3);
    expect(props.consciousness.maximum).toBe(2);
    expect(body.properties.answers.required).toHaveLength(26);
  });
});

describe('assessment → care-subsidy proposal → confirmation → payment → death', () => {
  it('runs through the workflow and payments', async () => {
    const { person, household } = await loner('赵桂兰', yearsAgo(82));
    await inTransaction(p.db, (tx) => setEntitlement(tx, SYSTEM_ACTOR, {
      programme: 'tekun', householdId: household.id, divisionCode: VILLAGE, monthlyAmountFen: 55900, fromMonth: '2020-01',
      reason: '测试：分散供养特困', sourceType: 'test', sourceId: 1,
    }));
    const answers = { ...full(), eating: 1, grooming: 1, bathing: 0, dressingUpper: 1, dressingLower: 0, toileting: 1, bedChairTransfer: 1, walking: 1, stairs: 0 };
    const saved = await caseworker.post('/api/v1/elderly/assessments', {
      personId: person.id, assessedOn: today, reason: 'first', assessors: [{ name: '李评估' }, { name: '王评估' }],
      answers, dementia: false, psychiatricDiagnosis: false, riskEvents30d: noEvents, coma: false,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ level: 2, levelLabel: '中度失能' });
    const history = (await caseworker.get(`/api/v1/elderly/persons/${person.id}/assessments`)).json();
    expect(history).toHaveLength(1);
    const report = await caseworker.get(`/api/v1/elderly/assessments/${saved.json().id}/report`);
    expect(report.body).toContain('中度失能');

    await dispatchPending(p.db);
    const proposals = (await caseworker.get('/api/v1/elderly/subsidies/proposals?status=proposed')).json().rows
      .filter((r: { personId: number }) => r.personId === person.id);
    expect(proposals.map((r: { programme: string }) => r.programme).sort()).toEqual(['elderly_care', 'elderly_longevity', 'elderly_service']);
    const careProposal = proposals.find((r: { programme: string }) => r.programme === 'elderly_care');
    expect(careProposal.monthlyAmountFen).toBe(10000);

    const confirmed = await county.post(`/api/v1/workflow-instances/${careProposal.instanceId}/transitions/confirm`, { input: {} });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().state).toBe('confirmed');
    const periods = await p.db.pool.query(`select * from payments.entitlement_periods where person_id = $1 and programme = 'elderly_care'`, [person.id]);
    expect(periods.rows).toHaveLength(1);
    expect(Number(periods.rows[0].monthly_amount_fen)).toBe(10000);

    // the township of another village sees none of it
    expect((await otherTownship.get(`/api/v1/elderly/persons/${person.id}`)).statusCode).toBe(404);

    await inTransaction(p.db, (tx) => recordDeath(tx, p.registry, SYSTEM_ACTOR, person.id, today));
    await dispatchPending(p.db);
    const after = await p.db.pool.query(`select programme, status from elderly.subsidy_proposals where person_id = $1 order by programme`, [person.id]);
    expect(after.rows).toEqual([
      { programme: 'elderly_care', status: 'stopped' }, { programme: 'elderly_longevity', status: 'rejected' }, { programme: 'elderly_service', status: 'rejected' },
    ]);
    const stopped = await p.db.pool.query(`select to_month from payments.entitlement_periods where person_id = $1 and programme = 'elderly_care'`, [person.id]);
    // paid from the month after confirmation, so a death this month withdraws the period before it began
    expect(stopped.rows).toEqual([]);
    const withdrawn = await p.db.pool.query(`select stop_reason from payments.entitlements where person_id = $1 and programme = 'elderly_care'`, [person.id]);
    expect(withdrawn.rows[0].stop_reason).toContain('死亡');
  });
});

describe('the elderly register', () => {
  it('lists residents aged 60 or more in scope, with their flags, and not younger ones', async () => {
    const old = await loner('钱老汉', yearsAgo(75));
    const young = await loner('钱青年', yearsAgo(59, '01-01').replace(/-01-01$/, `-${today.slice(5)}`));
    const set = await caseworker.post(`/api/v1/elderly/persons/${old.person.id}/profile`, undefined);
    expect(set.statusCode).toBe(404); // PUT only
    const put = await app.inject({ method: 'PUT', url: `/api/v1/elderly/persons/${old.person.id}/profile`, headers: { cookie: caseworker.cookie },
      payload: { livingSituation: 'alone', familyPlanningSpecial: true, carers: [{ name: '钱小军', relation: '儿子', phone: '13800138000' }] } });
    expect(put.statusCode).toBe(200);
    const list = (await caseworker.get('/api/v1/elderly/register?q=钱&pageSize=100')).json();
    const names = list.rows.map((r: { name: string }) => r.name);
    expect(names).toContain('钱老汉');
    expect(names).not.toContain('钱青年');
    const row = list.rows.find((r: { name: string }) => r.name === '钱老汉');
    expect(row).toMatchObject({ livingSituation: 'alone', flags: ['familyPlanningSpecial'], age: 75 });
    expect(row.idNumber).toMatch(/\*{8}/);
    const alone = (await caseworker.get('/api/v1/elderly/register?livingSituation=alone&q=钱')).json();
    expect(alone.total).toBe(1);
    expect((await otherTownship.get('/api/v1/elderly/register?q=钱')).json().total).toBe(0);
    expect(young.person.id).toBeGreaterThan(0);
  });
});
