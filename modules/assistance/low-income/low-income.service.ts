// The low-income register (低收入人口动态监测): recognising near-dibao and rigid-expense households with
// the facts and the calculation behind it, renewing and cancelling, listing within the actor's
// jurisdiction. The only code that touches assistance.low_income_recognitions.
import { and, asc, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import {
  DomainError, addDays, forbidden, notFound, recordAudit, scopeCondition, validationFailed, versionConflict,
  type Actor, type DivisionDirectory, type Executor, type IsoDate, type Tx,
} from '#kernel';
import { householdDetail } from '#registry';
import { loadAssistanceParams } from '../calculator.service';
import { nearDibaoRecognition, rigidExpense } from '../low-income.rules';
import type { ExplanationStep } from '../explain';
import { lowIncomeRecognitions, type RecognitionRow } from './low-income.schema';
import {
  CATEGORIES, VALIDITY, recognitionInput, renewalInput, type Category, type ListQuery, type RecognitionInput,
  type RenewalFacts, type RenewalInput, type Validity,
} from './low-income.schemas';

export interface LowIncomeDeps { divisions: DivisionDirectory; today(): IsoDate }

/** Recognitions ending within this many days are listed as expiring and may be renewed. */
export const EXPIRING_DAYS = 30;

const WRITERS = new Set(['city_admin', 'county_approver', 'township_caseworker']);
const READERS = new Set([...WRITERS, 'leader', 'village_helper']);

function requireWriter(actor: Actor) {
  if (actor.userId !== 0 && !WRITERS.has(actor.role)) throw forbidden('低收入人口认定由乡镇（街道）经办、县级审批或市级管理员办理');
}
function requireReader(actor: Actor) {
  if (actor.userId !== 0 && !READERS.has(actor.role)) throw forbidden();
}

export interface Assessment {
  category: Category;
  eligible: boolean;
  /** for a near-dibao check: 'dibao' when the household should apply for dibao instead */
  outcome: string;
  persons: number;
  perCapitaIncomeFen: number;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  explanation: ExplanationStep[];
  /** the figures used, for the record */
  figures: Record<string, number | string>;
}

type Facts = RenewalFacts;
type Household = Awaited<ReturnType<typeof householdDetail>>;

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; code: string; message: string }[] } } }, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw validationFailed(r.error.issues.map((i) => ({ field: i.path.map(String).join('.'), code: `INVALID_${i.code.toUpperCase()}`, message: i.message })));
  return r.data;
}

/** The calculation for a household's facts on a day, with the parameters of its division then. */
async function assessFacts(exec: Executor, h: Household, facts: Facts, on: IsoDate): Promise<Assessment> {
  const living = h.members.filter((m) => m.status === 'living');
  if (living.length === 0) throw new DomainError('HOUSEHOLD_EMPTY', '该家庭没有在册成员，不能认定', { status: 409 });
  const params = await loadAssistanceParams(exec, h.divisionCode, on.slice(0, 7));
  if (facts.category === 'near_dibao') {
    const index = new Map(living.map((m, i) => [m.personId, i]));
    const unknown = facts.incomes.findIndex((i) => !index.has(i.personId));
    if (unknown >= 0) throw validationFailed([{ field: `incomes.${unknown}.personId`, code: 'MEMBER_UNKNOWN', message: '收入所属人员不是本户在册成员' }]);
    const r = nearDibaoRecognition({
      urbanRural: h.urbanRural as 'urban' | 'rural', persons: living.length, on, assets: facts.assets,
      incomes: facts.incomes.map((i) => ({ member: index.get(i.personId)!, kind: i.kind, monthlyFen: i.monthlyFen })),
    }, params);
    return {
      category: 'near_dibao', eligible: r.eligible, outcome: r.outcome, persons: living.length, perCapitaIncomeFen: r.perCapitaIncomeFen,
      validFrom: r.validFrom, validTo: r.validTo, explanation: r.explanation,
      figures: { standardFen: r.standardFen, countedFen: r.countedFen, perCapitaIncomeFen: r.perCapitaIncomeFen },
    };
  }
  const spendingFen = facts.spending.medicalFen + facts.spending.educationFen + facts.spending.rehabilitationFen;
  const r = rigidExpense({
    incomeLast12MonthsFen: facts.incomeLast12MonthsFen, persons: living.length, on,
    perCapitaDisposableIncomeLastYearFen: facts.perCapitaDisposableIncomeLastYearFen, essentialSpendingLast12MonthsFen: spendingFen,
  }, params);
  const perCapitaIncomeFen = Math.floor(facts.incomeLast12MonthsFen / 12 / living.length);
  return {
    category: 'rigid_expense', eligible: r.eligible, outcome: r.eligible ? 'rigid_expense' : 'none', persons: living.length, perCapitaIncomeFen,
    validFrom: r.eligible ? on : null, validTo: r.validUntil, explanation: r.explanation,
    figures: { incomeLast12MonthsFen: facts.incomeLast12MonthsFen, spendingFen, perCapitaDisposableIncomeLastYearFen: facts.perCapitaDisposableIncomeLastYearFen, perCapitaIncomeFen },
  };
}

