// 定期复核 (民发〔2021〕57号): opening review cases when due, the visit and recomputation they record, and
// the decision handed to payments (new amount from next month, stop, or taper then stop).
import { and, desc, eq, inArray } from 'drizzle-orm';
import {
  DomainError, SYSTEM_ACTOR, inTransaction, notFound, recordAudit, scopeCondition, startWorkflow,
  type Actor, type Database, type Executor, type IsoDate, type Tx, type WorkflowInstance,
} from '#kernel';
import { listEntitlements, monthOf, nextMonth, setEntitlement, stopEntitlement, type Entitlement } from '#payments';
import { applications, type ApplicationRow } from '../schema';
import { calculateApplication } from '../applications.service';
import type { IncomeLine, StoredMember } from '../applications.rules';
import { loadAssistanceParams } from '../calculator.service';
import { reviewCategory, reviewDueDate, reviewIntervalMonths } from '../review.rules';
import { taperSchedule } from '../taper.rules';
import { percent } from '../explain';
import { reviews, type ReviewRow } from './reviews.schema';
import { REVIEW_OUTCOMES, suggestOutcome, taperRanges, type ReviewOutcome } from './review-outcome.rules';
import { withVerifiedIncomes } from './review-report.rules';
import type { ReviewReport } from './review-verification.service';

export const REVIEW_WORKFLOW = 'dibao.review';
export const REVIEW_SUBJECT = 'assistance_review';
/** income kinds that vary month to month: with an able working-age member, reviewed every 6 months */
const IRREGULAR_KINDS = new Set(['wage', 'business']);

export interface ReviewVisit {
  visitedOn: IsoDate;
  investigators: { name: string; signed: true; userId?: number }[];
  changes: string;
  incomes: IncomeLine[];
  irregularIncome?: boolean;
}

const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** The amount of dibao in force for a household in `month`, or null. */
export function dibaoInForce(rows: Entitlement[], month: string): Entitlement | null {
  return rows.find((e) => e.programme === 'dibao' && !e.withdrawnAt && e.fromMonth <= month && (e.toMonth ?? '9999-12') >= month && e.monthlyAmountFen > 0) ?? null;
}

function irregularOf(app: ApplicationRow, last: ReviewRow | undefined): boolean {
  const visit = last?.visit as ReviewVisit | null | undefined;
  if (visit?.irregularIncome !== undefined) return visit.irregularIncome;
  const incomes = (visit?.incomes ?? (app.verification as { incomes?: IncomeLine[] } | null)?.incomes ?? app.incomes) as IncomeLine[];
  return incomes.some((i) => IRREGULAR_KINDS.has(i.kind) && i.monthlyFen > 0);
}

export interface ScheduledReview { reviewId: number; householdId: number; instanceId: number; dueOn: IsoDate; category: string }

/**
 * Opens a review case for every enrolled household whose review has come due by `today`: 12 or 6
 * months (by category, parameters) after enrolment or the last review. Never two open reviews for one
 * household (checked, and held by a unique index). Meant to run daily from the kernel Scheduler.
 */
export async function scheduleDueReviews(db: Database, today: IsoDate): Promise<{ checked: number; opened: ScheduledReview[] }> {
  const enrolled = await db.orm.select().from(applications)
    .where(and(eq(applications.programme, 'dibao'), eq(applications.decision, 'approved')))
    .orderBy(desc(applications.decidedAt), desc(applications.id));
  const latest = new Map<number, ApplicationRow>();
  for (const app of enrolled) if (!latest.has(app.householdId)) latest.set(app.householdId, app);
  const opened: ScheduledReview[] = [];
  for (const app of latest.values()) {
    const r = await inTransaction(db, (tx) => openIfDue(tx, app, today));
    if (r) opened.push(r);
  }
  return { checked: latest.size, opened };
}

async function openIfDue(tx: Tx, app: ApplicationRow, today: IsoDate): Promise<ScheduledReview | null> {
  const past = await tx.select().from(reviews).where(eq(reviews.householdId, app.householdId)).orderBy(desc(reviews.id));
  if (past.some((r) => r.status === 'open')) return null;
  const last = past.find((r) => r.status === 'decided' && r.applicationId === app.id);
  if (last && (last.outcome === 'stop' || last.outcome === 'taper')) return null;
  if (!dibaoInForce(await listEntitlements(tx, SYSTEM_ACTOR, app.householdId), monthOf(today))) return null;
  const base = last?.decidedOn ?? (app.decidedAt ? chinaDate(app.decidedAt) : null);
  if (!base) return null;
  const params = await loadAssistanceParams(tx, app.divisionCode, monthOf(today));
  const members = (app.members as StoredMember[]).filter((m) => m.included);
  const category = reviewCategory(members.map((m) => ({ age: m.age })), irregularOf(app, last));
  const dueOn = reviewDueDate(base, reviewIntervalMonths(category, params).months);
  if (dueOn > today) return null;
  return openReview(tx, app, { category, dueOn, title: `${app.applicantName} 低保定期复核（${dueOn} 到期）` });
}

