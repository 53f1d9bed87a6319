import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

// The low-income register (低收入人口) of the assistance schema: households recognised as near-dibao
// (低保边缘家庭) or rigid-expense (刚性支出困难家庭), each with the facts and the calculation behind
// it and a validity period. Dibao and tekun households are on the register through their cases.
const assistance = pgSchema('assistance');
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 低收入人口认定: one recognition of a household in a category. At most one that is not cancelled
 * per household and category; renewing extends it (each renewal kept in `renewals`).
 */
export const lowIncomeRecognitions = assistance.table(
  'low_income_recognitions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** 'near_dibao' | 'rigid_expense' */
    category: text('category').notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    /** the household's registration village when recognised: who acts on it and who sees it */
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    urbanRural: text('urban_rural').notNull(),
    /** snapshot for lists and rosters */
    headName: text('head_name').notNull(),
    persons: integer('persons').notNull(),
    /** the facts staff entered (incomes by member and kind, assets, spending…) */
    facts: jsonb('facts').notNull(),
    /** the figures and the explanation of the latest recognition or renewal */
    calculation: jsonb('calculation').notNull(),
    perCapitaIncomeFen: bigint('per_capita_income_fen', { mode: 'number' }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    /** 'active' | 'cancelled' */
    status: text('status').notNull().default('active'),
    /** [{ at, by, validFrom, validTo, previousValidTo, perCapitaIncomeFen }] */
    renewals: jsonb('renewals').notNull().default([]),
    cancelledAt: at('cancelled_at'),
    cancelledByName: text('cancelled_by_name'),
    cancelReason: text('cancel_reason'),
    recognisedBy: bigint('recognised_by', { mode: 'number' }),
    recognisedByName: text('recognised_by_name').notNull(),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('low_income_recognitions_division_idx').on(t.divisionCode.op('text_pattern_ops')),
    index('low_income_recognitions_household_idx').on(t.householdId),
    index('low_income_recognitions_valid_to_idx').on(t.validTo),
    uniqueIndex('low_income_recognitions_one_active_key').on(t.householdId, t.category).where(sql`status = 'active'`),
    check('low_income_recognitions_category_check', sql`category in ('near_dibao', 'rigid_expense')`),
    check('low_income_recognitions_status_check', sql`status in ('active', 'cancelled')`),
    check('low_income_recognitions_period_check', sql`valid_to >= valid_from`),
  ],
);

export type RecognitionRow = typeof lowIncomeRecognitions.$inferSelect;
