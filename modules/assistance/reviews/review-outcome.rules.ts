// Pure rules of a periodic review's decision: what the recomputation suggests, which decisions it
// allows, and the taper schedule as month ranges for payments.
import { addMonths } from '#payments';
import type { TaperMonth } from '../taper.rules';

export const REVIEW_OUTCOMES = {
  unchanged: '维持原救助金额',
  increase: '提高救助金额',
  reduce: '降低救助金额',
  stop: '停发低保',
  taper: '收入超标，进入渐退期后停发',
} as const;
export type ReviewOutcome = keyof typeof REVIEW_OUTCOMES;

export interface Recomputed { eligible: boolean; monthlyAmountFen: number; perCapitaIncomeFen: number; standardFen: number }

/** What the recomputation points to, given the amount in force. */
export function suggestOutcome(currentFen: number, calc: Recomputed): ReviewOutcome {
  if (calc.perCapitaIncomeFen > calc.standardFen) return 'taper';
  if (!calc.eligible || calc.monthlyAmountFen <= 0) return 'stop';
  if (calc.monthlyAmountFen > currentFen) return 'increase';
  if (calc.monthlyAmountFen < currentFen) return 'reduce';
  return 'unchanged';
}

/** Decisions that may follow a suggestion: income above the standard may taper or stop at once. */
export function allowedOutcomes(suggested: ReviewOutcome): ReviewOutcome[] {
  if (suggested === 'taper') return ['taper', 'stop'];
  return suggested === 'unchanged' ? ['unchanged', 'stop'] : [suggested, 'stop'];
}

export interface TaperRange { fromMonth: string; toMonth: string; amountFen: number; share: string }

/** The taper months from `firstMonth`, consecutive months of the same amount joined into one range. */
export function taperRanges(firstMonth: string, schedule: readonly TaperMonth[]): TaperRange[] {
  const out: TaperRange[] = [];
  for (const t of schedule) {
    const month = addMonths(firstMonth, t.month - 1);
    const last = out.at(-1);
    if (last && last.amountFen === t.amountFen) last.toMonth = month;
    else out.push({ fromMonth: month, toMonth: month, amountFen: t.amountFen, share: t.share });
  }
  return out;
}
