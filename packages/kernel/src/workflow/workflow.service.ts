import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor, Tx } from '../db/transaction';
import { DomainError, notFound, validationFailed, versionConflict } from '../errors';
import { inScope, SYSTEM_ACTOR, type Actor } from '../auth/roles';
import { scopeCondition } from '../auth/scope';
import { recordAudit } from '../audit/audit.service';
import { emit } from '../events/events.service';
import type { WorkingCalendar } from '../calendar/calendar';
import { currentCalendar } from '../calendar/calendar.service';
import { todayInChina, type IsoDate } from '../calendar/dates';
import {
  EXTEND_TRANSITION, REROUTE_TRANSITION, levelOf, workflowRegistry,
  type TransitionDef, type WorkflowDefinition, type WorkflowInstance, type WorkflowRegistry,
} from './definition';
import { checkRoleAndLevel, mayAct, resolveLevels } from './access';
import { overallDeadline, stateDeadline } from './deadlines';
import { workflowInstances, workflowTransitions } from './schema';

export interface WorkflowOptions {
  /** the clock (tests, back-dated imports); default now */
  now?: Date;
  /** default: the process-wide registry */
  registry?: WorkflowRegistry;
  /** default: the process-wide statutory calendar */
  calendar?: WorkingCalendar;
}

export interface TransitionOptions extends WorkflowOptions {
  /** the instance version the user saw; a different current version is refused with 409 */
  expectedVersion?: number;
  comment?: string | null;
}

export interface StartInput {
  subjectType: string;
  subjectId: string | number;
  /** the case's jurisdiction, usually the applicant's village */
  divisionCode: string;
  /** what the inbox shows: '王德明 低保申请' */
  title?: string | null;
  data?: Record<string, unknown>;
  comment?: string | null;
}

const AGGREGATE = 'workflow_instance';

function clock(opts: WorkflowOptions) {
  const now = opts.now ?? new Date();
  return { now, today: todayInChina(now), calendar: opts.calendar ?? currentCalendar(), registry: opts.registry ?? workflowRegistry };
}

function toInstance(row: typeof workflowInstances.$inferSelect): WorkflowInstance {
  return { ...row, data: (row.data ?? {}) as Record<string, unknown> };
}

export function definitionOf(instance: Pick<WorkflowInstance, 'workflowKey' | 'workflowVersion'>, registry = workflowRegistry): WorkflowDefinition {
  const def = registry.get(instance.workflowKey, instance.workflowVersion);
  if (!def) {
    throw new DomainError('WORKFLOW_UNKNOWN', `流程 ${instance.workflowKey} 第 ${instance.workflowVersion} 版未注册`, { status: 500 });
  }
  return def;
}

const beyond = (calendar: WorkingCalendar, ...dates: (IsoDate | null | undefined)[]) => dates.some((d) => !!d && !calendar.isKnown(d));

function snapshot(i: WorkflowInstance) {
  return { state: i.state, dueAt: i.dueAt, overallDueAt: i.overallDueAt, extended: i.extended, closedAt: i.closedAt?.toISOString() ?? null, version: i.version };
}

