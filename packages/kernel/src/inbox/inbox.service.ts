import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/transaction';
import type { Actor } from '../auth/roles';
import { scopeCondition } from '../auth/scope';
import type { WorkingCalendar } from '../calendar/calendar';
import { currentCalendar } from '../calendar/calendar.service';
import { todayInChina, type IsoDate } from '../calendar/dates';
import { loadParameterTable, type ParameterTable } from '../parameters/parameters.service';
import { levelOf, workflowRegistry, type Level, type WorkflowDefinition, type WorkflowRegistry } from '../workflow/definition';
import { mayAct } from '../workflow/access';
import { workflowInstances as wi } from '../workflow/schema';

export type InboxStatus = 'due' | 'overdue' | 'all';

export interface InboxQuery {
  /** due: not yet overdue (including tasks without a deadline); overdue: the deadline has passed */
  status?: InboxStatus;
  workflowKey?: string;
  page?: number;
  pageSize?: number;
}

export interface InboxOptions {
  now?: Date;
  registry?: WorkflowRegistry;
  calendar?: WorkingCalendar;
  /** "due soon" in the summary: at most this many working days left (default 3) */
  soonDays?: number;
}

export interface InboxItem {
  instanceId: number;
  workflowKey: string;
  workflowLabel: string;
  title: string | null;
  /** link hint: the owning module's record */
  subjectType: string;
  subjectId: string;
  divisionCode: string;
  state: string;
  stateLabel: string;
  /** the earlier of the state's deadline and the overall limit */
  dueAt: IsoDate | null;
  stateDueAt: IsoDate | null;
  overallDueAt: IsoDate | null;
  extended: boolean;
  /** working days from today to dueAt: 0 = due today, negative = overdue by that many */
  daysLeft: number | null;
  overdue: boolean;
  beyondKnownSchedule: boolean;
  /** the steps this user may take */
  actions: { name: string; label: string }[];
  openedAt: Date;
  stateEnteredAt: Date;
  version: number;
}

