// What elderly care reads from other modules: their published views (never their tables).
import { bigint, date, pgSchema, smallint, text, varchar } from 'drizzle-orm/pg-core';

/** registry.person_facts — the registry's published facts of each person. */
export const personFacts = pgSchema('registry').view('person_facts', {
  personId: bigint('person_id', { mode: 'number' }).notNull(),
  householdId: bigint('household_id', { mode: 'number' }),
  name: text('name').notNull(),
  gender: varchar('gender', { length: 1 }).notNull(),
  birthDate: date('birth_date', { mode: 'string' }).notNull(),
  idNumber: varchar('id_number', { length: 18 }).notNull(),
  phone: varchar('phone', { length: 11 }),
  divisionCode: varchar('division_code', { length: 12 }).notNull(),
  urbanRural: text('urban_rural').notNull(),
  residenceDivisionCode: varchar('residence_division_code', { length: 12 }),
  address: text('address'),
  disabilityCategory: text('disability_category'),
  disabilityGrade: smallint('disability_grade'),
  healthConditions: text('health_conditions').array().notNull(),
  status: text('status').notNull(),
  deathDate: date('death_date', { mode: 'string' }),
}).existing();

/** payments.entitlement_periods — entitlement periods not withdrawn, of every programme. */
export const entitlementPeriods = pgSchema('payments').view('entitlement_periods', {
  programme: text('programme').notNull(),
  householdId: bigint('household_id', { mode: 'number' }).notNull(),
  personId: bigint('person_id', { mode: 'number' }),
  divisionCode: varchar('division_code', { length: 12 }).notNull(),
  monthlyAmountFen: bigint('monthly_amount_fen', { mode: 'number' }).notNull(),
  fromMonth: varchar('from_month', { length: 7 }).notNull(),
  toMonth: varchar('to_month', { length: 7 }),
}).existing();

export type PersonFact = typeof personFacts.$inferSelect;
