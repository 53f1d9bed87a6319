// The workflow engine on a real database, with a dibao-shaped sample workflow: a sweep of every
// transition against the wrong role, level and jurisdiction; loop-backs; guards; working-day deadlines
// across National Day 2026; the overall limit extended once; history, audit and outbox.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../../../test/db';
import { inTransaction, type Tx } from '../db/transaction';
import { roleCodes, SYSTEM_ACTOR, type Actor, type Role } from '../auth/roles';
import { auditLog } from '../audit/schema';
import { outbox } from '../events/schema';
import { WorkingCalendar } from '../calendar/calendar';
import { addDays } from '../calendar/dates';
import { setParameter } from '../parameters/parameters.service';
import { defineWorkflow, WorkflowRegistry, type Level, type TransitionDef, type WorkflowInstance } from './definition';
import {
  availableTransitions, extendOverallLimit, getInstance, history, mayExtend, startWorkflow, transition,
  type TransitionOptions,
} from './workflow.service';
import { workflowTransitions } from './schema';
import { DECISION_LEVEL, INVESTIGATION_START, SAMPLE_KEY, sampleDibao } from './testing/sample-dibao.workflow';

const registry = new WorkflowRegistry().register(sampleDibao);
const calendar = new WorkingCalendar(); // the built-in official schedule, whatever an admin loaded
const at = (date: string) => ({ now: new Date(`${date}T09:00:00+08:00`), registry, calendar });

// Case divisions: a village of 冠山镇 (whose county delegates the decision to the township) and a
// village of another township of 平定县 (decided by the county).
const DELEGATED_VILLAGE = '140321100201';
const COUNTY_VILLAGE = '140321101001';
const CODES: Record<Level, string> = { province: '14', city: '1403', county: '140321', township: '140321100', village: DELEGATED_VILLAGE };
const OUTSIDE: Record<string, string> = { county: '140302', township: '140321101', village: '140321100202' };

let uid = 1000;
const actor = (role: Role, divisionCode: string): Actor => ({
  userId: ++uid, username: `${role}-${divisionCode}`, displayName: `${role}@${divisionCode}`, role, divisionCode,
});

/** A canonical input that passes validation and guards, and who takes the step in the happy path. */
const HAPPY: Record<string, { input?: unknown; by: (division: string) => Actor; days?: number }> = {
  requestVerification: { by: (d) => actor('township_caseworker', d.slice(0, 9)) },
  attachReport: { input: { reportNo: 'HD-2026-001' }, by: (d) => actor('township_caseworker', d.slice(0, 9)) },
  recordVisit: {
    input: { investigators: [{ name: '李娜', signed: true }, { name: '赵强', signed: true }], findings: '家中无大件资产' },
    by: (d) => actor('township_caseworker', d.slice(0, 9)),
  },
  holdReview: { by: (d) => actor('village_helper', d) },
  publishNotice: { by: (d) => actor('township_caseworker', d.slice(0, 9)) },
  objection: { input: { objection: '邻居反映有经营收入' }, by: (d) => actor('township_caseworker', d.slice(0, 9)) },
  closeNotice: { by: (d) => actor('township_caseworker', d.slice(0, 9)), days: 8 },
  approve: { input: { monthlyAmountFen: 38_700 }, by: (d) => (d.startsWith('140321100') ? actor('township_caseworker', d.slice(0, 9)) : actor('county_approver', d.slice(0, 6))) },
  refuse: { input: { reasons: '人均收入高于低保标准' }, by: (d) => (d.startsWith('140321100') ? actor('township_caseworker', d.slice(0, 9)) : actor('county_approver', d.slice(0, 6))) },
  requestReview: { input: { grounds: '收入核算有误' }, by: (d) => actor('township_caseworker', d.slice(0, 9)) },
  upholdRefusal: { by: (d) => actor('county_approver', d.slice(0, 6)) },
  overturn: { input: { monthlyAmountFen: 20_000 }, by: (d) => actor('county_approver', d.slice(0, 6)) },
};

