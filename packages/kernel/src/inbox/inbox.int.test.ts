// 待办: each user sees the open cases they may act on — their role and level, inside their
// jurisdiction — across every workflow, with due and overdue tasks in working days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildPlatform, buildUser } from '../../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../../test/http';
import type { Platform } from '../../../../apps/server/src/platform';
import { inTransaction, type Tx } from '../db/transaction';
import { SYSTEM_ACTOR, type Actor, type Role } from '../auth/roles';
import { WorkingCalendar } from '../calendar/calendar';
import { setParameter } from '../parameters/parameters.service';
import { registerWorkflow, defineWorkflow, type WorkflowInstance } from '../workflow/definition';
import { startWorkflow, transition } from '../workflow/workflow.service';
import { DECISION_LEVEL, INVESTIGATION_START, SAMPLE_KEY, sampleDibao } from '../workflow/testing/sample-dibao.workflow';
import { inboxSummary, listInbox, type InboxItem } from './inbox.service';

registerWorkflow(sampleDibao);
// A second workflow, so the inbox is shown to gather tasks across workflows.
registerWorkflow(defineWorkflow({
  key: 'sample.visit', version: 1, label: '探访关爱（示例）', initial: 'scheduled',
  states: { scheduled: { label: '待探访', deadline: { days: 5, from: 'enteredState', calendar: 'working' } }, done: { label: '已探访', final: true } },
  transitions: [{ name: 'recordVisit', from: ['scheduled'], to: 'done', label: '登记探访', roles: ['village_helper', 'township_caseworker'], level: ['village', 'township'] }],
}));

const INPUTS: Record<string, unknown> = {
  attachReport: { reportNo: 'HD-1' },
  recordVisit: { investigators: [{ name: '李娜', signed: true }, { name: '赵强', signed: true }], findings: '无' },
  approve: { monthlyAmountFen: 30_000 },
};
const PATH: Record<string, string[]> = {
  accepted: [],
  visited: ['requestVerification', 'attachReport', 'recordVisit'],
  deciding: ['requestVerification', 'attachReport', 'recordVisit', 'publishNotice', 'closeNotice'],
  enrolled: ['requestVerification', 'attachReport', 'recordVisit', 'publishNotice', 'closeNotice', 'approve'],
};

let p: Platform;
const tx = <T,>(fn: (t: Tx) => Promise<T>) => inTransaction(p.db, fn);
const day = 86_400_000;

/** A case opened at `openedAt`, driven by the system to `state` the same instant (the notice guard is judged later). */
async function caseIn(key: string, state: string, divisionCode: string, openedAt: Date, title: string): Promise<WorkflowInstance> {
  let i = await tx((t) => startWorkflow(t, SYSTEM_ACTOR, key, { subjectType: 'sample_application', subjectId: title, divisionCode, title }, { now: openedAt }));
  for (const name of PATH[state] ?? []) {
    const now = name === 'closeNotice' ? new Date(openedAt.getTime() + 8 * day) : openedAt;
    i = await tx((t) => transition(t, SYSTEM_ACTOR, i.id, name, INPUTS[name], { now }));
  }
  return i;
}

const cases: Record<string, WorkflowInstance> = {};
const titles = (items: InboxItem[]) => items.map((i) => i.title).sort();

