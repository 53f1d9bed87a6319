import { sql } from 'drizzle-orm';
import {
  bigint, boolean, check, date, doublePrecision, index, integer, jsonb, pgSchema, smallint, text, timestamp, uniqueIndex, varchar,
} from 'drizzle-orm/pg-core';

// Elderly care owns these tables. Persons and households are referenced by registry id and read
// through the registry's published view registry.person_facts; entitlements are paid by payments.
export const elderlySchema = pgSchema('elderly');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity();
const ref = (name: string) => bigint(name, { mode: 'number' });
const division = () => varchar('division_code', { length: 12 }).notNull();

/** 老年人档案: what the register knows beyond the registry (living situation, flags, carers). */
export const profiles = elderlySchema.table('profiles', {
  personId: ref('person_id').primaryKey(),
  divisionCode: division(),
  /** 'alone' 独居 | 'empty_nest' 空巢 | 'left_behind' 留守 | 'with_family' 与家人同住 */
  livingSituation: text('living_situation').notNull().default('with_family'),
  familyPlanningSpecial: boolean('family_planning_special').notNull().default(false),
  /** [{ name, relation, phone }] */
  carers: jsonb('carers').notNull().default([]),
  lifeThreateningIllness: boolean('life_threatening_illness').notNull().default(false),
  notes: text('notes'),
  version: integer('version').notNull().default(1),
  updatedBy: ref('updated_by'),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (t) => [
  check('profiles_living_check', sql`${t.livingSituation} in ('alone', 'empty_nest', 'left_behind', 'with_family')`),
  index('profiles_division_idx').on(t.divisionCode.op('text_pattern_ops')),
]);

/** 老年人能力评估 (GB/T 42195-2022): one row per completed assessment; history is every row. */
export const assessments = elderlySchema.table('assessments', {
  id: id(),
  personId: ref('person_id').notNull(),
  householdId: ref('household_id'),
  divisionCode: division(),
  assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
  /** first | routine | immediate | dispute | other */
  reason: text('reason').notNull(),
  /** [{ name, userId?, certificateNo? }] — at least two */
  assessors: jsonb('assessors').notNull(),
  answers: jsonb('answers').notNull(),
  dementia: boolean('dementia').notNull(),
  psychiatricDiagnosis: boolean('psychiatric_diagnosis').notNull(),
  riskEvents: jsonb('risk_events').notNull(),
  coma: boolean('coma').notNull(),
  subtotals: jsonb('subtotals').notNull(),
  total: smallint('total').notNull(),
  initialLevel: smallint('initial_level').notNull(),
  level: smallint('level').notNull(),
  adjustments: jsonb('adjustments').notNull(),
  nextDueOn: date('next_due_on', { mode: 'string' }).notNull(),
  notes: text('notes'),
  createdBy: ref('created_by'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [
  check('assessments_level_check', sql`${t.level} between 0 and 4 and ${t.initialLevel} between 0 and 4`),
  check('assessments_total_check', sql`${t.total} between 0 and 90`),
  check('assessments_reason_check', sql`${t.reason} in ('first', 'routine', 'immediate', 'dispute', 'other')`),
  index('assessments_person_idx').on(t.personId, t.assessedOn),
  index('assessments_division_idx').on(t.divisionCode.op('text_pattern_ops')),
]);

/**
 * 补贴建议 (免申即享): a subsidy the rules say a person qualifies for, proposed without an
 * application and confirmed through the elderly.subsidy workflow, then handed to payments.
 */
export const subsidyProposals = elderlySchema.table('subsidy_proposals', {
  id: id(),
  personId: ref('person_id').notNull(),
  householdId: ref('household_id').notNull(),
  divisionCode: division(),
  /** elderly_longevity | elderly_service | elderly_care (payments programme keys) */
  programme: text('programme').notNull(),
  monthlyAmountFen: bigint('monthly_amount_fen', { mode: 'number' }).notNull(),
  fromMonth: varchar('from_month', { length: 7 }).notNull(),
  /** the rule's explanation: [{ text }] and the facts it used */
  explanation: jsonb('explanation').notNull(),
  /** proposed | confirmed | rejected | stopped */
  status: text('status').notNull().default('proposed'),
  instanceId: ref('instance_id'),
  decidedBy: ref('decided_by'),
  decidedAt: at('decided_at'),
  decisionReason: text('decision_reason'),
  stoppedAt: at('stopped_at'),
  stopReason: text('stop_reason'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [
  check('subsidy_proposals_status_check', sql`${t.status} in ('proposed', 'confirmed', 'rejected', 'stopped')`),
  check('subsidy_proposals_amount_check', sql`${t.monthlyAmountFen} >= 0`),
  uniqueIndex('subsidy_proposals_open_key').on(t.personId, t.programme).where(sql`status in ('proposed', 'confirmed')`),
  index('subsidy_proposals_division_idx').on(t.divisionCode.op('text_pattern_ops')),
]);

/** 养老机构: licensed care institutions. */
export const institutions = elderlySchema.table('institutions', {
  id: id(),
  name: text('name').notNull(),
  /** public 公办 | private 民办 | public_private 公建民营 */
  ownership: text('ownership').notNull(),
  divisionCode: division(),
  /** 乡镇（街道）区域养老服务中心 / 综合性养老机构 */
  comprehensive: boolean('comprehensive').notNull().default(false),
  licenceNo: text('licence_no'),
  licenceExpiresOn: date('licence_expires_on', { mode: 'string' }),
  beds: integer('beds').notNull().default(0),
  nursingBeds: integer('nursing_beds').notNull().default(0),
  staff: integer('staff').notNull().default(0),
  /** passed 合格 | rectifying 整改中 | failed 不合格 */
  fireSafety: text('fire_safety').notNull().default('passed'),
  /** 等级评定 0–5 stars; 0 = not rated */
  rating: smallint('rating').notNull().default(0),
  address: text('address'),
  lng: doublePrecision('lng'),
  lat: doublePrecision('lat'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [
  check('institutions_ownership_check', sql`${t.ownership} in ('public', 'private', 'public_private')`),
  check('institutions_beds_check', sql`${t.nursingBeds} between 0 and ${t.beds}`),
  check('institutions_fire_check', sql`${t.fireSafety} in ('passed', 'rectifying', 'failed')`),
  index('institutions_division_idx').on(t.divisionCode.op('text_pattern_ops')),
]);

/** 社区和居家养老设施: day-care centres, A-type stations, canteens, home care beds. */
export const facilities = elderlySchema.table('facilities', {
  id: id(),
  /** day_care 日间照料中心 | station_a A类养老服务站 | canteen 老年餐厅 | home_bed 家庭养老床位 */
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  divisionCode: division(),
  urbanRural: text('urban_rural').notNull(),
  openedOn: date('opened_on', { mode: 'string' }).notNull(),
  closedOn: date('closed_on', { mode: 'string' }),
  /** the institution running a home care bed */
  institutionId: ref('institution_id'),
  personId: ref('person_id'),
  address: text('address'),
  lng: doublePrecision('lng'),
  lat: doublePrecision('lat'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [
  check('facilities_kind_check', sql`${t.kind} in ('day_care', 'station_a', 'canteen', 'home_bed')`),
  index('facilities_division_idx').on(t.divisionCode.op('text_pattern_ops')),
]);

/** 入住 / 离院 */
export const admissions = elderlySchema.table('admissions', {
  id: id(),
  institutionId: ref('institution_id').notNull(),
  personId: ref('person_id').notNull(),
  divisionCode: division(),
  admittedOn: date('admitted_on', { mode: 'string' }).notNull(),
  dischargedOn: date('discharged_on', { mode: 'string' }),
  dischargeReason: text('discharge_reason'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [
  index('admissions_person_idx').on(t.personId),
  index('admissions_institution_idx').on(t.institutionId),
]);

/** 监督检查 with a checklist and score. */
export const inspections = elderlySchema.table('inspections', {
  id: id(),
  institutionId: ref('institution_id').notNull(),
  divisionCode: division(),
  inspectedOn: date('inspected_on', { mode: 'string' }).notNull(),
  inspectors: jsonb('inspectors').notNull(),
  /** [{ code, passed, note? }] */
  checklist: jsonb('checklist').notNull(),
  score: smallint('score').notNull(),
  createdBy: ref('created_by'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [index('inspections_institution_idx').on(t.institutionId)]);

/** 安全隐患: closed only by a later inspection that finds it rectified. */
export const hazards = elderlySchema.table('hazards', {
  id: id(),
  institutionId: ref('institution_id').notNull(),
  inspectionId: ref('inspection_id').notNull(),
  divisionCode: division(),
  description: text('description').notNull(),
  deadline: date('deadline', { mode: 'string' }).notNull(),
  status: text('status').notNull().default('open'),
  closedByInspectionId: ref('closed_by_inspection_id'),
  closedOn: date('closed_on', { mode: 'string' }),
}, (t) => [
  check('hazards_status_check', sql`${t.status} in ('open', 'closed')`),
  index('hazards_institution_idx').on(t.institutionId, t.status),
]);

/** 投诉 */
export const complaints = elderlySchema.table('complaints', {
  id: id(),
  institutionId: ref('institution_id').notNull(),
  divisionCode: division(),
  receivedOn: date('received_on', { mode: 'string' }).notNull(),
  complainant: text('complainant').notNull(),
  content: text('content').notNull(),
  status: text('status').notNull().default('open'),
  resolution: text('resolution'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [index('complaints_institution_idx').on(t.institutionId)]);

/** 监管任务: raised by checks (double listing, licence expiry); unique per kind, subject and month. */
export const supervisionTasks = elderlySchema.table('supervision_tasks', {
  id: id(),
  kind: text('kind').notNull(),
  month: varchar('month', { length: 7 }).notNull(),
  divisionCode: division(),
  subjectKey: text('subject_key').notNull(),
  personId: ref('person_id'),
  institutionId: ref('institution_id'),
  details: jsonb('details').notNull(),
  status: text('status').notNull().default('open'),
  resolution: text('resolution'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('supervision_tasks_key').on(t.kind, t.subjectKey, t.month),
  index('supervision_tasks_division_idx').on(t.divisionCode.op('text_pattern_ops')),
]);

/** 探访关爱: one visit to one older person. */
export const visits = elderlySchema.table('visits', {
  id: id(),
  personId: ref('person_id').notNull(),
  divisionCode: division(),
  /** high 高风险 | priority 重点 | general 一般 */
  tier: text('tier').notNull(),
  visitedOn: date('visited_on', { mode: 'string' }).notNull(),
  visitorName: text('visitor_name').notNull(),
  visitorUserId: ref('visitor_user_id'),
  /** normal 正常 | attention 需关注 | urgent 需紧急处置 */
  condition: text('condition').notNull(),
  findings: text('findings').notNull(),
  /** file sha256 of photos held by the kernel's file store */
  photos: jsonb('photos').notNull().default([]),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [
  check('visits_tier_check', sql`${t.tier} in ('high', 'priority', 'general')`),
  check('visits_condition_check', sql`${t.condition} in ('normal', 'attention', 'urgent')`),
  index('visits_person_idx').on(t.personId, t.visitedOn),
  index('visits_division_idx').on(t.divisionCode.op('text_pattern_ops'), t.visitedOn),
  /** the month's visits for coverage, read from the index alone */
  index('visits_month_idx').on(t.visitedOn, t.personId),
]);

/**
 * 适老化改造 (民发〔2020〕86号): a household in difficulty applies for the 7 basic items; a contractor
 * does the work; acceptance counts the home toward the plan's 300 (专栏1.1).
 */
export const adaptations = elderlySchema.table('adaptations', {
  id: id(),
  personId: ref('person_id').notNull(),
  householdId: ref('household_id'),
  divisionCode: division(),
  /** keys of the basic items (adaptation.rules.ts BASIC_ITEMS) */
  items: jsonb('items').notNull(),
  /** why the household qualifies: [dibao | tekun | low_income | disabled | advanced_age] */
  grounds: jsonb('grounds').notNull().default([]),
  contractor: text('contractor'),
  spendFen: bigint('spend_fen', { mode: 'number' }).notNull().default(0),
  /** applied | in_progress | accepted | rejected */
  status: text('status').notNull().default('applied'),
  appliedOn: date('applied_on', { mode: 'string' }).notNull(),
  startedOn: date('started_on', { mode: 'string' }),
  acceptedOn: date('accepted_on', { mode: 'string' }),
  acceptedBy: text('accepted_by'),
  /** sha256 of acceptance photos held by the kernel's file store */
  photos: jsonb('photos').notNull().default([]),
  decisionReason: text('decision_reason'),
  createdBy: ref('created_by'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [
  check('adaptations_status_check', sql`${t.status} in ('applied', 'in_progress', 'accepted', 'rejected')`),
  check('adaptations_spend_check', sql`${t.spendFen} >= 0`),
  index('adaptations_division_idx').on(t.divisionCode.op('text_pattern_ops')),
  index('adaptations_person_idx').on(t.personId),
]);

/** 养老护理员: employed by an institution or a home-service provider. */
export const careWorkers = elderlySchema.table('care_workers', {
  id: id(),
  name: text('name').notNull(),
  divisionCode: division(),
  /** the registry person, when the worker is a registered resident */
  personId: ref('person_id'),
  idNumber: varchar('id_number', { length: 18 }),
  phone: varchar('phone', { length: 11 }),
  institutionId: ref('institution_id'),
  providerId: ref('provider_id'),
  /** 初级 | 中级 | 高级 | 技师 | 高级技师 (养老护理员国家职业技能标准 2019) */
  skillLevel: text('skill_level').notNull(),
  certificateNo: text('certificate_no'),
  hiredOn: date('hired_on', { mode: 'string' }),
  active: boolean('active').notNull().default(true),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [
  check('care_workers_skill_check', sql`${t.skillLevel} in ('初级', '中级', '高级', '技师', '高级技师')`),
  index('care_workers_division_idx').on(t.divisionCode.op('text_pattern_ops')),
]);

export const trainings = elderlySchema.table('trainings', {
  id: id(),
  workerId: ref('worker_id').notNull(),
  trainedOn: date('trained_on', { mode: 'string' }).notNull(),
  course: text('course').notNull(),
  hours: smallint('hours').notNull(),
  /** the training body */
  provider: text('provider'),
  createdBy: ref('created_by'),
  createdAt: at('created_at').defaultNow(),
}, (t) => [
  check('trainings_hours_check', sql`${t.hours} between 1 and 1000`),
  index('trainings_worker_idx').on(t.workerId, t.trainedOn),
]);

/** 居家养老服务项目: the catalogue, with a unit price in fen per unit. */
export const serviceItems = elderlySchema.table('service_items', {
  id: id(),
  code: varchar('code', { length: 32 }).notNull(),
  name: text('name').notNull(),
  /** 次 | 餐 | 小时 … */
  unit: text('unit').notNull(),
  unitPriceFen: bigint('unit_price_fen', { mode: 'number' }).notNull(),
  description: text('description'),
  active: boolean('active').notNull().default(true),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('service_items_code_key').on(t.code),
  check('service_items_price_check', sql`${t.unitPriceFen} >= 0`),
]);

/** 居家养老服务商: a contracted provider serving some townships of one county. */
export const serviceProviders = elderlySchema.table('service_providers', {
  id: id(),
  name: text('name').notNull(),
  /** 统一社会信用代码 */
  creditCode: varchar('credit_code', { length: 18 }).notNull(),
  /** the county that contracts it */
  divisionCode: division(),
  /** township codes served */
  townships: jsonb('townships').notNull().default([]),
  /** item codes offered */
  itemCodes: jsonb('item_codes').notNull().default([]),
  contactName: text('contact_name').notNull(),
  contactPhone: varchar('contact_phone', { length: 20 }).notNull(),
  contractFrom: date('contract_from', { mode: 'string' }).notNull(),
  contractTo: date('contract_to', { mode: 'string' }).notNull(),
  /** active | suspended */
  status: text('status').notNull().default('active'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('service_providers_credit_key').on(t.creditCode, t.divisionCode),
  check('service_providers_status_check', sql`${t.status} in ('active', 'suspended')`),
  check('service_providers_contract_check', sql`${t.contractTo} >= ${t.contractFrom}`),
  index('service_providers_division_idx').on(t.divisionCode.op('text_pattern_ops')),
]);

/**
 * 居家养老服务工单: created → dispatched → checked_in → completed → rated, or cancelled before
 * completion. A completed order draws on the person's monthly voucher; the rest is the co-pay.
 */
export const serviceOrders = elderlySchema.table('service_orders', {
  id: id(),
  personId: ref('person_id').notNull(),
  householdId: ref('household_id'),
  divisionCode: division(),
  itemCode: varchar('item_code', { length: 32 }).notNull(),
  itemName: text('item_name').notNull(),
  unit: text('unit').notNull(),
  unitPriceFen: bigint('unit_price_fen', { mode: 'number' }).notNull(),
  scheduledOn: date('scheduled_on', { mode: 'string' }).notNull(),
  address: text('address'),
  note: text('note'),
  /** created | dispatched | checked_in | completed | rated | cancelled */
  status: text('status').notNull().default('created'),
  /** the person lived in a care institution when the order was made */
  inInstitution: boolean('in_institution').notNull().default(false),
  providerId: ref('provider_id'),
  workerId: ref('worker_id'),
  workerName: text('worker_name'),
  dispatchedAt: at('dispatched_at'),
  checkedInAt: at('checked_in_at'),
  checkInPlace: text('check_in_place'),
  completedAt: at('completed_at'),
  /** the China date of completion; its month is the settlement month */
  completedOn: date('completed_on', { mode: 'string' }),
  quantity: integer('quantity'),
  durationMinutes: integer('duration_minutes'),
  amountFen: bigint('amount_fen', { mode: 'number' }),
  voucherFen: bigint('voucher_fen', { mode: 'number' }).notNull().default(0),
  copayFen: bigint('copay_fen', { mode: 'number' }).notNull().default(0),
  rating: smallint('rating'),
  ratingComment: text('rating_comment'),
  ratedAt: at('rated_at'),
  cancelledAt: at('cancelled_at'),
  cancelReason: text('cancel_reason'),
  settlementId: ref('settlement_id'),
  createdBy: ref('created_by'),
  createdAt: at('created_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  check('service_orders_status_check', sql`${t.status} in ('created', 'dispatched', 'checked_in', 'completed', 'rated', 'cancelled')`),
  check('service_orders_rating_check', sql`${t.rating} IS NULL OR ${t.rating} between 1 and 5`),
  check('service_orders_money_check', sql`${t.voucherFen} >= 0 AND ${t.copayFen} >= 0 AND (${t.amountFen} IS NULL OR ${t.voucherFen} + ${t.copayFen} = ${t.amountFen})`),
  index('service_orders_division_idx').on(t.divisionCode.op('text_pattern_ops'), t.status),
  index('service_orders_person_idx').on(t.personId, t.completedOn),
  index('service_orders_provider_idx').on(t.providerId, t.completedOn),
]);

/** 服务券月度结算: one per provider and month, confirmed by the county; the month is then closed. */
export const voucherSettlements = elderlySchema.table('voucher_settlements', {
  id: id(),
  providerId: ref('provider_id').notNull(),
  divisionCode: division(),
  month: varchar('month', { length: 7 }).notNull(),
  orders: integer('orders').notNull(),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  voucherFen: bigint('voucher_fen', { mode: 'number' }).notNull(),
  copayFen: bigint('copay_fen', { mode: 'number' }).notNull(),
  confirmedBy: ref('confirmed_by'),
  confirmedByName: text('confirmed_by_name').notNull(),
  confirmedAt: at('confirmed_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('voucher_settlements_key').on(t.providerId, t.month),
  index('voucher_settlements_division_idx').on(t.divisionCode.op('text_pattern_ops'), t.month),
]);
