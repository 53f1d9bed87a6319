// Home services end to end: catalogue, provider, orders through their states with refusals, the
// monthly voucher, the settlement that closes a month, and jurisdiction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { SYSTEM_ACTOR, inTransaction, todayInChina, type Actor } from '#kernel';
import { createHousehold, createPerson } from '#registry';
import { setEntitlement } from '#payments';
import { buildPlatform, buildUser, personInput } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { admit, createInstitution } from '../institutions/institutions.service';
import { createProvider, saveItem, validCreditCode } from './catalogue.service';
import { checkInOrder, completeOrder, createOrder, dispatchOrder } from './orders.service';
import { confirmSettlement } from './settlement.service';

let p: Platform;
let app: FastifyInstance;
let city: Actor;
let county: Actor;
let caseworker: Actor;
let cw: Session;
let countyS: Session;
let other: Session;
let providerId: number;
const VILLAGE = '140321100201';
const today = todayInChina();
const yearsAgo = (n: number) => `${Number(today.slice(0, 4)) - n}-02-10`;
const CREDIT = '91140300MA0GRXYZ0Q';

async function loner(name: string, birthDate: string) {
  return inTransaction(p.db, async (tx) => {
    const person = await createPerson(tx, p.registry, SYSTEM_ACTOR, personInput({ name, divisionCode: VILLAGE, birthDate }));
    const household = await createHousehold(tx, p.registry, SYSTEM_ACTOR, { headPersonId: person.id, formedOn: '2000-01-01' });
    return { person, household };
  });
}
const ordersOf = async (personId: number) => (await p.db.pool.query('select status, amount_fen, voucher_fen, copay_fen from elderly.service_orders where person_id = $1 order by id', [personId])).rows;

/** A valid credit code: the check character computed for the first 17. */
function creditCode(first17: string) {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  for (const c of chars) if (validCreditCode(first17 + c)) return first17 + c;
  throw new Error('no check character');
}

let poor: Awaited<ReturnType<typeof loner>>;
let plain: Awaited<ReturnType<typeof loner>>;
let resident: Awaited<ReturnType<typeof loner>>;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  city = await buildUser(p, 'city_admin', '1403');
  county = await buildUser(p, 'county_approver', '140321');
  const c = await buildUser(p, 'township_caseworker', '140321100');
  caseworker = c;
  cw = await signIn(app, c.username, c.password);
  countyS = await signIn(app, county.username, (county as Actor & { password: string }).password);
  const o = await buildUser(p, 'township_caseworker', '140322100');
  other = await signIn(app, o.username, o.password);
  poor = await loner('赵服务', yearsAgo(72));
  plain = await loner('钱自费', yearsAgo(66));
  resident = await loner('孙入住', yearsAgo(81));
  await inTransaction(p.db, async (tx) => {
    await saveItem(tx, city, { code: 'meal', name: '助餐', unit: '餐', unitPriceFen: 1500 });
    await saveItem(tx, city, { code: 'bathing', name: '助浴', unit: '次', unitPriceFen: 6000 });
    const prov = await createProvider(tx, county, {
      name: '平定县康乐居家养老服务中心', creditCode: creditCode('91140321MA0K12345'), divisionCode: '140321', townships: ['140321100'], itemCodes: ['meal', 'bathing'],
      contactName: '王经理', contactPhone: '13900001111', contractFrom: '2024-01-01', contractTo: '2030-12-31',
    });
    providerId = prov.id;
    await setEntitlement(tx, SYSTEM_ACTOR, { programme: 'elderly_service', householdId: poor.household.id, personId: poor.person.id, divisionCode: VILLAGE,
      monthlyAmountFen: 10000, fromMonth: '2020-01', reason: '测试：服务补贴', sourceType: 'test', sourceId: 1 });
    const inst = await createInstitution(tx, county, { name: '冠山镇区域养老服务中心', ownership: 'public', divisionCode: '140321100', beds: 10, nursingBeds: 6, staff: 4, fireSafety: 'passed', rating: 3 });
    await admit(tx, county, { institutionId: inst.id, personId: resident.person.id, admittedOn: '2024-01-01' }, today);
  });
});
afterAll(async () => { await app?.close(); await p?.close(); });

