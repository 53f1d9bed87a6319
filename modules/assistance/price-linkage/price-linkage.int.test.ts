import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR, inTransaction } from '#kernel';
import { listEntitlements, runPayroll, setEntitlement } from '#payments';
import { applications } from '../schema';
import { buildPlatform, buildUser } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import { linesOf, payee } from '../../payments/payments.testing';
import type { Platform } from '../../../apps/server/src/platform';
import { enrolledHousehold } from './enrolled.testing';
import { permilleOf, ratioOfPermille } from './price-linkage.service';

const API = '/api/v1/assistance';
let p: Platform;
let app: FastifyInstance;
let admin: Session;
let caseworker: Session;
let three: Awaited<ReturnType<typeof enrolledHousehold>>;
let urbanOne: Awaited<ReturnType<typeof enrolledHousehold>>;
let notEnrolled: Awaited<ReturnType<typeof payee>>;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const a = await buildUser(p, 'city_admin', '1403');
  admin = await signIn(app, a.username, a.password);
  const c = await buildUser(p, 'township_caseworker', '140321100');
  caseworker = await signIn(app, c.username, c.password);
  three = await enrolledHousehold(p, { decidedAt: new Date('2021-12-20T02:00:00Z'), monthlyFen: 65400, fromMonth: '2022-01' });
  urbanOne = await enrolledHousehold(p, { decidedAt: new Date('2021-12-20T02:00:00Z'), monthlyFen: 30000, fromMonth: '2022-01', members: 1, ages: [70], urbanRural: 'urban' });
  notEnrolled = await payee(p, '140321100201', 2);
});
afterAll(async () => { await app?.close(); await p?.close(); });

const record = (month: string, cpiPercent: string | number, foodCpiPercent: string | number = '1.0') =>
  admin.post(`${API}/price-index`, { month, cpiPercent, foodCpiPercent, source: '阳泉市统计局' });
const run = (month: string, s = admin) => s.post(`${API}/price-linkage/${month}/run`, {});
const linkage = async (householdId: number) => (await listEntitlements(p.db.orm, SYSTEM_ACTOR, householdId)).filter((e) => e.programme === 'price_linkage' && !e.withdrawnAt);

describe('per-mille indices', () => {
  it('stores percent text as whole per mille, never floats', () => {
    expect(permilleOf('3.5')).toBe(35);
    expect(permilleOf(3.4)).toBe(34);
    expect(permilleOf('-0.8')).toBe(-8);
    expect(permilleOf('3.45')).toBeNull();
    expect(ratioOfPermille(35)).toBe('0.035');
    expect(ratioOfPermille(-8)).toBe('-0.008');
    expect(ratioOfPermille(1234)).toBe('1.234');
  });
});

