import { bigint, index, jsonb, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { kernelSchema } from '../db/pg-schemas';

/** Append-only, hash-chained: hash = sha256(prevHash + canonical JSON of the entry). */
export const auditLog = kernelSchema.table(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    divisionCode: varchar('division_code', { length: 12 }),
    reason: text('reason'),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: varchar('prev_hash', { length: 64 }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
  },
  (t) => [
    index('audit_entity_idx').on(t.entityType, t.entityId),
    index('audit_actor_idx').on(t.actorName, t.at),
    index('audit_at_idx').on(t.at),
  ],
);