/** Opens a case in the workflow's initial state, with its deadlines, history, audit entry and event. */
export async function startWorkflow(tx: Tx, actor: Actor, key: string, input: StartInput, opts: WorkflowOptions = {}): Promise<WorkflowInstance> {
  const { now, today, calendar, registry } = clock(opts);
  const def = registry.get(key);
  if (!def) throw new DomainError('WORKFLOW_UNKNOWN', `流程 ${key} 未注册`, { status: 500 });
  if (!levelOf(input.divisionCode) || !/^\d+$/.test(input.divisionCode)) {
    throw validationFailed([{ field: 'divisionCode', code: 'DIVISION_CODE_INVALID', message: `区划代码“${input.divisionCode}”无效` }]);
  }
  if (!inScope(actor, input.divisionCode)) throw new DomainError('FORBIDDEN', '该办件所属区划不在您的管辖范围内', { status: 403 });

  const due = await stateDeadline(tx, calendar, def, def.initial, input.divisionCode, today, today);
  const overall = await overallDeadline(tx, calendar, def, input.divisionCode, today, false);
  const final = !!def.states[def.initial].final;
  const [row] = await tx.insert(workflowInstances).values({
    workflowKey: def.key,
    workflowVersion: def.version,
    subjectType: input.subjectType,
    subjectId: String(input.subjectId),
    title: input.title ?? null,
    divisionCode: input.divisionCode,
    state: def.initial,
    openedAt: now,
    stateEnteredAt: now,
    dueAt: due?.date ?? null,
    overallStartedOn: overall ? today : null,
    overallDueAt: overall?.date ?? null,
    beyondKnownSchedule: beyond(calendar, due?.date, overall?.date),
    closedAt: final ? now : null,
    data: input.data ?? {},
  }).returning();
  const instance = toInstance(row);
  await tx.insert(workflowTransitions).values({
    instanceId: instance.id, name: 'start', fromState: null, toState: def.initial,
    actorId: actor.userId || null, actorName: actor.displayName, actorRole: actor.role, at: now, input: null, comment: input.comment ?? null,
  });
  await recordAudit(tx, actor, {
    action: 'workflow.start', entityType: AGGREGATE, entityId: instance.id, divisionCode: instance.divisionCode,
    after: { workflowKey: def.key, workflowVersion: def.version, subjectType: instance.subjectType, subjectId: instance.subjectId, ...snapshot(instance) },
  });
  await emit(tx, {
    type: 'workflow.started', aggregateType: AGGREGATE, aggregateId: instance.id, divisionCode: instance.divisionCode, occurredAt: now,
    payload: { instanceId: instance.id, workflowKey: def.key, subjectType: instance.subjectType, subjectId: instance.subjectId, state: instance.state },
  });
  return instance;
}

/** Loads and locks an instance within the actor's jurisdiction; outside it, the case does not exist. */
async function lockInstance(tx: Tx, actor: Actor, id: number): Promise<WorkflowInstance> {
  const [row] = await tx.select().from(workflowInstances)
    .where(and(eq(workflowInstances.id, id), scopeCondition(actor, workflowInstances.divisionCode)))
    .for('update');
  if (!row) throw notFound('办件', 'WORKFLOW_INSTANCE_NOT_FOUND');
  return toInstance(row);
}

function parseInput(t: TransitionDef, raw: unknown): unknown {
  if (!t.requires) return null;
  const parsed = t.requires.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw validationFailed(parsed.error.issues.map((i) => ({
    field: i.path.map(String).join('.'),
    code: `INVALID_${i.code.toUpperCase()}`,
    message: i.message,
  })), `“${t.label}”所需的信息有误，请按提示修改`);
}

/**
 * Takes transition `name` on a case, in the caller's transaction. Refuses, changing nothing: outside the
 * actor's jurisdiction (404), an unknown step (422), the wrong role (WORKFLOW_ROLE) or level
 * (WORKFLOW_LEVEL), a stale version (409), the wrong state (WORKFLOW_STATE), invalid input (422) and
 * a guard's refusal (WORKFLOW_GUARD). Otherwise records the step, moves the state, recomputes the
 * deadlines, runs the effects, audits and emits workflow.transitioned (and workflow.closed/reopened).
 */
