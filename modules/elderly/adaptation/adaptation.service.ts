// 适老化改造: a household in difficulty applies for its older member; the township starts the work
// with a contractor; acceptance records who accepted it, the spend and photos, and counts the home
// toward the plan's 300 (the indicators read status = 'accepted').
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { DomainError, SYSTEM_ACTOR, maskIdNumber, notFound, recordAudit, scopeCondition, todayInChina, type Actor, type Executor, type IsoDate, type Tx } from '#kernel';
import { listNearDibaoHouseholds } from '#assistance';
import { adaptations, assessments } from '../schema';
import { entitlementPeriods, personFacts } from '../sources';
import { requireElderly } from '../access';
import { olderPerson } from '../register/person.reads';
import { adaptationEligibility, BASIC_ITEMS, GROUND_LABELS, STATUSES, type AdaptationFacts, type AdaptationStatus, type BasicItem, type Ground } from './adaptation.rules';

export type AdaptationRow = typeof adaptations.$inferSelect;
export const PLAN_TARGET = 300;

const invalid = (field: string, code: string, message: string) => new DomainError('VALIDATION_FAILED', message, { status: 422, errors: [{ field, code, message }] });

/** The facts the eligibility rule reads, from the registry, payments, assistance and the assessments. */
export async function adaptationFacts(exec: Executor, personId: number, on: IsoDate): Promise<AdaptationFacts & { householdId: number | null }> {
  const person = await olderPerson(exec, SYSTEM_ACTOR, personId, on);
  const month = on.slice(0, 7);
  const onRoll = async (programme: string) => {
    if (person.householdId == null) return false;
    const [r] = await exec.select({ h: entitlementPeriods.householdId }).from(entitlementPeriods)
      .where(and(eq(entitlementPeriods.householdId, person.householdId), eq(entitlementPeriods.programme, programme),
        sql`${entitlementPeriods.fromMonth} <= ${month}`, sql`(${entitlementPeriods.toMonth} IS NULL OR ${entitlementPeriods.toMonth} >= ${month})`)).limit(1);
    return !!r;
  };
  const lowIncome = person.householdId != null
    && (await listNearDibaoHouseholds(exec, SYSTEM_ACTOR, { on, divisionCode: person.divisionCode })).some((h) => h.householdId === person.householdId);
  const [a] = await exec.select({ level: assessments.level }).from(assessments)
    .where(and(eq(assessments.personId, personId), sql`${assessments.nextDueOn} >= ${on}::date`)).orderBy(desc(assessments.assessedOn), desc(assessments.id)).limit(1);
  return {
    householdId: person.householdId, age: person.age, dibao: await onRoll('dibao'), tekun: await onRoll('tekun'), lowIncome,
    disabled: person.disabilityGrade != null, level: a?.level ?? null,
  };
}

export async function checkEligibility(exec: Executor, actor: Actor, personId: number, on = todayInChina()) {
  requireElderly(actor, 'read');
  await olderPerson(exec, actor, personId, on);
  const facts = await adaptationFacts(exec, personId, on);
  return { facts, ...adaptationEligibility(facts), groundLabels: adaptationEligibility(facts).grounds.map((g) => GROUND_LABELS[g]) };
}

async function inScopeRow(exec: Executor, actor: Actor, id: number): Promise<AdaptationRow> {
  const [row] = await exec.select().from(adaptations).where(and(eq(adaptations.id, id), scopeCondition(actor, adaptations.divisionCode)));
  if (!row) throw notFound('适老化改造记录');
  return row;
}

function requireStatus(row: AdaptationRow, allowed: AdaptationStatus[], doing: string) {
  if (!allowed.includes(row.status as AdaptationStatus)) {
    throw new DomainError('ADAPTATION_STATUS', `该改造当前为“${STATUSES[row.status as AdaptationStatus]}”，不能${doing}`, { status: 409 });
  }
}

function checkItems(items: string[]) {
  const unknown = items.filter((i) => !(i in BASIC_ITEMS));
  if (unknown.length || items.length === 0) throw invalid('items', 'ITEMS_INVALID', unknown.length ? `不在基础改造项目中：${unknown.join('、')}` : '请至少选择一项改造内容');
}