beforeAll(async () => {
  p = await buildPlatform();
  await tx(async (t) => {
    await setParameter(t, { key: INVESTIGATION_START, divisionCode: '', effectiveFrom: '2020-01-01', value: 3 });
    await setParameter(t, { key: DECISION_LEVEL, divisionCode: '140321100', effectiveFrom: '2020-01-01', value: 'township' });
  });
  const now = new Date();
  const longAgo = new Date(now.getTime() - 120 * day);
  // 冠山镇 (decision delegated to the township), another township of 平定县, and 城区.
  cases.overdue = await caseIn(SAMPLE_KEY, 'accepted', '140321100201', longAgo, 'A 冠山 已受理 超期');
  cases.due = await caseIn(SAMPLE_KEY, 'accepted', '140321100202', now, 'B 冠山 已受理');
  cases.countyDecides = await caseIn(SAMPLE_KEY, 'deciding', '140321101001', now, 'C 另一乡镇 待审批');
  cases.otherCounty = await caseIn(SAMPLE_KEY, 'accepted', '140302001001', now, 'D 城区 已受理');
  cases.townshipDecides = await caseIn(SAMPLE_KEY, 'deciding', '140321100201', now, 'E 冠山 待审批（授权乡镇）');
  cases.visited = await caseIn(SAMPLE_KEY, 'visited', '140321100201', now, 'F 冠山 已入户');
  cases.closed = await caseIn(SAMPLE_KEY, 'enrolled', '140321100201', now, 'G 冠山 已纳入');
  cases.welfareVisit = await caseIn('sample.visit', 'scheduled', '140321100201', now, 'H 冠山 探访');
});
afterAll(async () => { await p?.close(); });

describe('inbox over HTTP', () => {
  let app: FastifyInstance;
  const sessions: Record<string, Session> = {};
  const STAFF: Record<string, { role: Role; division: string; sees: string[] }> = {
    guanshanCaseworker: { role: 'township_caseworker', division: '140321100', sees: ['A', 'B', 'E', 'F', 'H'] },
    villageHelper: { role: 'village_helper', division: '140321100201', sees: ['F', 'H'] },
    otherVillageHelper: { role: 'village_helper', division: '140321100202', sees: [] },
    countyApprover: { role: 'county_approver', division: '140321', sees: ['C'] },
    otherCountyApprover: { role: 'county_approver', division: '140302', sees: [] },
    chengquCaseworker: { role: 'township_caseworker', division: '140302001', sees: ['D'] },
    otherTownshipCaseworker: { role: 'township_caseworker', division: '140321101', sees: [] },
    cityAdmin: { role: 'city_admin', division: '1403', sees: [] },
    leader: { role: 'leader', division: '1403', sees: [] },
    auditor: { role: 'auditor', division: '1403', sees: [] },
  };
  beforeAll(async () => {
    app = await buildTestApp(p);
    for (const [k, s] of Object.entries(STAFF)) {
      const u = await buildUser(p, s.role, s.division);
      sessions[k] = await signIn(app, u.username, u.password);
    }
  });
  afterAll(async () => { await app?.close(); });

  it('shows each user only the cases they may act on, inside their jurisdiction', async () => {
    for (const [k, s] of Object.entries(STAFF)) {
      const res = await sessions[k].get('/api/v1/inbox?pageSize=200');
      expect(res.statusCode, k).toBe(200);
      const body = res.json() as { items: InboxItem[]; total: number };
      expect.soft(body.items.map((i) => i.title!.slice(0, 1)).sort(), k).toEqual(s.sees);
      expect.soft(body.total, k).toBe(s.sees.length);
      for (const item of body.items) expect(item.divisionCode.startsWith(s.division)).toBe(true);
    }
  });

  it('describes each task: subject, state label, due date, days left and the steps the user may take', async () => {
    const body = (await sessions.guanshanCaseworker.get('/api/v1/inbox?pageSize=200')).json() as { items: InboxItem[] };
    // most urgent first: the overdue case leads
    expect(body.items[0]).toMatchObject({
      instanceId: cases.overdue.id, workflowKey: SAMPLE_KEY, workflowLabel: '低保申请（示例）', title: 'A 冠山 已受理 超期',
      subjectType: 'sample_application', subjectId: 'A 冠山 已受理 超期', state: 'accepted', stateLabel: '已受理',
      dueAt: cases.overdue.dueAt, overdue: true, actions: [{ name: 'requestVerification', label: '发起核对' }],
    });
    expect(body.items[0].daysLeft).toBeLessThan(0);
    const e = body.items.find((i) => i.instanceId === cases.townshipDecides.id)!;
    expect(e).toMatchObject({ stateLabel: '待审批', overdue: false, actions: [{ name: 'approve' }, { name: 'refuse' }] });
    expect(e.daysLeft).toBeGreaterThan(0);
    const f = body.items.find((i) => i.instanceId === cases.visited.id)!;
    // no deadline of its own in this state: the overall limit applies
    expect(f).toMatchObject({ stateDueAt: null, dueAt: cases.visited.overallDueAt, actions: [{ name: 'publishNotice', label: '发布公示' }] });
    const h = body.items.find((i) => i.instanceId === cases.welfareVisit.id)!;
    expect(h).toMatchObject({ workflowLabel: '探访关爱（示例）', stateLabel: '待探访' });
  });

  it('filters by status and workflow, pages, and counts for the badge', async () => {
    const s = sessions.guanshanCaseworker;
    const overdue = (await s.get('/api/v1/inbox?status=overdue')).json() as { items: InboxItem[]; total: number };
    expect(overdue.items.map((i) => i.instanceId)).toEqual([cases.overdue.id]);
    const due = (await s.get('/api/v1/inbox?status=due')).json() as { items: InboxItem[]; total: number };
    expect(due.total).toBe(4);
    expect(due.items.every((i) => !i.overdue)).toBe(true);
    const visits = (await s.get('/api/v1/inbox?workflowKey=sample.visit')).json() as { items: InboxItem[] };
    expect(titles(visits.items)).toEqual(['H 冠山 探访']);
    const page2 = (await s.get('/api/v1/inbox?pageSize=2&page=2')).json() as { items: InboxItem[]; total: number; page: number };
    expect(page2).toMatchObject({ total: 5, page: 2 });
    expect(page2.items).toHaveLength(2);
    const past = (await s.get('/api/v1/inbox?pageSize=2&page=9')).json() as { items: InboxItem[]; total: number };
    expect(past).toMatchObject({ items: [], total: 5 });
    const summary = (await s.get('/api/v1/inbox/summary')).json();
    expect(summary).toMatchObject({ all: 5, overdue: 1, due: 4 });
    expect((await sessions.leader.get('/api/v1/inbox/summary')).json()).toEqual({ all: 0, due: 0, overdue: 0, dueSoon: 0 });
  });

  it('refuses bad filters with 422 and anonymous callers with 401', async () => {
    const bad = await sessions.guanshanCaseworker.get('/api/v1/inbox?status=late&pageSize=999');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const anon = await app.inject({ method: 'GET', url: '/api/v1/inbox' });
    expect(anon.statusCode).toBe(401);
  });
});