export async function transition(
  tx: Tx, actor: Actor, instanceId: number, name: string, input: unknown, opts: TransitionOptions = {},
): Promise<WorkflowInstance> {
  const { now, today, calendar, registry } = clock(opts);
  const before = await lockInstance(tx, actor, instanceId);
  const def = definitionOf(before, registry);
  const t = def.transitionsByName.get(name);
  if (!t) throw new DomainError('WORKFLOW_TRANSITION_UNKNOWN', `“${def.label}”流程中没有“${name}”这一步骤`, { status: 422 });
  checkRoleAndLevel(actor, t.roles, await resolveLevels(tx, t.level, before.divisionCode, today), t.label);
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== before.version) throw versionConflict();
  if (!t.from.includes(before.state)) {
    throw new DomainError('WORKFLOW_STATE', `办件当前处于“${def.states[before.state]?.label ?? before.state}”，不能${t.label}`, { status: 409, detail: before.state });
  }
  const parsed = parseInput(t, input);
  const refusal = t.system && actor !== SYSTEM_ACTOR
    ? `“${t.label}”由系统自动办理，不能手工办理`
    : await t.guard?.({ tx, actor, instance: before, input: parsed, today });
  if (refusal) throw new DomainError('WORKFLOW_GUARD', refusal, { status: 422 });

  const openedOn = todayInChina(before.openedAt);
  const due = await stateDeadline(tx, calendar, def, t.to, before.divisionCode, openedOn, today);
  let overall = { startedOn: before.overallStartedOn, dueAt: before.overallDueAt, extended: before.extended, reason: before.extensionReason };
  if (t.restartsOverallLimit && def.overallLimit) {
    const o = await overallDeadline(tx, calendar, def, before.divisionCode, today, false);
    overall = { startedOn: today, dueAt: o!.date, extended: false, reason: null };
  }
  const final = !!def.states[t.to].final;
  const [row] = await tx.update(workflowInstances).set({
    state: t.to,
    stateEnteredAt: now,
    dueAt: due?.date ?? null,
    overallStartedOn: overall.startedOn,
    overallDueAt: overall.dueAt,
    extended: overall.extended,
    extensionReason: overall.reason,
    beyondKnownSchedule: beyond(calendar, due?.date, final ? null : overall.dueAt),
    closedAt: final ? (before.closedAt ?? now) : null,
    version: before.version + 1,
  }).where(and(eq(workflowInstances.id, before.id), eq(workflowInstances.version, before.version))).returning();
  if (!row) throw versionConflict();
  let after = toInstance(row);

  await tx.insert(workflowTransitions).values({
    instanceId: after.id, name: t.name, fromState: before.state, toState: t.to,
    actorId: actor.userId || null, actorName: actor.displayName, actorRole: actor.role, at: now,
    input: parsed, comment: opts.comment ?? null,
  });

  if (t.effects) {
    await t.effects({
      tx, actor, instance: after, input: parsed, today, from: before.state, transition: t.name,
      mergeData: async (patch) => {
        const [r] = await tx.update(workflowInstances)
          .set({ data: sql`${workflowInstances.data} || ${JSON.stringify(patch)}::jsonb` })
          .where(eq(workflowInstances.id, after.id)).returning();
        after = toInstance(r);
      },
    });
  }

  await recordAudit(tx, actor, {
    action: 'workflow.transition', entityType: AGGREGATE, entityId: after.id, divisionCode: after.divisionCode,
    reason: opts.comment ?? null,
    before: snapshot(before),
    after: { transition: t.name, input: parsed, ...snapshot(after) },
  });
  const payload = {
    instanceId: after.id, workflowKey: def.key, subjectType: after.subjectType, subjectId: after.subjectId,
    transition: t.name, from: before.state, to: t.to, actorId: actor.userId || null,
  };
  const event = { aggregateType: AGGREGATE, aggregateId: after.id, divisionCode: after.divisionCode, occurredAt: now, payload };
  await emit(tx, { type: 'workflow.transitioned', ...event });
  if (final && !before.closedAt) await emit(tx, { type: 'workflow.closed', ...event });
  if (!final && before.closedAt) await emit(tx, { type: 'workflow.reopened', ...event });
  return after;
}

/**
 * Extends the overall limit once (30 → 45 working days for dibao), with a reason that the case shows
 * and the history keeps. A second extension, or one on a closed case, is refused.
 */
