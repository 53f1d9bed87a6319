import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, dispatchPending, inTransaction, listInbox, type Actor } from '#kernel';
import { receiveApplication } from '#assistance';
import { monthOf, nextMonth, runPayroll } from '#payments';
import { buildPlatform, buildUser } from '../../../test/factories';
import { entitle, linesOf, payee } from '../../payments/payments.testing';
import type { Platform } from '../../../apps/server/src/platform';
import { ensureSources } from '../sources/sources.service';
import { receivePush } from './push.service';
import './push.events';
import '../batch/change-review.workflow';

const HOME = '140321100201';
const TODAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
const THIS = monthOf(TODAY);
const NEXT = nextMonth(THIS);
let p: Platform;
let cw: Actor;

beforeAll(async () => {
  p = await buildPlatform();
  cw = await buildUser(p, 'township_caseworker', '140321100');
  await ensureSources(p.db.orm);
});
afterAll(async () => { await p?.close(); });

/** A one-person dibao household, enrolled and paid from this month. */
async function recipient() {
  const h = await payee(p, HOME, 1);
  const app = await inTransaction(p.db, (tx) => receiveApplication(tx, { divisions: p.divisions }, cw, {
    programme: 'dibao', householdId: h.householdId, applicantPersonId: h.head.id, members: [{ personId: h.head.id, included: true }],
    incomes: [], assets: { financialFen: 0, vehicles: 0, extraHousing: 0 },
    consents: [{ personId: h.head.id, kind: 'electronic', confirmedBy: h.head.name, confirmedAt: '2026-11-02T09:30:00+08:00' }],
    documents: ['application_form', 'household_register', 'id_cards', 'income_statement'].map((code) => ({ code })),
  } as never));
  await p.db.pool.query(`update assistance.applications set decision = 'approved', decided_at = now() where id = $1`, [app.id]);
  await entitle(p, h, 'dibao', 62000, THIS, { sourceType: 'assistance_application', sourceId: String(app.id) });
  return h;
}
const drain = async () => { for (let i = 0; i < 5; i++) await dispatchPending(p.db); };

describe('a department’s push', () => {
  it('of a death becomes an event the same day, records the death in the registry, and stops next month’s payment', async () => {
    const h = await recipient();
    const before = await linesOf(p, (await runPayroll(p.db, SYSTEM_ACTOR, { month: NEXT, countyCode: '140321' })).runId);
    expect(before.find((l) => l.household_id === h.householdId)?.amount_fen).toBe(62000);
    await inTransaction(p.db, (tx) => receivePush(tx, SYSTEM_ACTOR, 'death_cremation', { records: [{ idNumber: h.head.idNumber, kind: 'death', reference: 'HH0001', eventDate: TODAY }] }, TODAY));
    const { rows } = await p.db.pool.query(`select type, occurred_at::date::text as day from kernel.outbox where type = 'verification.death.reported'`);
    expect(rows).toHaveLength(1);
    await drain();
    const { rows: [person] } = await p.db.pool.query(`select status, death_date::text from registry.persons where id = $1`, [h.head.id]);
    expect(person).toEqual({ status: 'deceased', death_date: TODAY });
    const after = await linesOf(p, (await runPayroll(p.db, SYSTEM_ACTOR, { month: NEXT, countyCode: '140321' })).runId);
    expect(after.find((l) => l.household_id === h.householdId && l.amount_fen > 0)).toBeUndefined();
    // the same push again changes nothing
    await inTransaction(p.db, (tx) => receivePush(tx, SYSTEM_ACTOR, 'death_cremation', { records: [{ idNumber: h.head.idNumber, kind: 'death', eventDate: TODAY }] }, TODAY));
    await drain();
    const { rows: failed } = await p.db.pool.query(`select * from kernel.event_deliveries where delivered_at is null`);
    expect(failed).toEqual([]);
  });

  it('of a recipient’s new vehicle opens one review task for the township; a push with a bad record is refused whole', async () => {
    const h = await recipient();
    const push = (records: object[]) => inTransaction(p.db, (tx) => receivePush(tx, SYSTEM_ACTOR, 'vehicles', { records } as never, TODAY));
    const bad = await push([{ idNumber: h.head.idNumber, kind: 'vehicle', reference: '晋C99999', eventDate: TODAY }, { idNumber: '123', kind: 'death', eventDate: TODAY }]).catch((e) => e);
    expect(bad.errors.map((e: { field: string }) => e.field)).toEqual(['records.1.idNumber', 'records.1.kind']);
    await push([{ idNumber: h.head.idNumber, kind: 'vehicle', reference: '晋C99999', eventDate: TODAY }]);
    await push([{ idNumber: h.head.idNumber, kind: 'vehicle', reference: '晋C99999', eventDate: TODAY }]);
    await drain();
    const tasks = (await listInbox(p.db.orm, cw, { workflowKey: 'verification.changeReview' })).items;
    expect(tasks.map((t) => t.title)).toEqual([`${h.head.name} 户核对发现：新增机动车`]);
  });
});
