import { sql } from 'drizzle-orm';
import { bigint, index, integer, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { kernelSchema } from '../db/pg-schemas';
import { jsonValue } from '../parameters/json-column';

/** Transactional outbox: domain events written in the same transaction as the change they describe. */
export const outbox = kernelSchema.table(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    type: text('type').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    divisionCode: varchar('division_code', { length: 12 }),
    payload: jsonValue('payload').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** When the dispatcher created this event's delivery rows (one per registered handler). */
    fannedOutAt: timestamp('fanned_out_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('outbox_not_fanned_out_idx').on(t.id).where(sql`${t.fannedOutAt} is null`),
    index('outbox_aggregate_idx').on(t.aggregateType, t.aggregateId),
  ],
);

/** One row per (event, handler): delivered exactly once, retried with backoff on failure. */
export const eventDeliveries = kernelSchema.table(
  'event_deliveries',
  {
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => outbox.id),
    handler: text('handler').notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** null once delivered, or when parked after the last allowed attempt */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.handler] }),
    index('event_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} is null`),
  ],
);
