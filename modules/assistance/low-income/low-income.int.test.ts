// The low-income register: recognition with its calculation, refusals that change nothing, renewal,
// cancellation, jurisdiction, the list's filters and export, and the service monitoring will call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { inTransaction, SYSTEM_ACTOR, type Actor } from '#kernel';
import { buildHousehold, buildPlatform, buildUser } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import {
  cancelRecognition, getRecognition, listNearDibaoHouseholds, listRecognitions, recogniseHousehold, renewRecognition, type LowIncomeDeps,
} from './low-income.service';
import type { RecognitionInput } from './low-income.schemas';

let p: Platform;
let app: FastifyInstance;
let caseworker: Actor;
let elsewhere: Actor;
let leaderSession: Session;
let caseworkerSession: Session;
const on = (today: string): LowIncomeDeps => ({ get divisions() { return p.divisions; }, today: () => today });
const JUNE = on('2020-06-15');
const audits = async (action: string) => (await p.db.pool.query(`select count(*)::int n from kernel.audit_log where action = $1`, [action])).rows[0].n as number;
const count = async () => (await p.db.pool.query(`select count(*)::int n from assistance.low_income_recognitions`)).rows[0].n as number;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  caseworker = await buildUser(p, 'township_caseworker', '140321100');
  elsewhere = await buildUser(p, 'township_caseworker', '140321101');
  const l = await buildUser(p, 'leader', '1403');
  leaderSession = await signIn(app, l.username, l.password);
  const c = caseworker as Actor & { password: string };
  caseworkerSession = await signIn(app, c.username, c.password);
});
afterAll(async () => { await app?.close(); await p?.close(); });

const nearDibao = (householdId: number, headId: number, monthlyFen: number): RecognitionInput => ({
  category: 'near_dibao', householdId, incomes: [{ personId: headId, kind: 'wage', monthlyFen }], assets: { financialFen: 0, vehicles: 0, extraHousing: 0 },
});
const recognise = (input: RecognitionInput, deps = JUNE, actor = caseworker) => inTransaction(p.db, (tx) => recogniseHousehold(tx, deps, actor, input));