// The shortest happy path from 'accepted' to every state.
const PATHS: Record<string, string[]> = (() => {
  const paths: Record<string, string[]> = { accepted: [] };
  for (const queue = ['accepted']; queue.length; ) {
    const s = queue.shift()!;
    for (const t of sampleDibao.outgoing.get(s) ?? []) {
      if (!(t.to in paths)) { paths[t.to] = [...paths[s], t.name]; queue.push(t.to); }
    }
  }
  return paths;
})();

let db: Database;
const tx = <T,>(fn: (t: Tx) => Promise<T>) => inTransaction(db, fn);

async function open(divisionCode = DELEGATED_VILLAGE, date = '2026-09-28'): Promise<WorkflowInstance> {
  return tx((t) => startWorkflow(t, actor('township_caseworker', divisionCode.slice(0, 9)), SAMPLE_KEY, {
    subjectType: 'sample_application', subjectId: ++uid, divisionCode, title: '王德明 低保申请', data: { members: 3 },
  }, at(date)));
}

async function step(i: WorkflowInstance, name: string, date: string, over: Partial<TransitionOptions> = {}) {
  const h = HAPPY[name];
  return tx((t) => transition(t, h.by(i.divisionCode), i.id, name, h.input, { ...at(date), ...over }));
}

/** Drives a new case along the happy path to `state`, a day per step (and past the notice period). */
async function caseIn(state: string, divisionCode = DELEGATED_VILLAGE): Promise<WorkflowInstance> {
  let date = '2026-09-01';
  let i = await open(divisionCode, date);
  for (const name of PATHS[state]) {
    date = addDays(date, HAPPY[name].days ?? 1);
    i = await step(i, name, date);
  }
  return i;
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; status: number; message: string; errors?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  db = await createTestDatabase();
  await tx(async (t) => {
    await setParameter(t, { key: INVESTIGATION_START, divisionCode: '', effectiveFrom: '2020-01-01', value: 3 });
    await setParameter(t, { key: INVESTIGATION_START, divisionCode: '140322', effectiveFrom: '2020-01-01', value: 5 });
    await setParameter(t, { key: DECISION_LEVEL, divisionCode: '140321100', effectiveFrom: '2020-01-01', value: 'township' });
  });
});
afterAll(() => db?.close());

