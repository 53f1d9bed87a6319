import { bigint, boolean, date, index, text, timestamp, unique, varchar } from 'drizzle-orm/pg-core';
import { kernelSchema } from '../db/pg-schemas';
import { jsonValue } from './json-column';

/**
 * Dated policy parameters (标准、期限…) with per-division overrides.
 * division_code '' applies everywhere; a longer code prefix ('14', '1403', '140321') is more specific.
 * effective_to is the last day in force (inclusive); null = until further notice.
 */
export const parameters = kernelSchema.table(
  'parameters',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    key: text('key').notNull(),
    divisionCode: varchar('division_code', { length: 12 }).notNull().default(''),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    value: jsonValue('value').notNull(),
    note: text('note'),
    /** true for sample values that staff must replace, not published facts */
    isSample: boolean('is_sample').notNull().default(false),
    source: text('source'),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    unique('parameters_key_division_from_unique').on(t.key, t.divisionCode, t.effectiveFrom),
    index('parameters_key_from_idx').on(t.key, t.effectiveFrom),
  ],
);
