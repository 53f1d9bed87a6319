// 居家养老服务工单: an order for an older person of the register moves created → dispatched →
// checked in → completed → rated (or is cancelled before completion). Completion prices it and
// draws on the person's monthly service voucher; a month settled with the provider is closed.
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  DomainError, getParameter, maskIdNumber, notFound, recordAudit, scopeCondition, todayInChina, type Actor, type Executor, type IsoDate, type Tx,
} from '#kernel';
import { admissions, careWorkers, serviceOrders, serviceProviders, voucherSettlements } from '../schema';
import { entitlementPeriods, personFacts } from '../sources';
import { requireElderly, type ElderlyAbility } from '../access';
import { olderPerson } from '../register/person.reads';
import { getProvider, itemByCode, providerRefusal } from './catalogue.service';
import { actionsFrom, monthOfDate, ORDER_STATES, splitVoucher, transition, type OrderAction, type OrderState } from './order.rules';

export type OrderRow = typeof serviceOrders.$inferSelect;
export const VOUCHER_PARAMETER = 'elderly.homeService.voucherFen';
export const SERVICE_SUBSIDY_PROGRAMME = 'elderly_service';

const invalid = (field: string, code: string, message: string) => new DomainError('VALIDATION_FAILED', message, { status: 422, errors: [{ field, code, message }] });
const chinaDate = (d: Date) => todayInChina(d);

async function residentOn(exec: Executor, personId: number, on: IsoDate): Promise<boolean> {
  const [r] = await exec.select({ id: admissions.id }).from(admissions)
    .where(and(eq(admissions.personId, personId), sql`${admissions.admittedOn} <= ${on}::date`, sql`(${admissions.dischargedOn} IS NULL OR ${admissions.dischargedOn} > ${on}::date)`)).limit(1);
  return !!r;
}

/** Entitled to the service subsidy in `month`: an entitlement period of the programme with payments. */
export async function voucherEntitled(exec: Executor, personId: number, month: string): Promise<boolean> {
  const [r] = await exec.select({ p: entitlementPeriods.personId }).from(entitlementPeriods)
    .where(and(eq(entitlementPeriods.programme, SERVICE_SUBSIDY_PROGRAMME), eq(entitlementPeriods.personId, personId),
      sql`${entitlementPeriods.fromMonth} <= ${month}`, sql`(${entitlementPeriods.toMonth} IS NULL OR ${entitlementPeriods.toMonth} >= ${month})`)).limit(1);
  return !!r;
}

async function orderInScope(exec: Executor, actor: Actor, id: number, ability: ElderlyAbility): Promise<OrderRow> {
  requireElderly(actor, ability);
  const [row] = await exec.select().from(serviceOrders).where(and(eq(serviceOrders.id, id), scopeCondition(actor, serviceOrders.divisionCode)));
  if (!row) throw notFound('服务工单');
  return row;
}

function move(order: OrderRow, action: OrderAction, version?: number): OrderState {
  if (version != null && version !== order.version) throw new DomainError('VERSION_CONFLICT', '该工单已被他人处理，请刷新后重试', { status: 409 });
  const t = transition(order.status as OrderState, action);
  if (!t.ok) throw new DomainError('ORDER_TRANSITION_REFUSED', t.reason, { status: 409 });
  return t.to;
}

async function save(tx: Tx, actor: Actor, order: OrderRow, action: string, patch: Partial<typeof serviceOrders.$inferInsert>, reason?: string): Promise<OrderRow> {
  const [row] = await tx.update(serviceOrders).set({ ...patch, version: order.version + 1 })
    .where(and(eq(serviceOrders.id, order.id), eq(serviceOrders.version, order.version))).returning();
  if (!row) throw new DomainError('VERSION_CONFLICT', '该工单已被他人处理，请刷新后重试', { status: 409 });
  await recordAudit(tx, actor, {
    action: `elderly.service_order.${action}`, entityType: 'elderly_service_order', entityId: order.id, divisionCode: order.divisionCode, reason,
    before: { status: order.status }, after: { status: row.status, ...Object.fromEntries(Object.entries(patch).filter(([k]) => k !== 'status').map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])) },
  });
  return row;
}