describe('recognising a near-dibao household (2020 rural standard 418 yuan, multiple 1.5)', () => {
  it('recognises a household of three at 500 yuan a head, valid 12 months, with the calculation, audited', async () => {
    const h = await buildHousehold(p);
    const row = await recognise(nearDibao(h.household.id, h.head.id, 150_000));
    expect(row).toMatchObject({ category: 'near_dibao', persons: 3, perCapitaIncomeFen: 50_000, validFrom: '2020-06-15', validTo: '2021-06-14', status: 'active' });
    const detail = await getRecognition(p.db.orm, JUNE, caseworker, row.id);
    const texts = (detail.calculation as { explanation: { text: string }[] }).explanation.map((s) => s.text);
    expect(texts.some((t) => t.includes('适用农村低保标准 418 元'))).toBe(true);
    expect(texts.some((t) => t.includes('属于低保边缘家庭'))).toBe(true);
    expect(await audits('assistance.low_income.recognised')).toBeGreaterThanOrEqual(1);
  });

  it('refuses a household below the standard (it belongs on dibao) and one at 1.5 ×, writing nothing', async () => {
    const h = await buildHousehold(p);
    const before = await count();
    await expect(recognise(nearDibao(h.household.id, h.head.id, 3 * 41_800 - 1))).rejects.toMatchObject({ code: 'LOW_INCOME_SHOULD_APPLY_DIBAO', status: 422 });
    await expect(recognise(nearDibao(h.household.id, h.head.id, 3 * 62_700))).rejects.toMatchObject({ code: 'LOW_INCOME_NOT_ELIGIBLE' });
    expect(await count()).toBe(before);
  });

  it('refuses an income of someone outside the household, and a second recognition of the same category', async () => {
    const h = await buildHousehold(p);
    const other = await buildHousehold(p);
    await expect(recognise(nearDibao(h.household.id, other.head.id, 150_000))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await recognise(nearDibao(h.household.id, h.head.id, 150_000));
    await expect(recognise(nearDibao(h.household.id, h.head.id, 150_000))).rejects.toMatchObject({ code: 'LOW_INCOME_ALREADY_RECOGNISED', status: 409 });
  });

  it('answers 404 to a caseworker of another township and refuses a leader', async () => {
    const h = await buildHousehold(p);
    await expect(recognise(nearDibao(h.household.id, h.head.id, 150_000), JUNE, elsewhere)).rejects.toMatchObject({ status: 404 });
    const leader = await buildUser(p, 'leader', '1403');
    await expect(recognise(nearDibao(h.household.id, h.head.id, 150_000), JUNE, leader)).rejects.toMatchObject({ status: 403 });
    const row = await recognise(nearDibao(h.household.id, h.head.id, 150_000));
    await expect(getRecognition(p.db.orm, JUNE, elsewhere, row.id)).rejects.toMatchObject({ status: 404 });
    const theirs = await listRecognitions(p.db.orm, JUNE, elsewhere, { page: 1, pageSize: 50 });
    expect(theirs.items.find((r) => r.id === row.id)).toBeUndefined();
  });
});

describe('rigid-expense households', () => {
  it('recognises a household whose medical bills exceed 70 % of a low income', async () => {
    const h = await buildHousehold(p);
    const row = await recognise({
      category: 'rigid_expense', householdId: h.household.id, incomeLast12MonthsFen: 3_000_000,
      spending: { medicalFen: 2_000_000, educationFen: 200_000, rehabilitationFen: 0 }, perCapitaDisposableIncomeLastYearFen: 2_500_000,
    });
    expect(row).toMatchObject({ category: 'rigid_expense', validFrom: '2020-06-15', validTo: '2021-06-14' });
  });

  it('refuses spending of 70 % exactly', async () => {
    const h = await buildHousehold(p);
    await expect(recognise({
      category: 'rigid_expense', householdId: h.household.id, incomeLast12MonthsFen: 3_000_000,
      spending: { medicalFen: 2_100_000, educationFen: 0, rehabilitationFen: 0 }, perCapitaDisposableIncomeLastYearFen: 2_500_000,
    })).rejects.toMatchObject({ code: 'LOW_INCOME_NOT_ELIGIBLE' });
  });
});

describe('renewal, cancellation and the register', () => {
  it('renews only from 30 days before the end, for the next period, and keeps the previous one', async () => {
    const h = await buildHousehold(p);
    const row = await recognise(nearDibao(h.household.id, h.head.id, 150_000));
    const facts = { category: 'near_dibao' as const, incomes: [{ personId: h.head.id, kind: 'wage' as const, monthlyFen: 160_000 }] };
    await expect(inTransaction(p.db, (tx) => renewRecognition(tx, on('2021-05-01'), caseworker, row.id, facts))).rejects.toMatchObject({ code: 'LOW_INCOME_NOT_DUE' });
    const renewed = await inTransaction(p.db, (tx) => renewRecognition(tx, on('2021-06-01'), caseworker, row.id, facts, row.version));
    expect(renewed).toMatchObject({ validFrom: '2021-06-15', validTo: '2022-06-14', perCapitaIncomeFen: 53_333, version: 2 });
    expect(renewed.renewals).toEqual([expect.objectContaining({ previousValidFrom: '2020-06-15', previousValidTo: '2021-06-14' })]);
    await expect(inTransaction(p.db, (tx) => renewRecognition(tx, on('2022-06-01'), caseworker, row.id, facts, 1))).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
  });

  it('cancels with a reason only; the cancelled stay on record and leave the valid list', async () => {
    const h = await buildHousehold(p);
    const row = await recognise(nearDibao(h.household.id, h.head.id, 150_000));
    await expect(inTransaction(p.db, (tx) => cancelRecognition(tx, caseworker, row.id, ' '))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const cancelled = await inTransaction(p.db, (tx) => cancelRecognition(tx, caseworker, row.id, '家庭收入增加，超过低保边缘标准'));
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '家庭收入增加，超过低保边缘标准' });
    const active = await listRecognitions(p.db.orm, JUNE, caseworker, { page: 1, pageSize: 200 });
    expect(active.items.find((r) => r.id === row.id)).toBeUndefined();
    const gone = await listRecognitions(p.db.orm, JUNE, caseworker, { validity: 'cancelled', page: 1, pageSize: 200 });
    expect(gone.items.find((r) => r.id === row.id)).toMatchObject({ validity: 'cancelled' });
    // A cancelled recognition does not block a new one.
    await expect(recognise(nearDibao(h.household.id, h.head.id, 150_000))).resolves.toMatchObject({ status: 'active' });
    expect(await audits('assistance.low_income.cancelled')).toBeGreaterThanOrEqual(1);
  });

  it('filters by validity and category, and gives monitoring the valid near-dibao households of a day', async () => {
    const h = await buildHousehold(p, '140321100202');
    const row = await recognise(nearDibao(h.household.id, h.head.id, 150_000));
    const list = (validity: 'valid' | 'expiring' | 'expired', today: string) =>
      listRecognitions(p.db.orm, on(today), caseworker, { validity, category: 'near_dibao', divisionCode: '140321100202', page: 1, pageSize: 50 });
    expect((await list('valid', '2020-07-01')).items.map((r) => r.id)).toEqual([row.id]);
    expect((await list('expiring', '2020-07-01')).total).toBe(0);
    expect((await list('expiring', '2021-06-01')).items.map((r) => r.id)).toEqual([row.id]);
    expect((await list('expired', '2021-06-15')).items.map((r) => r.id)).toEqual([row.id]);
    const valid = await listNearDibaoHouseholds(p.db.orm, SYSTEM_ACTOR, { on: '2021-06-14', divisionCode: '140321100202' });
    expect(valid).toEqual([expect.objectContaining({ householdId: h.household.id, persons: 3, perCapitaIncomeFen: 50_000, validTo: '2021-06-14' })]);
    expect(await listNearDibaoHouseholds(p.db.orm, SYSTEM_ACTOR, { on: '2021-06-15', divisionCode: '140321100202' })).toEqual([]);
    expect(await listNearDibaoHouseholds(p.db.orm, elsewhere, { on: '2021-01-01' })).toEqual([]);
  });
});

