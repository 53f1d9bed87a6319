import { bigint, check, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// Price linkage (物价补贴联动) tables of the assistance schema. Indices are stored as whole per-mille
// (3.5 % = 35), never as floats. The review table is carried here too, so that the module's
// schema.ts re-exports every assistance table with one line.
const assistance = pgSchema('assistance');
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const MONTH = `'^[0-9]{4}-(0[1-9]|1[0-2])$'`;

/** 价格指数: one month's CPI and food CPI rise year on year, as recorded by city staff. */
export const priceIndices = assistance.table(
  'price_indices',
  {
    month: varchar('month', { length: 7 }).primaryKey(),
    cpiPermille: integer('cpi_permille').notNull(),
    foodCpiPermille: integer('food_cpi_permille').notNull(),
    source: text('source'),
    recordedBy: bigint('recorded_by', { mode: 'number' }),
    recordedByName: text('recorded_by_name').notNull(),
    recordedAt: at('recorded_at').notNull().defaultNow(),
  },
  () => [check('price_indices_month_check', sql.raw(`month ~ ${MONTH}`))],
);

/** 联动发放批次: the run of one triggered month (rerunning replaces its households). */
export const priceLinkageRuns = assistance.table('price_linkage_runs', {
  month: varchar('month', { length: 7 }).primaryKey(),
  indexUsed: text('index_used').notNull(),
  rise: text('rise').notNull(),
  households: integer('households').notNull(),
  persons: integer('persons').notNull(),
  totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
  explanation: jsonb('explanation').notNull(),
  revision: integer('revision').notNull().default(1),
  ranBy: bigint('ran_by', { mode: 'number' }),
  ranByName: text('ran_by_name').notNull(),
  ranAt: at('ran_at').notNull().defaultNow(),
});

/** One household's one-off price subsidy for a month: its covered persons and the sum paid. */
export const priceLinkagePayments = assistance.table(
  'price_linkage_payments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    month: varchar('month', { length: 7 }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    headName: text('head_name'),
    /** [{ personId, name, group, standardFen, amountFen }] */
    persons: jsonb('persons').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    entitlementId: bigint('entitlement_id', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('price_linkage_payments_month_household_key').on(t.month, t.householdId),
    index('price_linkage_payments_division_idx').on(t.divisionCode.op('text_pattern_ops')),
  ],
);

export { reviews, type ReviewRow } from '../reviews/reviews.schema';
