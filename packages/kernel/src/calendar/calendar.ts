import { createRequire } from 'node:module';
import { DomainError } from '../errors';
import { fromDayNumber, toDayNumber, weekdayOf, yearOf, type IsoDate } from './dates';

/** An administrator's entry: a statutory day off, or a make-up working day (调休上班). */
export interface CalendarDay {
  date: IsoDate;
  kind: 'holiday' | 'workday';
  name?: string | null;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup-workday';

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  kind: DayKind;
  /** the holiday's name ('国庆节'), also on its make-up workdays */
  name: string | null;
  /** true when no official schedule is known for the date: only the weekend rule was applied */
  beyondKnownSchedule: boolean;
}

export interface CalendarOptions {
  /** admin-loaded days; they override the built-in schedule for their dates */
  days?: readonly CalendarDay[];
  /** years whose complete schedule an administrator loaded: for these the built-in data is ignored */
  years?: readonly number[];
  /** throw CALENDAR_BEYOND_SCHEDULE instead of flagging answers that rest on an unknown schedule */
  strict?: boolean;
}

export interface StrictOption {
  strict?: boolean;
}

interface BuiltIn {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

// The package's published JSON (dist/chinese-days.json): "English,中文,n" per date.
const builtIn = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as BuiltIn;
const builtInYears = Object.keys(builtIn.holidays).map(yearOf);
const BUILT_IN_FIRST = Math.min(...builtInYears);
const BUILT_IN_LAST = Math.max(...builtInYears);

const chineseName = (entry: string | undefined) => (entry ? (entry.split(',')[1] ?? entry) : null);

/**
 * China's statutory working-day calendar: weekends, public holidays and make-up working days.
 * Built on the chinese-days schedule (official through its last year) plus administrator-loaded years.
 * Deadlines count working days starting the day after the event ("受理之日起 3 个工作日内").
 */
export class WorkingCalendar {
  private readonly overrides = new Map<IsoDate, CalendarDay>();
  private readonly loadedYears: ReadonlySet<number>;
  readonly strict: boolean;

  constructor(opts: CalendarOptions = {}) {
    for (const d of opts.days ?? []) {
      toDayNumber(d.date);
      if (d.kind !== 'holiday' && d.kind !== 'workday') {
        throw new DomainError('CALENDAR_DAY_INVALID', `日期 ${d.date} 的类型必须是 holiday 或 workday`, { status: 422 });
      }
      this.overrides.set(d.date, d);
    }
    this.loadedYears = new Set(opts.years ?? []);
    this.strict = opts.strict ?? false;
  }

  /** A copy of this calendar that throws (or flags) for dates beyond the known schedule. */
  withStrict(strict: boolean): WorkingCalendar {
    return new WorkingCalendar({ days: [...this.overrides.values()], years: [...this.loadedYears], strict });
  }

  /** Whether an official schedule (built-in or loaded) covers this date's year. */
  isKnown(date: IsoDate): boolean {
    const y = yearOf(date);
    return this.loadedYears.has(y) || (y >= BUILT_IN_FIRST && y <= BUILT_IN_LAST);
  }

  /** The last date up to which the schedule is known without a gap. */
  knownThrough(): IsoDate {
    let y = BUILT_IN_LAST;
    while (this.loadedYears.has(y + 1)) y++;
    return `${y}-12-31`;
  }

  dayInfo(date: IsoDate, opts: StrictOption = {}): DayInfo {
    const known = this.isKnown(date);
    if (!known) this.refuseIfStrict(date, opts);
    const weekend = weekdayOf(date) % 6 === 0;
    const info = (working: boolean, kind: DayKind, name: string | null = null): DayInfo => ({
      date, working, kind, name, beyondKnownSchedule: !known,
    });
    const own = this.overrides.get(date);
    if (own) {
      if (own.kind === 'holiday') return info(false, 'holiday', own.name ?? null);
      return info(true, weekend ? 'makeup-workday' : 'workday', own.name ?? null);
    }
    if (!this.loadedYears.has(yearOf(date))) {
      if (date in builtIn.holidays) return info(false, 'holiday', chineseName(builtIn.holidays[date]));
      if (date in builtIn.workdays) return info(true, 'makeup-workday', chineseName(builtIn.workdays[date]));
    }
    return weekend ? info(false, 'weekend') : info(true, 'workday');
  }

  isWorkingDay(date: IsoDate, opts: StrictOption = {}): boolean {
    return this.dayInfo(date, opts).working;
  }

  /**
   * The date `n` working days after `date` (n ≥ 0). Counting starts the next day, so
   * addWorkingDays(acceptance, 3) is the last day of "within 3 working days of acceptance";
   * n = 0 gives `date` itself.
   */
  addWorkingDays(date: IsoDate, n: number, opts: StrictOption = {}): { date: IsoDate; beyondKnownSchedule: boolean } {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new DomainError('CALENDAR_INVALID_COUNT', '工作日天数必须是非负整数', { status: 422 });
    }
    let day = toDayNumber(date);
    let beyond = false;
    for (let left = n; left > 0; ) {
      day++;
      const info = this.dayInfo(fromDayNumber(day), opts);
      beyond ||= info.beyondKnownSchedule;
      if (info.working) left--;
    }
    return { date: fromDayNumber(day), beyondKnownSchedule: beyond };
  }

  /**
   * Working days after `from` up to and including `to` — the inverse of addWorkingDays:
   * workingDaysBetween(d, addWorkingDays(d, n).date).days === n. Negative when `to` is before `from`.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate, opts: StrictOption = {}): { days: number; beyondKnownSchedule: boolean } {
    const a = toDayNumber(from);
    const b = toDayNumber(to);
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    let days = 0;
    let beyond = false;
    for (let d = lo + 1; d <= hi; d++) {
      const info = this.dayInfo(fromDayNumber(d), opts);
      beyond ||= info.beyondKnownSchedule;
      if (info.working) days++;
    }
    return { days: days * sign, beyondKnownSchedule: beyond };
  }

  /** The first working day on or after `date` (e.g. when a deadline falls on a holiday). */
  nextWorkingDay(date: IsoDate, opts: StrictOption = {}): IsoDate {
    let day = toDayNumber(date);
    while (!this.dayInfo(fromDayNumber(day), opts).working) day++;
    return fromDayNumber(day);
  }

  private refuseIfStrict(date: IsoDate, opts: StrictOption): void {
    if (opts.strict ?? this.strict) {
      throw new DomainError(
        'CALENDAR_BEYOND_SCHEDULE',
        `${date} 所在年度的法定节假日安排尚未导入（已知至 ${this.knownThrough()}），请管理员先导入该年度的放假安排`,
        { status: 422, detail: date },
      );
    }
  }
}

/** The first and last year of the built-in official schedule. */
export const builtInScheduleYears = { first: BUILT_IN_FIRST, last: BUILT_IN_LAST } as const;
