import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, inTransaction, listInbox, runNextJob, transition, type Actor } from '#kernel';
import { receiveApplication } from '#assistance';
import { setEntitlement } from '#payments';
import { buildHousehold, buildPlatform, buildUser } from '../../../test/factories';
import type { Platform } from '../../../apps/server/src/platform';
import { ensureSources, loadExtract, updateSource } from '../sources/sources.service';
import { sourceSpec } from '../sources/catalogue';
import { parseRows } from '../sources/file.format';
import { startBatch } from './batch.service';
import './batch.job';

const HOME = '140321100201';
const TODAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
let p: Platform;
let cw: Actor;
let other: Actor;

beforeAll(async () => {
  p = await buildPlatform();
  cw = await buildUser(p, 'township_caseworker', '140321100');
  other = await buildUser(p, 'township_caseworker', '140321101');
  await ensureSources(p.db.orm);
  await inTransaction(p.db, (tx) => updateSource(tx, SYSTEM_ACTOR, 'vehicles', { adapter: 'file', enabled: true, config: {} }));
});
afterAll(async () => { await p?.close(); });

async function recipient() {
  const h = await buildHousehold(p, HOME, 2);
  const app = await inTransaction(p.db, (tx) => receiveApplication(tx, { divisions: p.divisions }, cw, {
    programme: 'dibao', householdId: h.household.id, applicantPersonId: h.head.id,
    members: h.members.map((m) => ({ personId: m.id, included: true })), incomes: [], assets: { financialFen: 0, vehicles: 0, extraHousing: 0 },
    consents: h.members.map((m) => ({ personId: m.id, kind: 'electronic', confirmedBy: m.name, confirmedAt: '2026-11-02T09:30:00+08:00' })),
    documents: ['application_form', 'household_register', 'id_cards', 'income_statement'].map((code) => ({ code })),
  } as never));
  // enrolled (the procedure itself is assistance's to test)
  await p.db.pool.query(`update assistance.applications set decision = 'approved', decided_at = now() where id = $1`, [app.id]);
  await inTransaction(p.db, (tx) => setEntitlement(tx, SYSTEM_ACTOR, {
    programme: 'dibao', householdId: h.household.id, divisionCode: HOME, monthlyAmountFen: 30000, fromMonth: TODAY.slice(0, 7),
    reason: '低保审批纳入', sourceType: 'assistance_application', sourceId: app.id,
  }));
  return h;
}

const extract = (rows: string[][]) => inTransaction(p.db, (tx) =>
  loadExtract(tx, SYSTEM_ACTOR, 'vehicles', parseRows([['身份证号', '类别', '编号', '金额（元）', '日期'], ...rows], sourceSpec('vehicles')!, TODAY), 'vehicles.csv'));
const run = async (householdIds?: number[]) => {
  await startBatch(p.db, cw, { divisionCode: '140321100', sourceCodes: ['vehicles'], householdIds });
  const job = await runNextJob(p.db);
  expect(job?.status, job?.error ?? '').toBe('succeeded');
  return job!.result as { runId: number; subjects: number; changes: number; tasksOpened: number };
};
const tasks = async (actor: Actor) => (await listInbox(p.db.orm, actor, { workflowKey: 'verification.changeReview' })).items;

describe('batch re-verification', () => {
  it('turns a new vehicle into one review task in the township inbox, and reports it only once', async () => {
    const a = await recipient();
    const b = await recipient();
    await extract([[a.head.idNumber, '机动车', '晋C11111', '60000', TODAY]]);
    const first = await run([a.household.id, b.household.id]);
    expect(first).toMatchObject({ subjects: 4, changes: 1, tasksOpened: 1 });
    const mine = await tasks(cw);
    expect(mine.map((t) => t.title)).toEqual([`${a.head.name} 户核对发现：新增机动车`]);
    expect(mine[0].actions.map((x) => x.name)).toEqual(['resolve']);
    expect(await tasks(other)).toEqual([]);
    // the same fact again: nothing new
    expect(await run([a.household.id, b.household.id])).toMatchObject({ changes: 0, tasksOpened: 0 });
    // a second vehicle while the task is open: the open task covers it
    await extract([[a.head.idNumber, '机动车', '晋C11111', '60000', TODAY], [a.head.idNumber, '机动车', '晋C22222', '80000', TODAY]]);
    expect(await run([a.household.id])).toMatchObject({ changes: 1, tasksOpened: 0 });
    expect(await tasks(cw)).toHaveLength(1);
    await inTransaction(p.db, (tx) => transition(tx, cw, mine[0].instanceId, 'resolve', { action: 'review_opened', note: '已入户核实，启动复核' }));
    expect(await tasks(cw)).toEqual([]);
    // resolving by review opened the household's dibao review, now in the inbox
    const reviews = (await listInbox(p.db.orm, cw, { workflowKey: 'dibao.review' })).items;
    expect(reviews.map((t) => t.title)).toEqual([`${a.head.name} 低保复核（核对发现变化）`]);
  });
});

describe('an extract', () => {
  it('with one bad row is refused whole and leaves the previous extract in place', async () => {
    const h = await recipient();
    await extract([[h.head.idNumber, '机动车', '晋C33333', '1000', TODAY]]);
    const before = (await p.db.pool.query(`select reference from verification.source_records where source_code = 'vehicles' order by id`)).rows;
    const err = await extract([[h.head.idNumber, '机动车', '晋C44444', '1000', TODAY], ['140321198001010000', '机动车', 'x', '-5', '']]).catch((e) => e);
    expect(err.code).toBe('EXTRACT_REJECTED');
    expect(err.errors.map((e: { field: string }) => e.field)).toEqual(['rows.3.身份证号', 'rows.3.金额（元）']);
    expect((await p.db.pool.query(`select reference from verification.source_records where source_code = 'vehicles' order by id`)).rows).toEqual(before);
  });
});
