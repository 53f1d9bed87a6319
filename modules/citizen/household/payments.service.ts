// 发放记录 month by month, from the payments module's household history.
import type { Executor } from '#kernel';
import { householdHistory } from '#payments';
import type { OwnHousehold } from './household.service';

export async function myPayments(exec: Executor, own: OwnHousehold) {
  const h = await householdHistory(exec, own.reader, own.householdId);
  const months = new Map<string, { month: string; totalFen: number; items: { programmeName: string; amountFen: number; failed: boolean; bankAccount: string | null }[] }>();
  for (const l of h.paid) {
    const m = months.get(l.month) ?? { month: l.month, totalFen: 0, items: [] };
    m.items.push({ programmeName: l.programmeName, amountFen: l.amountFen, failed: l.failed, bankAccount: l.bankAccount });
    if (!l.failed) m.totalFen += l.amountFen;
    months.set(l.month, m);
  }
  return {
    months: [...months.values()],
    totalPaidFen: h.totalPaidFen,
    failures: h.openFailures.map((f) => ({ month: f.month, programmeName: f.programmeName, amountFen: f.amountFen, reason: f.reason })),
    current: h.entitlements.filter((e) => !e.withdrawn && !e.toMonth).map((e) => ({ programmeName: e.programmeName, monthlyAmountFen: e.monthlyAmountFen, fromMonth: e.fromMonth })),
  };
}
