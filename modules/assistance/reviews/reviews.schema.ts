import { bigint, index, jsonb, pgSchema, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// 定期复核: one periodic review of an enrolled dibao household. At most one review per household is
// open at a time (a partial unique index says so, whatever the scheduler does).
const assistance = pgSchema('assistance');
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const reviews = assistance.table(
  'reviews',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    /** the approved application the household was enrolled by (its facts are the starting point) */
    applicationId: bigint('application_id', { mode: 'number' }).notNull(),
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    /** 'stable' | 'irregularIncome' */
    category: text('category').notNull(),
    dueOn: varchar('due_on', { length: 10 }).notNull(),
    instanceId: bigint('instance_id', { mode: 'number' }),
    /** 'open' | 'decided' */
    status: text('status').notNull().default('open'),
    /** 'scheduled' (due by the review interval) | 'change' (opened from a verification change task) */
    origin: text('origin').notNull().default('scheduled'),
    /** the verification change task (workflow instance) that opened it, when origin = 'change' */
    changeTaskId: bigint('change_task_id', { mode: 'number' }),
    /** consents to verification collected at the review (the application's may have expired) */
    consents: jsonb('consents').notNull().default([]),
    /** the verification report the review received: its number and id, totals, found and merged incomes */
    verification: jsonb('verification'),
    /** what the home visit found: investigators, changes, the household's incomes now */
    visit: jsonb('visit'),
    /** the calculator's result on the facts found, with the amount in force and the suggested outcome */
    calculation: jsonb('calculation'),
    /** 'unchanged' | 'increase' | 'reduce' | 'stop' | 'taper' */
    outcome: text('outcome'),
    decidedOn: varchar('decided_on', { length: 10 }),
    /** what was handed to payments */
    payments: jsonb('payments'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reviews_open_household_key').on(t.householdId).where(sql`status = 'open'`),
    index('reviews_household_idx').on(t.householdId),
    index('reviews_instance_idx').on(t.instanceId),
  ],
);

export type ReviewRow = typeof reviews.$inferSelect;