export async function extendOverallLimit(
  tx: Tx, actor: Actor, instanceId: number, reason: string, opts: TransitionOptions = {},
): Promise<WorkflowInstance> {
  const { now, today, calendar, registry } = clock(opts);
  const before = await lockInstance(tx, actor, instanceId);
  const def = definitionOf(before, registry);
  const limit = def.overallLimit;
  if (!limit?.extendableTo || !limit.extend) {
    throw new DomainError('WORKFLOW_NOT_EXTENDABLE', `“${def.label}”的办理时限不能延长`, { status: 422 });
  }
  const label = limit.extend.label ?? '延长办理时限';
  checkRoleAndLevel(actor, limit.extend.roles, await resolveLevels(tx, limit.extend.level, before.divisionCode, today), label);
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== before.version) throw versionConflict();
  if (before.closedAt) throw new DomainError('WORKFLOW_CLOSED', '办件已办结，不能延长办理时限', { status: 409 });
  if (before.extended) {
    throw new DomainError('WORKFLOW_ALREADY_EXTENDED', `办理时限已于此前延长至 ${before.overallDueAt}，只能延长一次`, { status: 409 });
  }
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why) throw validationFailed([{ field: 'reason', code: 'REASON_REQUIRED', message: '延长办理时限须说明理由' }]);

  const o = await overallDeadline(tx, calendar, def, before.divisionCode, before.overallStartedOn ?? todayInChina(before.openedAt), true);
  const [row] = await tx.update(workflowInstances).set({
    overallDueAt: o!.date, extended: true, extensionReason: why,
    beyondKnownSchedule: beyond(calendar, before.dueAt, o!.date),
    version: before.version + 1,
  }).where(and(eq(workflowInstances.id, before.id), eq(workflowInstances.version, before.version))).returning();
  if (!row) throw versionConflict();
  const after = toInstance(row);
  await tx.insert(workflowTransitions).values({
    instanceId: after.id, name: EXTEND_TRANSITION, fromState: before.state, toState: before.state,
    actorId: actor.userId || null, actorName: actor.displayName, actorRole: actor.role, at: now,
    input: { overallDueAt: { from: before.overallDueAt, to: after.overallDueAt }, days: o!.days }, comment: why,
  });
  await recordAudit(tx, actor, {
    action: 'workflow.extend', entityType: AGGREGATE, entityId: after.id, divisionCode: after.divisionCode, reason: why,
    before: snapshot(before), after: snapshot(after),
  });
  await emit(tx, {
    type: 'workflow.extended', aggregateType: AGGREGATE, aggregateId: after.id, divisionCode: after.divisionCode, occurredAt: now,
    payload: { instanceId: after.id, workflowKey: def.key, subjectType: after.subjectType, subjectId: after.subjectId, overallDueAt: after.overallDueAt, reason: why },
  });
  return after;
}

/**
 * Hands a case to another division (the household moved): state, deadlines and history stay, staff of
 * the new division find it in their inbox and those of the old one no longer reach it. The actor must
 * reach both divisions (registry reactions act as the system). Re-routing to where the case already is
 * changes nothing. Recorded in the history, audited, and emitted as workflow.rerouted.
 */
export async function rerouteInstance(
  tx: Tx, actor: Actor, instanceId: number, toDivisionCode: string, reason: string, opts: TransitionOptions = {},
): Promise<WorkflowInstance> {
  const { now } = clock(opts);
  const before = await lockInstance(tx, actor, instanceId);
  if (!/^\d+$/.test(toDivisionCode) || !levelOf(toDivisionCode)) {
    throw validationFailed([{ field: 'divisionCode', code: 'DIVISION_CODE_INVALID', message: `区划代码“${toDivisionCode}”无效` }]);
  }
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why) throw validationFailed([{ field: 'reason', code: 'REASON_REQUIRED', message: '转交办件须说明理由' }]);
  if (!inScope(actor, toDivisionCode)) throw new DomainError('FORBIDDEN', '转入的区划不在您的管辖范围内', { status: 403 });
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== before.version) throw versionConflict();
  if (before.divisionCode === toDivisionCode) return before;

  const [row] = await tx.update(workflowInstances).set({ divisionCode: toDivisionCode, version: before.version + 1 })
    .where(and(eq(workflowInstances.id, before.id), eq(workflowInstances.version, before.version))).returning();
  if (!row) throw versionConflict();
  const after = toInstance(row);
  const moved = { from: before.divisionCode, to: toDivisionCode };
  await tx.insert(workflowTransitions).values({
    instanceId: after.id, name: REROUTE_TRANSITION, fromState: before.state, toState: before.state,
    actorId: actor.userId || null, actorName: actor.displayName, actorRole: actor.role, at: now, input: { divisionCode: moved }, comment: why,
  });
  await recordAudit(tx, actor, {
    action: 'workflow.reroute', entityType: AGGREGATE, entityId: after.id, divisionCode: toDivisionCode, reason: why,
    before: { divisionCode: before.divisionCode, version: before.version }, after: { divisionCode: toDivisionCode, version: after.version },
  });
  await emit(tx, {
    type: 'workflow.rerouted', aggregateType: AGGREGATE, aggregateId: after.id, divisionCode: toDivisionCode, occurredAt: now,
    payload: { instanceId: after.id, workflowKey: after.workflowKey, subjectType: after.subjectType, subjectId: after.subjectId, fromDivisionCode: before.divisionCode, toDivisionCode, reason: why },
  });
  return after;
}