const notEligible = (a: Assessment) => new DomainError(
  a.outcome === 'dibao' ? 'LOW_INCOME_SHOULD_APPLY_DIBAO' : 'LOW_INCOME_NOT_ELIGIBLE',
  a.outcome === 'dibao'
    ? '该家庭人均收入低于低保标准，应受理低保申请，不认定为低保边缘家庭'
    : `不符合${CATEGORIES[a.category]}认定条件：${a.explanation.filter((s) => /不|超过|高于/.test(s.text)).map((s) => s.text).join('；') || '见计算说明'}`,
  { status: 422, detail: JSON.stringify({ explanation: a.explanation }) },
);

/** Computes without saving: what the form shows before staff confirm. */
export async function assessRecognition(exec: Executor, deps: LowIncomeDeps, actor: Actor, raw: RecognitionInput): Promise<Assessment> {
  requireWriter(actor);
  const input = parse(recognitionInput, raw);
  const h = await householdDetail(exec, deps, actor, input.householdId);
  return assessFacts(exec, h, input, deps.today());
}

const lockHousehold = (tx: Tx, householdId: number) => tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`assistance.low_income:${householdId}`}))`);

/** Recognises a household from today, for the parameter's validity; refuses with the calculation when it does not qualify. */
export async function recogniseHousehold(tx: Tx, deps: LowIncomeDeps, actor: Actor, raw: RecognitionInput): Promise<RecognitionRow> {
  requireWriter(actor);
  const input = parse(recognitionInput, raw);
  const h = await householdDetail(tx, deps, actor, input.householdId);
  if (h.status !== 'active') throw new DomainError('HOUSEHOLD_NOT_ACTIVE', '该家庭户已注销，不能认定', { status: 409 });
  await lockHousehold(tx, h.id);
  const [existing] = await tx.select().from(lowIncomeRecognitions).where(and(
    eq(lowIncomeRecognitions.householdId, h.id), eq(lowIncomeRecognitions.category, input.category), eq(lowIncomeRecognitions.status, 'active'),
  ));
  if (existing) {
    throw new DomainError('LOW_INCOME_ALREADY_RECOGNISED', `该家庭已认定为${CATEGORIES[input.category]}（有效期至 ${existing.validTo}），请办理续期或先注销`, { status: 409 });
  }
  const a = await assessFacts(tx, h, input, deps.today());
  if (!a.eligible) throw notEligible(a);
  const { householdId: _, note, ...facts } = input;
  const [row] = await tx.insert(lowIncomeRecognitions).values({
    category: input.category, householdId: h.id, divisionCode: h.divisionCode, urbanRural: h.urbanRural, headName: h.head?.name ?? '',
    persons: a.persons, facts, calculation: { ...a.figures, explanation: a.explanation, on: deps.today() }, perCapitaIncomeFen: a.perCapitaIncomeFen,
    validFrom: a.validFrom!, validTo: a.validTo!, recognisedBy: actor.userId || null, recognisedByName: actor.displayName, note: note?.trim() || null,
  }).returning();
  await recordAudit(tx, actor, {
    action: 'assistance.low_income.recognised', entityType: 'low_income_recognition', entityId: row.id, divisionCode: row.divisionCode,
    after: { category: row.category, householdId: row.householdId, persons: row.persons, perCapitaIncomeFen: row.perCapitaIncomeFen, validFrom: row.validFrom, validTo: row.validTo, facts },
  });
  return row;
}

async function mustGet(exec: Executor, actor: Actor, id: number, forUpdate = false): Promise<RecognitionRow> {
  const q = exec.select().from(lowIncomeRecognitions).where(and(eq(lowIncomeRecognitions.id, id), scopeCondition(actor, lowIncomeRecognitions.divisionCode)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('低收入人口认定', 'LOW_INCOME_NOT_FOUND');
  return row;
}

/**
 * Renews an active recognition on fresh facts: the next period starts the day after the current one
 * ends (or today, when it has already lapsed). Allowed from EXPIRING_DAYS before the end.
 */
export async function renewRecognition(tx: Tx, deps: LowIncomeDeps, actor: Actor, id: number, raw: RenewalInput, version?: number): Promise<RecognitionRow> {
  requireWriter(actor);
  const input = parse(renewalInput, raw);
  const row = await mustGet(tx, actor, id, true);
  if (version !== undefined && version !== row.version) throw versionConflict();
  if (row.status !== 'active') throw new DomainError('LOW_INCOME_CANCELLED', '该认定已注销，不能续期；如仍符合条件请重新认定', { status: 409 });
  if (input.category !== row.category) throw validationFailed([{ field: 'category', code: 'CATEGORY_MISMATCH', message: `续期的类别应为${CATEGORIES[row.category as Category]}` }]);
  const today = deps.today();
  const opensOn = addDays(row.validTo, -EXPIRING_DAYS);
  if (today < opensOn) throw new DomainError('LOW_INCOME_NOT_DUE', `有效期至 ${row.validTo}，${opensOn} 起方可办理续期`, { status: 409 });
  const start = row.validTo < today ? today : addDays(row.validTo, 1);
  const h = await householdDetail(tx, deps, { ...actor, divisionCode: row.divisionCode.startsWith(actor.divisionCode) ? actor.divisionCode : row.divisionCode }, row.householdId);
  const a = await assessFacts(tx, h, input, start);
  if (!a.eligible) throw notEligible(a);
  const { note, ...facts } = input;
  const renewal = { at: new Date().toISOString(), by: actor.displayName, previousValidFrom: row.validFrom, previousValidTo: row.validTo, validFrom: a.validFrom, validTo: a.validTo, perCapitaIncomeFen: a.perCapitaIncomeFen, note: note?.trim() || null };
  const [saved] = await tx.update(lowIncomeRecognitions).set({
    facts, calculation: { ...a.figures, explanation: a.explanation, on: today }, perCapitaIncomeFen: a.perCapitaIncomeFen, persons: a.persons,
    validFrom: a.validFrom!, validTo: a.validTo!, renewals: [...(row.renewals as object[]), renewal],
    version: row.version + 1, updatedAt: new Date(),
  }).where(eq(lowIncomeRecognitions.id, id)).returning();
  await recordAudit(tx, actor, {
    action: 'assistance.low_income.renewed', entityType: 'low_income_recognition', entityId: id, divisionCode: row.divisionCode,
    before: { validFrom: row.validFrom, validTo: row.validTo, perCapitaIncomeFen: row.perCapitaIncomeFen, facts: row.facts },
    after: { validFrom: saved.validFrom, validTo: saved.validTo, perCapitaIncomeFen: saved.perCapitaIncomeFen, facts },
  });
  return saved;
}

/** Cancels a recognition with a reason (income risen, moved away, dibao approved…); the record stays. */
export async function cancelRecognition(tx: Tx, actor: Actor, id: number, reason: string, version?: number): Promise<RecognitionRow> {
  requireWriter(actor);
  const why = reason?.trim() ?? '';
  if (why.length < 2 || why.length > 500) throw validationFailed([{ field: 'reason', code: 'REASON_REQUIRED', message: '请填写注销原因（2 至 500 字）' }]);
  const row = await mustGet(tx, actor, id, true);
  if (version !== undefined && version !== row.version) throw versionConflict();
  if (row.status === 'cancelled') throw new DomainError('LOW_INCOME_CANCELLED', '该认定已注销', { status: 409 });
  const [saved] = await tx.update(lowIncomeRecognitions).set({
    status: 'cancelled', cancelledAt: new Date(), cancelledByName: actor.displayName, cancelReason: why, version: row.version + 1, updatedAt: new Date(),
  }).where(eq(lowIncomeRecognitions.id, id)).returning();
  await recordAudit(tx, actor, {
    action: 'assistance.low_income.cancelled', entityType: 'low_income_recognition', entityId: id, divisionCode: row.divisionCode, reason: why,
    before: { status: row.status, validTo: row.validTo }, after: { status: 'cancelled', reason: why },
  });
  return saved;
}

export function validityOf(row: Pick<RecognitionRow, 'status' | 'validFrom' | 'validTo'>, today: IsoDate): Validity {
  if (row.status === 'cancelled') return 'cancelled';
  if (row.validTo < today) return 'expired';
  return row.validTo <= addDays(today, EXPIRING_DAYS) ? 'expiring' : 'valid';
}

function validityCondition(v: Validity | undefined, today: IsoDate): SQL[] {
  const t = lowIncomeRecognitions;
  const active = eq(t.status, 'active');
  switch (v) {
    case undefined: return [active];
    case 'cancelled': return [eq(t.status, 'cancelled')];
    case 'expired': return [active, lt(t.validTo, today)];
    case 'expiring': return [active, gte(t.validTo, today), lte(t.validTo, addDays(today, EXPIRING_DAYS))];
    case 'valid': return [active, gte(t.validTo, today), lte(t.validFrom, today)];
  }
}

export function presentRecognition(row: RecognitionRow, deps: LowIncomeDeps) {
  const today = deps.today();
  const validity = validityOf(row, today);
  return {
    id: row.id, category: row.category, categoryName: CATEGORIES[row.category as Category] ?? row.category,
    householdId: row.householdId, headName: row.headName, divisionCode: row.divisionCode, divisionName: deps.divisions.fullName(row.divisionCode, 3),
    urbanRural: row.urbanRural, persons: row.persons, perCapitaIncomeFen: row.perCapitaIncomeFen,
    validFrom: row.validFrom, validTo: row.validTo, validity, validityName: VALIDITY[validity],
    renewable: row.status === 'active' && today >= addDays(row.validTo, -EXPIRING_DAYS),
    recognisedByName: row.recognisedByName, recognisedAt: row.createdAt, renewals: row.renewals as object[],
    cancelledAt: row.cancelledAt, cancelledByName: row.cancelledByName, cancelReason: row.cancelReason,
    note: row.note, version: row.version,
  };
}

function listConditions(actor: Actor, q: Omit<ListQuery, 'page' | 'pageSize'>, today: IsoDate): SQL[] {
  const t = lowIncomeRecognitions;
  const where: SQL[] = [scopeCondition(actor, t.divisionCode), ...validityCondition(q.validity, today)];
  if (q.divisionCode) where.push(sql`${t.divisionCode} LIKE ${q.divisionCode + '%'}`);
  if (q.category) where.push(eq(t.category, q.category));
  if (q.q?.trim()) where.push(sql`${t.headName} LIKE ${'%' + q.q.trim().replace(/[%_\\]/g, (c) => '\\' + c) + '%'}`);
  return where;
}

/** 低收入人口名册: the register within the actor's jurisdiction, filtered and paged, soonest to expire first. */
export async function listRecognitions(exec: Executor, deps: LowIncomeDeps, actor: Actor, q: ListQuery) {
  requireReader(actor);
  const where = and(...listConditions(actor, q, deps.today()));
  const [rows, [{ total }]] = await Promise.all([
    exec.select().from(lowIncomeRecognitions).where(where)
      .orderBy(asc(lowIncomeRecognitions.validTo), asc(lowIncomeRecognitions.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    exec.select({ total: sql<number>`count(*)::int` }).from(lowIncomeRecognitions).where(where),
  ]);
  return { items: rows.map((r) => presentRecognition(r, deps)), total, page: q.page, pageSize: q.pageSize };
}

/** Every row of a filter, for the xlsx export (bounded). */
export async function allRecognitions(exec: Executor, deps: LowIncomeDeps, actor: Actor, q: Omit<ListQuery, 'page' | 'pageSize'>, limit = 100_000) {
  requireReader(actor);
  const rows = await exec.select().from(lowIncomeRecognitions).where(and(...listConditions(actor, q, deps.today())))
    .orderBy(asc(lowIncomeRecognitions.divisionCode), asc(lowIncomeRecognitions.id)).limit(limit);
  return rows.map((r) => presentRecognition(r, deps));
}

export async function getRecognition(exec: Executor, deps: LowIncomeDeps, actor: Actor, id: number) {
  requireReader(actor);
  const row = await mustGet(exec, actor, id);
  return { ...presentRecognition(row, deps), facts: row.facts, calculation: row.calculation };
}

/** A household's recognitions, newest first (for the household page and its assistance chain). */
export async function recognitionsOfHousehold(exec: Executor, deps: LowIncomeDeps, actor: Actor, householdId: number) {
  requireReader(actor);
  const rows = await exec.select().from(lowIncomeRecognitions)
    .where(and(eq(lowIncomeRecognitions.householdId, householdId), scopeCondition(actor, lowIncomeRecognitions.divisionCode)))
    .orderBy(desc(lowIncomeRecognitions.createdAt), desc(lowIncomeRecognitions.id));
  return rows.map((r) => ({ ...presentRecognition(r, deps), calculation: r.calculation }));
}

export interface NearDibaoHousehold {
  recognitionId: number;
  householdId: number;
  divisionCode: string;
  headName: string;
  persons: number;
  perCapitaIncomeFen: number;
  validFrom: IsoDate;
  validTo: IsoDate;
}

/**
 * For monitoring and other modules: the near-dibao households recognised and valid on a day, within
 * the actor's jurisdiction (and under `divisionCode` when given).
 */
export async function listNearDibaoHouseholds(exec: Executor, actor: Actor, opts: { on: IsoDate; divisionCode?: string }): Promise<NearDibaoHousehold[]> {
  const t = lowIncomeRecognitions;
  const where = [
    scopeCondition(actor, t.divisionCode), eq(t.category, 'near_dibao'), eq(t.status, 'active'),
    lte(t.validFrom, opts.on), gte(t.validTo, opts.on),
  ];
  if (opts.divisionCode) where.push(sql`${t.divisionCode} LIKE ${opts.divisionCode + '%'}`);
  return exec.select({
    recognitionId: t.id, householdId: t.householdId, divisionCode: t.divisionCode, headName: t.headName, persons: t.persons,
    perCapitaIncomeFen: t.perCapitaIncomeFen, validFrom: t.validFrom, validTo: t.validTo,
  }).from(t).where(and(...where)).orderBy(asc(t.divisionCode), asc(t.householdId));
}
