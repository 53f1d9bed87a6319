import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../../../test/db';
import { inTransaction } from '../db/transaction';
import {
  addWorkingDays, currentCalendar, expandSchedule, isWorkingDay, knownThrough, listCalendarDays, loadCalendar,
  refreshCalendar, saveCalendarYear, setCurrentCalendar,
} from './calendar.service';
import { WorkingCalendar } from './calendar';
import { loadCalendarYaml } from './calendar.loader';

// Test fixture in the usual pattern, not the published 2027 notice.
const days2027 = expandSchedule([
  { name: '元旦', holidays: ['2027-01-01'] },
  { name: '国庆节', holidays: ['2027-10-01..2027-10-07'], workdays: ['2027-09-26', '2027-10-09'] },
]);

describe('calendar with an administrator-loaded year', () => {
  let db: Database;
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => {
    setCurrentCalendar(new WorkingCalendar());
    await db?.close();
  });

  it('flags 2027 until its schedule is loaded, then knows it', async () => {
    await refreshCalendar(db.orm);
    expect(knownThrough()).toBe('2026-12-31');
    expect(isWorkingDay('2027-10-01')).toBe(true);
    expect(addWorkingDays('2027-09-30', 1)).toEqual({ date: '2027-10-01', beyondKnownSchedule: true });

    const saved = await inTransaction(db, (tx) => saveCalendarYear(tx, { year: 2027, days: days2027, source: '国办发明电〔2026〕X号' }));
    expect(saved).toEqual({ year: 2027, holidays: 8, workdays: 2 });
    await refreshCalendar(db.orm);
    expect(knownThrough()).toBe('2027-12-31');
    expect(isWorkingDay('2027-10-01')).toBe(false);
    expect(addWorkingDays('2027-09-30', 1)).toEqual({ date: '2027-10-08', beyondKnownSchedule: false });
    expect(currentCalendar().dayInfo('2027-10-09')).toMatchObject({ kind: 'makeup-workday', name: '国庆节' });
  });

  it('replaces a year wholesale when it is loaded again', async () => {
    await saveCalendarYear(db.orm, { year: 2027, days: [{ date: '2027-10-01', kind: 'holiday', name: '国庆节' }] });
    expect(await listCalendarDays(db.orm, 2027)).toEqual([{ date: '2027-10-01', kind: 'holiday', name: '国庆节' }]);
    const cal = await loadCalendar(db.orm);
    expect(cal.isWorkingDay('2027-10-02')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2027-10-04')).toBe(true);
  });

  it('refuses a schedule with days of another year or duplicates and changes nothing', async () => {
    const before = await listCalendarDays(db.orm, 2027);
    await expect(
      inTransaction(db, (tx) =>
        saveCalendarYear(tx, {
          year: 2027,
          days: [
            { date: '2027-05-01', kind: 'holiday' },
            { date: '2028-01-01', kind: 'holiday' },
            { date: '2027-05-01', kind: 'holiday' },
          ],
        }),
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [
        { field: 'days.1', code: 'CALENDAR_DAY_OTHER_YEAR' },
        { field: 'days.2', code: 'CALENDAR_DAY_DUPLICATE' },
      ],
    });
    await expect(saveCalendarYear(db.orm, { year: 2027, days: [{ date: '2027-09-26', kind: 'workday' }] })).rejects.toMatchObject({
      code: 'CALENDAR_YEAR_EMPTY',
    });
    expect(await listCalendarDays(db.orm, 2027)).toEqual(before);
  });

  it('loads a year from the YAML an administrator writes from the notice', async () => {
    const yaml = [
      'year: 2028',
      'source: 测试用放假安排',
      'holidays:',
      "  - { name: 元旦, holidays: ['2028-01-01..2028-01-03'] }",
      "  - { name: 劳动节, holidays: ['2028-05-01 .. 2028-05-05'], workdays: ['2028-04-29'] }",
    ].join('\n');
    expect(await loadCalendarYaml(db.orm, yaml)).toEqual({ year: 2028, holidays: 8, workdays: 1 });
    const cal = await loadCalendar(db.orm);
    expect(cal.dayInfo('2028-05-02')).toMatchObject({ kind: 'holiday', name: '劳动节', beyondKnownSchedule: false });
    expect(cal.dayInfo('2028-04-29')).toMatchObject({ kind: 'makeup-workday' });
    await expect(loadCalendarYaml(db.orm, 'year: 2029\nholidays:\n  - { name: x, holidays: [\'May 1\'] }'))
      .rejects.toMatchObject({ code: 'CALENDAR_FILE_INVALID' });
  });
});