describe('the OpenAPI document', () => {
  it('lists the home-service, adaptation and workforce routes with their schemas', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of ['/api/v1/elderly/home-services/orders', '/api/v1/elderly/home-services/orders/{id}/complete', '/api/v1/elderly/home-services/settlements',
      '/api/v1/elderly/adaptations', '/api/v1/elderly/adaptations/{id}/accept', '/api/v1/elderly/care-workers', '/api/v1/elderly/care-workers/coverage']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const body = doc.paths['/api/v1/elderly/home-services/orders/{id}/rate'].post.requestBody.content['application/json'].schema;
    expect(body.properties.rating).toMatchObject({ minimum: 1, maximum: 5 });
  });
});

describe('the catalogue and providers', () => {
  it('lets only the city set prices, and refuses a provider with a wrong credit code or a township outside its county', async () => {
    await expect(inTransaction(p.db, (tx) => saveItem(tx, county, { code: 'cleaning', name: '助洁', unit: '小时', unitPriceFen: 3000 }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(validCreditCode(CREDIT)).toBe(false);
    const bad = await countyS.post('/api/v1/elderly/home-services/providers', { name: '某服务公司', creditCode: CREDIT, divisionCode: '140321', townships: ['140321100'], itemCodes: ['meal'],
      contactName: '李', contactPhone: '13900002222', contractFrom: '2025-01-01', contractTo: '2026-12-31' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: 'creditCode', code: 'CREDIT_CODE_INVALID' });
    const outside = await countyS.post('/api/v1/elderly/home-services/providers', { name: '某服务公司', creditCode: creditCode('91140321MA0K99999'), divisionCode: '140321', townships: ['140322100'], itemCodes: ['meal'],
      contactName: '李', contactPhone: '13900002222', contractFrom: '2025-01-01', contractTo: '2026-12-31' });
    expect(outside.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ code: 'TOWNSHIP_OUTSIDE_COUNTY' }] });
    // a township caseworker sees its county's provider (to dispatch to it); another county's does not
    expect((await cw.get('/api/v1/elderly/home-services/providers')).json().total).toBe(1);
    expect((await other.get('/api/v1/elderly/home-services/providers')).json().total).toBe(0);
  });
});

