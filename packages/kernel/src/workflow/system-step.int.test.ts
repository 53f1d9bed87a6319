// A step only the system takes (a module reacting to an event, such as a verification report
// arriving): never offered to a user as a button, refused to any user, taken by the system actor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../../../test/db';
import { inTransaction } from '../db/transaction';
import { SYSTEM_ACTOR, type Actor } from '../auth/roles';
import { defineWorkflow, WorkflowRegistry } from './definition';
import { availableTransitions, startWorkflow, transition } from './workflow.service';

const flow = defineWorkflow({
  key: 'test.systemStep',
  version: 1,
  label: '系统步骤测试',
  initial: 'waiting',
  states: { waiting: { label: '等待报告' }, ready: { label: '报告已到' }, done: { label: '已办结', final: true } },
  transitions: [
    { name: 'reportArrived', from: ['waiting'], to: 'ready', label: '报告已出具（系统）', roles: ['township_caseworker'], level: 'township', system: true },
    { name: 'skip', from: ['waiting'], to: 'ready', label: '手工登记', roles: ['township_caseworker'], level: 'township' },
    { name: 'finish', from: ['ready'], to: 'done', label: '办结', roles: ['township_caseworker'], level: 'township' },
  ],
});
const registry = new WorkflowRegistry().register(flow);
const caseworker: Actor = { userId: 7, username: 'guanshan', displayName: '冠山经办', role: 'township_caseworker', divisionCode: '140321100' };

let db: Database;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(() => db?.close());

const open = () => inTransaction(db, (tx) => startWorkflow(tx, caseworker, flow.key, {
  subjectType: 'test', subjectId: 1, divisionCode: '140321100201', title: '测试',
}, { registry }));

describe('a system step', () => {
  it('is not offered to a user who could otherwise take the steps of that state', async () => {
    const i = await open();
    expect((await availableTransitions(db.orm, caseworker, i, { registry })).map((t) => t.name)).toEqual(['skip']);
  });

  it('is refused to a user and leaves the case where it was', async () => {
    const i = await open();
    const e = await inTransaction(db, (tx) => transition(tx, caseworker, i.id, 'reportArrived', undefined, { registry })).catch((x) => x);
    expect(e).toMatchObject({ code: 'WORKFLOW_GUARD', status: 422, message: '“报告已出具（系统）”由系统自动办理，不能手工办理' });
    const again = await inTransaction(db, (tx) => transition(tx, caseworker, i.id, 'skip', undefined, { registry }));
    expect(again.state).toBe('ready');
  });

  it('is taken by the system actor', async () => {
    const i = await open();
    const after = await inTransaction(db, (tx) => transition(tx, SYSTEM_ACTOR, i.id, 'reportArrived', undefined, { registry }));
    expect(after.state).toBe('ready');
  });
});
