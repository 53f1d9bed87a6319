import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from './calendar';
import { expandSchedule } from './calendar.service';
import { addDays, todayInChina, weekdayOf } from './dates';

const cal = new WorkingCalendar();

// A schedule for 2027 as an administrator would load it after the State Council's notice.
// (Test fixture: the dates follow the usual pattern, they are not the published 2027 notice.)
const schedule2027 = expandSchedule([
  { name: '元旦', holidays: ['2027-01-01..2027-01-03'] },
  { name: '春节', holidays: ['2027-02-06..2027-02-14'], workdays: ['2027-02-20'] },
  { name: '国庆节', holidays: ['2027-10-01..2027-10-07'], workdays: ['2027-09-26', '2027-10-09'] },
]);

describe('WorkingCalendar on the built-in schedule', () => {
  it('knows National Day 2025: Oct 1–8 off, Sunday Sep 28 and Saturday Oct 11 worked', () => {
    for (let d = '2025-10-01'; d <= '2025-10-08'; d = addDays(d, 1)) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.dayInfo('2025-10-01')).toEqual({
      date: '2025-10-01', working: false, kind: 'holiday', name: '国庆节', beyondKnownSchedule: false,
    });
    expect(cal.dayInfo('2025-09-28')).toMatchObject({ working: true, kind: 'makeup-workday', name: '国庆节' });
    expect(cal.dayInfo('2025-10-11')).toMatchObject({ working: true, kind: 'makeup-workday' });
    expect(cal.isWorkingDay('2025-10-09')).toBe(true);
    expect(cal.isWorkingDay('2025-10-12')).toBe(false);
  });

  it('knows National Day 2026: Oct 1–7 off, Sunday Sep 20 and Saturday Oct 10 worked', () => {
    for (let d = '2026-10-01'; d <= '2026-10-07'; d = addDays(d, 1)) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.isWorkingDay('2026-10-08')).toBe(true);
    expect(cal.dayInfo('2026-09-20')).toMatchObject({ working: true, kind: 'makeup-workday' });
    expect(cal.dayInfo('2026-10-10')).toMatchObject({ working: true, kind: 'makeup-workday' });
  });

  it('knows Spring Festival 2026: Feb 15–23 off, Saturdays Feb 14 and 28 worked', () => {
    for (let d = '2026-02-15'; d <= '2026-02-23'; d = addDays(d, 1)) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.dayInfo('2026-02-17')).toMatchObject({ kind: 'holiday', name: '春节' });
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(cal.isWorkingDay('2026-02-28')).toBe(true);
    expect(cal.isWorkingDay('2026-02-24')).toBe(true);
  });

  it('treats ordinary weekends as days off', () => {
    expect(cal.dayInfo('2025-06-07')).toMatchObject({ working: false, kind: 'weekend' }); // Saturday
    expect(cal.dayInfo('2025-06-08')).toMatchObject({ working: false, kind: 'weekend' }); // Sunday
    expect(cal.dayInfo('2025-06-09')).toMatchObject({ working: true, kind: 'workday', name: null });
  });

  it('counts a deadline from the day after acceptance, skipping holidays and weekends', () => {
    // accepted on Friday: 3 working days run Mon, Tue, Wed
    expect(cal.addWorkingDays('2025-06-06', 3)).toEqual({ date: '2025-06-11', beyondKnownSchedule: false });
    // accepted the day before National Day 2025: Oct 9, Oct 10, Saturday Oct 11
    expect(cal.addWorkingDays('2025-09-30', 3).date).toBe('2025-10-11');
    expect(cal.addWorkingDays('2026-09-30', 3).date).toBe('2026-10-10');
    // across Spring Festival 2026
    expect(cal.addWorkingDays('2026-02-13', 1).date).toBe('2026-02-14');
    expect(cal.addWorkingDays('2026-02-14', 1).date).toBe('2026-02-24');
    // accepted on a holiday: the first working day after it is day 1
    expect(cal.addWorkingDays('2025-10-03', 1).date).toBe('2025-10-09');
    expect(cal.addWorkingDays('2025-06-06', 0).date).toBe('2025-06-06');
    // a 30-working-day dibao decision from acceptance on 2025-09-15
    expect(cal.addWorkingDays('2025-09-15', 30).date).toBe('2025-10-31');
  });

  it('refuses a negative or fractional count and malformed dates', () => {
    expect(() => cal.addWorkingDays('2025-06-06', -1)).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID_COUNT' }));
    expect(() => cal.addWorkingDays('2025-06-06', 1.5)).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID_COUNT' }));
    for (const bad of ['2025-02-29', '2025-13-01', '20250101', '2025-1-1', '']) {
      expect(() => cal.isWorkingDay(bad), bad).toThrow(expect.objectContaining({ code: 'DATE_INVALID' }));
    }
  });

  it('counts working days between two dates as the inverse of adding them', () => {
    expect(cal.workingDaysBetween('2025-09-30', '2025-10-11')).toEqual({ days: 3, beyondKnownSchedule: false });
    expect(cal.workingDaysBetween('2025-10-11', '2025-09-30').days).toBe(-3);
    expect(cal.workingDaysBetween('2025-06-06', '2025-06-06').days).toBe(0);
    expect(cal.workingDaysBetween('2025-06-06', '2025-06-08').days).toBe(0);
    const dates = fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2024-01-01', n));
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 60 }), (d, n) => {
        const end = cal.addWorkingDays(d, n).date;
        return cal.workingDaysBetween(d, end).days === n && (n === 0 || cal.isWorkingDay(end));
      }),
    );
  });

  it('moves a date to the next working day', () => {
    expect(cal.nextWorkingDay('2025-10-01')).toBe('2025-10-09');
    expect(cal.nextWorkingDay('2025-10-09')).toBe('2025-10-09');
  });
});