describe('an order through its states', () => {
  it('goes created → dispatched → checked in → completed → rated over HTTP, priced and paid by the voucher', async () => {
    const created = await cw.post('/api/v1/elderly/home-services/orders', { personId: poor.person.id, itemCode: 'bathing', scheduledOn: today });
    expect(created.statusCode).toBe(200);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ status: 'created', unitPriceFen: 6000, inInstitution: false });

    const early = await cw.post(`/api/v1/elderly/home-services/orders/${id}/complete`, { quantity: 1 });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'ORDER_TRANSITION_REFUSED' });
    expect(early.json().title).toContain('待派单');

    const d = await cw.post(`/api/v1/elderly/home-services/orders/${id}/dispatch`, { providerId, workerName: '刘护理', version: 1 });
    expect(d.json()).toMatchObject({ status: 'dispatched', statusLabel: '已派单', actions: ['dispatch', 'checkIn', 'cancel'], workerName: '刘护理', version: 2 });
    const stale = await cw.post(`/api/v1/elderly/home-services/orders/${id}/check-in`, { place: '老人家中', version: 1 });
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((await cw.post(`/api/v1/elderly/home-services/orders/${id}/check-in`, { place: '冠山镇东关街 12 号' })).json()).toMatchObject({ status: 'checked_in', checkInPlace: '冠山镇东关街 12 号' });
    const done = await cw.post(`/api/v1/elderly/home-services/orders/${id}/complete`, { quantity: 1, durationMinutes: 50 });
    expect(done.json()).toMatchObject({ status: 'completed', amountFen: 6000, voucherFen: 6000, copayFen: 0, completedOn: today });
    const badRating = await cw.post(`/api/v1/elderly/home-services/orders/${id}/rate`, { rating: 6 });
    expect(badRating.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await cw.post(`/api/v1/elderly/home-services/orders/${id}/rate`, { rating: 5, comment: '很细心' })).json()).toMatchObject({ status: 'rated', rating: 5 });
    const cancelAfter = await cw.post(`/api/v1/elderly/home-services/orders/${id}/cancel`, { reason: '重复' });
    expect(cancelAfter.json()).toMatchObject({ code: 'ORDER_TRANSITION_REFUSED' });

    const audit = await p.db.pool.query(`select action from kernel.audit_log where entity_type = 'elderly_service_order' and entity_id = $1 order by id`, [String(id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['elderly.service_order.created', 'elderly.service_order.dispatched', 'elderly.service_order.checked_in', 'elderly.service_order.completed', 'elderly.service_order.rated']);
  });

  it('draws the month voucher down and leaves the rest as co-pay; a person without the subsidy pays in full', async () => {
    const run = async (personId: number, item: string, quantity: number) => inTransaction(p.db, async (tx) => {
      const o = await createOrder(tx, caseworker, { personId, itemCode: item, scheduledOn: today });
      await dispatchOrder(tx, caseworker, o.id, { providerId, workerName: '刘护理' });
      await checkInOrder(tx, caseworker, o.id, { place: '家中' });
      return completeOrder(tx, caseworker, o.id, { quantity });
    });
    // 10,000 fen a month; the bath above used 6,000; 3 meals × 1,500 = 4,500 → 4,000 voucher, 500 co-pay
    expect(await run(poor.person.id, 'meal', 3)).toMatchObject({ amountFen: 4500, voucherFen: 4000, copayFen: 500 });
    expect(await run(poor.person.id, 'meal', 1)).toMatchObject({ amountFen: 1500, voucherFen: 0, copayFen: 1500 });
    expect(await run(plain.person.id, 'meal', 2)).toMatchObject({ amountFen: 3000, voucherFen: 0, copayFen: 3000 });
    const v = await cw.get(`/api/v1/elderly/home-services/vouchers/${poor.person.id}?month=${today.slice(0, 7)}`);
    expect(v.json()).toMatchObject({ entitled: true, budgetFen: 10000, usedFen: 10000, copayFen: 2000, orders: 3, sample: true });
  });

  it('flags an order for a person living in an institution, and pays it no voucher', async () => {
    const res = await cw.post('/api/v1/elderly/home-services/orders', { personId: resident.person.id, itemCode: 'meal', scheduledOn: today });
    expect(res.json()).toMatchObject({ inInstitution: true });
    const flagged = await cw.get('/api/v1/elderly/home-services/orders?inInstitution=true');
    expect(flagged.json().rows.map((r: { personId: number }) => r.personId)).toEqual([resident.person.id]);
  });

  it('refuses a provider that does not offer the item, and a worker not on its staff, changing nothing', async () => {
    const o = await inTransaction(p.db, async (tx) => {
      await saveItem(tx, city, { code: 'cleaning', name: '助洁', unit: '小时', unitPriceFen: 3000 });
      return createOrder(tx, caseworker, { personId: plain.person.id, itemCode: 'cleaning', scheduledOn: today });
    });
    const r = await cw.post(`/api/v1/elderly/home-services/orders/${o.id}/dispatch`, { providerId, workerName: '刘护理' });
    expect(r.json()).toMatchObject({ code: 'PROVIDER_CANNOT_SERVE' });
    expect(r.json().title).toContain('不提供该服务项目');
    const w = await cw.post(`/api/v1/elderly/home-services/orders/${o.id}/dispatch`, { providerId, workerId: 999999 });
    expect(w.statusCode).toBe(422);
    expect((await cw.get(`/api/v1/elderly/home-services/orders/${o.id}`)).json()).toMatchObject({ status: 'created', version: 1, providerId: null });
    expect((await cw.post(`/api/v1/elderly/home-services/orders/${o.id}/cancel`, { reason: '老人住院' })).json()).toMatchObject({ status: 'cancelled', cancelReason: '老人住院' });
  });

  it('keeps orders inside the jurisdiction', async () => {
    const list = await other.get('/api/v1/elderly/home-services/orders');
    expect(list.json().total).toBe(0);
    const [{ id }] = (await p.db.pool.query('select id from elderly.service_orders order by id limit 1')).rows;
    expect((await other.get(`/api/v1/elderly/home-services/orders/${id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/v1/elderly/home-services/orders/${id}/cancel`, { reason: 'x' })).statusCode).toBe(404);
    expect((await other.post('/api/v1/elderly/home-services/orders', { personId: poor.person.id, itemCode: 'meal', scheduledOn: today })).statusCode).toBe(404);
  });
});

