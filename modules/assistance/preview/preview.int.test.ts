// The standard-change preview on three approved households whose amounts are worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Role } from '#kernel';
import { buildHousehold, buildPlatform, buildUser } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { applications } from '../schema';

const URL = '/api/v1/assistance/standards/preview';
const PINGDING_VILLAGE = '140321100201'; // 平定县 冠山镇
const CHENGQU_VILLAGE = '140302001001'; // 城区 上站街道

let p: Platform;
let app: FastifyInstance;
let admin: Session; let county: Session; let caseworker: Session;
const ids: Record<'a' | 'b' | 'c', { applicationId: number; householdId: number }> = {} as never;

async function application(village: string, members: number, wageFen: number, decision: 'approved' | 'refused' = 'approved') {
  const h = await buildHousehold(p, village, members);
  const [row] = await p.db.orm.insert(applications).values({
    programme: 'dibao', householdId: h.household.id, applicantPersonId: h.head.id, applicantName: h.head.name, applicantIdMasked: 'x',
    divisionCode: village, urbanRural: 'rural', receivingDivisionCode: village.slice(0, 9), receivedByName: 'test',
    members: h.members.map((m) => ({ personId: m.id, name: m.name, idNumberMasked: 'x', age: 40, included: true })),
    incomes: wageFen ? [{ personId: h.head.id, kind: 'wage', monthlyFen: wageFen }] : [],
    assets: { financialFen: 0, vehicles: 0, extraHousing: 0 }, consents: [], documents: [], decision, fromMonth: '2020-01',
  }).returning();
  return { applicationId: row.id, householdId: row.householdId };
}

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const login = async (role: Role, code: string) => { const u = await buildUser(p, role, code); return signIn(app, u.username, u.password); };
  admin = await login('city_admin', '1403');
  county = await login('county_approver', '140321');
  caseworker = await login('township_caseworker', '140321100');
  // Rural standard in force for 2020-06: 41,800 fen per person and month.
  ids.a = await application(PINGDING_VILLAGE, 3, 60000); // 3 × 41,800 − 60,000 = 65,400
  ids.b = await application(CHENGQU_VILLAGE, 2, 0); //      2 × 41,800        = 83,600
  ids.c = await application(PINGDING_VILLAGE, 2, 100000); // 50,000 a head: not eligible either way
  await application(PINGDING_VILLAGE, 2, 0, 'refused'); // not a case
});
afterAll(async () => { await app?.close(); await p?.close(); });

const RAISE = { month: '2020-06', overrides: { 'dibao.standard.rural': 45000 } };

describe('POST /api/v1/assistance/standards/preview', () => {
  it('shows how many households change, by how much, and the new monthly total', async () => {
    const res = await admin.post(URL, { divisionCode: '1403', ...RAISE });
    expect(res.statusCode, res.body).toBe(200);
    // a: 3 × 45,000 − 60,000 = 75,000 (+9,600); b: 2 × 45,000 = 90,000 (+6,400); c: 0 → 0
    expect(res.json()).toMatchObject({
      divisionCode: '1403', month: '2020-06',
      households: 3, householdsChanged: 2, increase: 2, decrease: 0, unchanged: 1, newlyEligible: 0, noLongerEligible: 0,
      oldMonthlyTotalFen: 149000, newMonthlyTotalFen: 165000, deltaFen: 16000,
      byCounty: [
        { divisionCode: '140302', divisionName: '城区', households: 1, householdsChanged: 1, increase: 1, oldMonthlyTotalFen: 83600, newMonthlyTotalFen: 90000, deltaFen: 6400 },
        { divisionCode: '140321', divisionName: '平定县', households: 2, householdsChanged: 1, increase: 1, unchanged: 1, oldMonthlyTotalFen: 65400, newMonthlyTotalFen: 75000, deltaFen: 9600 },
      ],
      samples: [
        { ...ids.a, divisionCode: PINGDING_VILLAGE, oldMonthlyAmountFen: 65400, newMonthlyAmountFen: 75000, deltaFen: 9600 },
        { ...ids.b, divisionCode: CHENGQU_VILLAGE, oldMonthlyAmountFen: 83600, newMonthlyAmountFen: 90000, deltaFen: 6400 },
      ],
    });
    expect(res.json().samples).toHaveLength(2);
  });

  it('changes nothing: the calculator still uses the standard in force', async () => {
    const res = await admin.post(URL, { divisionCode: '1403', month: '2020-06', overrides: {} });
    expect(res.json()).toMatchObject({ households: 3, householdsChanged: 0, unchanged: 3, oldMonthlyTotalFen: 149000, newMonthlyTotalFen: 149000, deltaFen: 0, samples: [] });
  });

  it('lets a county approver preview their own county only', async () => {
    const own = await county.post(URL, { divisionCode: '140321', ...RAISE });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ households: 2, householdsChanged: 1, oldMonthlyTotalFen: 65400, newMonthlyTotalFen: 75000, deltaFen: 9600 });
    expect((await county.post(URL, { divisionCode: '1403', ...RAISE })).statusCode).toBe(403);
  });

  it('refuses a township caseworker', async () => {
    const res = await caseworker.post(URL, { divisionCode: '140321100', ...RAISE });
    expect(res.statusCode).toBe(403);
  });

  it('refuses an unknown key or a value in the wrong unit', async () => {
    const unknown = await admin.post(URL, { divisionCode: '1403', month: '2020-06', overrides: { 'registry.something': 1 } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('ASSISTANCE_PARAMETER_INVALID');
    const yuan = await admin.post(URL, { divisionCode: '1403', month: '2020-06', overrides: { 'dibao.standard.rural': 450.5 } });
    expect(yuan.statusCode).toBe(422);
  });
});
