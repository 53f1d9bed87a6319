import type { z } from 'zod';
import type { Actor, Role } from '../auth/roles';
import { ROLES } from '../auth/roles';
import type { Tx } from '../db/transaction';
import type { IsoDate } from '../calendar/dates';

/** Administrative levels, read from the length of a division code (GB/T 2260 + NBS). */
export type Level = 'province' | 'city' | 'county' | 'township' | 'village';
export const LEVELS: Record<Level, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇（街道）级', village: '村（社区）级' };
const LEVEL_BY_LENGTH: Record<number, Level> = { 2: 'province', 4: 'city', 6: 'county', 9: 'township', 12: 'village' };

/** The level of a division code: 4 digits city, 6 county, 9 township, 12 village; null otherwise. */
export function levelOf(divisionCode: string): Level | null {
  return LEVEL_BY_LENGTH[divisionCode.length] ?? null;
}

/** A number of days, fixed or a dated per-division parameter (a positive integer; `default` where none is set). */
export type DaysSpec = number | { parameter: string; default?: number };

export interface DeadlineSpec {
  days: DaysSpec;
  /** the clock starts when the case entered this state, or when the case was opened */
  from: 'enteredState' | 'caseOpened';
  calendar: 'working' | 'natural';
}

export interface StateDef {
  label: string;
  /** the case is closed while in this state; a transition out of it (e.g. 复核) reopens it */
  final?: boolean;
  deadline?: DeadlineSpec;
}

/**
 * Who may act, by level: one level, several, or a dated per-division parameter whose value is a level
 * ('county', or 'township' where the county delegates), with a default where none is set.
 */
export type LevelSpec = Level | readonly Level[] | { parameter: string; default?: Level };

/** A workflow instance as services and the inbox see it. */
export interface WorkflowInstance {
  id: number;
  workflowKey: string;
  workflowVersion: number;
  subjectType: string;
  subjectId: string;
  title: string | null;
  divisionCode: string;
  state: string;
  openedAt: Date;
  stateEnteredAt: Date;
  dueAt: IsoDate | null;
  overallStartedOn: IsoDate | null;
  overallDueAt: IsoDate | null;
  beyondKnownSchedule: boolean;
  extended: boolean;
  extensionReason: string | null;
  closedAt: Date | null;
  data: Record<string, unknown>;
  version: number;
}

export interface GuardContext<I = unknown> {
  tx: Tx;
  actor: Actor;
  instance: WorkflowInstance;
  input: I;
  today: IsoDate;
}

export interface EffectContext<I = unknown> extends GuardContext<I> {
  /** the state the case left */
  from: string;
  /** the transition taken */
  transition: string;
  /** shallow-merges into the instance's data (jsonb), in the same transaction */
  mergeData(patch: Record<string, unknown>): Promise<void>;
}

export interface TransitionDef<S extends string = string, I = any> {
  name: string;
  from: readonly S[];
  to: S;
  label: string;
  roles: readonly Role[];
  level: LevelSpec;
  /** taken only by the system (a module reacting to an event, e.g. a verification report arriving):
   *  never offered to users, and refused to them as a guard refusal */
  system?: boolean;
  /** a zh-CN refusal, or null to allow; runs after the input is validated */
  guard?: (ctx: GuardContext<I>) => string | null | Promise<string | null>;
  /** the transition's input (two investigators, findings, reasons…); validated before anything changes */
  requires?: z.ZodType<I>;
  /** run after the state moved, in the caller's transaction (a throw rolls everything back) */
  effects?: (ctx: EffectContext<I>) => Promise<void> | void;
  /** the overall limit starts again from this transition (e.g. a review reopening a refused case) */
  restartsOverallLimit?: boolean;
}

export interface OverallLimitSpec {
  days: number;
  /** once, with a reason */
  extendableTo?: number;
  calendar: 'working' | 'natural';
  /** dated per-division parameters that override days / extendableTo */
  parameterKeys?: { days?: string; extendableTo?: string };
  /** who may extend; required when extendableTo is set */
  extend?: { roles: readonly Role[]; level: LevelSpec; label?: string };
}

export interface WorkflowSpec<S extends string = string> {
  /** dotted lower-case name: 'dibao.application' */
  key: string;
  version: number;
  label: string;
  initial: NoInfer<S>;
  states: Record<S, StateDef>;
  transitions: readonly TransitionDef<NoInfer<S>>[];
  overallLimit?: OverallLimitSpec;
}

