// A move in the registry re-routes the household's cases: the new township's inbox gets the open case,
// the enrolled case and its entitlement follow to the new county's payroll from the first month
// neither county has signed; a member who leaves alone leaves a pending transfer on the old case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR, dispatchPending, inTransaction, listInbox, todayInChina, type Actor, type Role } from '#kernel';
import { movePerson } from '#registry';
import { listEntitlements, monthOf, nextMonth, runPayroll, signPayroll } from '#payments';
import { buildHousehold, buildPlatform, buildUser } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { electronicConsent, step, VERIFICATION, visit } from '../procedure.testing';

const HOME = '140321100201';
const OTHER_COUNTY_VILLAGE = '140302001001'; // 城区 上站街道
const OTHER_TOWNSHIP_VILLAGE = '140321101001'; // 平定县 冶西镇: the same county
const TODAY = todayInChina();
const NEXT = nextMonth(monthOf(TODAY));
const API = '/api/v1/assistance';

let p: Platform;
let app: FastifyInstance;
const s: Record<string, Session> = {};
const a: Record<string, Actor> = {};

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  for (const [k, role, code] of [['cw', 'township_caseworker', '140321100'], ['county', 'county_approver', '140321'], ['otherCw', 'township_caseworker', '140302001'], ['otherCounty', 'county_approver', '140302'], ['nextCw', 'township_caseworker', '140321101']] as [string, Role, string][]) {
    a[k] = await buildUser(p, role, code);
    s[k] = await signIn(app, a[k].username, (a[k] as Actor & { password: string }).password);
  }
});
afterAll(async () => { await app?.close(); await p?.close(); });

type Household = Awaited<ReturnType<typeof buildHousehold>>;
const dibao = (h: Household) => ({
  programme: 'dibao', householdId: h.household.id, applicantPersonId: h.head.id,
  members: h.members.map((m) => ({ personId: m.id, included: true })), incomes: [],
  consents: h.members.slice(0, 2).map(electronicConsent),
  documents: ['application_form', 'household_register', 'id_cards', 'income_statement'].map((code) => ({ code })),
});
async function enrolled(h: Household) {
  const res = await s.cw.post(`${API}/applications`, dibao(h));
  expect(res.statusCode, res.body).toBe(201);
  const { id, instanceId } = res.json();
  for (const [name, input] of [['requestVerification'], ['attachReport', VERIFICATION], ['recordVisit', visit(TODAY)], ['publishNotice']] as const) {
    expect((await step(s.cw, id, name, input)).statusCode).toBe(200);
  }
  await p.db.pool.query(`update kernel.workflow_instances set due_at = '2000-01-01' where id = $1`, [instanceId]);
  expect((await step(s.cw, id, 'closeNotice')).statusCode).toBe(200);
  const ok = await step(s.county, id, 'approve');
  expect(ok.statusCode, ok.body).toBe(200);
  return { id: id as number, instanceId: instanceId as number };
}
const move = async (personId: number, divisionCode: string) => {
  await inTransaction(p.db, (tx) => movePerson(tx, p.registry, SYSTEM_ACTOR, personId, { divisionCode, movedOn: TODAY }));
  await dispatchPending(p.db);
};
const active = async (householdId: number) => (await listEntitlements(p.db.orm, SYSTEM_ACTOR, householdId)).filter((e) => !e.withdrawnAt);

