import { bigint, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { kernelSchema } from '../db/pg-schemas';

/** Content-addressed attachments: one row per distinct content; the bytes live in file storage. */
export const files = kernelSchema.table('files', {
  sha256: varchar('sha256', { length: 64 }).primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  mimeType: text('mime_type').notNull(),
  originalName: text('original_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdBy: bigint('created_by', { mode: 'number' }),
});