describe('refusals: a sweep of every transition', () => {
  const allowedLevels = (t: TransitionDef, division: string): readonly Level[] =>
    typeof t.level === 'string' ? [t.level] : Array.isArray(t.level) ? t.level : [division.startsWith('140321100') ? 'township' : 'county'];

  for (const t of sampleDibao.transitions) {
    for (const from of t.from) {
      for (const division of [DELEGATED_VILLAGE, ...(t.name === 'approve' || t.name === 'refuse' ? [COUNTY_VILLAGE] : [])]) {
        it(`${t.name} from ${from} (${division}): refused for every wrong role, level and jurisdiction`, async () => {
          const i = await caseIn(from, division);
          const historyBefore = (await history(db.orm, SYSTEM_ACTOR, i.id, { registry })).length;
          let tried = 0;
          for (const role of roleCodes) {
            // every level from which the case is in scope
            for (const [level, code] of Object.entries(CODES) as [Level, string][]) {
              const a = actor(role, level === 'village' ? division : level === 'township' ? division.slice(0, 9) : code);
              const roleOk = t.roles.includes(role);
              const levelOk = allowedLevels(t, division).includes(level);
              if (roleOk && levelOk) continue;
              const e = await refusal(tx((x) => transition(x, a, i.id, t.name, HAPPY[t.name].input, at('2026-12-01'))));
              expect.soft(e.code, `${role}@${a.divisionCode}`).toBe(roleOk ? 'WORKFLOW_LEVEL' : 'WORKFLOW_ROLE');
              expect.soft(e.status).toBe(403);
              tried++;
            }
            // outside the jurisdiction: as if the case did not exist, whatever the role
            for (const code of division === COUNTY_VILLAGE ? ['140302', '140321100', '140321101002'] : Object.values(OUTSIDE)) {
              const e = await refusal(tx((x) => transition(x, actor(role, code), i.id, t.name, HAPPY[t.name].input, at('2026-12-01'))));
              expect.soft(e.code, `${role}@${code}`).toBe('WORKFLOW_INSTANCE_NOT_FOUND');
              expect.soft(e.status).toBe(404);
              tried++;
            }
          }
          expect(tried).toBeGreaterThan(40);
          const after = await getInstance(db.orm, SYSTEM_ACTOR, i.id);
          expect(after).toEqual(i);
          expect(await history(db.orm, SYSTEM_ACTOR, i.id, { registry })).toHaveLength(historyBefore);
        });
      }
    }
  }

  it('refuses a step not allowed from the current state, naming that state', async () => {
    const i = await caseIn('verifying');
    const e = await refusal(step(i, 'publishNotice', '2026-09-10'));
    expect(e).toMatchObject({ code: 'WORKFLOW_STATE', status: 409, message: '办件当前处于“经济状况核对中”，不能发布公示' });
    const u = await refusal(tx((x) => transition(x, actor('township_caseworker', '140321100'), i.id, 'teleport', {}, at('2026-09-10'))));
    expect(u).toMatchObject({ code: 'WORKFLOW_TRANSITION_UNKNOWN', status: 422 });
  });

  it('refuses invalid input with field errors, and a stale version', async () => {
    const i = await caseIn('investigating');
    const e = await refusal(tx((x) => transition(x, actor('township_caseworker', '140321100'), i.id, 'recordVisit',
      { investigators: [{ name: '李娜', signed: true }] }, at('2026-09-10'))));
    expect(e).toMatchObject({ code: 'VALIDATION_FAILED', status: 422 });
    expect((e.errors as { field: string }[]).map((f) => f.field).sort()).toEqual(['findings', 'investigators']);
    const stale = await refusal(step(i, 'recordVisit', '2026-09-10', { expectedVersion: i.version - 1 }));
    expect(stale).toMatchObject({ code: 'VERSION_CONFLICT', status: 409 });
    const ok = await step(i, 'recordVisit', '2026-09-10', { expectedVersion: i.version });
    expect(ok).toMatchObject({ state: 'visited', version: i.version + 1 });
  });
});

describe('guards', () => {
  it('refuses a home visit signed twice by the same investigator', async () => {
    const i = await caseIn('investigating');
    const e = await refusal(tx((x) => transition(x, actor('township_caseworker', '140321100'), i.id, 'recordVisit',
      { investigators: [{ name: '李娜', signed: true }, { name: '李娜', signed: true }], findings: '无' }, at('2026-09-10'))));
    expect(e).toMatchObject({ code: 'WORKFLOW_GUARD', status: 422, message: '入户调查须由两名不同的工作人员共同完成并签字' });
  });

  it('keeps the public notice open for its 7 natural days', async () => {
    const i = await caseIn('notice');
    expect(i.dueAt).toBe(addDays(todayOf(i.stateEnteredAt), 7));
    const early = await refusal(step(i, 'closeNotice', i.dueAt!));
    expect(early).toMatchObject({ code: 'WORKFLOW_GUARD', message: `公示期至 ${i.dueAt} 届满，期满后方可报送审批` });
    expect(await step(i, 'closeNotice', addDays(i.dueAt!, 1))).toMatchObject({ state: 'deciding' });
  });
});

