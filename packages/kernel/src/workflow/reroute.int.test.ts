// Re-routing a case to another division (a household moved): the new township reaches it, the old
// one no longer does; state, deadlines and history stay; the move is recorded, audited and emitted.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../../../test/db';
import { inTransaction, type Tx } from '../db/transaction';
import { SYSTEM_ACTOR, type Actor, type Role } from '../auth/roles';
import { auditLog } from '../audit/schema';
import { outbox } from '../events/schema';
import { WorkingCalendar } from '../calendar/calendar';
import { WorkflowRegistry } from './definition';
import { getInstance, history, rerouteInstance, startWorkflow, transition } from './workflow.service';
import { setParameter } from '../parameters/parameters.service';
import { INVESTIGATION_START, SAMPLE_KEY, sampleDibao } from './testing/sample-dibao.workflow';

const registry = new WorkflowRegistry().register(sampleDibao);
const opts = { now: new Date('2026-11-02T09:00:00+08:00'), registry, calendar: new WorkingCalendar() };
const FROM = '140321100201'; // 冠山镇
const TO = '140321101001'; // another township of 平定县
let uid = 5000;
const actor = (role: Role, divisionCode: string): Actor => ({ userId: ++uid, username: `${role}-${divisionCode}`, displayName: `${role}@${divisionCode}`, role, divisionCode });

let db: Database;
const tx = <T,>(fn: (t: Tx) => Promise<T>) => inTransaction(db, fn);
const open = () => tx((t) => startWorkflow(t, actor('township_caseworker', FROM.slice(0, 9)), SAMPLE_KEY,
  { subjectType: 'sample_application', subjectId: ++uid, divisionCode: FROM, title: '王德明 低保申请' }, opts));

beforeAll(async () => {
  db = await createTestDatabase();
  await tx((t) => setParameter(t, { key: INVESTIGATION_START, divisionCode: '', effectiveFrom: '2020-01-01', value: 3 }));
});
afterAll(() => db?.close());

describe('rerouteInstance', () => {
  it('hands the case to the new township: it reaches the case and can act, the old township cannot', async () => {
    const i = await open();
    const moved = await tx((t) => rerouteInstance(t, SYSTEM_ACTOR, i.id, TO, '户籍迁移至 140321101001', opts));
    expect(moved).toMatchObject({ divisionCode: TO, state: 'accepted', dueAt: i.dueAt, overallDueAt: i.overallDueAt, version: i.version + 1 });

    const oldTownship = actor('township_caseworker', '140321100');
    await expect(getInstance(db.orm, oldTownship, i.id)).rejects.toMatchObject({ status: 404 });
    await expect(tx((t) => transition(t, oldTownship, i.id, 'requestVerification', {}, opts))).rejects.toMatchObject({ code: 'WORKFLOW_INSTANCE_NOT_FOUND' });
    const newTownship = actor('township_caseworker', '140321101');
    const stepped = await tx((t) => transition(t, newTownship, i.id, 'requestVerification', {}, opts));
    expect(stepped.state).toBe('verifying');

    const h = await history(db.orm, newTownship, i.id, { registry });
    expect(h.map((e) => e.name)).toEqual(['start', 'reroute', 'requestVerification']);
    expect(h[1]).toMatchObject({ label: '转交（户籍迁移）', fromState: 'accepted', toState: 'accepted', comment: '户籍迁移至 140321101001', input: { divisionCode: { from: FROM, to: TO } } });
    const audits = await db.orm.select().from(auditLog).where(and(eq(auditLog.action, 'workflow.reroute'), eq(auditLog.entityId, String(i.id))));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ divisionCode: TO, before: { divisionCode: FROM }, after: { divisionCode: TO } });
    const events = await db.orm.select().from(outbox).where(and(eq(outbox.type, 'workflow.rerouted'), eq(outbox.aggregateId, String(i.id))));
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ fromDivisionCode: FROM, toDivisionCode: TO })]);
  });

  it('changes nothing when the case is already there (a repeated event)', async () => {
    const i = await open();
    await tx((t) => rerouteInstance(t, SYSTEM_ACTOR, i.id, TO, '户籍迁移', opts));
    const again = await tx((t) => rerouteInstance(t, SYSTEM_ACTOR, i.id, TO, '户籍迁移', opts));
    expect(again.version).toBe(i.version + 1);
    expect((await history(db.orm, SYSTEM_ACTOR, i.id, { registry })).filter((e) => e.name === 'reroute')).toHaveLength(1);
  });

  it('refuses, changing nothing: a destination outside the actor\'s reach, an invalid code, no reason, a case out of reach', async () => {
    const i = await open();
    const township = actor('township_caseworker', '140321100');
    await expect(tx((t) => rerouteInstance(t, township, i.id, TO, '迁移', opts))).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(tx((t) => rerouteInstance(t, SYSTEM_ACTOR, i.id, '14032110', '迁移', opts))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(tx((t) => rerouteInstance(t, SYSTEM_ACTOR, i.id, TO, '  ', opts))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(tx((t) => rerouteInstance(t, actor('county_approver', '140302'), i.id, TO, '迁移', opts))).rejects.toMatchObject({ status: 404 });
    const county = actor('county_approver', '140321');
    expect((await getInstance(db.orm, county, i.id)).divisionCode).toBe(FROM);
    const ok = await tx((t) => rerouteInstance(t, county, i.id, TO, '县内迁移', opts));
    expect(ok.divisionCode).toBe(TO);
  });
});
