import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

// Verification (家庭经济状况核对) and monitoring (动态监测) own these tables. Persons, households and
// cases are referenced by registry / assistance id; only the findings a rule needs are kept, never a
// department's whole extract row.
export const verificationSchema = pgSchema('verification');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 数据来源: one departmental source, its adapter and its last exchange. */
export const sources = verificationSchema.table('sources', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  department: text('department').notNull(),
  /** 'file' | 'http' | 'simulated' */
  adapter: text('adapter').notNull(),
  /** adapter settings: { url, keyId, timeoutMs, retries } for http; never a secret (secrets come from the environment) */
  config: jsonb('config').notNull().default({}),
  enabled: boolean('enabled').notNull().default(true),
  /** 'ok' | 'error' | null (never exchanged) */
  lastStatus: text('last_status'),
  lastExchangeAt: at('last_exchange_at'),
  lastError: text('last_error'),
  /** records currently held from this source's extracts and pushes */
  recordCount: integer('record_count').notNull().default(0),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/**
 * 来源记录: the needed findings from extracts, batch answers and pushes, keyed by ID number.
 * kind: income · pension · medical_expense · property · vehicle · business · housing_fund · deposit ·
 * death · disability · unemployment.
 */
export const sourceRecords = verificationSchema.table('source_records', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  sourceCode: text('source_code').notNull(),
  idNumber: varchar('id_number', { length: 18 }).notNull(),
  kind: text('kind').notNull(),
  /** the department's own key of the fact (plate number, licence number, property certificate…) */
  reference: text('reference').notNull().default(''),
  monthlyIncomeFen: bigint('monthly_income_fen', { mode: 'number' }).notNull().default(0),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull().default(0),
  eventDate: date('event_date', { mode: 'string' }),
  detail: text('detail').notNull().default(''),
  /** 'extract' | 'answer' | 'push' */
  origin: text('origin').notNull(),
  loadedAt: at('loaded_at').notNull().defaultNow(),
}, (t) => [
  index('source_records_id_number_idx').on(t.idNumber, t.sourceCode),
  index('source_records_source_kind_idx').on(t.sourceCode, t.kind),
  // Monitoring reads these kinds city-wide: each kind's records in ID-number order, index-only (a
  // person's medical costs sum without a sort; unemployment and deaths without reading the table).
  index('source_records_signal_idx').on(t.kind, t.idNumber, t.eventDate, t.amountFen)
    .where(sql`${t.kind} in ('medical_expense', 'unemployment', 'death')`),
  // A household's monthly income, one index page per member, for the signals that weigh it.
  index('source_records_income_idx').on(t.idNumber, t.kind, t.monthlyIncomeFen)
    .where(sql`${t.kind} in ('income', 'housing_fund', 'pension', 'business')`),
]);

/** 核对请求 and its report: one verification of a household for an application or a review. */
export const requests = verificationSchema.table('requests', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  reportNo: text('report_no').notNull(),
  /** 'assistance_application' | 'assistance_review' */
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  householdId: bigint('household_id', { mode: 'number' }).notNull(),
  divisionCode: varchar('division_code', { length: 12 }).notNull(),
  purpose: text('purpose').notNull(),
  /** [{ personId, name, idNumber, age }]: who is verified (full ID numbers: they are the query key) */
  persons: jsonb('persons').notNull(),
  /** the declared facts compared: { monthlyIncomeFen, financialFen, vehicles, extraHousing, members } */
  declared: jsonb('declared').notNull(),
  /** 'pending' | 'complete' */
  status: text('status').notNull().default('pending'),
  /** the computed report: totals, discrepancies, limits */
  report: jsonb('report'),
  requestedBy: bigint('requested_by', { mode: 'number' }),
  requestedByName: text('requested_by_name').notNull(),
  requestedAt: at('requested_at').notNull().defaultNow(),
  completedAt: at('completed_at'),
  validUntil: date('valid_until', { mode: 'string' }),
}, (t) => [
  uniqueIndex('requests_report_no_key').on(t.reportNo),
  index('requests_subject_idx').on(t.subjectType, t.subjectId),
  index('requests_division_idx').on(t.divisionCode.op('text_pattern_ops')),
]);

/** 查询: one request's question to one source; answered asynchronously by a job. */
export const queries = verificationSchema.table('queries', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  requestId: bigint('request_id', { mode: 'number' }).notNull(),
  sourceCode: text('source_code').notNull(),
  /** 'queued' | 'answered' | 'failed' */
  status: text('status').notNull().default('queued'),
  idempotencyKey: text('idempotency_key').notNull(),
  jobId: bigint('job_id', { mode: 'number' }),
  attempts: integer('attempts').notNull().default(0),
  error: text('error'),
  answeredAt: at('answered_at'),
}, (t) => [
  uniqueIndex('queries_request_source_key').on(t.requestId, t.sourceCode),
]);

/** 核对结果: what one source said about one person of a request. */
export const findings = verificationSchema.table('findings', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  requestId: bigint('request_id', { mode: 'number' }).notNull(),
  sourceCode: text('source_code').notNull(),
  personId: bigint('person_id', { mode: 'number' }).notNull(),
  kind: text('kind').notNull(),
  reference: text('reference').notNull().default(''),
  monthlyIncomeFen: bigint('monthly_income_fen', { mode: 'number' }).notNull().default(0),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull().default(0),
  eventDate: date('event_date', { mode: 'string' }),
  detail: text('detail').notNull().default(''),
}, (t) => [index('findings_request_idx').on(t.requestId)]);