const todayOf = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('loop-backs and reopening', () => {
  it('sends the case back to investigation on an objection, then runs to enrolment', async () => {
    let i = await caseIn('notice');
    i = await step(i, 'objection', '2026-09-12');
    expect(i.state).toBe('investigating');
    i = await step(i, 'recordVisit', '2026-09-14');
    i = await step(i, 'publishNotice', '2026-09-15');
    i = await step(i, 'closeNotice', '2026-09-23');
    i = await step(i, 'approve', '2026-09-24');
    expect(i).toMatchObject({ state: 'enrolled', dueAt: null, data: { members: 3, enrolledOn: '2026-09-24', monthlyAmountFen: 38_700 } });
    expect(i.closedAt).not.toBeNull();
    const h = await history(db.orm, SYSTEM_ACTOR, i.id, { registry });
    expect(h.map((e) => e.name)).toEqual([
      'start', 'requestVerification', 'attachReport', 'recordVisit', 'publishNotice', 'objection',
      'recordVisit', 'publishNotice', 'closeNotice', 'approve',
    ]);
    expect(h[5]).toMatchObject({
      label: '公示有异议，重新调查', fromState: 'notice', fromLabel: '公示中', toState: 'investigating', toLabel: '入户调查',
      input: { objection: '邻居反映有经营收入' }, actorRole: 'township_caseworker', actorName: 'township_caseworker@140321100',
    });
    expect(h[3].input).toMatchObject({ investigators: [{ name: '李娜' }, { name: '赵强' }] });
  });

  it('reopens a refused case on review, restarting the overall limit', async () => {
    let i = await caseIn('refused', COUNTY_VILLAGE);
    expect(i.closedAt).not.toBeNull();
    i = await step(i, 'requestReview', '2026-11-02');
    expect(i).toMatchObject({ state: 'rechecking', closedAt: null, overallStartedOn: '2026-11-02', dueAt: calendar.addWorkingDays('2026-11-02', 15).date });
    expect(i.overallDueAt).toBe(calendar.addWorkingDays('2026-11-02', 30).date);
    i = await step(i, 'overturn', '2026-11-05');
    expect(i.state).toBe('enrolled');
    const events = await db.orm.select({ type: outbox.type }).from(outbox)
      .where(and(eq(outbox.aggregateType, 'workflow_instance'), eq(outbox.aggregateId, String(i.id)))).orderBy(outbox.id);
    expect(events.map((e) => e.type).filter((t) => t !== 'workflow.transitioned')).toEqual([
      'workflow.started', 'workflow.closed', 'workflow.reopened', 'workflow.closed',
    ]);
  });

  it('rolls back the whole step when an effect fails', async () => {
    const failing = new WorkflowRegistry().register(defineWorkflow({
      key: 'sample.failing', version: 1, label: '失败示例', initial: 'open',
      states: { open: { label: '办理中' }, done: { label: '已办结', final: true } },
      transitions: [{
        name: 'finish', from: ['open'], to: 'done', label: '办结', roles: ['township_caseworker'], level: 'township',
        effects: async ({ mergeData }) => { await mergeData({ half: true }); throw new Error('bank down'); },
      }],
    }));
    const caseworker = actor('township_caseworker', '140321100');
    const i = await tx((t) => startWorkflow(t, caseworker, 'sample.failing', { subjectType: 'x', subjectId: 1, divisionCode: DELEGATED_VILLAGE }, { registry: failing }));
    await expect(tx((t) => transition(t, caseworker, i.id, 'finish', {}, { registry: failing }))).rejects.toThrow('bank down');
    expect(await getInstance(db.orm, caseworker, i.id)).toEqual(i);
    const rows = await db.orm.select().from(workflowTransitions).where(eq(workflowTransitions.instanceId, i.id));
    expect(rows).toHaveLength(1);
  });
});