/** Inserts the review and opens its case; null when the household already has an open review. */
async function openReview(
  tx: Tx, app: ApplicationRow, o: { category: string; dueOn: IsoDate; title: string; origin?: 'scheduled' | 'change'; changeTaskId?: number },
): Promise<ScheduledReview | null> {
  const { category, dueOn } = o;
  const [row] = await tx.insert(reviews).values({
    householdId: app.householdId, applicationId: app.id, divisionCode: app.divisionCode, category, dueOn,
    origin: o.origin ?? 'scheduled', changeTaskId: o.changeTaskId ?? null,
  }).onConflictDoNothing().returning();
  if (!row) return null;
  const instance = await startWorkflow(tx, SYSTEM_ACTOR, REVIEW_WORKFLOW, {
    subjectType: REVIEW_SUBJECT, subjectId: row.id, divisionCode: app.divisionCode, title: o.title,
    data: { reviewId: row.id, householdId: app.householdId, applicationId: app.id, dueOn, category, origin: row.origin, changeTaskId: row.changeTaskId },
  });
  await tx.update(reviews).set({ instanceId: instance.id }).where(eq(reviews.id, row.id));
  return { reviewId: row.id, householdId: app.householdId, instanceId: instance.id, dueOn, category };
}

/**
 * A change that matters (a batch re-verification or a department's push found it) opens a review of
 * an enrolled dibao household now, whatever its interval; the change task is its origin. An open
 * review of the household is returned instead of a second one.
 */
export async function openChangeReview(tx: Tx, actor: Actor, householdId: number, changeTaskId: number, today: IsoDate): Promise<ScheduledReview & { existing: boolean }> {
  const [open] = await tx.select().from(reviews).where(and(eq(reviews.householdId, householdId), eq(reviews.status, 'open'), scopeCondition(actor, reviews.divisionCode)));
  if (open) return { reviewId: open.id, householdId, instanceId: open.instanceId!, dueOn: open.dueOn, category: open.category, existing: true };
  const [app] = await tx.select().from(applications)
    .where(and(eq(applications.householdId, householdId), eq(applications.programme, 'dibao'), eq(applications.decision, 'approved'), scopeCondition(actor, applications.divisionCode)))
    .orderBy(desc(applications.decidedAt), desc(applications.id)).limit(1);
  if (!app || !dibaoInForce(await listEntitlements(tx, SYSTEM_ACTOR, householdId), monthOf(today))) {
    throw new DomainError('REVIEW_NOT_APPLICABLE', '该户当前未享受低保，无需启动低保复核，请选择其他处理结果', { status: 422 });
  }
  const [last] = await tx.select().from(reviews).where(eq(reviews.householdId, householdId)).orderBy(desc(reviews.id)).limit(1);
  const members = (app.members as StoredMember[]).filter((m) => m.included);
  const category = reviewCategory(members.map((m) => ({ age: m.age })), irregularOf(app, last?.applicationId === app.id ? last : undefined));
  const opened = await openReview(tx, app, { category, dueOn: today, origin: 'change', changeTaskId, title: `${app.applicantName} 低保复核（核对发现变化）` });
  if (!opened) throw new DomainError('REVIEW_OPEN', '该户已有正在办理的复核', { status: 409 });
  await recordAudit(tx, actor, {
    action: 'assistance.review.opened', entityType: REVIEW_SUBJECT, entityId: opened.reviewId, divisionCode: app.divisionCode,
    reason: '核对发现重要变化', after: { householdId, changeTaskId, instanceId: opened.instanceId },
  });
  return { ...opened, existing: false };
}

/** For workflow effects: the review behind a case, locked. */
export async function reviewOf(tx: Executor, instance: Pick<WorkflowInstance, 'subjectId'>): Promise<ReviewRow> {
  const [row] = await tx.select().from(reviews).where(eq(reviews.id, Number(instance.subjectId))).for('update');
  if (!row) throw notFound('复核', 'REVIEW_NOT_FOUND');
  return row;
}

async function applicationFor(tx: Executor, review: ReviewRow): Promise<ApplicationRow> {
  const [app] = await tx.select().from(applications).where(eq(applications.id, review.applicationId));
  if (!app) throw notFound('救助申请', 'APPLICATION_NOT_FOUND');
  return app;
}

export async function recordReviewVisit(tx: Tx, review: ReviewRow, visit: ReviewVisit) {
  await tx.update(reviews).set({ visit, calculation: null }).where(eq(reviews.id, review.id));
}

