import { describe, expect, it } from 'vitest';
import { defineWorkflow, levelOf, WorkflowDefinitionError, WorkflowRegistry, type WorkflowSpec } from './definition';
import { sampleDibao } from './testing/sample-dibao.workflow';

const base = (): WorkflowSpec<string> => ({
  key: 'test.simple',
  version: 1,
  label: '测试流程',
  initial: 'open',
  states: { open: { label: '办理中' }, done: { label: '已办结', final: true } },
  transitions: [{ name: 'finish', from: ['open'], to: 'done', label: '办结', roles: ['township_caseworker'], level: 'township' }],
});

function problemsOf(spec: WorkflowSpec<string>): string[] {
  try {
    defineWorkflow(spec);
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowDefinitionError);
    return (e as WorkflowDefinitionError).problems;
  }
  return [];
}

describe('defineWorkflow', () => {
  it('accepts the dibao-shaped sample and indexes its transitions', () => {
    expect(sampleDibao.transitionsByName.get('objection')?.to).toBe('investigating');
    expect(sampleDibao.outgoing.get('notice')?.map((t) => t.name)).toEqual(['objection', 'closeNotice']);
    expect(sampleDibao.parameterKeys).toEqual(expect.arrayContaining(['sample.decision.level', 'sample.deadline.investigationStart']));
  });

  it('names unknown states in from, to and initial', () => {
    const spec = base();
    spec.initial = 'nowhere';
    spec.transitions = [{ ...spec.transitions[0], from: ['opne'], to: 'dnoe' }];
    expect(problemsOf(spec)).toEqual(expect.arrayContaining([
      "initial state 'nowhere' is not declared",
      "transition 'finish': unknown from state 'opne'",
      "transition 'finish': unknown to state 'dnoe'",
    ]));
  });

  it('refuses unreachable states and non-final dead ends', () => {
    const spec = base();
    spec.states = { ...spec.states, orphan: { label: '孤立', final: true }, stuck: { label: '卡住' } };
    spec.transitions = [...spec.transitions, { name: 'toStuck', from: ['open'], to: 'stuck', label: '进入', roles: ['county_approver'], level: 'county' }];
    expect(problemsOf(spec)).toEqual([
      "state 'orphan' is unreachable from 'open'",
      "state 'stuck' is not final and has no way out",
    ]);
  });

  it('refuses duplicate transition names, unknown roles and levels, and the reserved name', () => {
    const spec = base();
    const t = spec.transitions[0];
    spec.transitions = [
      t,
      { ...t, roles: ['mayor' as never], level: 'galaxy' as never },
      { ...t, name: 'extendOverallLimit' },
    ];
    expect(problemsOf(spec)).toEqual(expect.arrayContaining([
      "transition 'finish': duplicate transition name",
      "transition 'finish': unknown role 'mayor'",
      "transition 'finish': unknown level 'galaxy'",
      "transition 'extendOverallLimit': the name is reserved for extending the overall limit",
    ]));
  });

  it('refuses bad deadlines and an extension without who may extend', () => {
    const spec = base();
    spec.states.open.deadline = { days: 0, from: 'enteredState', calendar: 'working' };
    spec.overallLimit = { days: 30, extendableTo: 20, calendar: 'working' };
    expect(problemsOf(spec)).toEqual([
      "state 'open' deadline: days must be a positive integer",
      'overallLimit: extendableTo must be an integer above days',
      'overallLimit: extend (roles and level) is required when extendableTo is set',
    ]);
  });

  it('refuses a workflow without a final state and a bad key', () => {
    const spec = base();
    spec.key = 'Dibao Application';
    spec.states.done.final = false;
    spec.transitions = [...spec.transitions, { name: 'again', from: ['done'], to: 'open', label: '重办', roles: ['township_caseworker'], level: 'township' }];
    expect(problemsOf(spec)).toEqual([
      "key 'Dibao Application' must be dotted lower camel case, e.g. 'dibao.application'",
      'no final state declared',
    ]);
  });

  it('registers each version once and serves the newest by default', () => {
    const r = new WorkflowRegistry();
    r.register(defineWorkflow(base())).register(defineWorkflow({ ...base(), version: 2 }));
    expect(r.get('test.simple')?.version).toBe(2);
    expect(r.get('test.simple', 1)?.version).toBe(1);
    expect(() => r.register(defineWorkflow(base()))).toThrow(/version 1 is already registered/);
  });
});

describe('levelOf', () => {
  it('reads the level from the length of the division code', () => {
    expect(['14', '1403', '140321', '140321100', '140321100201', '14032', ''].map(levelOf))
      .toEqual(['province', 'city', 'county', 'township', 'village', null, null]);
  });
});