describe('dates beyond the known schedule', () => {
  it('knows the schedule through the end of 2026 and flags later dates', () => {
    expect(cal.knownThrough()).toBe('2026-12-31');
    // 2027-10-01 is a Friday: without a loaded schedule only the weekend rule applies
    expect(cal.dayInfo('2027-10-01')).toEqual({
      date: '2027-10-01', working: true, kind: 'workday', name: null, beyondKnownSchedule: true,
    });
    expect(cal.addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-04', beyondKnownSchedule: true });
    expect(cal.addWorkingDays('2026-12-25', 3).beyondKnownSchedule).toBe(false);
    expect(cal.workingDaysBetween('2026-12-01', '2027-01-05').beyondKnownSchedule).toBe(true);
  });

  it('throws CALENDAR_BEYOND_SCHEDULE in strict mode', () => {
    const strict = cal.withStrict(true);
    expect(() => strict.isWorkingDay('2027-10-01')).toThrow(expect.objectContaining({ code: 'CALENDAR_BEYOND_SCHEDULE' }));
    expect(() => cal.addWorkingDays('2026-12-30', 3, { strict: true })).toThrow(/2027-01-01.*已知至 2026-12-31/);
    expect(strict.addWorkingDays('2026-12-25', 3).date).toBe('2026-12-30');
  });

  it('uses an administrator-loaded year and then knows it', () => {
    const loaded = new WorkingCalendar({ days: schedule2027, years: [2027] });
    expect(loaded.knownThrough()).toBe('2027-12-31');
    expect(loaded.dayInfo('2027-10-01')).toMatchObject({ working: false, kind: 'holiday', name: '国庆节', beyondKnownSchedule: false });
    expect(loaded.dayInfo('2027-09-26')).toMatchObject({ working: true, kind: 'makeup-workday' });
    expect(loaded.isWorkingDay('2027-10-08')).toBe(true);
    // Friday Oct 8, make-up Saturday Oct 9, Monday Oct 11
    expect(loaded.addWorkingDays('2027-09-30', 3)).toEqual({ date: '2027-10-11', beyondKnownSchedule: false });
    expect(loaded.addWorkingDays('2026-12-31', 1).date).toBe('2027-01-04');
    expect(loaded.withStrict(true).isWorkingDay('2027-05-05')).toBe(true);
    expect(() => loaded.withStrict(true).isWorkingDay('2028-01-03')).toThrow(expect.objectContaining({ code: 'CALENDAR_BEYOND_SCHEDULE' }));
  });

  it('lets a loaded year replace the built-in one, and a loaded gap year not extend knownThrough', () => {
    const corrected = new WorkingCalendar({ days: [{ date: '2026-10-08', kind: 'holiday', name: '国庆节' }], years: [2026] });
    expect(corrected.isWorkingDay('2026-10-08')).toBe(false);
    expect(corrected.isWorkingDay('2026-10-01')).toBe(true); // the built-in 2026 data no longer applies
    const gap = new WorkingCalendar({ days: [{ date: '2028-01-01', kind: 'holiday' }], years: [2028] });
    expect(gap.knownThrough()).toBe('2026-12-31');
    expect(gap.isKnown('2028-06-01')).toBe(true);
    expect(gap.isKnown('2027-06-01')).toBe(false);
  });
});

describe('dates', () => {
  it('computes weekdays and China\'s today', () => {
    expect(weekdayOf('2025-09-28')).toBe(0);
    expect(weekdayOf('2025-10-11')).toBe(6);
    expect(todayInChina(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
  });

  it('expands holiday ranges', () => {
    expect(schedule2027.filter((d) => d.kind === 'holiday')).toHaveLength(3 + 9 + 7);
    expect(() => expandSchedule([{ name: 'x', holidays: ['2027-10-07..2027-10-01'] }])).toThrow(/结束早于开始/);
  });
});
