// 办理时效: for dibao, tekun and temporary-assistance applications, the working days from acceptance
// (the case opening) to the first decision (approval or refusal), from the kernel's workflow instances
// and transitions of assistance applications, within the actor's jurisdiction; in total, by
// programme, by county or township, and by month of decision.
//
// A case counts in a period when its first decision falls in it. Median: the middle value (the mean
// of the two middle values for an even count); 90th percentile: nearest rank. Overdue: decided in
// the period after the overall time limit, or still undecided today past it (opened by the end of
// the period). By month, an open overdue case counts in the month its limit ran out.
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import {
  addDays, currentCalendar, findParameter, scopeCondition, todayInChina, workflowInstances, workflowRegistry, workflowTransitions, workingDaysBetween,
  type Actor, type DivisionDirectory, type Executor, type IsoDate,
} from '#kernel';
import { addMonths, programmeName } from '#payments';
import { DIBAO_WORKFLOW } from '../dibao.keys';
import { SUBJECT_TYPE } from '../applications.service';
import { TEKUN_WORKFLOW } from '../tekun/tekun.keys';
import { TEMPORARY_WORKFLOW } from '../temporary/temporary.keys';

/** The programmes whose applications go through a declared procedure, and the states that decide them. */
export const PROCESSED_PROGRAMMES = {
  dibao: { workflowKey: DIBAO_WORKFLOW, approved: 'enrolled' },
  tekun: { workflowKey: TEKUN_WORKFLOW, approved: 'enrolled' },
  temporary: { workflowKey: TEMPORARY_WORKFLOW, approved: 'granted' },
} as const;
export type ProcessedProgramme = keyof typeof PROCESSED_PROGRAMMES;
export const PROCESSED_PROGRAMME_KEYS = Object.keys(PROCESSED_PROGRAMMES) as ProcessedProgramme[];
const REFUSED = 'refused';
export const DECISION_STATES = [...new Set([...Object.values(PROCESSED_PROGRAMMES).map((p) => p.approved), REFUSED])];

export interface ProcessingFigures {
  decided: number;
  approved: number;
  refused: number;
  medianDays: number | null;
  p90Days: number | null;
  overdueDecided: number;
  overdueOpen: number;
  overdue: number;
}

export interface ProcessingQuery {
  from: string;
  to: string;
  groupBy?: 'county' | 'township';
  /** one programme, or all three */
  programme?: ProcessedProgramme;
}

export interface ProcessingReport extends ProcessingFigures {
  from: string;
  to: string;
  scope: string;
  asOf: IsoDate;
  groupBy: 'county' | 'township';
  programme: ProcessedProgramme | null;
  programmeName: string | null;
  byProgramme: (ProcessingFigures & { programme: ProcessedProgramme; programmeName: string })[];
  byDivision: (ProcessingFigures & { divisionCode: string; divisionName: string | null })[];
  /** one row per month of the period and programme with any case */
  byMonth: (ProcessingFigures & { month: string; programme: ProcessedProgramme; programmeName: string })[];
  /** one row per month of the period: every programme together */
  monthTotals: (ProcessingFigures & { month: string })[];
  /** some deadline or count ran over days whose holiday schedule is not published yet */
  beyondKnownSchedule: boolean;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile (p in 0–100). */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

interface CaseFact {
  programme: ProcessedProgramme;
  divisionCode: string;
  /** the month of the decision, or for an open overdue case the month its limit ran out */
  month: string;
  days: number | null;
  approved: boolean;
  overdueDecided: boolean;
  overdueOpen: boolean;
}

function figures(cases: CaseFact[]): ProcessingFigures {
  const decided = cases.filter((c) => c.days !== null);
  const days = decided.map((c) => c.days!);
  const overdueDecided = cases.filter((c) => c.overdueDecided).length;
  const overdueOpen = cases.filter((c) => c.overdueOpen).length;
  return {
    decided: decided.length,
    approved: decided.filter((c) => c.approved).length,
    refused: decided.filter((c) => !c.approved).length,
    medianDays: median(days), p90Days: percentile(days, 90),
    overdueDecided, overdueOpen, overdue: overdueDecided + overdueOpen,
  };
}

function groupFigures<K extends string>(cases: CaseFact[], key: (c: CaseFact) => K): [K, ProcessingFigures][] {
  const groups = new Map<K, CaseFact[]>();
  for (const c of cases) {
    const k = key(c);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, list]) => [k, figures(list)]);
}

interface InstanceRow { id: number; workflowKey: string; workflowVersion: number; divisionCode: string; openedAt: Date; overallDueAt: string | null; closedAt: Date | null }

/**
 * The case's overall limit: as stored when the case opened; for a case opened before its procedure
 * declared one, the limit in force for its division on the day it opened.
 */