describe('deadlines in working days', () => {
  it('counts across National Day 2026 (Oct 1–7 off, Saturday Oct 10 worked)', async () => {
    const i = await open(DELEGATED_VILLAGE, '2026-09-28');
    // Sep 29, Sep 30, then Oct 8
    expect(i).toMatchObject({ state: 'accepted', dueAt: '2026-10-08', overallStartedOn: '2026-09-28', beyondKnownSchedule: false });
    // 30 working days: 2 in September, Oct 8, 9, Saturday 10, then four full weeks and one more
    expect(i.overallDueAt).toBe('2026-11-13');
    expect(calendar.workingDaysBetween('2026-09-28', '2026-11-13').days).toBe(30);
    const v = await step(i, 'requestVerification', '2026-09-30');
    // 10 working days from Sep 30: Oct 8, 9, 10, 12–16, 19, 20
    expect(v.dueAt).toBe('2026-10-20');
  });

  it('reads the day count from a dated per-division parameter', async () => {
    const i = await open('140322100201', '2026-09-28');
    expect(i.dueAt).toBe('2026-10-10'); // 5 working days in 阳泉 盂县: Sep 29, 30, Oct 8, 9, 10
  });

  it('counts a state deadline from the opening of the case when declared so', async () => {
    const i = await caseIn('deciding', COUNTY_VILLAGE);
    expect(i.dueAt).toBe(calendar.addWorkingDays(todayOf(i.openedAt), 30).date);
  });

  it('flags deadlines that fall beyond the published holiday schedule', async () => {
    const i = await open(DELEGATED_VILLAGE, '2026-12-21');
    expect(i.beyondKnownSchedule).toBe(true);
    expect(i.overallDueAt! > '2026-12-31').toBe(true);
  });
});

describe('overall limit', () => {
  it('extends 30 to 45 working days once, with a reason visible on the case', async () => {
    const i = await open(DELEGATED_VILLAGE, '2026-09-28');
    const county = actor('county_approver', '140321');
    expect(await mayExtend(db.orm, county, i, { registry })).toBe(true);
    const noReason = await refusal(tx((t) => extendOverallLimit(t, county, i.id, '  ', at('2026-10-20'))));
    expect(noReason).toMatchObject({ code: 'VALIDATION_FAILED', status: 422 });
    const helper = await refusal(tx((t) => extendOverallLimit(t, actor('village_helper', DELEGATED_VILLAGE), i.id, '需补充核对', at('2026-10-20'))));
    expect(helper).toMatchObject({ code: 'WORKFLOW_ROLE', status: 403 });

    const e = await tx((t) => extendOverallLimit(t, county, i.id, '需等待不动产登记部门核对结果', at('2026-10-20')));
    expect(e).toMatchObject({ extended: true, extensionReason: '需等待不动产登记部门核对结果', overallDueAt: '2026-12-04', state: 'accepted' });
    expect(calendar.workingDaysBetween('2026-09-28', '2026-12-04').days).toBe(45);
    expect(await mayExtend(db.orm, county, e, { registry })).toBe(false);

    const again = await refusal(tx((t) => extendOverallLimit(t, county, i.id, '再次延长', at('2026-11-20'))));
    expect(again).toMatchObject({ code: 'WORKFLOW_ALREADY_EXTENDED', status: 409 });
    const h = await history(db.orm, county, i.id, { registry });
    expect(h.at(-1)).toMatchObject({
      name: 'extendOverallLimit', label: '延长办理时限', fromState: 'accepted', toState: 'accepted',
      comment: '需等待不动产登记部门核对结果', input: { overallDueAt: { from: '2026-11-13', to: '2026-12-04' }, days: 45 },
    });
    // the extension survives later steps
    const next = await step(e, 'requestVerification', '2026-10-21');
    expect(next).toMatchObject({ extended: true, overallDueAt: '2026-12-04' });
  });

  it('refuses to extend a closed case', async () => {
    const i = await caseIn('enrolled', COUNTY_VILLAGE);
    const e = await refusal(tx((t) => extendOverallLimit(t, actor('county_approver', '140321'), i.id, '补充材料', at('2026-10-20'))));
    expect(e).toMatchObject({ code: 'WORKFLOW_CLOSED', status: 409 });
  });
});