export async function applyAdaptation(tx: Tx, actor: Actor, input: { personId: number; items: BasicItem[]; appliedOn: IsoDate }, today = todayInChina()): Promise<AdaptationRow> {
  requireElderly(actor, 'write');
  if (input.appliedOn > today) throw invalid('appliedOn', 'DATE_IN_FUTURE', '申请日期不能晚于今天');
  checkItems(input.items);
  const person = await olderPerson(tx, actor, input.personId, input.appliedOn);
  const facts = await adaptationFacts(tx, person.personId, input.appliedOn);
  const e = adaptationEligibility(facts);
  if (!e.eligible) throw new DomainError('ADAPTATION_NOT_ELIGIBLE', `${person.name}：${e.reason}`, { status: 422 });
  const same = person.householdId == null ? eq(adaptations.personId, person.personId) : eq(adaptations.householdId, person.householdId);
  const [open] = await tx.select({ id: adaptations.id, status: adaptations.status }).from(adaptations)
    .where(and(same, inArray(adaptations.status, ['applied', 'in_progress', 'accepted'])));
  if (open) throw new DomainError('ADAPTATION_EXISTS', `该家庭已有适老化改造记录（第 ${open.id} 号，${STATUSES[open.status as AdaptationStatus]}），同一家庭只补助一次`, { status: 409 });
  const [row] = await tx.insert(adaptations).values({
    personId: person.personId, householdId: person.householdId, divisionCode: person.divisionCode, items: input.items, grounds: e.grounds,
    appliedOn: input.appliedOn, createdBy: actor.userId || null,
  }).returning();
  await recordAudit(tx, actor, { action: 'elderly.adaptation.applied', entityType: 'elderly_adaptation', entityId: row.id, divisionCode: row.divisionCode,
    reason: e.reason, after: { personId: row.personId, items: input.items, grounds: e.grounds } });
  return row;
}

async function change(tx: Tx, actor: Actor, row: AdaptationRow, action: string, patch: Partial<typeof adaptations.$inferInsert>, reason?: string) {
  const [after] = await tx.update(adaptations).set(patch).where(and(eq(adaptations.id, row.id), eq(adaptations.status, row.status))).returning();
  if (!after) throw new DomainError('VERSION_CONFLICT', '该记录已被他人修改，请刷新后重试', { status: 409 });
  await recordAudit(tx, actor, { action: `elderly.adaptation.${action}`, entityType: 'elderly_adaptation', entityId: row.id, divisionCode: row.divisionCode, reason,
    before: { status: row.status }, after: patch });
  return after;
}

export async function startAdaptation(tx: Tx, actor: Actor, id: number, input: { contractor: string; startedOn: IsoDate; items?: BasicItem[] }, today = todayInChina()) {
  requireElderly(actor, 'write');
  const row = await inScopeRow(tx, actor, id);
  requireStatus(row, ['applied'], '开工');
  if (input.startedOn > today) throw invalid('startedOn', 'DATE_IN_FUTURE', '开工日期不能晚于今天');
  if (input.startedOn < row.appliedOn) throw invalid('startedOn', 'DATE_ORDER', '开工日期不能早于申请日期');
  if (input.items) checkItems(input.items);
  return change(tx, actor, row, 'started', { status: 'in_progress', contractor: input.contractor.trim(), startedOn: input.startedOn, ...(input.items ? { items: input.items } : {}) });
}

