import { bigint, boolean, index, integer, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { kernelSchema } from '../db/pg-schemas';

export const users = kernelSchema.table('users', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  username: varchar('username', { length: 64 }).notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').notNull(),
  /** The user's jurisdiction: every person-level query is limited to this code prefix. */
  divisionCode: varchar('division_code', { length: 12 }).notNull(),
  passwordHash: text('password_hash').notNull(),
  /** True while the password is a published demo password. */
  demoPassword: boolean('demo_password').notNull().default(false),
  disabled: boolean('disabled').notNull().default(false),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const sessions = kernelSchema.table(
  'sessions',
  {
    /** sha-256 of the cookie token; the token itself is never stored. */
    tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