/** A validated definition: the spec plus lookups the engine uses. */
export interface WorkflowDefinition<S extends string = string> extends WorkflowSpec<S> {
  readonly transitionsByName: ReadonlyMap<string, TransitionDef<S>>;
  /** transitions leaving each state */
  readonly outgoing: ReadonlyMap<string, readonly TransitionDef<S>[]>;
  /** every parameter key the definition reads, for loading them in one query */
  readonly parameterKeys: readonly string[];
}

/** The pseudo-transition that records an extension of the overall limit in the case history. */
export const EXTEND_TRANSITION = 'extendOverallLimit';
/** The pseudo-transition that records a change of the case's division (a household moved) in the case history. */
export const REROUTE_TRANSITION = 'reroute';

export class WorkflowDefinitionError extends Error {
  constructor(readonly key: string, readonly problems: string[]) {
    super(`workflow ${key} is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'WorkflowDefinitionError';
  }
}

const KEY_PATTERN = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;
const NAME_PATTERN = /^[a-z][A-Za-z0-9]*$/;

function levelProblems(where: string, spec: LevelSpec | undefined): string[] {
  if (spec === undefined) return [`${where}: level is required`];
  if (typeof spec === 'string') return spec in LEVELS ? [] : [`${where}: unknown level '${spec}'`];
  if (Array.isArray(spec)) {
    if (spec.length === 0) return [`${where}: level list is empty`];
    return spec.filter((l) => !(l in LEVELS)).map((l) => `${where}: unknown level '${l}'`);
  }
  const p = spec as { parameter: string; default?: Level };
  const out: string[] = [];
  if (!KEY_PATTERN.test(p.parameter)) out.push(`${where}: invalid parameter key '${p.parameter}'`);
  if (p.default !== undefined && !(p.default in LEVELS)) out.push(`${where}: unknown default level '${p.default}'`);
  return out;
}

function rolesProblems(where: string, roles: readonly Role[] | undefined): string[] {
  if (!roles || roles.length === 0) return [`${where}: at least one role is required`];
  return roles.filter((r) => !(r in ROLES)).map((r) => `${where}: unknown role '${r}'`);
}

function daysProblems(where: string, days: DaysSpec): string[] {
  if (typeof days === 'number') return Number.isSafeInteger(days) && days > 0 ? [] : [`${where}: days must be a positive integer`];
  return KEY_PATTERN.test(days?.parameter ?? '') ? [] : [`${where}: invalid parameter key '${days?.parameter}'`];
}

/**
 * Validates a workflow and returns it with its lookups. Every problem is reported at once:
 * unknown or unreachable states, dead ends, duplicate names, unknown roles and levels, bad deadlines.
 */
export function defineWorkflow<const S extends string>(spec: WorkflowSpec<S>): WorkflowDefinition<S> {
  const problems: string[] = [];
  const states = Object.keys(spec.states ?? {}) as S[];
  const known = new Set<string>(states);
  if (!KEY_PATTERN.test(spec.key ?? '')) problems.push(`key '${spec.key}' must be dotted lower camel case, e.g. 'dibao.application'`);
  if (!Number.isSafeInteger(spec.version) || spec.version < 1) problems.push('version must be a positive integer');
  if (!spec.label) problems.push('label is required');
  if (states.length === 0) problems.push('no states declared');
  if (!known.has(spec.initial)) problems.push(`initial state '${spec.initial}' is not declared`);
  for (const s of states) {
    const def = spec.states[s];
    if (!NAME_PATTERN.test(s)) problems.push(`state '${s}': name must be lower camel case`);
    if (!def.label) problems.push(`state '${s}': label is required`);
    if (def.deadline) {
      problems.push(...daysProblems(`state '${s}' deadline`, def.deadline.days));
      if (!['enteredState', 'caseOpened'].includes(def.deadline.from)) problems.push(`state '${s}' deadline: from must be enteredState or caseOpened`);
      if (!['working', 'natural'].includes(def.deadline.calendar)) problems.push(`state '${s}' deadline: calendar must be working or natural`);
    }
  }

  const byName = new Map<string, TransitionDef<S>>();
  const outgoing = new Map<string, TransitionDef<S>[]>(states.map((s) => [s, []]));
  const params = new Set<string>();
  for (const [i, t] of (spec.transitions ?? []).entries()) {
    const where = `transition '${t.name ?? `#${i}`}'`;
    if (!NAME_PATTERN.test(t.name ?? '')) problems.push(`${where}: name must be lower camel case`);
    if (t.name === EXTEND_TRANSITION) problems.push(`${where}: the name is reserved for extending the overall limit`);
    if (t.name === REROUTE_TRANSITION) problems.push(`${where}: the name is reserved for re-routing a case`);
    if (byName.has(t.name)) problems.push(`${where}: duplicate transition name`);
    byName.set(t.name, t);
    if (!t.label) problems.push(`${where}: label is required`);
    if (!t.from?.length) problems.push(`${where}: from must name at least one state`);
    for (const f of t.from ?? []) {
      if (!known.has(f)) problems.push(`${where}: unknown from state '${f}'`);
      else outgoing.get(f)!.push(t);
    }
    if (!known.has(t.to)) problems.push(`${where}: unknown to state '${t.to}'`);
    problems.push(...rolesProblems(where, t.roles), ...levelProblems(where, t.level));
    if (t.level && typeof t.level === 'object' && !Array.isArray(t.level)) params.add((t.level as { parameter: string }).parameter);
  }

  // Reachability from the initial state.
  const seen = new Set<string>([spec.initial]);
  for (const queue = [spec.initial as string]; queue.length; ) {
    for (const t of outgoing.get(queue.shift()!) ?? []) if (!seen.has(t.to)) { seen.add(t.to); queue.push(t.to); }
  }
  for (const s of states) {
    if (!seen.has(s)) problems.push(`state '${s}' is unreachable from '${spec.initial}'`);
    if (!spec.states[s].final && (outgoing.get(s)?.length ?? 0) === 0) problems.push(`state '${s}' is not final and has no way out`);
  }
  if (!states.some((s) => spec.states[s].final)) problems.push('no final state declared');

  const limit = spec.overallLimit;
  if (limit) {
    problems.push(...daysProblems('overallLimit', limit.days));
    if (limit.extendableTo !== undefined) {
      if (!Number.isSafeInteger(limit.extendableTo) || limit.extendableTo <= limit.days) problems.push('overallLimit: extendableTo must be an integer above days');
      if (!limit.extend) problems.push('overallLimit: extend (roles and level) is required when extendableTo is set');
      else problems.push(...rolesProblems('overallLimit.extend', limit.extend.roles), ...levelProblems('overallLimit.extend', limit.extend.level));
    }
    if (!['working', 'natural'].includes(limit.calendar)) problems.push('overallLimit: calendar must be working or natural');
    for (const k of Object.values(limit.parameterKeys ?? {})) if (k) params.add(k);
  }
  for (const s of states) {
    const d = spec.states[s].deadline?.days;
    if (d && typeof d === 'object') params.add(d.parameter);
  }
  if (problems.length) throw new WorkflowDefinitionError(spec.key, problems);
  return Object.freeze({ ...spec, transitionsByName: byName, outgoing, parameterKeys: [...params] });
}

/** Process-wide (or per-test) set of workflow definitions, by key and version. */
export class WorkflowRegistry {
  private readonly byKey = new Map<string, Map<number, WorkflowDefinition>>();

  register(def: WorkflowDefinition): this {
    let versions = this.byKey.get(def.key);
    if (!versions) this.byKey.set(def.key, (versions = new Map()));
    if (versions.has(def.version)) throw new WorkflowDefinitionError(def.key, [`version ${def.version} is already registered`]);
    versions.set(def.version, def as WorkflowDefinition);
    return this;
  }

  /** The given version, or the newest one (for starting a new case). */
  get(key: string, version?: number): WorkflowDefinition | undefined {
    const versions = this.byKey.get(key);
    if (!versions) return undefined;
    if (version !== undefined) return versions.get(version);
    return versions.get(Math.max(...versions.keys()));
  }

  /** Every registered version of every workflow (old versions keep running their open cases). */
  all(): WorkflowDefinition[] {
    return [...this.byKey.values()].flatMap((m) => [...m.values()]);
  }
}

/** The registry modules register their workflows in at start-up. */
export const workflowRegistry = new WorkflowRegistry();

export function registerWorkflow<S extends string>(def: WorkflowDefinition<S>): WorkflowDefinition<S> {
  workflowRegistry.register(def as unknown as WorkflowDefinition);
  return def;
}