function limitOf(exec: Executor) {
  const cache = new Map<string, Promise<string | null>>();
  return (x: InstanceRow): Promise<string | null> => {
    if (x.overallDueAt) return Promise.resolve(x.overallDueAt);
    const l = workflowRegistry.get(x.workflowKey, x.workflowVersion)?.overallLimit;
    if (!l) return Promise.resolve(null);
    const opened = todayInChina(x.openedAt);
    const k = `${x.workflowKey}|${x.divisionCode}|${opened}`;
    if (!cache.has(k)) {
      cache.set(k, (async () => {
        const p = l.parameterKeys?.days ? await findParameter(exec, l.parameterKeys.days, { divisionCode: x.divisionCode, date: opened }) : null;
        const days = p ? Number(p.value) : l.days;
        return l.calendar === 'natural' ? addDays(opened, days) : currentCalendar().addWorkingDays(opened, days).date;
      })());
    }
    return cache.get(k)!;
  };
}

export async function processingReport(
  exec: Executor, actor: Actor, divisions: DivisionDirectory, q: ProcessingQuery, today: IsoDate = todayInChina(),
): Promise<ProcessingReport> {
  const groupBy = q.groupBy ?? 'county';
  const programmes = q.programme ? [q.programme] : PROCESSED_PROGRAMME_KEYS;
  const programmeOf = new Map<string, ProcessedProgramme>(programmes.map((p) => [PROCESSED_PROGRAMMES[p].workflowKey, p]));
  // Everything opened before the period ends (China time, UTC+8).
  const periodEnd = new Date(`${addMonths(q.to, 1)}-01T00:00:00+08:00`);
  const instances: InstanceRow[] = await exec.select({
    id: workflowInstances.id, workflowKey: workflowInstances.workflowKey, workflowVersion: workflowInstances.workflowVersion,
    divisionCode: workflowInstances.divisionCode, openedAt: workflowInstances.openedAt,
    overallDueAt: workflowInstances.overallDueAt, closedAt: workflowInstances.closedAt,
  }).from(workflowInstances).where(and(
    inArray(workflowInstances.workflowKey, [...programmeOf.keys()]), eq(workflowInstances.subjectType, SUBJECT_TYPE),
    scopeCondition(actor, workflowInstances.divisionCode), lte(workflowInstances.openedAt, periodEnd),
  ));
  const decisions = new Map<number, { at: Date; state: string }>();
  for (let i = 0; i < instances.length; i += 5_000) {
    const ids = instances.slice(i, i + 5_000).map((x) => x.id);
    const rows = await exec.select({ instanceId: workflowTransitions.instanceId, at: workflowTransitions.at, toState: workflowTransitions.toState })
      .from(workflowTransitions)
      .where(and(inArray(workflowTransitions.instanceId, ids), inArray(workflowTransitions.toState, DECISION_STATES)))
      .orderBy(asc(workflowTransitions.at), asc(workflowTransitions.id));
    for (const r of rows) if (!decisions.has(r.instanceId)) decisions.set(r.instanceId, { at: r.at, state: r.toState });
  }

  const limit = limitOf(exec);
  let beyond = false;
  const cases: CaseFact[] = [];
  for (const x of instances) {
    const programme = programmeOf.get(x.workflowKey)!;
    const opened = todayInChina(x.openedAt);
    const d = decisions.get(x.id);
    const common = { programme, divisionCode: x.divisionCode };
    if (d) {
      const on = todayInChina(d.at);
      const month = on.slice(0, 7);
      if (month < q.from || month > q.to) continue;
      const w = workingDaysBetween(opened, on);
      beyond ||= w.beyondKnownSchedule;
      const due = await limit(x);
      cases.push({ ...common, month, days: w.days, approved: d.state === PROCESSED_PROGRAMMES[programme].approved, overdueDecided: !!due && on > due, overdueOpen: false });
    } else if (!x.closedAt) {
      const due = await limit(x);
      if (due && today > due) cases.push({ ...common, month: due.slice(0, 7), days: null, approved: false, overdueDecided: false, overdueOpen: true });
    }
  }
  const width = groupBy === 'county' ? 6 : 9;
  const inPeriod = cases.filter((c) => c.month >= q.from && c.month <= q.to);
  return {
    from: q.from, to: q.to, scope: actor.divisionCode, asOf: today, groupBy,
    programme: q.programme ?? null, programmeName: q.programme ? programmeName(q.programme) : null,
    ...figures(cases),
    byProgramme: groupFigures(cases, (c) => c.programme).map(([programme, f]) => ({ programme, programmeName: programmeName(programme), ...f })),
    byDivision: groupFigures(cases, (c) => c.divisionCode.slice(0, width)).map(([code, f]) => ({ divisionCode: code, divisionName: divisions.name(code), ...f })),
    byMonth: groupFigures(inPeriod, (c) => `${c.month}|${c.programme}`).map(([k, f]) => {
      const [month, programme] = k.split('|') as [string, ProcessedProgramme];
      return { month, programme, programmeName: programmeName(programme), ...f };
    }),
    monthTotals: groupFigures(inPeriod, (c) => c.month).map(([month, f]) => ({ month, ...f })),
    beyondKnownSchedule: beyond,
  };
}