/** 批量复核: a re-verification of recipients against sources. */
export const batchRuns = verificationSchema.table('batch_runs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  jobId: bigint('job_id', { mode: 'number' }),
  divisionCode: varchar('division_code', { length: 12 }).notNull(),
  sourceCodes: text('source_codes').array().notNull(),
  /** 'scheduled' | 'on_demand' */
  trigger: text('trigger').notNull(),
  status: text('status').notNull().default('queued'),
  subjects: integer('subjects').notNull().default(0),
  changesFound: integer('changes_found').notNull().default(0),
  tasksOpened: integer('tasks_opened').notNull().default(0),
  startedBy: text('started_by').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  finishedAt: at('finished_at'),
  error: text('error'),
});

/** The persons a batch run verifies (filled set-based when the run starts). */
export const batchSubjects = verificationSchema.table('batch_subjects', {
  runId: bigint('run_id', { mode: 'number' }).notNull(),
  personId: bigint('person_id', { mode: 'number' }).notNull(),
  householdId: bigint('household_id', { mode: 'number' }).notNull(),
  idNumber: varchar('id_number', { length: 18 }).notNull(),
  name: text('name').notNull(),
  divisionCode: varchar('division_code', { length: 12 }).notNull(),
  /** the household's dibao standard × counted members, for "income above the standard" */
  standardFen: bigint('standard_fen', { mode: 'number' }).notNull().default(0),
}, (t) => [primaryKey({ columns: [t.runId, t.personId] }), index('batch_subjects_id_number_idx').on(t.idNumber)]);

/**
 * 已知事实: what verification already knew of a household (from a report or an earlier run), so a
 * batch run reports only what is new. fact_key: kind + ':' + reference.
 */
export const knownFacts = verificationSchema.table('known_facts', {
  householdId: bigint('household_id', { mode: 'number' }).notNull(),
  factKey: text('fact_key').notNull(),
  firstSeenAt: at('first_seen_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.householdId, t.factKey] })]);

/** 重要变化: one change that matters found by a batch run or a push, and the review task it opened. */
export const changes = verificationSchema.table('changes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  runId: bigint('run_id', { mode: 'number' }),
  householdId: bigint('household_id', { mode: 'number' }).notNull(),
  personId: bigint('person_id', { mode: 'number' }),
  personName: text('person_name').notNull().default(''),
  divisionCode: varchar('division_code', { length: 12 }).notNull(),
  /** death · vehicle · business · income · property */
  kind: text('kind').notNull(),
  sourceCode: text('source_code').notNull(),
  factKey: text('fact_key').notNull(),
  detail: text('detail').notNull(),
  /** the review task (workflow instance) that covers it: opened for it, or already open */
  taskInstanceId: bigint('task_instance_id', { mode: 'number' }),
  coveredByExisting: boolean('covered_by_existing').notNull().default(false),
  foundAt: at('found_at').notNull().defaultNow(),
}, (t) => [
  index('changes_run_idx').on(t.runId),
  index('changes_household_idx').on(t.householdId),
  index('changes_division_idx').on(t.divisionCode.op('text_pattern_ops')),
]);

/** 监测规则: a configurable condition over signals, with a threshold score and the level alerted. */
export const monitoringRules = verificationSchema.table('monitoring_rules', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  /** [{ signal, weight, threshold? }]: the signals and their weights (see monitoring/signals) */
  signals: jsonb('signals').notNull(),
  /** an alert when the household's score reaches this */
  minScore: integer('min_score').notNull(),
  /** 'village' | 'township': who receives the alert */
  recipientLevel: text('recipient_level').notNull(),
  /** the shipped version this rule is still at; null once staff saved it (then shipped updates leave it alone) */
  defaultVersion: integer('default_version'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** 预警: one household at risk, routed as a case to the village or township, closed with an outcome. */
export const alerts = verificationSchema.table('alerts', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  ruleCode: text('rule_code').notNull(),
  householdId: bigint('household_id', { mode: 'number' }),
  personId: bigint('person_id', { mode: 'number' }),
  personName: text('person_name').notNull().default(''),
  divisionCode: varchar('division_code', { length: 12 }).notNull(),
  score: integer('score').notNull(),
  /** [{ signal, label, weight, detail }] */
  signals: jsonb('signals').notNull(),
  /** the condition fired: rule + household + the signals, so one condition fires once */
  fingerprint: text('fingerprint').notNull(),
  /** 'scan' | 'outreach' */
  origin: text('origin').notNull(),
  reportedBy: text('reported_by'),
  instanceId: bigint('instance_id', { mode: 'number' }),
  /** 'open' | 'closed' */
  status: text('status').notNull().default('open'),
  /** applied · not_eligible · already_helped · unreachable */
  outcome: text('outcome'),
  outcomeNote: text('outcome_note'),
  createdAt: at('created_at').notNull().defaultNow(),
  closedAt: at('closed_at'),
}, (t) => [
  uniqueIndex('alerts_fingerprint_key').on(t.fingerprint),
  index('alerts_division_idx').on(t.divisionCode.op('text_pattern_ops')),
  index('alerts_open_household_idx').on(t.householdId).where(sql`status = 'open'`),
]);

export type SourceRow = typeof sources.$inferSelect;
export type RequestRow = typeof requests.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