/** Recomputes with the calculator on the facts the visit found, for next month's parameters. */
export async function recomputeReview(tx: Tx, actor: Actor, review: ReviewRow, today: IsoDate) {
  const app = await applicationFor(tx, review);
  const visit = review.visit as ReviewVisit;
  const report = review.verification as ReviewReport | null;
  // with a report, the visit's incomes are raised to what the departments found, and its totals give the assets
  const incomes = report ? withVerifiedIncomes(visit.incomes, report.foundIncomes) : visit.incomes;
  const enrolled = app.verification as Record<string, unknown> | null;
  const verification = report ? { incomes, totals: report.totals } : enrolled ? { ...enrolled, incomes } : null;
  const facts: ApplicationRow = { ...app, incomes, verification };
  const month = nextMonth(monthOf(today));
  const calc = await calculateApplication(tx, facts, month);
  const inForce = dibaoInForce(await listEntitlements(tx, actor, review.householdId), monthOf(today));
  const currentFen = inForce?.monthlyAmountFen ?? 0;
  const suggested = suggestOutcome(currentFen, calc);
  const calculation = {
    ...calc, currentAmountFen: currentFen, suggested, suggestedLabel: REVIEW_OUTCOMES[suggested], incomes,
    verifiedBy: report ? { reportId: report.reportId, reportNo: report.reportNo, discrepancies: report.discrepancies } : null,
  };
  await tx.update(reviews).set({ calculation }).where(eq(reviews.id, review.id));
  return calculation;
}

/** Hands the decision to payments in the same transaction and closes the review. */
export async function applyReviewDecision(tx: Tx, actor: Actor, review: ReviewRow, outcome: ReviewOutcome, reason: string | undefined, today: IsoDate) {
  const calc = review.calculation as { monthlyAmountFen: number; currentAmountFen: number; month: string };
  const base = { programme: 'dibao', householdId: review.householdId, divisionCode: review.divisionCode, sourceType: REVIEW_SUBJECT, sourceId: review.id };
  const from = nextMonth(monthOf(today));
  const why = reason?.trim() ? `：${reason.trim()}` : '';
  let payments: Record<string, unknown> = { outcome };
  if (outcome === 'increase' || outcome === 'reduce') {
    const { entitlement } = await setEntitlement(tx, actor, { ...base, monthlyAmountFen: calc.monthlyAmountFen, fromMonth: from, reason: `定期复核${REVIEW_OUTCOMES[outcome]}（复核第 ${review.id} 号）${why}` });
    payments = { outcome, fromMonth: from, monthlyAmountFen: calc.monthlyAmountFen, entitlementId: entitlement.id };
  } else if (outcome === 'stop') {
    const last = monthOf(today);
    await stopEntitlement(tx, actor, { programme: 'dibao', householdId: review.householdId, lastMonth: last, reason: `定期复核停发（复核第 ${review.id} 号）${why}` });
    payments = { outcome, lastMonth: last };
  } else if (outcome === 'taper') {
    const params = await loadAssistanceParams(tx, review.divisionCode, from);
    const ranges = taperRanges(from, taperSchedule(calc.currentAmountFen, params));
    // The open-ended period ends this month; each taper step is its own period with explicit months,
    // the last one left open only to be stopped with its reason (shown on the payroll after it).
    await stopEntitlement(tx, actor, { programme: 'dibao', householdId: review.householdId, lastMonth: monthOf(today), reason: `收入超过低保标准，自 ${from} 起进入渐退期（复核第 ${review.id} 号）` });
    for (const [i, r] of ranges.entries()) {
      const isLast = i === ranges.length - 1;
      await setEntitlement(tx, actor, {
        ...base, monthlyAmountFen: r.amountFen, fromMonth: r.fromMonth, toMonth: isLast ? null : r.toMonth,
        reason: `渐退期 ${r.fromMonth} 至 ${r.toMonth} 按原低保金 ${percent(r.share)} 发放（复核第 ${review.id} 号）`,
      });
    }
    const lastMonth = ranges.at(-1)?.toMonth ?? monthOf(today);
    await stopEntitlement(tx, actor, { programme: 'dibao', householdId: review.householdId, lastMonth, reason: `收入超过低保标准，渐退期满停发（复核第 ${review.id} 号）${why}` });
    payments = { outcome, ranges, lastMonth };
  }
  await tx.update(reviews).set({ status: 'decided', outcome, decidedOn: today, payments }).where(eq(reviews.id, review.id));
  await recordAudit(tx, actor, {
    action: 'assistance.review.decided', entityType: REVIEW_SUBJECT, entityId: review.id, divisionCode: review.divisionCode, reason: reason?.trim() || undefined,
    before: { monthlyAmountFen: calc.currentAmountFen }, after: payments,
  });
  return payments;
}

/** A household's reviews within the actor's jurisdiction, newest first. */
export async function reviewsOfHousehold(exec: Executor, actor: Actor, householdId: number): Promise<ReviewRow[]> {
  return exec.select().from(reviews).where(and(eq(reviews.householdId, householdId), scopeCondition(actor, reviews.divisionCode))).orderBy(desc(reviews.id));
}

export async function getReview(exec: Executor, actor: Actor, id: number): Promise<ReviewRow> {
  const [row] = await exec.select().from(reviews).where(and(eq(reviews.id, id), scopeCondition(actor, reviews.divisionCode)));
  if (!row) throw notFound('复核', 'REVIEW_NOT_FOUND');
  return row;
}

export const reviewsByIds = (exec: Executor, ids: number[]) => (ids.length ? exec.select().from(reviews).where(inArray(reviews.id, ids)) : Promise.resolve([]));
