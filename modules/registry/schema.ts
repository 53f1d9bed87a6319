import { bigint, date, index, integer, pgSchema, smallint, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const registrySchema = pgSchema('registry');

const timestamps = {
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

export const persons = registrySchema.table(
  'persons',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    idNumber: varchar('id_number', { length: 18 }).notNull(),
    name: text('name').notNull(),
    gender: varchar('gender', { length: 1 }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    ethnicity: varchar('ethnicity', { length: 2 }).notNull().default('01'),
    phone: varchar('phone', { length: 11 }),
    /** Household registration (户籍地), village level: the person's jurisdiction. */
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    /** Derived from divisionCode, so a county or township is an equality, not a prefix scan. */
    countyCode: varchar('county_code', { length: 6 }).generatedAlwaysAs(sql`left(division_code, 6)`),
    townshipCode: varchar('township_code', { length: 9 }).generatedAlwaysAs(sql`left(division_code, 9)`),
    urbanRural: text('urban_rural').notNull(),
    residenceDivisionCode: varchar('residence_division_code', { length: 12 }),
    address: text('address'),
    disabilityCategory: text('disability_category'),
    disabilityGrade: smallint('disability_grade'),
    disabilityCertNo: text('disability_cert_no'),
    /** When the registry recorded the disability grade reaching 1–2 (severe); null when not severe or from a roster transfer. */
    severeDisabilitySince: date('severe_disability_since', { mode: 'string' }),
    healthConditions: text('health_conditions').array().notNull().default(sql`'{}'::text[]`),
    labourCapacity: text('labour_capacity'),
    status: text('status').notNull().default('living'),
    deathDate: date('death_date', { mode: 'string' }),
    householdId: bigint('household_id', { mode: 'number' }),
    /** GB/T 4761 relation to the household head. */
    relation: varchar('relation', { length: 2 }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('persons_id_number_key').on(t.idNumber),
    // Names sort and match byte-wise (COLLATE "C") on every server, so LIKE '张%' and ORDER BY
    // name walk one index: a page of a township's 张… is a short range scan at city scale.
    index('persons_township_name_idx').on(t.townshipCode, sql`(${t.name} COLLATE "C")`, t.id),
    index('persons_county_name_idx').on(t.countyCode, sql`(${t.name} COLLATE "C")`, t.id),
    index('persons_division_name_idx').on(t.divisionCode, sql`(${t.name} COLLATE "C")`, t.id),
    index('persons_name_idx').on(sql`(${t.name} COLLATE "C")`, t.id),
    index('persons_phone_idx').on(t.phone),
    index('persons_household_idx').on(t.householdId),
    index('persons_severe_disability_since_idx').on(t.severeDisabilitySince).where(sql`${t.severeDisabilitySince} IS NOT NULL`),
  ],
);

export const households = registrySchema.table(
  'households',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    headPersonId: bigint('head_person_id', { mode: 'number' }),
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    urbanRural: text('urban_rural').notNull(),
    address: text('address'),
    bankName: text('bank_name'),
    bankAccount: text('bank_account'),
    bankAccountName: text('bank_account_name'),
    status: text('status').notNull().default('active'),
    ...timestamps,
  },
  (t) => [index('households_division_idx').on(t.divisionCode.op('text_pattern_ops'))],
);

/** Who belonged to which household when: joined and left dates, never overwritten. */
export const householdMemberships = registrySchema.table(
  'household_memberships',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    relation: varchar('relation', { length: 2 }).notNull(),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    leftOn: date('left_on', { mode: 'string' }),
    reason: text('reason'),
  },
  (t) => [
    index('memberships_household_idx').on(t.householdId),
    index('memberships_person_idx').on(t.personId),
  ],
);

/**
 * Published read view (see migration registry_payment_accounts_view): a household's payee and bank
 * account, for the payments module. Read-only; the registry may change its tables, not this shape.
 */
export const paymentAccounts = registrySchema.view('payment_accounts', {
  householdId: bigint('household_id', { mode: 'number' }).notNull(),
  divisionCode: varchar('division_code', { length: 12 }).notNull(),
  urbanRural: text('urban_rural').notNull(),
  householdStatus: text('household_status').notNull(),
  headPersonId: bigint('head_person_id', { mode: 'number' }),
  headName: text('head_name'),
  headIdNumber: varchar('head_id_number', { length: 18 }),
  bankName: text('bank_name'),
  bankAccount: text('bank_account'),
  bankAccountName: text('bank_account_name'),
}).existing();