export interface OrderInput { personId: number; itemCode: string; scheduledOn: IsoDate; address?: string | null; note?: string | null }

export async function createOrder(tx: Tx, actor: Actor, input: OrderInput, today = todayInChina()): Promise<OrderRow> {
  requireElderly(actor, 'write');
  if (input.scheduledOn < today) throw invalid('scheduledOn', 'DATE_IN_PAST', '预约服务日期不能早于今天');
  const person = await olderPerson(tx, actor, input.personId, today);
  const item = await itemByCode(tx, input.itemCode);
  if (!item.active) throw invalid('itemCode', 'SERVICE_ITEM_INACTIVE', `服务项目“${item.name}”已停用`);
  const inInstitution = await residentOn(tx, person.personId, input.scheduledOn);
  const [row] = await tx.insert(serviceOrders).values({
    personId: person.personId, householdId: person.householdId, divisionCode: person.divisionCode, itemCode: item.code, itemName: item.name,
    unit: item.unit, unitPriceFen: item.unitPriceFen, scheduledOn: input.scheduledOn, address: input.address?.trim() || person.address || null,
    note: input.note?.trim() || null, inInstitution, createdBy: actor.userId || null,
  }).returning();
  await recordAudit(tx, actor, { action: 'elderly.service_order.created', entityType: 'elderly_service_order', entityId: row.id, divisionCode: row.divisionCode,
    after: { personId: row.personId, itemCode: row.itemCode, unitPriceFen: row.unitPriceFen, scheduledOn: row.scheduledOn, inInstitution } });
  return row;
}

export async function dispatchOrder(tx: Tx, actor: Actor, id: number, input: { providerId: number; workerId?: number | null; workerName?: string | null; at?: Date; version?: number }, now = new Date()) {
  const order = await orderInScope(tx, actor, id, 'write');
  const to = move(order, 'dispatch', input.version);
  const provider = await getProvider(tx, actor, input.providerId);
  const refusal = providerRefusal(provider, order.divisionCode, order.itemCode, order.scheduledOn);
  if (refusal) throw new DomainError('PROVIDER_CANNOT_SERVE', refusal, { status: 422, errors: [{ field: 'providerId', code: 'PROVIDER_CANNOT_SERVE', message: refusal }] });
  let workerName = input.workerName?.trim() || null;
  if (input.workerId) {
    const [w] = await tx.select().from(careWorkers).where(and(eq(careWorkers.id, input.workerId), eq(careWorkers.providerId, provider.id), eq(careWorkers.active, true)));
    if (!w) throw invalid('workerId', 'WORKER_NOT_OF_PROVIDER', '所选护理员不在该服务商的在岗人员中');
    workerName = w.name;
  }
  if (!workerName) throw invalid('workerName', 'WORKER_REQUIRED', '请指定上门服务人员');
  const at = input.at ?? now;
  if (at.getTime() > now.getTime() + 5 * 60_000) throw invalid('at', 'TIME_IN_FUTURE', '派单时间不能晚于现在');
  return save(tx, actor, order, 'dispatched', { status: to, providerId: provider.id, workerId: input.workerId ?? null, workerName, dispatchedAt: at });
}

export async function checkInOrder(tx: Tx, actor: Actor, id: number, input: { place: string; at?: Date; version?: number }, now = new Date()) {
  const order = await orderInScope(tx, actor, id, 'visit');
  const to = move(order, 'checkIn', input.version);
  const at = input.at ?? now;
  if (at.getTime() > now.getTime() + 5 * 60_000) throw invalid('at', 'TIME_IN_FUTURE', '签到时间不能晚于现在');
  if (order.dispatchedAt && at < order.dispatchedAt) throw invalid('at', 'TIME_ORDER', '签到时间不能早于派单时间');
  return save(tx, actor, order, 'checked_in', { status: to, checkedInAt: at, checkInPlace: input.place.trim() });
}