describe('price-linkage subsidy', () => {
  it('records an index only for the city administrator, audited', async () => {
    expect((await caseworker.post(`${API}/price-index`, { month: '2022-04', cpiPercent: '3.6', foodCpiPercent: '1' })).statusCode).toBe(403);
    const bad = await record('2022-04', '3.55');
    expect(bad.statusCode).toBe(422);
    const res = await record('2022-05', '3.4');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ cpiPermille: 34, foodCpiPermille: 10, changed: true });
    const { rows } = await p.db.pool.query(`select count(*)::int n from kernel.audit_log where action = 'assistance.price_index.recorded'`);
    expect(rows[0].n).toBe(1);
  });

  it('is not triggered at CPI 3.4 %, saying which thresholds were not met, and writes nothing', async () => {
    const res = await run('2022-05');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.triggered).toBe(false);
    expect(body.message).toContain('3.4%');
    expect(body.message).toContain('未达到启动条件 3.5%');
    expect(body.message).toContain('未达到启动条件 6%');
    expect(await linkage(three.householdId)).toEqual([]);
  });

  it('refuses a month without an index, and a township caseworker', async () => {
    expect((await run('2022-03')).json().code).toBe('PRICE_INDEX_MISSING');
    await record('2022-06', '3.5');
    expect((await run('2022-06', caseworker)).statusCode).toBe(403);
  });

  it('is triggered at exactly 3.5 %: 470 × 3.5 % = 16.45 → 16 yuan each, 48 yuan for a household of 3', async () => {
    const res = await run('2022-06');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ triggered: true, index: 'cpi', rise: '0.035', households: 2, persons: 4, totalFen: 4800 + 2200, changed: 2, revision: 1 });
    const month = (await admin.get(`${API}/price-linkage/2022-06`)).json();
    const mine = month.households.find((h: { householdId: number }) => h.householdId === three.householdId);
    expect(mine).toMatchObject({ amountFen: 4800, divisionCode: '140321100201' });
    expect(mine.persons.map((x: { amountFen: number }) => x.amountFen)).toEqual([1600, 1600, 1600]);
    // urban single person: 620 × 3.5 % = 21.7 → 22 yuan
    expect(month.households.find((h: { householdId: number }) => h.householdId === urbanOne.householdId)).toMatchObject({ amountFen: 2200 });
    expect(month.households.some((h: { householdId: number }) => h.householdId === notEnrolled.householdId)).toBe(false);
    expect(month.index).toMatchObject({ cpiPercent: '3.5', foodCpiPercent: '1.0' });
  });

  it('writes one-off entitlements for that month only, which join that month’s payroll and no other', async () => {
    const rows = await linkage(three.householdId);
    expect(rows).toEqual([expect.objectContaining({ fromMonth: '2022-06', toMonth: '2022-06', monthlyAmountFen: 4800, personId: null, sourceType: 'price_linkage.trigger', sourceId: '2022-06' })]);
    const june = await runPayroll(p.db, SYSTEM_ACTOR, { month: '2022-06', countyCode: '140321' });
    const july = await runPayroll(p.db, SYSTEM_ACTOR, { month: '2022-07', countyCode: '140321' });
    const of = (lines: Awaited<ReturnType<typeof linesOf>>) => lines.filter((l) => l.household_id === three.householdId && l.programme === 'price_linkage' && l.amount_fen > 0);
    expect(of(await linesOf(p, june.runId)).map((l) => l.amount_fen)).toEqual([4800]);
    expect(of(await linesOf(p, july.runId))).toEqual([]);
  });

  it('is idempotent: a rerun changes nothing in payments', async () => {
    const before = (await listEntitlements(p.db.orm, SYSTEM_ACTOR, three.householdId)).length;
    const res = await run('2022-06');
    expect(res.json()).toMatchObject({ triggered: true, households: 2, totalFen: 7000, changed: 0, revision: 2 });
    expect((await listEntitlements(p.db.orm, SYSTEM_ACTOR, three.householdId)).length).toBe(before);
    expect((await admin.get(`${API}/price-linkage/2022-06`)).json().households).toHaveLength(2);
  });

  it('refuses to change the index of a month already run', async () => {
    expect((await record('2022-06', '3.8')).json().code).toBe('PRICE_LINKAGE_ALREADY_RUN');
    expect((await record('2022-06', '3.5')).json()).toMatchObject({ changed: false });
  });

  it('uses the lowered 3.0 % threshold from 2022-09 to 2023-03, and 3.5 % again after', async () => {
    await record('2022-10', '3.0');
    const lowered = (await run('2022-10')).json();
    expect(lowered).toMatchObject({ triggered: true, rise: '0.030' });
    expect((await admin.get(`${API}/price-linkage/2022-10`)).json().households.find((h: { householdId: number }) => h.householdId === three.householdId).amountFen).toBe(3 * 1400); // 470 × 3 % = 14.1 → 14
    await record('2023-05', '3.0');
    const after = (await run('2023-05')).json();
    expect(after.triggered).toBe(false);
    expect(after.message).toContain('未达到启动条件 3.5%');
    expect((await linkage(three.householdId)).map((e) => e.fromMonth).sort()).toEqual(['2022-06', '2022-10']);
  });

  it('exports the month as a workbook', async () => {
    const res = await admin.get(`${API}/price-linkage/2022-06.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['x-export-rows']).toBe('2');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('tekun persons', () => {
  it('covers each supported person of a household of two tekun persons, each with their own entitlements', async () => {
    const pair = await payee(p, '140321100201', 2);
    for (const m of pair.members) {
      const [app] = await p.db.orm.insert(applications).values({
        programme: 'tekun', householdId: pair.householdId, applicantPersonId: m.id, applicantName: m.name, applicantIdMasked: '140321********0011',
        divisionCode: '140321100201', urbanRural: 'rural', receivingDivisionCode: '140321100', receivedByName: '窗口',
        members: pair.members.map((x) => ({ personId: x.id, name: x.name, idNumberMasked: 'x', age: 75, included: true })), incomes: [], assets: {}, consents: [], documents: [],
        decision: 'approved', decidedAt: new Date('2023-07-20T02:00:00Z'), fromMonth: '2023-08',
      }).returning();
      await inTransaction(p.db, async (tx) => {
        for (const [programme, fen] of [['tekun', 61667], ['tekun_care', 18800]] as const) {
          await setEntitlement(tx, SYSTEM_ACTOR, { programme, householdId: pair.householdId, personId: m.id, divisionCode: '140321100201', monthlyAmountFen: fen, fromMonth: '2023-08', reason: '特困人员认定', sourceType: 'assistance_application', sourceId: app.id });
        }
      });
    }
    await record('2023-09', '3.5');
    expect((await run('2023-09')).statusCode).toBe(200);
    const mine = (await admin.get(`${API}/price-linkage/2023-09`)).json().households.find((h: { householdId: number }) => h.householdId === pair.householdId);
    expect(mine.persons.map((x: { personId: number; group: string }) => [x.personId, x.group]).sort()).toEqual(pair.members.map((m) => [m.id, 'tekun']).sort());
    expect(mine.amountFen).toBe(2 * mine.persons[0].amountFen);
  });
});
