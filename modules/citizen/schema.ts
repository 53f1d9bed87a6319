import { bigint, boolean, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

// The citizen phone service (掌上办) owns these tables. Persons, households and applications are
// referenced by the owning module's id; nothing here copies the registry.
export const citizenSchema = pgSchema('citizen');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A one-time code sent to the phone on file: for signing in, or for a household member's consent.
 * Only the code's keyed hash is kept. A challenge is made for every request, registered or not, so
 * the work and the answer are the same (`person_id` is null when nobody matched).
 */
export const otpChallenges = citizenSchema.table('otp_challenges', {
  id: varchar('id', { length: 43 }).primaryKey(),
  purpose: text('purpose').notNull(),
  /** HMAC of the normalised ID number: the lockout key, never the number itself */
  subjectKey: varchar('subject_key', { length: 64 }).notNull(),
  personId: bigint('person_id', { mode: 'number' }),
  /** consent: the signed-in citizen asking for it */
  requestedBy: bigint('requested_by', { mode: 'number' }),
  codeHash: varchar('code_hash', { length: 64 }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: at('expires_at').notNull(),
  consumedAt: at('consumed_at'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [index('otp_challenges_subject_idx').on(t.subjectKey, t.createdAt)]);

/** Failure counters for lockout, per ID number (keyed hash) and per client address. */
export const throttles = citizenSchema.table('throttles', {
  key: varchar('key', { length: 100 }).primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: at('window_started_at').notNull(),
  lockedUntil: at('locked_until'),
});

/** Citizen sessions: short, sliding, separate from staff sessions (own cookie, own table). */
export const sessions = citizenSchema.table('sessions', {
  tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
  personId: bigint('person_id', { mode: 'number' }).notNull(),
  householdId: bigint('household_id', { mode: 'number' }),
  createdAt: at('created_at').notNull().defaultNow(),
  expiresAt: at('expires_at').notNull(),
}, (t) => [index('citizen_sessions_person_idx').on(t.personId)]);

/** 电子授权: a household member confirmed consent to verification with a code sent to their own phone. */
export const consents = citizenSchema.table('consents', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  householdId: bigint('household_id', { mode: 'number' }).notNull(),
  personId: bigint('person_id', { mode: 'number' }).notNull(),
  personName: text('person_name').notNull(),
  requestedBy: bigint('requested_by', { mode: 'number' }).notNull(),
  confirmedAt: at('confirmed_at').notNull(),
  /** the application it went into, once submitted */
  applicationId: bigint('application_id', { mode: 'number' }),
}, (t) => [index('consents_household_idx').on(t.householdId, t.personId)]);

/** Photos a citizen uploaded (content-hashed in the kernel's files): who may refer to which file. */
export const uploads = citizenSchema.table('uploads', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  sha256: varchar('sha256', { length: 64 }).notNull(),
  personId: bigint('person_id', { mode: 'number' }).notNull(),
  householdId: bigint('household_id', { mode: 'number' }).notNull(),
  size: integer('size').notNull(),
  mimeType: text('mime_type').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('uploads_household_sha_key').on(t.householdId, t.sha256)]);

/**
 * 群众报告: a change the household reports (new member, income change, move) or a complaint; each
 * opens a case in the responsible township's inbox, and the township's answer comes back as a notice.
 */
export const reports = citizenSchema.table('reports', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  kind: text('kind').notNull(),
  personId: bigint('person_id', { mode: 'number' }).notNull(),
  householdId: bigint('household_id', { mode: 'number' }).notNull(),
  divisionCode: varchar('division_code', { length: 12 }).notNull(),
  /** for a complaint: the application it is about */
  applicationId: bigint('application_id', { mode: 'number' }),
  details: jsonb('details').notNull(),
  instanceId: bigint('instance_id', { mode: 'number' }),
  reply: text('reply'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [index('reports_household_idx').on(t.householdId)]);

/** 站内信: notices to a household, one per case step and decision; `source_key` makes sending idempotent. */
export const notices = citizenSchema.table('notices', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  householdId: bigint('household_id', { mode: 'number' }).notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  applicationId: bigint('application_id', { mode: 'number' }),
  sourceKey: text('source_key').notNull(),
  read: boolean('read').notNull().default(false),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('notices_source_key').on(t.sourceKey), index('notices_household_idx').on(t.householdId, t.createdAt)]);
