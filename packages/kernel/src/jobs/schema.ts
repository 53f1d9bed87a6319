import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, text, timestamp } from 'drizzle-orm/pg-core';
import { kernelSchema } from '../db/pg-schemas';
import { jsonValue } from '../parameters/json-column';

/** Background work with progress: imports, payroll runs, verification batches, seeding. */
export const jobs = kernelSchema.table(
  'jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('queued'),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total'),
    params: jsonValue('params').notNull().default(sql`'{}'::jsonb`),
    result: jsonValue('result'),
    error: text('error'),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    check('jobs_status_check', sql`${t.status} in ('queued', 'running', 'succeeded', 'failed')`),
    index('jobs_queued_idx').on(t.id).where(sql`${t.status} = 'queued'`),
    index('jobs_kind_created_idx').on(t.kind, t.createdAt),
  ],
);

/** Scheduled tasks: the next due slot (claimed by exactly one process) and the last run's outcome. */
export const jobSchedules = kernelSchema.table('job_schedules', {
  name: text('name').primaryKey(),
  nextRunAt: timestamp('next_run_at', { withTimezone: true, mode: 'date' }),
  lastStartedAt: timestamp('last_started_at', { withTimezone: true, mode: 'date' }),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true, mode: 'date' }),
  lastStatus: text('last_status'),
  lastError: text('last_error'),
  lastDurationMs: integer('last_duration_ms'),
  runs: integer('runs').notNull().default(0),
});
