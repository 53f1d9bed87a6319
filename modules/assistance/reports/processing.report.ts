// 办理时效: for dibao applications, the working days from acceptance (the case opening) to the first
// decision (approval or refusal), from the kernel's workflow instances and transitions of
// assistance applications, within the actor's jurisdiction.
//
// A case counts in a period when its first decision falls in it. Median: the middle value (the mean
// of the two middle values for an even count); 90th percentile: nearest rank. Overdue: decided in
// the period after the overall time limit, or still undecided today past it (opened by the end of
// the period).
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import {
  scopeCondition, todayInChina, workflowInstances, workflowTransitions, workingDaysBetween,
  type Actor, type DivisionDirectory, type Executor, type IsoDate,
} from '#kernel';
import { DIBAO_WORKFLOW } from '../dibao.keys';
import { SUBJECT_TYPE } from '../applications.service';
import { addMonths } from '#payments';

export const DECISION_STATES = ['enrolled', 'refused'] as const;

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

export interface ProcessingReport extends ProcessingFigures {
  from: string;
  to: string;
  scope: string;
  asOf: IsoDate;
  byCounty: (ProcessingFigures & { divisionCode: string; divisionName: string | null })[];
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

interface CaseFact { county: string; days: number | null; decision: string | null; overdueDecided: boolean; overdueOpen: boolean }

function figures(cases: CaseFact[]): ProcessingFigures {
  const decided = cases.filter((c) => c.days !== null);
  const days = decided.map((c) => c.days!);
  const overdueDecided = cases.filter((c) => c.overdueDecided).length;
  const overdueOpen = cases.filter((c) => c.overdueOpen).length;
  return {
    decided: decided.length,
    approved: decided.filter((c) => c.decision === 'enrolled').length,
    refused: decided.filter((c) => c.decision === 'refused').length,
    medianDays: median(days), p90Days: percentile(days, 90),
    overdueDecided, overdueOpen, overdue: overdueDecided + overdueOpen,
  };
}

export async function processingReport(
  exec: Executor, actor: Actor, divisions: DivisionDirectory, q: { from: string; to: string }, today: IsoDate = todayInChina(),
): Promise<ProcessingReport> {
  // Everything opened before the period ends (China time, UTC+8).
  const periodEnd = new Date(`${addMonths(q.to, 1)}-01T00:00:00+08:00`);
  const instances = await exec.select({
    id: workflowInstances.id, divisionCode: workflowInstances.divisionCode, openedAt: workflowInstances.openedAt,
    overallDueAt: workflowInstances.overallDueAt, closedAt: workflowInstances.closedAt,
  }).from(workflowInstances).where(and(
    eq(workflowInstances.workflowKey, DIBAO_WORKFLOW), eq(workflowInstances.subjectType, SUBJECT_TYPE),
    scopeCondition(actor, workflowInstances.divisionCode), lte(workflowInstances.openedAt, periodEnd),
  ));
  const decisions = new Map<number, { at: Date; state: string }>();
  for (let i = 0; i < instances.length; i += 5_000) {
    const ids = instances.slice(i, i + 5_000).map((x) => x.id);
    const rows = await exec.select({ instanceId: workflowTransitions.instanceId, at: workflowTransitions.at, toState: workflowTransitions.toState })
      .from(workflowTransitions)
      .where(and(inArray(workflowTransitions.instanceId, ids), inArray(workflowTransitions.toState, [...DECISION_STATES])))
      .orderBy(asc(workflowTransitions.at), asc(workflowTransitions.id));
    for (const r of rows) if (!decisions.has(r.instanceId)) decisions.set(r.instanceId, { at: r.at, state: r.toState });
  }

  let beyond = false;
  const cases: CaseFact[] = [];
  for (const x of instances) {
    const opened = todayInChina(x.openedAt);
    const d = decisions.get(x.id);
    const county = x.divisionCode.slice(0, 6);
    if (d) {
      const on = todayInChina(d.at);
      const month = on.slice(0, 7);
      if (month < q.from || month > q.to) continue;
      const w = workingDaysBetween(opened, on);
      beyond ||= w.beyondKnownSchedule;
      cases.push({ county, days: w.days, decision: d.state, overdueDecided: !!x.overallDueAt && on > x.overallDueAt, overdueOpen: false });
    } else if (!x.closedAt && x.overallDueAt && today > x.overallDueAt) {
      cases.push({ county, days: null, decision: null, overdueDecided: false, overdueOpen: true });
    }
  }
  const counties = [...new Set(cases.map((c) => c.county))].sort();
  return {
    from: q.from, to: q.to, scope: actor.divisionCode, asOf: today, ...figures(cases),
    byCounty: counties.map((code) => ({ divisionCode: code, divisionName: divisions.name(code), ...figures(cases.filter((c) => c.county === code)) })),
    beyondKnownSchedule: beyond,
  };
}
