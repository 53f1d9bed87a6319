// 一户一条救助链: everything one household receives, across every programme, in one read. Entitlements
// and payments come from the payments module generically (a programme added later appears without a
// change here); applications, reviews and low-income recognitions from this module.
import { DomainError, type Actor, type Executor, type IsoDate } from '#kernel';
import { mustGetHousehold } from '#registry';
import { householdHistory, listEntitlements, monthOf, programmeName } from '#payments';
import { householdAssistanceHistory } from '../reads.service';
import { reviewsOfHousehold } from '../reviews/reviews.service';
import { recognitionsOfHousehold, type LowIncomeDeps } from '../low-income/low-income.service';

export interface MonthOfPayments {
  month: string;
  totalFen: number;
  failedFen: number;
  lines: { programme: string; programmeName: string; amountFen: number; adjustmentFen: number; failed: boolean; runId: number }[];
}

export async function householdChain(exec: Executor, deps: LowIncomeDeps, actor: Actor, householdId: number) {
  const h = await mustGetHousehold(exec, actor, householdId);
  const today: IsoDate = deps.today();
  const month = monthOf(today);
  const history = await householdAssistanceHistory(exec, actor, householdId);
  const recognitions = await recognitionsOfHousehold(exec, deps, actor, householdId);
  const reviews = await reviewsOfHousehold(exec, actor, householdId);
  const entitlements = (await listEntitlements(exec, actor, householdId)).filter((e) => !e.withdrawnAt).map((e) => ({
    id: e.id, programme: e.programme, programmeName: programmeName(e.programme), personId: e.personId,
    monthlyAmountFen: e.monthlyAmountFen, fromMonth: e.fromMonth, toMonth: e.toMonth, reason: e.reason, stopReason: e.stopReason,
    status: e.fromMonth > month ? 'upcoming' as const : e.toMonth != null && e.toMonth < month ? 'ended' as const : 'active' as const,
  }));
  const active = entitlements.filter((e) => e.status === 'active');

  // Month by month, newest first: the signed payroll lines, one per programme.
  let months: MonthOfPayments[] | null = null;
  let totalPaidFen: number | null = null;
  let openFailures = 0;
  const paid = await householdHistory(exec, actor, householdId).catch((e) => {
    // Village helpers see the chain without the money paid (payments refuses them).
    if (e instanceof DomainError && e.status === 403) return null;
    throw e;
  });
  if (paid) {
    const byMonth = new Map<string, MonthOfPayments>();
    for (const l of paid.paid) {
      const m = byMonth.get(l.month) ?? { month: l.month, totalFen: 0, failedFen: 0, lines: [] };
      m.lines.push({ programme: l.programme, programmeName: l.programmeName, amountFen: l.amountFen, adjustmentFen: l.adjustmentFen, failed: l.failed, runId: l.runId });
      if (l.failed) m.failedFen += l.amountFen;
      else m.totalFen += l.amountFen;
      byMonth.set(l.month, m);
    }
    months = [...byMonth.values()].sort((a, b) => (a.month < b.month ? 1 : -1));
    totalPaidFen = paid.totalPaidFen;
    openFailures = paid.openFailures.length;
  }

  return {
    householdId: h.id, divisionCode: h.divisionCode, asOf: today, month,
    /** what the household receives this month, programme by programme */
    current: {
      programmes: [...new Set(active.map((e) => e.programme))].map((p) => ({ programme: p, programmeName: programmeName(p) })),
      monthlyTotalFen: active.reduce((a, e) => a + e.monthlyAmountFen, 0),
    },
    entitlements,
    recognitions: recognitions.map((r) => ({
      id: r.id, category: r.category, categoryName: r.categoryName, perCapitaIncomeFen: r.perCapitaIncomeFen, persons: r.persons,
      validFrom: r.validFrom, validTo: r.validTo, validity: r.validity, validityName: r.validityName, renewable: r.renewable,
      cancelReason: r.cancelReason, recognisedByName: r.recognisedByName, version: r.version,
    })),
    applications: history.applications.map((a) => ({ ...a, open: !a.decision })),
    reviews: reviews.map((r) => ({ id: r.id, applicationId: r.applicationId, dueOn: r.dueOn, status: r.status, outcome: r.outcome, decidedOn: r.decidedOn })),
    /** null when the actor may not read payments */
    payments: months && { months, totalPaidFen: totalPaidFen!, openFailures },
  };
}
