import { DomainError } from '../errors';

/** A calendar date as 'YYYY-MM-DD'. A date has no time zone; arithmetic is on whole days. */
export type IsoDate = string;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for an ISO date; throws a DomainError for anything else. */
export function toDayNumber(date: IsoDate): number {
  const m = typeof date === 'string' ? PATTERN.exec(date) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return t / DAY_MS;
  }
  throw new DomainError('DATE_INVALID', `“${String(date)}”不是有效的日期（应为 YYYY-MM-DD）`, { status: 422 });
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  return (toDayNumber(date) + 4) % 7; // 1970-01-01 was a Thursday
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** Today's date in China (UTC+8, no daylight saving). */
export function todayInChina(now: Date = new Date()): IsoDate {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