describe('the monthly settlement', () => {
  const last = (() => { const [y, m] = today.slice(0, 7).split('-').map(Number); return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`; })();
  const lastDay = `${last}-20T10:00:00+08:00`;

  it('lists the month, is confirmed by the county, exports to xlsx, and closes the month', async () => {
    // two orders completed last month
    await inTransaction(p.db, async (tx) => {
      for (const [personId, q] of [[poor.person.id, 2], [plain.person.id, 1]] as const) {
        const o = await createOrder(tx, caseworker, { personId, itemCode: 'meal', scheduledOn: today }, `${last}-19`);
        await dispatchOrder(tx, caseworker, o.id, { providerId, workerName: '刘护理', at: new Date(`${last}-19T09:00:00+08:00`) });
        await checkInOrder(tx, caseworker, o.id, { place: '家中', at: new Date(`${last}-20T09:00:00+08:00`) });
        await completeOrder(tx, caseworker, o.id, { quantity: q, at: new Date(lastDay) });
      }
    });
    const draft = await countyS.get(`/api/v1/elderly/home-services/settlements/statement?providerId=${providerId}&month=${last}`);
    expect(draft.json()).toMatchObject({ settled: null, totals: { orders: 2, amountFen: 4500, voucherFen: 3000, copayFen: 1500 } });

    expect((await cw.post('/api/v1/elderly/home-services/settlements', { providerId, month: last })).json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await countyS.post('/api/v1/elderly/home-services/settlements', { providerId, month: today.slice(0, 7) })).json()).toMatchObject({ code: 'MONTH_NOT_ENDED' });
    const ok = await countyS.post('/api/v1/elderly/home-services/settlements', { providerId, month: last });
    expect(ok.json()).toMatchObject({ orders: 2, amountFen: 4500, voucherFen: 3000, copayFen: 1500, month: last });
    expect((await countyS.post('/api/v1/elderly/home-services/settlements', { providerId, month: last })).json()).toMatchObject({ code: 'PERIOD_SETTLED' });

    // a late completion dated into the settled month is refused and changes nothing
    const late = await inTransaction(p.db, async (tx) => {
      const o = await createOrder(tx, caseworker, { personId: plain.person.id, itemCode: 'meal', scheduledOn: today }, `${last}-19`);
      await dispatchOrder(tx, caseworker, o.id, { providerId, workerName: '刘护理', at: new Date(`${last}-19T09:00:00+08:00`) });
      await checkInOrder(tx, caseworker, o.id, { place: '家中', at: new Date(`${last}-21T09:00:00+08:00`) });
      return o.id;
    });
    await expect(inTransaction(p.db, (tx) => completeOrder(tx, caseworker, late, { quantity: 1, at: new Date(`${last}-21T10:00:00+08:00`) }))).rejects.toMatchObject({ code: 'PERIOD_SETTLED' });
    expect((await p.db.pool.query('select status from elderly.service_orders where id = $1', [late])).rows[0].status).toBe('checked_in');
    await expect(inTransaction(p.db, (tx) => confirmSettlement(tx, county, providerId, last))).rejects.toMatchObject({ code: 'PERIOD_SETTLED' });

    const x = await countyS.get(`/api/v1/elderly/home-services/settlements/statement.xlsx?providerId=${providerId}&month=${last}`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const values = ws.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(String(values[2][0])).toContain('已结算');
    const total = values.find((r) => r[0] === '合计')!;
    expect(total.slice(10, 13)).toEqual([45, 30, 15]);
    const audit = await p.db.pool.query(`select count(*)::int as n from kernel.audit_log where action = 'elderly.voucher_settlement.exported'`);
    expect(audit.rows[0].n).toBe(1);
    expect(await ordersOf(plain.person.id)).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'completed', amount_fen: 1500 })]));
  });
});