export async function acceptAdaptation(tx: Tx, actor: Actor, id: number, input: { acceptedOn: IsoDate; acceptedBy: string; spendFen: number; photos?: string[] }, today = todayInChina()) {
  requireElderly(actor, 'write');
  const row = await inScopeRow(tx, actor, id);
  requireStatus(row, ['in_progress'], '验收');
  if (input.acceptedOn > today) throw invalid('acceptedOn', 'DATE_IN_FUTURE', '验收日期不能晚于今天');
  if (row.startedOn && input.acceptedOn < row.startedOn) throw invalid('acceptedOn', 'DATE_ORDER', '验收日期不能早于开工日期');
  if (!Number.isSafeInteger(input.spendFen) || input.spendFen <= 0) throw invalid('spendFen', 'SPEND_INVALID', '请填写改造支出金额');
  return change(tx, actor, row, 'accepted', { status: 'accepted', acceptedOn: input.acceptedOn, acceptedBy: input.acceptedBy.trim(), spendFen: input.spendFen, photos: input.photos ?? [] });
}

export async function rejectAdaptation(tx: Tx, actor: Actor, id: number, reason: string) {
  requireElderly(actor, 'write');
  const row = await inScopeRow(tx, actor, id);
  requireStatus(row, ['applied'], '作不予改造处理');
  return change(tx, actor, row, 'rejected', { status: 'rejected', decisionReason: reason.trim() }, reason.trim());
}

export interface AdaptationQuery { status?: AdaptationStatus; divisionCode?: string; q?: string; year?: number; page?: number; pageSize?: number }

export async function listAdaptations(exec: Executor, actor: Actor, q: AdaptationQuery = {}) {
  requireElderly(actor, 'read');
  const conds = [scopeCondition(actor, adaptations.divisionCode)];
  if (q.status) conds.push(eq(adaptations.status, q.status));
  if (q.divisionCode) conds.push(sql`${adaptations.divisionCode} LIKE ${q.divisionCode + '%'}`);
  if (q.year) conds.push(sql`extract(year from coalesce(${adaptations.acceptedOn}, ${adaptations.appliedOn})) = ${q.year}`);
  if (q.q) conds.push(sql`${personFacts.name} LIKE ${q.q.replace(/[%_\\]/g, '') + '%'}`);
  const where = and(...conds);
  const size = Math.min(100, q.pageSize ?? 20);
  const page = Math.max(1, q.page ?? 1);
  const [{ n }] = await exec.select({ n: sql<number>`count(*)::int` }).from(adaptations).leftJoin(personFacts, eq(personFacts.personId, adaptations.personId)).where(where);
  const rows = await exec.select({ a: adaptations, name: personFacts.name, idNumber: personFacts.idNumber }).from(adaptations)
    .leftJoin(personFacts, eq(personFacts.personId, adaptations.personId)).where(where).orderBy(desc(adaptations.id)).limit(size).offset((page - 1) * size);
  return {
    total: Number(n),
    rows: rows.map((r) => ({
      ...r.a, name: r.name, idNumber: r.idNumber ? maskIdNumber(r.idNumber) : null, statusLabel: STATUSES[r.a.status as AdaptationStatus],
      itemLabels: (r.a.items as string[]).map((i) => BASIC_ITEMS[i as BasicItem] ?? i), groundLabels: (r.a.grounds as Ground[]).map((g) => GROUND_LABELS[g] ?? g),
    })),
  };
}

/** Progress toward the plan's 300: accepted homes and spend, in the actor's jurisdiction, by county. */
export async function adaptationProgress(exec: Executor, actor: Actor) {
  requireElderly(actor, 'read');
  const { rows } = await exec.execute(sql`
    SELECT left(division_code, 6) AS county, count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
           count(*) FILTER (WHERE status IN ('applied', 'in_progress'))::int AS open,
           coalesce(sum(spend_fen) FILTER (WHERE status = 'accepted'), 0)::bigint AS spend
    FROM ${adaptations} WHERE division_code LIKE ${actor.divisionCode + '%'} GROUP BY 1 ORDER BY 1`);
  const counties = (rows as Record<string, unknown>[]).map((r) => ({ county: String(r.county), accepted: Number(r.accepted), open: Number(r.open), spendFen: Number(r.spend) }));
  const accepted = counties.reduce((a, c) => a + c.accepted, 0);
  return { target: PLAN_TARGET, accepted, open: counties.reduce((a, c) => a + c.open, 0), spendFen: counties.reduce((a, c) => a + c.spendFen, 0), counties };
}
