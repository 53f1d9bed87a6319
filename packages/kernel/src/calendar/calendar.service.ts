import { and, asc, gte, lte } from 'drizzle-orm';
import { DomainError } from '../errors';
import type { Executor } from '../db/transaction';
import { WorkingCalendar, type CalendarDay } from './calendar';
import { addDays, toDayNumber, yearOf, type IsoDate } from './dates';
import { calendarDays, calendarYears } from './schema';

/** The calendar with every administrator-loaded day and year from the database. */
export async function loadCalendar(exec: Executor, opts: { strict?: boolean } = {}): Promise<WorkingCalendar> {
  const days = await exec.select().from(calendarDays).orderBy(asc(calendarDays.date));
  const years = await exec.select({ year: calendarYears.year }).from(calendarYears);
  return new WorkingCalendar({
    days: days.map((d) => ({ date: d.date, kind: d.kind as CalendarDay['kind'], name: d.name })),
    years: years.map((y) => y.year),
    strict: opts.strict,
  });
}

let current = new WorkingCalendar();

/** The process-wide calendar used by the free functions below (built-in schedule until refreshed). */
export function currentCalendar(): WorkingCalendar {
  return current;
}

export function setCurrentCalendar(calendar: WorkingCalendar): void {
  current = calendar;
}

/** Reloads the process-wide calendar from the database; call at start-up and after loading a year. */
export async function refreshCalendar(exec: Executor): Promise<WorkingCalendar> {
  current = await loadCalendar(exec);
  return current;
}

/** One holiday of a year's notice: its days off ('2027-10-01..2027-10-07' ranges allowed) and make-up workdays. */
export interface ScheduleEntry {
  name: string;
  holidays: readonly string[];
  workdays?: readonly string[];
}

/** Expands the State Council's notice for a year into calendar days. */
export function expandSchedule(entries: readonly ScheduleEntry[]): CalendarDay[] {
  const out: CalendarDay[] = [];
  for (const e of entries) {
    for (const spec of e.holidays) {
      const [from, to = from] = spec.split('..').map((s) => s.trim());
      if (toDayNumber(to) < toDayNumber(from)) {
        throw new DomainError('CALENDAR_DAY_INVALID', `日期范围 ${spec} 的结束早于开始`, { status: 422 });
      }
      for (let d = from; toDayNumber(d) <= toDayNumber(to); d = addDays(d, 1)) out.push({ date: d, kind: 'holiday', name: e.name });
    }
    for (const d of e.workdays ?? []) out.push({ date: d.trim(), kind: 'workday', name: e.name });
  }
  return out;
}

/**
 * Records the complete schedule of one year, replacing whatever was loaded for it before; from then on
 * the built-in data is ignored for that year and its dates count as known. Runs in the caller's transaction.
 */
export async function saveCalendarYear(
  exec: Executor,
  input: { year: number; days: readonly CalendarDay[]; source?: string | null },
): Promise<{ year: number; holidays: number; workdays: number }> {
  const { year, days } = input;
  if (!Number.isInteger(year) || year < 2000 || year > 2200) {
    throw new DomainError('CALENDAR_YEAR_INVALID', `年份 ${year} 无效`, { status: 422 });
  }
  const seen = new Set<string>();
  const errors = days.flatMap((d, i) => {
    toDayNumber(d.date);
    const field = `days.${i}`;
    if (yearOf(d.date) !== year) return [{ field, code: 'CALENDAR_DAY_OTHER_YEAR', message: `${d.date} 不属于 ${year} 年` }];
    if (d.kind !== 'holiday' && d.kind !== 'workday') return [{ field, code: 'CALENDAR_DAY_INVALID', message: `${d.date} 的类型必须是 holiday 或 workday` }];
    if (seen.has(d.date)) return [{ field, code: 'CALENDAR_DAY_DUPLICATE', message: `${d.date} 重复出现` }];
    seen.add(d.date);
    return [];
  });
  if (errors.length) throw new DomainError('VALIDATION_FAILED', `${year} 年放假安排有误，请按提示修改`, { status: 422, errors });
  if (!days.some((d) => d.kind === 'holiday')) {
    throw new DomainError('CALENDAR_YEAR_EMPTY', `${year} 年放假安排中没有任何节假日`, { status: 422 });
  }

  await exec.delete(calendarDays).where(and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)));
  await exec.insert(calendarDays).values(days.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? null })));
  await exec
    .insert(calendarYears)
    .values({ year, source: input.source ?? null })
    .onConflictDoUpdate({ target: calendarYears.year, set: { source: input.source ?? null, loadedAt: new Date() } });
  return {
    year,
    holidays: days.filter((d) => d.kind === 'holiday').length,
    workdays: days.filter((d) => d.kind === 'workday').length,
  };
}

/** The days an administrator loaded for a year (empty if none). */
export async function listCalendarDays(exec: Executor, year: number): Promise<CalendarDay[]> {
  const rows = await exec
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)))
    .orderBy(asc(calendarDays.date));
  return rows.map((r) => ({ date: r.date, kind: r.kind as CalendarDay['kind'], name: r.name }));
}

// Free functions on the process-wide calendar, for code that has no calendar instance at hand.
export const isWorkingDay = (date: IsoDate, opts?: { strict?: boolean }) => current.isWorkingDay(date, opts);
export const addWorkingDays = (date: IsoDate, n: number, opts?: { strict?: boolean }) => current.addWorkingDays(date, n, opts);
export const workingDaysBetween = (from: IsoDate, to: IsoDate, opts?: { strict?: boolean }) =>
  current.workingDaysBetween(from, to, opts);
export const knownThrough = () => current.knownThrough();