describe('inbox dates in working days', () => {
  const calendar = new WorkingCalendar();
  const caseworker: Actor = { userId: 90_001, username: 'nx', displayName: '娘子关镇经办', role: 'township_caseworker', divisionCode: '140321102' };
  const at = (date: string) => ({ now: new Date(`${date}T10:00:00+08:00`), calendar });

  beforeAll(async () => {
    // Accepted on Monday Sep 28: due Oct 8 after National Day. Accepted Friday Oct 9: due Tuesday Oct 13
    // (Saturday Oct 10 is a make-up working day).
    await caseIn(SAMPLE_KEY, 'accepted', '140321102201', new Date('2026-09-28T10:00:00+08:00'), 'X 国庆前受理');
    await caseIn(SAMPLE_KEY, 'accepted', '140321102202', new Date('2026-10-09T10:00:00+08:00'), 'Y 国庆后受理');
  });

  it('counts days left and overdue in working days across National Day 2026', async () => {
    const onOct9 = await listInbox(p.db.orm, caseworker, {}, at('2026-10-09'));
    expect(onOct9.items.map((i) => [i.title, i.dueAt, i.daysLeft, i.overdue])).toEqual([
      ['X 国庆前受理', '2026-10-08', -1, true],
      ['Y 国庆后受理', '2026-10-13', 3, false],
    ]);
    const onSep30 = await listInbox(p.db.orm, caseworker, { status: 'due' }, at('2026-09-30'));
    // from Sep 30 to Oct 8 is a single working day; to Oct 13, five (Oct 8, 9, 10, 12, 13)
    expect(onSep30.items.map((i) => [i.title, i.daysLeft])).toEqual([['X 国庆前受理', 1], ['Y 国庆后受理', 5]]);
    expect(await inboxSummary(p.db.orm, caseworker, {}, at('2026-10-09'))).toEqual({ all: 2, due: 1, overdue: 1, dueSoon: 1 });
    expect(await inboxSummary(p.db.orm, caseworker, {}, at('2026-10-14'))).toEqual({ all: 2, due: 0, overdue: 2, dueSoon: 0 });
  });

  it('moves a task out of the inbox once the step is taken', async () => {
    const before = await listInbox(p.db.orm, caseworker, {}, at('2026-10-09'));
    const y = before.items.find((i) => i.title === 'Y 国庆后受理')!;
    await tx((t) => transition(t, caseworker, y.instanceId, 'requestVerification', {}, at('2026-10-09')));
    const after = await listInbox(p.db.orm, caseworker, {}, at('2026-10-09'));
    const moved = after.items.find((i) => i.instanceId === y.instanceId)!;
    // still the caseworker's: the next step (attach the report) is theirs, with a new deadline
    expect(moved).toMatchObject({ stateLabel: '经济状况核对中', dueAt: calendar.addWorkingDays('2026-10-09', 10).date });
    const county: Actor = { ...caseworker, userId: 90_002, role: 'county_approver', divisionCode: '140321' };
    expect((await listInbox(p.db.orm, county, {}, at('2026-10-09'))).items.find((i) => i.instanceId === y.instanceId)).toBeUndefined();
  });
});

