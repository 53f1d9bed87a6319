import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { kernelSchema } from '../db/pg-schemas';
import { jsonValue } from '../parameters/json-column';

/** One case moving through a declared workflow (an application, a review, an intervention…). */
export const workflowInstances = kernelSchema.table(
  'workflow_instances',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    workflowKey: text('workflow_key').notNull(),
    workflowVersion: integer('workflow_version').notNull(),
    /** what the case is about, owned by a module and referenced by id: ('dibao_application', '42') */
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    /** what the inbox shows, e.g. '王德明 低保申请' */
    title: text('title'),
    /** jurisdiction: staff reach the case when their scope is a prefix of this code */
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    state: text('state').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'date' }).notNull(),
    stateEnteredAt: timestamp('state_entered_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** the current state's deadline */
    dueAt: date('due_at', { mode: 'string' }),
    /** the day the overall limit's clock started (acceptance, or a reopening review) */
    overallStartedOn: date('overall_started_on', { mode: 'string' }),
    overallDueAt: date('overall_due_at', { mode: 'string' }),
    /** a deadline was counted over days whose holiday schedule is not yet published */
    beyondKnownSchedule: boolean('beyond_known_schedule').notNull().default(false),
    extended: boolean('extended').notNull().default(false),
    extensionReason: text('extension_reason'),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    data: jsonValue('data').notNull().default(sql`'{}'::jsonb`),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('workflow_instances_division_idx').on(t.divisionCode.op('text_pattern_ops')),
    index('workflow_instances_key_state_idx').on(t.workflowKey, t.state),
    index('workflow_instances_due_idx').on(t.dueAt),
    index('workflow_instances_subject_idx').on(t.subjectType, t.subjectId),
  ],
);

/** The case history: one row per transition taken (and per extension of the overall limit). */
export const workflowTransitions = kernelSchema.table(
  'workflow_transitions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    instanceId: bigint('instance_id', { mode: 'number' }).notNull().references(() => workflowInstances.id),
    name: text('name').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    input: jsonValue('input'),
    comment: text('comment'),
  },
  (t) => [index('workflow_transitions_instance_idx').on(t.instanceId, t.id)],
);