/** Completion: the amount is the unit price × quantity; the voucher pays what the month still allows. */
export async function completeOrder(tx: Tx, actor: Actor, id: number, input: { quantity: number; durationMinutes?: number | null; at?: Date; version?: number }, now = new Date()) {
  const order = await orderInScope(tx, actor, id, 'visit');
  const to = move(order, 'complete', input.version);
  const at = input.at ?? now;
  if (at.getTime() > now.getTime() + 5 * 60_000) throw invalid('at', 'TIME_IN_FUTURE', '完成时间不能晚于现在');
  if (order.checkedInAt && at < order.checkedInAt) throw invalid('at', 'TIME_ORDER', '完成时间不能早于签到时间');
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 1) throw invalid('quantity', 'QUANTITY_INVALID', `服务数量应为正整数（单位：${order.unit}）`);
  const on = chinaDate(at);
  const month = monthOfDate(on);
  const [settled] = await tx.select({ id: voucherSettlements.id }).from(voucherSettlements)
    .where(and(eq(voucherSettlements.providerId, order.providerId!), eq(voucherSettlements.month, month)));
  if (settled) throw new DomainError('PERIOD_SETTLED', `该服务商 ${month} 的服务券已结算，不能再登记该月完成的服务`, { status: 409 });
  // One voucher budget per person and month: completions for the same person wait for each other.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`elderly.voucher:${order.personId}`}))`);
  const amountFen = order.unitPriceFen * input.quantity;
  const entitled = await voucherEntitled(tx, order.personId, month);
  const inInstitution = await residentOn(tx, order.personId, on);
  let budgetFen = 0;
  let usedFen = 0;
  if (entitled && !inInstitution) {
    budgetFen = (await getParameter<number>(tx, VOUCHER_PARAMETER, { divisionCode: order.divisionCode, date: on })).value;
    const [u] = await tx.select({ fen: sql<number>`coalesce(sum(${serviceOrders.voucherFen}), 0)::int` }).from(serviceOrders)
      .where(and(eq(serviceOrders.personId, order.personId), inArray(serviceOrders.status, ['completed', 'rated']),
        sql`${serviceOrders.completedOn} BETWEEN ${`${month}-01`}::date AND (${`${month}-01`}::date + interval '1 month' - interval '1 day')::date`));
    usedFen = Number(u.fen);
  }
  const split = splitVoucher({ amountFen, entitled, inInstitution, budgetFen, usedFen });
  return save(tx, actor, order, 'completed', {
    status: to, completedAt: at, completedOn: on, quantity: input.quantity, durationMinutes: input.durationMinutes ?? null,
    amountFen, voucherFen: split.voucherFen, copayFen: split.copayFen, inInstitution,
  }, split.reason);
}

export async function rateOrder(tx: Tx, actor: Actor, id: number, input: { rating: number; comment?: string | null; version?: number }) {
  const order = await orderInScope(tx, actor, id, 'visit');
  const to = move(order, 'rate', input.version);
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw invalid('rating', 'RATING_INVALID', '评价应为 1 至 5 星');
  return save(tx, actor, order, 'rated', { status: to, rating: input.rating, ratingComment: input.comment?.trim() || null, ratedAt: new Date() });
}

export async function cancelOrder(tx: Tx, actor: Actor, id: number, input: { reason: string; version?: number }) {
  const order = await orderInScope(tx, actor, id, 'write');
  const to = move(order, 'cancel', input.version);
  return save(tx, actor, order, 'cancelled', { status: to, cancelledAt: new Date(), cancelReason: input.reason.trim() }, input.reason.trim());
}

export interface OrderQuery {
  status?: OrderState; providerId?: number; itemCode?: string; month?: string; personId?: number; q?: string;
  divisionCode?: string; inInstitution?: boolean; page?: number; pageSize?: number;
}

