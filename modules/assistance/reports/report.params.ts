// Query parameters the assistance reports share: a month range, checked and bounded.
import { z } from 'zod';
import { todayInChina, validationFailed, type IsoDate } from '#kernel';
import { addMonths, monthOf, previousMonth } from '#payments';

export const MAX_MONTHS = 60;
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

export const rangeQuery = z.object({
  from: month.optional().describe('起始月份 YYYY-MM（默认：上月往前 11 个月）'),
  to: month.optional().describe('截止月份 YYYY-MM（含；默认上月）'),
});

/** The range asked for, or the 12 months ending last month; refused when reversed or too long. */
export function resolveRange(q: { from?: string; to?: string }, today: IsoDate = todayInChina()): { from: string; to: string } {
  const to = q.to ?? (q.from ? addMonths(q.from, 11) : previousMonth(monthOf(today)));
  const from = q.from ?? addMonths(to, -11);
  if (from > to) throw validationFailed([{ field: 'from', code: 'MONTH_RANGE_INVALID', message: '起始月份不能晚于截止月份' }]);
  if (monthsBetween(from, to).length > MAX_MONTHS) {
    throw validationFailed([{ field: 'to', code: 'MONTH_RANGE_TOO_LONG', message: `一次最多统计 ${MAX_MONTHS} 个月` }]);
  }
  return { from, to };
}

/** Every month from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length <= MAX_MONTHS; m = addMonths(m, 1)) out.push(m);
  return out;
}