describe('case endpoints the inbox links to', () => {
  let app: FastifyInstance;
  let caseworker: Session;
  let county: Session;
  let outsider: Session;
  let helper: Session;
  beforeAll(async () => {
    app = await buildTestApp(p);
    const login = async (role: Role, division: string) => { const u = await buildUser(p, role, division); return signIn(app, u.username, u.password); };
    caseworker = await login('township_caseworker', '140321100');
    county = await login('county_approver', '140321');
    outsider = await login('township_caseworker', '140321101');
    helper = await login('village_helper', '140321100201');
  });
  afterAll(async () => { await app?.close(); });

  it('shows a case with its deadlines, the user\'s buttons and its history', async () => {
    const res = await caseworker.get(`/api/v1/workflow-instances/${cases.visited.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: cases.visited.id, stateLabel: '已入户调查', workflowLabel: '低保申请（示例）', final: false, overallLimitDays: 30, mayExtend: true,
      actions: [{ name: 'publishNotice', label: '发布公示', toLabel: '公示中' }],
    });
    expect(body.history.map((h: { name: string }) => h.name)).toEqual(['start', 'requestVerification', 'attachReport', 'recordVisit']);
    expect((await outsider.get(`/api/v1/workflow-instances/${cases.visited.id}`)).statusCode).toBe(404);
    const list = (await caseworker.get(`/api/v1/workflow-instances?subjectType=sample_application&subjectId=${encodeURIComponent('F 冠山 已入户')}`)).json();
    expect(list.items.map((i: { id: number }) => i.id)).toEqual([cases.visited.id]);
  });

  it('takes a step, refusing the wrong role, another jurisdiction and bad input in problem+json', async () => {
    const id = cases.due.id;
    const notHerVillage = await helper.post(`/api/v1/workflow-instances/${id}/transitions/requestVerification`, {});
    expect(notHerVillage.statusCode).toBe(404); // the case is in 140321100202, not the helper's village
    const wrongRole = await county.post(`/api/v1/workflow-instances/${id}/transitions/requestVerification`, {});
    expect(wrongRole.json()).toMatchObject({ status: 403, code: 'WORKFLOW_ROLE', title: '“发起核对”须由乡镇经办办理，您的角色（县级审批）不能办理' });
    const elsewhere = await outsider.post(`/api/v1/workflow-instances/${id}/transitions/requestVerification`, {});
    expect(elsewhere.statusCode).toBe(404);
    const ok = await caseworker.post(`/api/v1/workflow-instances/${id}/transitions/requestVerification`, { comment: '材料齐全', expectedVersion: cases.due.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'verifying', stateLabel: '经济状况核对中', actions: [{ name: 'attachReport' }] });
    expect(ok.json().history.at(-1)).toMatchObject({ name: 'requestVerification', comment: '材料齐全' });
    const stale = await caseworker.post(`/api/v1/workflow-instances/${id}/transitions/attachReport`, { input: { reportNo: 'X' }, expectedVersion: cases.due.version });
    expect(stale.json()).toMatchObject({ status: 409, code: 'VERSION_CONFLICT' });
    const bad = await caseworker.post(`/api/v1/workflow-instances/${id}/transitions/attachReport`, { input: { reportNo: '' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['input.reportNo']);
    const state = await caseworker.post(`/api/v1/workflow-instances/${id}/transitions/publishNotice`, {});
    expect(state.json()).toMatchObject({ status: 409, code: 'WORKFLOW_STATE', title: '办件当前处于“经济状况核对中”，不能发布公示' });
  });

  it('extends the overall limit once over HTTP', async () => {
    const id = cases.townshipDecides.id;
    const first = await caseworker.post(`/api/v1/workflow-instances/${id}/extend`, { reason: '等待公积金中心核对结果' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ extended: true, extensionReason: '等待公积金中心核对结果', overallLimitDays: 45, mayExtend: false });
    const second = await caseworker.post(`/api/v1/workflow-instances/${id}/extend`, { reason: '再延' });
    expect(second.json()).toMatchObject({ status: 409, code: 'WORKFLOW_ALREADY_EXTENDED' });
  });
});

describe('system steps in the inbox', () => {
  // A report that only the system registers: a case waiting for it is nobody's task; where staff may
  // also record the outcome by hand, that is the only step offered.
  registerWorkflow(defineWorkflow({
    key: 'sample.report', version: 1, label: '核对（示例）', initial: 'waiting',
    states: { waiting: { label: '等待报告' }, checking: { label: '核对中' }, done: { label: '已核对', final: true } },
    transitions: [
      { name: 'ask', from: ['waiting'], to: 'checking', label: '发起核对', roles: ['township_caseworker'], level: 'township', system: true },
      { name: 'receive', from: ['checking'], to: 'done', label: '报告已出具（系统）', roles: ['township_caseworker'], level: 'township', system: true },
      { name: 'record', from: ['checking'], to: 'done', label: '登记核对结果', roles: ['township_caseworker'], level: 'township' },
    ],
  }));
  const caseworker: Actor = { userId: 90_011, username: 'jz', displayName: '锁簧镇经办', role: 'township_caseworker', divisionCode: '140321103' };

  it('lists neither a case only the system can move nor the system step beside a staff one', async () => {
    const waiting = await tx((t) => startWorkflow(t, SYSTEM_ACTOR, 'sample.report', { subjectType: 'sample_application', subjectId: 'W', divisionCode: '140321103201', title: 'W 等待报告' }));
    let checking = await tx((t) => startWorkflow(t, SYSTEM_ACTOR, 'sample.report', { subjectType: 'sample_application', subjectId: 'K', divisionCode: '140321103201', title: 'K 核对中' }));
    checking = await tx((t) => transition(t, SYSTEM_ACTOR, checking.id, 'ask', {}));
    const inbox = await listInbox(p.db.orm, caseworker, { workflowKey: 'sample.report' }, { now: new Date() });
    expect(inbox.items.map((i) => i.instanceId)).toEqual([checking.id]);
    expect(inbox.items[0].actions).toEqual([{ name: 'record', label: '登记核对结果' }]);
    expect(inbox.items.find((i) => i.instanceId === waiting.id)).toBeUndefined();
    expect(await inboxSummary(p.db.orm, caseworker, { workflowKey: 'sample.report' }, { now: new Date() })).toMatchObject({ all: 1 });
  });
});