function orderConditions(actor: Actor, q: OrderQuery): SQL[] {
  const conds = [scopeCondition(actor, serviceOrders.divisionCode)];
  if (q.divisionCode) conds.push(sql`${serviceOrders.divisionCode} LIKE ${q.divisionCode + '%'}`);
  if (q.status) conds.push(eq(serviceOrders.status, q.status));
  if (q.providerId) conds.push(eq(serviceOrders.providerId, q.providerId));
  if (q.itemCode) conds.push(eq(serviceOrders.itemCode, q.itemCode));
  if (q.personId) conds.push(eq(serviceOrders.personId, q.personId));
  if (q.inInstitution != null) conds.push(eq(serviceOrders.inInstitution, q.inInstitution));
  if (q.month) conds.push(sql`coalesce(${serviceOrders.completedOn}, ${serviceOrders.scheduledOn}) BETWEEN ${`${q.month}-01`}::date AND (${`${q.month}-01`}::date + interval '1 month' - interval '1 day')::date`);
  if (q.q) conds.push(sql`${personFacts.name} LIKE ${q.q.replace(/[%_\\]/g, '') + '%'}`);
  return conds;
}

export function presentOrder(o: OrderRow, extra: { name?: string | null; idNumber?: string | null; providerName?: string | null }) {
  return {
    ...o, statusLabel: ORDER_STATES[o.status as OrderState], actions: actionsFrom(o.status as OrderState),
    name: extra.name ?? null, providerName: extra.providerName ?? null,
    idNumber: extra.idNumber ? maskIdNumber(extra.idNumber) : null,
  };
}

export async function listOrders(exec: Executor, actor: Actor, q: OrderQuery = {}) {
  requireElderly(actor, 'read');
  const where = and(...orderConditions(actor, q));
  const size = Math.min(100, q.pageSize ?? 20);
  const page = Math.max(1, q.page ?? 1);
  const base = exec.select({ n: sql<number>`count(*)::int` }).from(serviceOrders);
  const [{ n }] = await (q.q ? base.leftJoin(personFacts, eq(personFacts.personId, serviceOrders.personId)) : base).where(where);
  const rows = await exec.select({ order: serviceOrders, name: personFacts.name, idNumber: personFacts.idNumber, providerName: serviceProviders.name })
    .from(serviceOrders).leftJoin(personFacts, eq(personFacts.personId, serviceOrders.personId)).leftJoin(serviceProviders, eq(serviceProviders.id, serviceOrders.providerId))
    .where(where).orderBy(desc(serviceOrders.id)).limit(size).offset((page - 1) * size);
  return { total: Number(n), rows: rows.map((r) => presentOrder(r.order, r)) };
}

export async function getOrder(exec: Executor, actor: Actor, id: number) {
  const o = await orderInScope(exec, actor, id, 'read');
  const [p] = await exec.select({ name: personFacts.name, idNumber: personFacts.idNumber }).from(personFacts).where(eq(personFacts.personId, o.personId));
  const [prov] = o.providerId ? await exec.select({ name: serviceProviders.name }).from(serviceProviders).where(eq(serviceProviders.id, o.providerId)) : [];
  const entitled = await voucherEntitled(exec, o.personId, monthOfDate(o.completedOn ?? o.scheduledOn));
  return { ...presentOrder(o, { name: p?.name, idNumber: p?.idNumber, providerName: prov?.name }), voucherEntitled: entitled };
}

/** A person's voucher month: entitlement, budget, what completed orders drew. */
export async function voucherMonth(exec: Executor, actor: Actor, personId: number, month: string) {
  requireElderly(actor, 'read');
  const person = await olderPerson(exec, actor, personId, todayInChina());
  const entitled = await voucherEntitled(exec, personId, month);
  const budget = entitled ? (await getParameter<number>(exec, VOUCHER_PARAMETER, { divisionCode: person.divisionCode, date: `${month}-01` })) : null;
  const [u] = await exec.select({ fen: sql<number>`coalesce(sum(${serviceOrders.voucherFen}), 0)::int`, copay: sql<number>`coalesce(sum(${serviceOrders.copayFen}), 0)::int`, n: sql<number>`count(*)::int` })
    .from(serviceOrders).where(and(eq(serviceOrders.personId, personId), inArray(serviceOrders.status, ['completed', 'rated']),
      sql`${serviceOrders.completedOn} BETWEEN ${`${month}-01`}::date AND (${`${month}-01`}::date + interval '1 month' - interval '1 day')::date`));
  return { personId, month, entitled, budgetFen: budget?.value ?? 0, sample: budget?.row.isSample ?? false, usedFen: Number(u.fen), copayFen: Number(u.copay), orders: Number(u.n) };
}
