import { check, date, integer, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { kernelSchema } from '../db/pg-schemas';

/**
 * Admin-loaded statutory days. A row overrides the built-in schedule for that date:
 * 'holiday' = a day off (法定节假日), 'workday' = a make-up working day (调休上班), even on a weekend.
 */
export const calendarDays = kernelSchema.table(
  'calendar_days',
  {
    date: date('date', { mode: 'string' }).primaryKey(),
    kind: text('kind').notNull(),
    name: text('name'),
  },
  (t) => [check('calendar_days_kind_check', sql`${t.kind} in ('holiday', 'workday')`)],
);

/** Years whose full schedule has been loaded by an administrator (the State Council's notice). */
export const calendarYears = kernelSchema.table('calendar_years', {
  year: integer('year').primaryKey(),
  source: text('source'),
  loadedAt: timestamp('loaded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
