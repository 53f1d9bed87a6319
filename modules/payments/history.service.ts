// 发放记录: one combined payment history of a household across programmes and months.
import { and, desc, eq, sql } from 'drizzle-orm';
import { type Actor, type Executor } from '#kernel';
import { paymentFailures, payrollLines, payrollRuns } from './schema';
import { accountInScope } from './payments.context';
import { requirePayments } from './payments.access';
import { programmeName } from './programmes';
import { listEntitlements } from './entitlements.service';

/** Every paid line of signed payrolls (a failed one says so), open failures, and the entitlement periods. */
export async function householdHistory(exec: Executor, actor: Actor, householdId: number) {
  requirePayments(actor, 'payments:read');
  await accountInScope(exec, actor, householdId);
  const lines = await exec.select({
    lineId: payrollLines.id, runId: payrollLines.runId, month: payrollLines.month, programme: payrollLines.programme,
    amountFen: payrollLines.amountFen, entitlementFen: payrollLines.entitlementFen, adjustmentFen: payrollLines.adjustmentFen,
    change: payrollLines.change, bankName: payrollLines.bankName, bankAccount: payrollLines.bankAccount, signedAt: payrollRuns.signedAt,
    failureStatus: paymentFailures.status, failureReason: paymentFailures.reason,
  }).from(payrollLines)
    .innerJoin(payrollRuns, eq(payrollRuns.id, payrollLines.runId))
    .leftJoin(paymentFailures, eq(paymentFailures.lineId, payrollLines.id))
    .where(and(
      eq(payrollLines.householdId, householdId), eq(payrollRuns.status, 'signed'),
      sql`${payrollLines.change} <> 'stopped' AND ${payrollLines.holdReason} IS NULL AND ${payrollLines.amountFen} > 0`,
      sql`${payrollLines.divisionCode} LIKE ${actor.divisionCode + '%'}`,
    ))
    .orderBy(desc(payrollLines.month), payrollLines.programme);
  const failures = await exec.select().from(paymentFailures)
    .where(and(eq(paymentFailures.householdId, householdId), eq(paymentFailures.status, 'open')))
    .orderBy(desc(paymentFailures.month));
  const mask = (a: string | null) => (a ? `${a.slice(0, 4)} **** ${a.slice(-4)}` : null);
  return {
    householdId,
    paid: lines.map((l) => ({ ...l, programmeName: programmeName(l.programme), bankAccount: mask(l.bankAccount), failed: l.failureStatus != null })),
    totalPaidFen: lines.filter((l) => l.failureStatus == null).reduce((a, l) => a + l.amountFen, 0),
    openFailures: failures.map((f) => ({ id: f.id, runId: f.runId, lineId: f.lineId, month: f.month, programme: f.programme, programmeName: programmeName(f.programme), amountFen: f.amountFen, reason: f.reason, createdAt: f.createdAt })),
    entitlements: (await listEntitlements(exec, actor, householdId)).map((e) => ({
      id: e.id, programme: e.programme, programmeName: programmeName(e.programme), personId: e.personId, monthlyAmountFen: e.monthlyAmountFen,
      fromMonth: e.fromMonth, toMonth: e.toMonth, reason: e.reason, stopReason: e.stopReason, withdrawn: e.withdrawnAt != null,
    })),
  };
}