describe('a household moves', () => {
  it('an open case goes to the new county\'s township inbox, and leaves the old one', async () => {
    const h = await buildHousehold(p, HOME, 1);
    const res = await s.cw.post(`${API}/applications`, { ...dibao(h), consents: [electronicConsent(h.head)] });
    const { id, instanceId } = res.json();
    await move(h.head.id, OTHER_COUNTY_VILLAGE);
    expect((await s.cw.get(`${API}/applications/${id}`)).statusCode).toBe(404);
    const there = (await s.otherCw.get(`${API}/applications/${id}`)).json();
    expect(there).toMatchObject({ divisionCode: OTHER_COUNTY_VILLAGE, urbanRural: 'urban', case: { divisionCode: OTHER_COUNTY_VILLAGE, state: 'accepted' } });
    expect(there.case.history.map((e: { name: string }) => e.name)).toEqual(['start', 'reroute']);
    expect((await listInbox(p.db.orm, a.otherCw, { pageSize: 200 })).items.map((i) => i.instanceId)).toContain(instanceId);
    expect((await listInbox(p.db.orm, a.cw, { pageSize: 200 })).items.map((i) => i.instanceId)).not.toContain(instanceId);
  });

  it('an enrolled household\'s entitlement follows to the new county from the month it starts, once', async () => {
    const h = await buildHousehold(p, HOME, 1);
    const e = await enrolled(h);
    const before = await active(h.household.id);
    expect(before.map((x) => [x.divisionCode, x.fromMonth])).toEqual([[HOME, NEXT]]);
    await move(h.head.id, OTHER_COUNTY_VILLAGE);
    const after = await active(h.household.id);
    expect(after.map((x) => [x.programme, x.divisionCode, x.fromMonth, x.toMonth, x.monthlyAmountFen])).toEqual([['dibao', OTHER_COUNTY_VILLAGE, NEXT, null, before[0].monthlyAmountFen]]);
    expect((await s.otherCounty.get(`${API}/applications/${e.id}`)).json()).toMatchObject({ decision: 'approved', divisionCode: OTHER_COUNTY_VILLAGE });
    await dispatchPending(p.db);
    expect((await listEntitlements(p.db.orm, SYSTEM_ACTOR, h.household.id)).length).toBe(2);
  });

  it('within the county, an enrolled case goes to the new township\'s inbox and its entitlement stays on the same payroll', async () => {
    const h = await buildHousehold(p, HOME, 1);
    const e = await enrolled(h);
    const all = async () => (await listEntitlements(p.db.orm, SYSTEM_ACTOR, h.household.id)).map((x) => [x.id, x.programme, x.divisionCode, x.fromMonth, x.toMonth, x.monthlyAmountFen, x.withdrawnAt]);
    const before = await all();
    expect(before).toHaveLength(1);
    await move(h.head.id, OTHER_TOWNSHIP_VILLAGE);
    expect(await all()).toEqual(before);
    const there = (await s.nextCw.get(`${API}/applications/${e.id}`)).json();
    expect(there).toMatchObject({ decision: 'approved', divisionCode: OTHER_TOWNSHIP_VILLAGE, case: { divisionCode: OTHER_TOWNSHIP_VILLAGE, state: 'enrolled' } });
    expect(there.case.history.map((x: { name: string }) => x.name).at(-1)).toBe('reroute');
    expect((await s.cw.get(`${API}/applications/${e.id}`)).statusCode).toBe(404);
    expect((await s.county.get(`${API}/applications/${e.id}`)).statusCode).toBe(200);
  });

  it('within the county, an open case goes to the new township\'s inbox', async () => {
    const h = await buildHousehold(p, HOME, 1);
    const { instanceId } = (await s.cw.post(`${API}/applications`, { ...dibao(h), consents: [electronicConsent(h.head)] })).json();
    await move(h.head.id, OTHER_TOWNSHIP_VILLAGE);
    expect((await listInbox(p.db.orm, a.nextCw, { pageSize: 200 })).items.map((i) => i.instanceId)).toContain(instanceId);
    expect((await listInbox(p.db.orm, a.cw, { pageSize: 200 })).items.map((i) => i.instanceId)).not.toContain(instanceId);
    expect(await listEntitlements(p.db.orm, SYSTEM_ACTOR, h.household.id)).toEqual([]);
  });

  it('a member who leaves alone leaves a pending transfer on the household\'s case, which stays', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const res = await s.cw.post(`${API}/applications`, dibao(h));
    const { id } = res.json();
    await move(h.members[1].id, '140321101001');
    const after = (await s.cw.get(`${API}/applications/${id}`)).json();
    expect(after).toMatchObject({ divisionCode: HOME, pendingTransfer: { personId: h.members[1].id, toDivisionCode: '140321101001', wholeHousehold: false, open: true } });
  });

  it('after the old county signed next month\'s payroll, the entitlement moves from the month after', async () => {
    const h = await buildHousehold(p, HOME, 1);
    await enrolled(h);
    const run = await runPayroll(p.db, SYSTEM_ACTOR, { month: NEXT, countyCode: '140321' });
    await inTransaction(p.db, (tx) => signPayroll(tx, SYSTEM_ACTOR, run.runId));
    await move(h.head.id, OTHER_COUNTY_VILLAGE);
    const after = await active(h.household.id);
    expect(after.map((x) => [x.divisionCode, x.fromMonth, x.toMonth]).sort()).toEqual([
      [OTHER_COUNTY_VILLAGE, nextMonth(NEXT), null],
      [HOME, NEXT, NEXT],
    ]);
  });
});