describe('records', () => {
  it('writes an audit entry and an outbox event for every step, with the step and its input', async () => {
    const i = await caseIn('visited');
    const audit = await db.orm.select().from(auditLog)
      .where(and(eq(auditLog.entityType, 'workflow_instance'), eq(auditLog.entityId, String(i.id)))).orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(['workflow.start', 'workflow.transition', 'workflow.transition', 'workflow.transition']);
    expect(audit[3]).toMatchObject({
      actorName: 'township_caseworker-140321100', divisionCode: DELEGATED_VILLAGE,
      before: { state: 'investigating' }, after: { state: 'visited', transition: 'recordVisit', input: { findings: '家中无大件资产' } },
    });
    const events = await db.orm.select().from(outbox)
      .where(and(eq(outbox.aggregateType, 'workflow_instance'), eq(outbox.aggregateId, String(i.id)))).orderBy(outbox.id);
    expect(events.map((e) => e.type)).toEqual(['workflow.started', 'workflow.transitioned', 'workflow.transitioned', 'workflow.transitioned']);
    expect(events[3]).toMatchObject({
      divisionCode: DELEGATED_VILLAGE,
      payload: { instanceId: i.id, workflowKey: SAMPLE_KEY, subjectType: 'sample_application', transition: 'recordVisit', from: 'investigating', to: 'visited' },
    });
  });

  it('lists the buttons a user sees: their role and level, from the current state', async () => {
    const deciding = await caseIn('deciding');
    const names = async (a: Actor, i: WorkflowInstance) => (await availableTransitions(db.orm, a, i, { registry })).map((t) => t.name);
    expect(await names(actor('township_caseworker', '140321100'), deciding)).toEqual(['approve', 'refuse']); // delegated
    expect(await names(actor('county_approver', '140321'), deciding)).toEqual([]);
    const countyCase = await caseIn('deciding', COUNTY_VILLAGE);
    expect(await names(actor('county_approver', '140321'), countyCase)).toEqual(['approve', 'refuse']);
    expect(await names(actor('county_approver', '140302'), countyCase)).toEqual([]);
    const visited = await caseIn('visited');
    expect(await names(actor('township_caseworker', '140321100'), visited)).toEqual(['publishNotice']);
    expect(await names(actor('village_helper', DELEGATED_VILLAGE), visited)).toEqual(['holdReview']);
    const [refuse] = (await availableTransitions(db.orm, actor('county_approver', '140321'), countyCase, { registry })).filter((t) => t.name === 'refuse');
    expect(refuse).toMatchObject({ label: '不予纳入', toLabel: '不予纳入', input: { type: 'object', required: ['reasons'] } });
  });

  it('hides a case outside the jurisdiction as if it did not exist', async () => {
    const i = await open();
    for (const code of Object.values(OUTSIDE)) {
      const e = await refusal(getInstance(db.orm, actor('county_approver', code), i.id));
      expect(e).toMatchObject({ code: 'WORKFLOW_INSTANCE_NOT_FOUND', status: 404 });
      await expect(history(db.orm, actor('county_approver', code), i.id, { registry })).rejects.toMatchObject({ status: 404 });
    }
    const n = await db.orm.select({ n: sql<number>`count(*)::int` }).from(workflowTransitions).where(eq(workflowTransitions.instanceId, i.id));
    expect(n[0].n).toBe(1);
  });

  it('refuses to open a case outside the actor\'s jurisdiction', async () => {
    const e = await refusal(tx((t) => startWorkflow(t, actor('township_caseworker', '140321101'), SAMPLE_KEY,
      { subjectType: 'x', subjectId: 1, divisionCode: DELEGATED_VILLAGE }, at('2026-09-28'))));
    expect(e).toMatchObject({ status: 403 });
  });
});
