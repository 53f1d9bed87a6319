import { bigint, index, jsonb, pgSchema, text, timestamp, varchar } from 'drizzle-orm/pg-core';

// Assistance owns these tables. Households and persons are referenced by registry id; the case's
// procedure lives in a kernel workflow instance (instance_id), never duplicated here.
export const assistanceSchema = pgSchema('assistance');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 申请: one application of a household for a programme, as taken at a window (one-window intake).
 * `division_code` is the household's registration village: it decides who acts on the case;
 * `receiving_division_code` is the window that took it.
 */
export const applications = assistanceSchema.table(
  'applications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    programme: text('programme').notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    applicantPersonId: bigint('applicant_person_id', { mode: 'number' }).notNull(),
    /** snapshot for rosters and notices (masked ID number only) */
    applicantName: text('applicant_name').notNull(),
    applicantIdMasked: text('applicant_id_masked').notNull(),
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    urbanRural: text('urban_rural').notNull(),
    receivingDivisionCode: varchar('receiving_division_code', { length: 12 }).notNull(),
    receivedBy: bigint('received_by', { mode: 'number' }),
    receivedByName: text('received_by_name').notNull(),
    /** [{ personId, name, idNumberMasked, age, included, reason }] */
    members: jsonb('members').notNull(),
    /** declared: [{ personId, kind, monthlyFen }] */
    incomes: jsonb('incomes').notNull(),
    assets: jsonb('assets').notNull(),
    /** [{ personId, kind: 'signed_form', fileSha256 } | { personId, kind: 'electronic', confirmedBy, confirmedAt }] */
    consents: jsonb('consents').notNull(),
    /** [{ code, fileSha256? }] */
    documents: jsonb('documents').notNull(),
    /** the programme's own facts: tekun (mode, supporters, care assessment and grade) or temporary (kind, cause, months, grants) */
    details: jsonb('details'),
    instanceId: bigint('instance_id', { mode: 'number' }),
    /** the manual verification record (or, later, the verification report) */
    verification: jsonb('verification'),
    homeVisit: jsonb('home_visit'),
    objections: jsonb('objections').notNull().default([]),
    /** the amount proposed for the public notice: calculation result */
    proposal: jsonb('proposal'),
    /** 'approved' | 'refused' | null while open */
    decision: text('decision'),
    decidedAt: at('decided_at'),
    refusalReasons: text('refusal_reasons'),
    /** the calculation the decision rests on (amount and explanation) */
    calculation: jsonb('calculation'),
    fromMonth: varchar('from_month', { length: 7 }),
    reviewRequests: jsonb('review_requests').notNull().default([]),
    /** a move of the household out of the township that the procedure has not yet followed */
    pendingTransfer: jsonb('pending_transfer'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('applications_household_idx').on(t.householdId),
    index('applications_division_idx').on(t.divisionCode.op('text_pattern_ops')),
    index('applications_instance_idx').on(t.instanceId),
  ],
);

export type ApplicationRow = typeof applications.$inferSelect;
export * from './price-linkage/price-linkage.schema'; // price indices, linkage runs and periodic reviews
export * from './low-income/low-income.schema'; // the low-income register (低保边缘、刚性支出困难家庭)
