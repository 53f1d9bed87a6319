// Months as 'YYYY-MM' text: they sort and compare as months, in code and in SQL alike.
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type Month = string;

export function isMonth(s: unknown): s is Month {
  return typeof s === 'string' && MONTH.test(s) && s >= '1900-01';
}

/** 'YYYY-MM' `n` months after `m` (n may be negative). */
export function addMonths(m: Month, n: number): Month {
  const match = MONTH.exec(m);
  if (!match) throw new RangeError(`not a month: ${m}`);
  const i = Number(match[1]) * 12 + Number(match[2]) - 1 + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export const previousMonth = (m: Month) => addMonths(m, -1);
export const nextMonth = (m: Month) => addMonths(m, 1);

/** The month of an ISO date ('2025-03-17' → '2025-03'). */
export const monthOf = (isoDate: string): Month => isoDate.slice(0, 7);

/** 2025-03 → 2025年3月 */
export function monthLabel(m: Month): string {
  return `${m.slice(0, 4)}年${Number(m.slice(5))}月`;
}
