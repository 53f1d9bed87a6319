// Pure rules of the temporary-assistance procedure: who approves an amount, what the township may pay
// in advance, and the month a one-off grant is paid in.
import { nextMonth, monthOf } from '#payments';

export type ApprovingLevel = 'township' | 'county';

/**
 * 国发〔2014〕47号: the township approves up to its own cap (in months of the standard), the county
 * above it, and nothing beyond the overall cap without a case-by-case decision (一事一议).
 */
export function approvingLevelFor(months: number, caps: { townshipMax: number; max: number }): { level: ApprovingLevel; months: number; capped: boolean } {
  const granted = Math.min(months, caps.max);
  return { level: granted > caps.townshipMax ? 'county' : 'township', months: granted, capped: months > caps.max };
}

/** 先行救助: the township pays an emergency at once, up to its own cap; the rest waits for the ordinary decision. */
export function advanceMonths(months: number, caps: { townshipMax: number; max: number }): number {
  return Math.min(months, caps.townshipMax, caps.max);
}

/**
 * A one-off grant joins the next payroll not yet signed: this month's, or the month after the last
 * signed payroll of the county when that one is already signed.
 */
export function oneOffMonth(today: string, lastSignedMonth: string | null): string {
  const current = monthOf(today);
  return lastSignedMonth && lastSignedMonth >= current ? nextMonth(lastSignedMonth) : current;
}