export interface InboxPage {
  items: InboxItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface InboxSummary {
  all: number;
  due: number;
  overdue: number;
  /** not overdue, with at most `soonDays` working days left */
  dueSoon: number;
}

const effectiveDue = sql<string | null>`least(${wi.dueAt}, ${wi.overallDueAt})`;

/**
 * The cases this actor may act on, as one SQL condition: (key, version, state) triples taken from the
 * in-memory definitions for the actor's role and level, plus, for steps whose level is a delegation
 * parameter, a CASE over that parameter's per-division values within the actor's reach.
 */
export async function actionableCondition(
  exec: Executor, actor: Actor, opts: { registry?: WorkflowRegistry; today: IsoDate; workflowKey?: string },
): Promise<SQL | null> {
  const level = levelOf(actor.divisionCode);
  if (!level) return null;
  const defs = (opts.registry ?? workflowRegistry).all().filter((d) => !opts.workflowKey || d.key === opts.workflowKey);
  const plain = new Set<string>();
  const delegated: { def: WorkflowDefinition; state: string; parameter: string; fallback?: Level }[] = [];
  for (const def of defs) {
    for (const t of def.transitions) {
      // a system step (a report arriving) is the system's to take, not a reason to list the case
      if (t.system || !t.roles.includes(actor.role)) continue;
      if (typeof t.level === 'object' && !Array.isArray(t.level)) {
        const p = t.level as { parameter: string; default?: Level };
        for (const s of t.from) delegated.push({ def, state: s, parameter: p.parameter, fallback: p.default });
      } else if (mayAct(actor, t.roles, typeof t.level === 'string' ? [t.level as Level] : (t.level as Level[]))) {
        for (const s of t.from) plain.add(JSON.stringify([def.key, def.version, s]));
      }
    }
  }
  const parts: SQL[] = [];
  if (plain.size) {
    const triples = [...plain].map((j) => {
      const [k, v, s] = JSON.parse(j) as [string, number, string];
      return sql`(${k}, ${v}::int, ${s})`;
    });
    parts.push(sql`(${wi.workflowKey}, ${wi.workflowVersion}, ${wi.state}) in (${sql.join(triples, sql`, `)})`);
  }
  const pending = delegated.filter((d) => !plain.has(JSON.stringify([d.def.key, d.def.version, d.state])));
  if (pending.length) {
    const table = await loadParameterTable(exec, [...new Set(pending.map((d) => d.parameter))], opts.today);
    for (const d of pending) {
      const cond = delegationCondition(table, d.parameter, d.fallback, actor, level);
      if (cond) parts.push(sql`(${wi.workflowKey} = ${d.def.key} and ${wi.workflowVersion} = ${d.def.version} and ${wi.state} = ${d.state} and ${cond})`);
    }
  }
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : null;
}

/** "The delegation parameter names the actor's level for this case's division", as SQL. */
function delegationCondition(table: ParameterTable, key: string, fallback: Level | undefined, actor: Actor, level: Level): SQL | null {
  const allows = (value: unknown) => (Array.isArray(value) ? value : [value]).includes(level);
  // Values set for the actor's own division or its ancestors, and for divisions inside its scope.
  const rows = table.rows(key)
    .filter((r) => actor.divisionCode.startsWith(r.divisionCode) || r.divisionCode.startsWith(actor.divisionCode))
    .sort((a, b) => b.divisionCode.length - a.divisionCode.length);
  const otherwise = fallback !== undefined && allows(fallback);
  if (rows.length === 0) return otherwise ? sql`true` : null;
  const bool = (b: boolean) => sql.raw(b ? 'true' : 'false');
  const whens = rows.map((r) => sql`when ${wi.divisionCode} like ${r.divisionCode + '%'} then ${bool(allows(r.value))}`);
  return sql`(case ${sql.join(whens, sql` `)} else ${bool(otherwise)} end)`;
}

function statusCondition(status: InboxStatus, today: IsoDate): SQL | undefined {
  if (status === 'overdue') return sql`${effectiveDue} < ${today}::date`;
  if (status === 'due') return sql`(${effectiveDue} is null or ${effectiveDue} >= ${today}::date)`;
  return undefined;
}

async function baseConditions(exec: Executor, actor: Actor, q: InboxQuery, today: IsoDate, registry?: WorkflowRegistry): Promise<SQL[] | null> {
  const actionable = await actionableCondition(exec, actor, { registry, today, workflowKey: q.workflowKey });
  if (!actionable) return null;
  const conds = [isNull(wi.closedAt), scopeCondition(actor, wi.divisionCode), actionable];
  if (q.workflowKey) conds.push(eq(wi.workflowKey, q.workflowKey));
  return conds;
}

/** The signed-in user's tasks (待办) across all workflows, most urgent first. */
export async function listInbox(exec: Executor, actor: Actor, q: InboxQuery = {}, opts: InboxOptions = {}): Promise<InboxPage> {
  const now = opts.now ?? new Date();
  const today = todayInChina(now);
  const calendar = opts.calendar ?? currentCalendar();
  const registry = opts.registry ?? workflowRegistry;
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, q.pageSize ?? 20));
  const conds = await baseConditions(exec, actor, q, today, registry);
  if (!conds) return { items: [], total: 0, page, pageSize };
  const status = statusCondition(q.status ?? 'all', today);
  const where = and(...conds, status);
  const rows = await exec
    .select({ row: wi, effectiveDue, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(wi)
    .where(where)
    .orderBy(sql`${effectiveDue} asc nulls last`, wi.id)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && page > 1) {
    const [c] = await exec.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(wi).where(where);
    total = c.n;
  }
  const items = rows.map(({ row, effectiveDue: due }): InboxItem => {
    const def = registry.get(row.workflowKey, row.workflowVersion);
    const between = due ? calendar.workingDaysBetween(today, due) : null;
    const actions = (def?.outgoing.get(row.state) ?? [])
      // a delegated step's level depends on the case's division: the row was selected knowing it
      .filter((t) => !t.system && (typeof t.level === 'object' && !Array.isArray(t.level) ? t.roles.includes(actor.role)
        : mayAct(actor, t.roles, typeof t.level === 'string' ? [t.level as Level] : (t.level as Level[]))))
      .map((t) => ({ name: t.name, label: t.label }));
    return {
      instanceId: row.id,
      workflowKey: row.workflowKey,
      workflowLabel: def?.label ?? row.workflowKey,
      title: row.title,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      divisionCode: row.divisionCode,
      state: row.state,
      stateLabel: def?.states[row.state]?.label ?? row.state,
      dueAt: due,
      stateDueAt: row.dueAt,
      overallDueAt: row.overallDueAt,
      extended: row.extended,
      daysLeft: between?.days ?? null,
      overdue: !!due && due < today,
      beyondKnownSchedule: row.beyondKnownSchedule || !!between?.beyondKnownSchedule,
      actions,
      openedAt: row.openedAt,
      stateEnteredAt: row.stateEnteredAt,
      version: row.version,
    };
  });
  return { items, total, page, pageSize };
}

/** Counts for the inbox badge, in one query. */
export async function inboxSummary(exec: Executor, actor: Actor, q: Pick<InboxQuery, 'workflowKey'> = {}, opts: InboxOptions = {}): Promise<InboxSummary> {
  const now = opts.now ?? new Date();
  const today = todayInChina(now);
  const calendar = opts.calendar ?? currentCalendar();
  const conds = await baseConditions(exec, actor, q, today, opts.registry);
  if (!conds) return { all: 0, due: 0, overdue: 0, dueSoon: 0 };
  const soon = calendar.addWorkingDays(today, opts.soonDays ?? 3).date;
  const [r] = await exec
    .select({
      all: sql<number>`count(*)`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${effectiveDue} < ${today}::date)`.mapWith(Number),
      dueSoon: sql<number>`count(*) filter (where ${effectiveDue} >= ${today}::date and ${effectiveDue} <= ${soon}::date)`.mapWith(Number),
    })
    .from(wi)
    .where(and(...conds));
  return { all: r.all, overdue: r.overdue, due: r.all - r.overdue, dueSoon: r.dueSoon };
}
