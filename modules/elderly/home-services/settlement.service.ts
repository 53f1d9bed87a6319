// 服务券月度结算: for one provider and one ended month, the orders completed, what the vouchers pay
// and what the older people paid themselves; the county confirms it and the month is closed.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { DomainError, forbidden, inScope, maskIdNumber, recordAudit, scopeCondition, todayInChina, type Actor, type Executor, type IsoDate, type Tx } from '#kernel';
import { serviceOrders, serviceProviders, voucherSettlements } from '../schema';
import { personFacts } from '../sources';
import { requireElderly } from '../access';
import { getProvider } from './catalogue.service';

export type SettlementRow = typeof voucherSettlements.$inferSelect;

const monthRange = (month: string) => sql`BETWEEN ${`${month}-01`}::date AND (${`${month}-01`}::date + interval '1 month' - interval '1 day')::date`;

/** The orders of a provider completed in a month (the settled ones when the month is settled). */
async function monthOrders(exec: Executor, providerId: number, month: string, settlementId?: number) {
  const where = settlementId
    ? eq(serviceOrders.settlementId, settlementId)
    : and(eq(serviceOrders.providerId, providerId), inArray(serviceOrders.status, ['completed', 'rated']), sql`${serviceOrders.completedOn} ${monthRange(month)}`, isNull(serviceOrders.settlementId));
  const rows = await exec.select({
    id: serviceOrders.id, personId: serviceOrders.personId, divisionCode: serviceOrders.divisionCode, itemName: serviceOrders.itemName, unit: serviceOrders.unit,
    unitPriceFen: serviceOrders.unitPriceFen, quantity: serviceOrders.quantity, completedOn: serviceOrders.completedOn, workerName: serviceOrders.workerName,
    amountFen: serviceOrders.amountFen, voucherFen: serviceOrders.voucherFen, copayFen: serviceOrders.copayFen, rating: serviceOrders.rating,
    inInstitution: serviceOrders.inInstitution, name: personFacts.name, idNumber: personFacts.idNumber,
  }).from(serviceOrders).leftJoin(personFacts, eq(personFacts.personId, serviceOrders.personId)).where(where).orderBy(asc(serviceOrders.completedOn), asc(serviceOrders.id));
  return rows.map((r) => ({ ...r, amountFen: Number(r.amountFen ?? 0), idNumber: r.idNumber ? maskIdNumber(r.idNumber) : null }));
}

const totals = (rows: { amountFen: number; voucherFen: number; copayFen: number }[]) => ({
  orders: rows.length,
  amountFen: rows.reduce((a, r) => a + r.amountFen, 0),
  voucherFen: rows.reduce((a, r) => a + r.voucherFen, 0),
  copayFen: rows.reduce((a, r) => a + r.copayFen, 0),
});

export async function settlementOf(exec: Executor, providerId: number, month: string): Promise<SettlementRow | null> {
  const [row] = await exec.select().from(voucherSettlements).where(and(eq(voucherSettlements.providerId, providerId), eq(voucherSettlements.month, month)));
  return row ?? null;
}

/** The month's statement: settled (the confirmed figures) or a draft computed from the orders now. */
export async function settlementStatement(exec: Executor, actor: Actor, providerId: number, month: string) {
  requireElderly(actor, 'read');
  const provider = await getProvider(exec, actor, providerId);
  const settled = await settlementOf(exec, providerId, month);
  const rows = await monthOrders(exec, providerId, month, settled?.id);
  // a township sees only its own people's orders in the statement; the totals are the provider's
  const visible = rows.filter((r) => inScope(actor, r.divisionCode));
  const open = await exec.select({ n: sql<number>`count(*)::int` }).from(serviceOrders)
    .where(and(eq(serviceOrders.providerId, providerId), inArray(serviceOrders.status, ['dispatched', 'checked_in']), sql`${serviceOrders.scheduledOn} ${monthRange(month)}`));
  return {
    provider: { id: provider.id, name: provider.name, creditCode: provider.creditCode, divisionCode: provider.divisionCode },
    month, settled, totals: settled ? { orders: settled.orders, amountFen: settled.amountFen, voucherFen: settled.voucherFen, copayFen: settled.copayFen } : totals(rows),
    openOrders: Number(open[0].n), rows: visible,
  };
}

