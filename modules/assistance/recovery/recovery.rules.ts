// 追回: what was paid for months after a death that should not have been, month by month.
import { yuan } from '../explain';

export interface PaidMonth { month: string; amountFen: number }
export interface OverpaidMonth { month: string; paidFen: number; dueFen: number; overFen: number }

/**
 * 民发〔2021〕57号 (stop on death, recover what was overpaid): payment is due up to the month of death;
 * for each later month already paid, the overpayment is what was paid less what was still due (the
 * household's recomputed amount, 0 for a personal benefit).
 */
export function overpaidMonths(paid: PaidMonth[], deathDate: string, dueFen: (month: string) => number): OverpaidMonth[] {
  const deathMonth = deathDate.slice(0, 7);
  return paid
    .filter((p) => p.month > deathMonth)
    .map((p) => { const due = Math.min(p.amountFen, Math.max(0, dueFen(p.month))); return { month: p.month, paidFen: p.amountFen, dueFen: due, overFen: p.amountFen - due }; })
    .filter((m) => m.overFen > 0)
    .sort((a, b) => a.month.localeCompare(b.month));
}

/** The recovery's reason as the payroll and the household history show it. */
export function recoveryReason(who: string, deathDate: string, months: OverpaidMonth[]): string {
  const total = months.reduce((a, m) => a + m.overFen, 0);
  const span = months.length === 1 ? months[0].month : `${months[0].month} 至 ${months.at(-1)!.month}`;
  return `追回多发：${who} 于 ${deathDate} 死亡，${span} 共 ${months.length} 个月已发放，多发 ${yuan(total)} 元`;
}