/** A case within the actor's jurisdiction (404 otherwise). */
export async function getInstance(exec: Executor, actor: Actor, id: number): Promise<WorkflowInstance> {
  const [row] = await exec.select().from(workflowInstances)
    .where(and(eq(workflowInstances.id, id), scopeCondition(actor, workflowInstances.divisionCode)));
  if (!row) throw notFound('办件', 'WORKFLOW_INSTANCE_NOT_FOUND');
  return toInstance(row);
}

/** The cases of one subject (an application, a child…) that the actor can see, newest first. */
export async function instancesOfSubject(exec: Executor, actor: Actor, subjectType: string, subjectId: string | number): Promise<WorkflowInstance[]> {
  const rows = await exec.select().from(workflowInstances)
    .where(and(eq(workflowInstances.subjectType, subjectType), eq(workflowInstances.subjectId, String(subjectId)),
      scopeCondition(actor, workflowInstances.divisionCode)))
    .orderBy(sql`${workflowInstances.id} desc`);
  return rows.map(toInstance);
}

export interface HistoryEntry {
  id: number;
  name: string;
  label: string;
  fromState: string | null;
  fromLabel: string | null;
  toState: string;
  toLabel: string;
  actorId: number | null;
  actorName: string;
  actorRole: string;
  at: Date;
  input: unknown;
  comment: string | null;
}

/** The case history, oldest first, with the labels a caseworker reads. */
export async function history(exec: Executor, actor: Actor, instanceId: number, opts: Pick<WorkflowOptions, 'registry'> = {}): Promise<HistoryEntry[]> {
  const instance = await getInstance(exec, actor, instanceId);
  const def = definitionOf(instance, opts.registry);
  const rows = await exec.select().from(workflowTransitions)
    .where(eq(workflowTransitions.instanceId, instance.id)).orderBy(asc(workflowTransitions.id));
  const stateLabel = (s: string | null) => (s === null ? null : def.states[s]?.label ?? s);
  const label = (n: string) =>
    n === 'start' ? '受理（开始办理）' : n === EXTEND_TRANSITION ? (def.overallLimit?.extend?.label ?? '延长办理时限')
      : n === REROUTE_TRANSITION ? '转交（户籍迁移）' : def.transitionsByName.get(n)?.label ?? n;
  return rows.map((r) => ({ ...r, label: label(r.name), fromLabel: stateLabel(r.fromState), toLabel: stateLabel(r.toState)! }));
}

export interface AvailableTransition {
  name: string;
  label: string;
  to: string;
  toLabel: string;
  /** JSON Schema of the input the step requires (for the form), or null */
  input: unknown;
}

function inputSchema(t: TransitionDef): unknown {
  if (!t.requires) return null;
  try { return z.toJSONSchema(t.requires, { io: 'input', unrepresentable: 'any' }); } catch { return null; }
}

/**
 * The steps this actor may take on the case now (the buttons they see): allowed from the current state,
 * for their role and level. Guards are not run: they judge the input, which the user has not given yet.
 */
export async function availableTransitions(
  exec: Executor, actor: Actor, instance: WorkflowInstance, opts: WorkflowOptions = {},
): Promise<AvailableTransition[]> {
  const { today, registry } = clock(opts);
  if (!inScope(actor, instance.divisionCode)) return [];
  const def = definitionOf(instance, registry);
  const out: AvailableTransition[] = [];
  for (const t of def.outgoing.get(instance.state) ?? []) {
    if (t.system) continue;
    if (!mayAct(actor, t.roles, await resolveLevels(exec, t.level, instance.divisionCode, today))) continue;
    out.push({ name: t.name, label: t.label, to: t.to, toLabel: def.states[t.to].label, input: inputSchema(t) });
  }
  return out;
}

/** Whether the actor may extend the case's overall limit now. */
export async function mayExtend(exec: Executor, actor: Actor, instance: WorkflowInstance, opts: WorkflowOptions = {}): Promise<boolean> {
  const { today, registry } = clock(opts);
  const limit = definitionOf(instance, registry).overallLimit;
  if (!limit?.extend || instance.extended || instance.closedAt || !inScope(actor, instance.divisionCode)) return false;
  return mayAct(actor, limit.extend.roles, await resolveLevels(exec, limit.extend.level, instance.divisionCode, today));
}