/** The county (or the city) confirms a provider's month once it has ended; the orders are then closed to change. */
export async function confirmSettlement(tx: Tx, actor: Actor, providerId: number, month: string, today: IsoDate = todayInChina()): Promise<SettlementRow> {
  requireElderly(actor, 'decide');
  const provider = await getProvider(tx, actor, providerId);
  if (!inScope(actor, provider.divisionCode)) throw forbidden('服务券结算由签约的县（区）民政部门确认');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new DomainError('VALIDATION_FAILED', '结算月份格式应为 YYYY-MM', { status: 422, errors: [{ field: 'month', code: 'MONTH_INVALID', message: '结算月份格式应为 YYYY-MM' }] });
  if (month >= today.slice(0, 7)) throw new DomainError('MONTH_NOT_ENDED', `${month} 尚未结束，月末之后才能结算`, { status: 422 });
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`elderly.settlement:${providerId}:${month}`}))`);
  if (await settlementOf(tx, providerId, month)) throw new DomainError('PERIOD_SETTLED', `${provider.name} ${month} 的服务券已结算`, { status: 409 });
  const rows = await monthOrders(tx, providerId, month);
  if (rows.length === 0) throw new DomainError('NOTHING_TO_SETTLE', `${provider.name} ${month} 没有已完成的服务工单`, { status: 422 });
  const t = totals(rows);
  const [row] = await tx.insert(voucherSettlements).values({
    providerId, divisionCode: provider.divisionCode, month, ...t, confirmedBy: actor.userId || null, confirmedByName: actor.displayName,
  }).returning();
  await tx.update(serviceOrders).set({ settlementId: row.id }).where(inArray(serviceOrders.id, rows.map((r) => r.id)));
  await recordAudit(tx, actor, { action: 'elderly.voucher_settlement.confirmed', entityType: 'elderly_voucher_settlement', entityId: row.id, divisionCode: provider.divisionCode,
    after: { providerId, month, ...t } });
  return row;
}

export async function listSettlements(exec: Executor, actor: Actor, q: { month?: string; providerId?: number; page?: number; pageSize?: number } = {}) {
  requireElderly(actor, 'read');
  const conds = [sql`(${scopeCondition(actor, voucherSettlements.divisionCode)} OR ${actor.divisionCode} LIKE ${voucherSettlements.divisionCode} || '%')`];
  if (q.month) conds.push(eq(voucherSettlements.month, q.month));
  if (q.providerId) conds.push(eq(voucherSettlements.providerId, q.providerId));
  const where = and(...conds);
  const size = Math.min(100, q.pageSize ?? 20);
  const page = Math.max(1, q.page ?? 1);
  const [{ n }] = await exec.select({ n: sql<number>`count(*)::int` }).from(voucherSettlements).where(where);
  const rows = await exec.select({ s: voucherSettlements, providerName: serviceProviders.name }).from(voucherSettlements)
    .leftJoin(serviceProviders, eq(serviceProviders.id, voucherSettlements.providerId)).where(where)
    .orderBy(desc(voucherSettlements.month), asc(voucherSettlements.providerId)).limit(size).offset((page - 1) * size);
  return { total: Number(n), rows: rows.map((r) => ({ ...r.s, providerName: r.providerName })) };
}

/** The export is audited: it lists people by name. */
export async function recordSettlementExport(tx: Tx, actor: Actor, providerId: number, month: string, rows: number) {
  await recordAudit(tx, actor, { action: 'elderly.voucher_settlement.exported', entityType: 'elderly_service_provider', entityId: providerId, divisionCode: actor.divisionCode || '1403', after: { month, rows } });
}
