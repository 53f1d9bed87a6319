import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

// Payments owns these tables. Programmes hand it entitlements; it runs the monthly payroll for all
// of them. Registry data is read only through the published view registry.payment_accounts.
// Months are 'YYYY-MM' text: they sort and compare as months.
export const paymentsSchema = pgSchema('payments');

const MONTH = `'^[0-9]{4}-(0[1-9]|1[0-2])$'`;
const money = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 待遇期间: a household (or one person in it) receives `monthly_amount_fen` of a programme from
 * `from_month` to `to_month` (inclusive; null = until stopped). A change of amount closes the period
 * and opens another; a period replaced before it began is withdrawn, never deleted.
 */
export const entitlements = paymentsSchema.table(
  'entitlements',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** free text key: 'dibao', 'tekun', 'price_linkage', 'elderly_longevity'… */
    programme: text('programme').notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    personId: bigint('person_id', { mode: 'number' }),
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    monthlyAmountFen: money('monthly_amount_fen').notNull(),
    fromMonth: varchar('from_month', { length: 7 }).notNull(),
    toMonth: varchar('to_month', { length: 7 }),
    reason: text('reason').notNull(),
    /** why the period was closed early (停发原因); shown on the payroll's stopped lines */
    stopReason: text('stop_reason'),
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id').notNull(),
    withdrawnAt: at('withdrawn_at'),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: at('created_at').notNull().defaultNow(),
    closedAt: at('closed_at'),
  },
  (t) => [
    check('entitlements_from_month_check', sql.raw(`from_month ~ ${MONTH}`)),
    check('entitlements_to_month_check', sql.raw(`to_month IS NULL OR (to_month ~ ${MONTH} AND to_month >= from_month)`)),
    check('entitlements_amount_check', sql`${t.monthlyAmountFen} >= 0`),
    index('entitlements_key_idx').on(t.householdId, t.programme, t.personId),
    index('entitlements_division_idx').on(t.divisionCode.op('text_pattern_ops'), t.fromMonth),
  ],
);

/** 调整: a one-off correction (may be negative) paid with the month's payroll. */
export const adjustments = paymentsSchema.table(
  'adjustments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    programme: text('programme').notNull(),
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    amountFen: money('amount_fen').notNull(),
    reason: text('reason').notNull(),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('adjustments_month_check', sql.raw(`month ~ ${MONTH}`)),
    index('adjustments_month_idx').on(t.month, t.divisionCode.op('text_pattern_ops')),
    index('adjustments_household_idx').on(t.householdId),
  ],
);

/** 发放名册: one per county and month; a draft until the county approver signs it. */
export const payrollRuns = paymentsSchema.table(
  'payroll_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    month: varchar('month', { length: 7 }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    status: text('status').notNull().default('draft'),
    /** 1 on the first run; each rerun of the draft adds one */
    revision: integer('revision').notNull().default(1),
    previousRunId: bigint('previous_run_id', { mode: 'number' }),
    /** totals per programme and counts by change kind, written by the run */
    summary: jsonb('summary').notNull().default(sql`'{}'::jsonb`),
    lines: integer('lines').notNull().default(0),
    totalFen: money('total_fen').notNull().default(0),
    jobId: bigint('job_id', { mode: 'number' }),
    ranBy: bigint('ran_by', { mode: 'number' }),
    ranAt: at('ran_at').notNull().defaultNow(),
    signedBy: bigint('signed_by', { mode: 'number' }),
    signedAt: at('signed_at'),
  },
  (t) => [
    check('payroll_runs_status_check', sql`${t.status} in ('draft', 'signed')`),
    check('payroll_runs_month_check', sql.raw(`month ~ ${MONTH}`)),
    uniqueIndex('payroll_runs_month_county_key').on(t.month, t.countyCode),
  ],
);

/** Line ids: drawn by every run's partition of payroll_lines (a partitioned table has no identity column on PostgreSQL 15). */
export const payrollLineIds = paymentsSchema.sequence('payroll_line_ids');

/**
 * One line per household, programme and month, with the payee's bank account as it was when the
 * payroll ran. `change` compares with the previous month's signed payroll; stopped lines carry 0 fen.
 * A line on hold (no bank account, household not active) is listed but not sent to the bank.
 *
 * The table is partitioned by run (LIST (run_id), migration 0016): a run writes its lines into a
 * table of its own, builds its indexes once and attaches it; rerunning a draft replaces that table.
 * Drizzle does not model partitioning: the columns and indexes here are the parent's.
 */
export const payrollLines = paymentsSchema.table(
  'payroll_lines',
  {
    id: bigint('id', { mode: 'number' }).notNull().default(sql`nextval('payments.payroll_line_ids')`),
    runId: bigint('run_id', { mode: 'number' }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    programme: text('programme').notNull(),
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    amountFen: money('amount_fen').notNull(),
    entitlementFen: money('entitlement_fen').notNull(),
    adjustmentFen: money('adjustment_fen').notNull(),
    change: text('change').notNull(),
    previousAmountFen: money('previous_amount_fen'),
    stopReason: text('stop_reason'),
    holdReason: text('hold_reason'),
    headName: text('head_name'),
    headIdNumber: varchar('head_id_number', { length: 18 }),
    bankName: text('bank_name'),
    bankAccount: text('bank_account'),
    bankAccountName: text('bank_account_name'),
  },
  (t) => [
    check('payroll_lines_change_check', sql`${t.change} in ('new', 'changed', 'unchanged', 'stopped')`),
    uniqueIndex('payroll_lines_run_key').on(t.runId, t.householdId, t.programme),
    index('payroll_lines_household_idx').on(t.householdId),
  ],
);

/** 发放失败: a line the bank returned as failed, followed up until resolved. */
export const paymentFailures = paymentsSchema.table(
  'payment_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    lineId: bigint('line_id', { mode: 'number' }).notNull(),
    runId: bigint('run_id', { mode: 'number' }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    programme: text('programme').notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    bankAccount: text('bank_account'),
    amountFen: money('amount_fen').notNull(),
    reason: text('reason'),
    status: text('status').notNull().default('open'),
    resolution: text('resolution'),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: at('created_at').notNull().defaultNow(),
    resolvedBy: bigint('resolved_by', { mode: 'number' }),
    resolvedAt: at('resolved_at'),
  },
  (t) => [
    check('payment_failures_status_check', sql`${t.status} in ('open', 'resolved')`),
    uniqueIndex('payment_failures_line_key').on(t.lineId),
    index('payment_failures_household_idx').on(t.householdId),
    index('payment_failures_division_idx').on(t.divisionCode.op('text_pattern_ops'), t.status),
  ],
);