describe('over HTTP', () => {
  it('assesses, recognises, lists and exports; a leader reads but cannot recognise', async () => {
    const h = await buildHousehold(p, '140321100203');
    const body = nearDibao(h.household.id, h.head.id, 3 * 60_000);
    const assessed = await caseworkerSession.post('/api/v1/assistance/low-income/assess', body);
    expect(assessed.statusCode, assessed.body).toBe(200);
    expect(assessed.json()).toMatchObject({ eligible: true, category: 'near_dibao', persons: 3 });
    expect((await leaderSession.post('/api/v1/assistance/low-income', body)).statusCode).toBe(403);
    const created = await caseworkerSession.post('/api/v1/assistance/low-income', body);
    expect(created.statusCode, created.body).toBe(201);
    const list = await leaderSession.get('/api/v1/assistance/low-income?divisionCode=140321100203');
    expect(list.json()).toMatchObject({ total: 1, items: [{ householdId: h.household.id, categoryName: '低保边缘家庭', validity: 'valid' }] });
    const file = await caseworkerSession.get('/api/v1/assistance/low-income.xlsx?divisionCode=140321100203');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(file.headers['x-export-rows']).toBe('1');
    const mine = await caseworkerSession.get(`/api/v1/assistance/households/${h.household.id}/low-income`);
    expect(mine.json()).toHaveLength(1);
  });
});
