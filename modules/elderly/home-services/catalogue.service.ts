// 服务项目 and 服务商: the city's catalogue of home services with unit prices, and the providers each
// county contracts for some of its townships.
import { and, asc, eq, sql } from 'drizzle-orm';
import { DomainError, forbidden, inScope, levelOf, notFound, recordAudit, scopeCondition, type Actor, type Executor, type IsoDate, type Tx } from '#kernel';
import { serviceItems, serviceProviders } from '../schema';
import { requireElderly } from '../access';

export type ServiceItemRow = typeof serviceItems.$inferSelect;
export type ProviderRow = typeof serviceProviders.$inferSelect;

/** The catalogue most cities start from (民政部《居家社区养老服务基本项目》): code, name, unit. */
export const COMMON_ITEMS = [
  { code: 'meal', name: '助餐', unit: '餐' },
  { code: 'meal_delivery', name: '助餐（送餐上门）', unit: '餐' },
  { code: 'cleaning', name: '助洁', unit: '小时' },
  { code: 'bathing', name: '助浴', unit: '次' },
  { code: 'medical_escort', name: '助医（陪同就医）', unit: '次' },
  { code: 'errands', name: '助行（代办、陪同出行）', unit: '次' },
  { code: 'rehab', name: '康复护理', unit: '次' },
  { code: 'companionship', name: '精神慰藉', unit: '小时' },
] as const;

export interface ItemInput { code: string; name: string; unit: string; unitPriceFen: number; description?: string | null; active?: boolean }

/** The catalogue is one for the city: only the city sets items and prices. */
function requireCityWriter(actor: Actor) {
  requireElderly(actor, 'write');
  if (actor.divisionCode.length > 4) throw forbidden('服务项目和价格由市级民政部门统一设定');
}

export async function listItems(exec: Executor, actor: Actor, opts: { activeOnly?: boolean } = {}) {
  requireElderly(actor, 'read');
  return exec.select().from(serviceItems).where(opts.activeOnly ? eq(serviceItems.active, true) : undefined).orderBy(asc(serviceItems.id));
}

export async function itemByCode(exec: Executor, code: string): Promise<ServiceItemRow> {
  const [row] = await exec.select().from(serviceItems).where(eq(serviceItems.code, code));
  if (!row) throw new DomainError('SERVICE_ITEM_UNKNOWN', `服务项目 ${code} 不在服务目录中`, { status: 422, errors: [{ field: 'itemCode', code: 'SERVICE_ITEM_UNKNOWN', message: '服务项目不在服务目录中' }] });
  return row;
}

/** Adds an item, or changes an existing item's name, unit, price or availability (orders keep the price they were made at). */
export async function saveItem(tx: Tx, actor: Actor, input: ItemInput): Promise<ServiceItemRow> {
  requireCityWriter(actor);
  const [before] = await tx.select().from(serviceItems).where(eq(serviceItems.code, input.code));
  const values = { name: input.name.trim(), unit: input.unit.trim(), unitPriceFen: input.unitPriceFen, description: input.description ?? null, active: input.active ?? true };
  const [row] = before
    ? await tx.update(serviceItems).set({ ...values, updatedAt: new Date() }).where(eq(serviceItems.id, before.id)).returning()
    : await tx.insert(serviceItems).values({ code: input.code, ...values }).returning();
  await recordAudit(tx, actor, {
    action: before ? 'elderly.service_item.changed' : 'elderly.service_item.created', entityType: 'elderly_service_item', entityId: row.id, divisionCode: '1403',
    before: before ? { name: before.name, unit: before.unit, unitPriceFen: before.unitPriceFen, active: before.active } : undefined, after: values,
  });
  return row;
}

export interface ProviderInput {
  name: string;
  creditCode: string;
  divisionCode: string;
  townships: string[];
  itemCodes: string[];
  contactName: string;
  contactPhone: string;
  contractFrom: IsoDate;
  contractTo: IsoDate;
}

const invalid = (field: string, code: string, message: string) => new DomainError('VALIDATION_FAILED', message, { status: 422, errors: [{ field, code, message }] });

/** GB 32100-2015: 18 characters, the last a check character over the first 17. */
export function validCreditCode(code: string): boolean {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  const sum = weights.reduce((a, w, i) => a + chars.indexOf(code[i]) * w, 0);
  return chars[(31 - (sum % 31)) % 31] === code[17];
}

/** Providers the actor deals with: those of its area, and the county's providers for a township or village. */
function providerScope(actor: Actor) {
  return sql`(${scopeCondition(actor, serviceProviders.divisionCode)} OR ${actor.divisionCode} LIKE ${serviceProviders.divisionCode} || '%')`;
}

async function checkProvider(exec: Executor, actor: Actor, input: ProviderInput) {
  if (levelOf(input.divisionCode) !== 'county') throw invalid('divisionCode', 'DIVISION_NOT_COUNTY', '服务商由县（区）民政部门签约，请选择县（区）');
  if (!inScope(actor, input.divisionCode)) throw new DomainError('DIVISION_OUT_OF_SCOPE', '该区划不在您的管辖范围内', { status: 403 });
  if (!validCreditCode(input.creditCode)) throw invalid('creditCode', 'CREDIT_CODE_INVALID', '统一社会信用代码不正确（18 位，末位校验码不符）');
  if (input.contractTo < input.contractFrom) throw invalid('contractTo', 'DATE_ORDER', '合同截止日期不能早于起始日期');
  const outside = input.townships.filter((t) => !t.startsWith(input.divisionCode) || t.length !== 9);
  if (outside.length || input.townships.length === 0) throw invalid('townships', 'TOWNSHIP_OUTSIDE_COUNTY', '服务范围应为本县（区）的乡镇（街道），至少一个');
  const known = new Set((await exec.select({ code: serviceItems.code }).from(serviceItems)).map((r) => r.code));
  const unknown = input.itemCodes.filter((c) => !known.has(c));
  if (unknown.length || input.itemCodes.length === 0) throw invalid('itemCodes', 'SERVICE_ITEM_UNKNOWN', unknown.length ? `服务项目 ${unknown.join('、')} 不在服务目录中` : '请至少选择一个服务项目');
}

export async function createProvider(tx: Tx, actor: Actor, input: ProviderInput): Promise<ProviderRow> {
  requireElderly(actor, 'decide');
  await checkProvider(tx, actor, input);
  const [dup] = await tx.select({ id: serviceProviders.id }).from(serviceProviders)
    .where(and(eq(serviceProviders.creditCode, input.creditCode), eq(serviceProviders.divisionCode, input.divisionCode)));
  if (dup) throw new DomainError('PROVIDER_EXISTS', '该统一社会信用代码的服务商已在本县（区）登记', { status: 409 });
  const [row] = await tx.insert(serviceProviders).values({ ...input, name: input.name.trim() }).returning();
  await recordAudit(tx, actor, { action: 'elderly.provider.created', entityType: 'elderly_service_provider', entityId: row.id, divisionCode: row.divisionCode, after: input });
  return row;
}

export async function updateProvider(tx: Tx, actor: Actor, id: number, input: ProviderInput & { status: 'active' | 'suspended' }): Promise<ProviderRow> {
  requireElderly(actor, 'decide');
  const before = await getProvider(tx, actor, id);
  if (!inScope(actor, before.divisionCode)) throw forbidden('只有签约的县（区）及以上可以修改服务商');
  await checkProvider(tx, actor, input);
  const [row] = await tx.update(serviceProviders).set({ ...input, name: input.name.trim() }).where(eq(serviceProviders.id, id)).returning();
  await recordAudit(tx, actor, { action: 'elderly.provider.changed', entityType: 'elderly_service_provider', entityId: id, divisionCode: row.divisionCode, before, after: input });
  return row;
}

export async function getProvider(exec: Executor, actor: Actor, id: number): Promise<ProviderRow> {
  requireElderly(actor, 'read');
  const [row] = await exec.select().from(serviceProviders).where(and(eq(serviceProviders.id, id), providerScope(actor)));
  if (!row) throw notFound('服务商');
  return row;
}

export interface ProviderQuery { q?: string; status?: string; township?: string; page?: number; pageSize?: number }

export async function listProviders(exec: Executor, actor: Actor, q: ProviderQuery = {}) {
  requireElderly(actor, 'read');
  const conds = [providerScope(actor)];
  if (q.q) conds.push(sql`${serviceProviders.name} LIKE ${'%' + q.q.replace(/[%_\\]/g, '') + '%'}`);
  if (q.status) conds.push(eq(serviceProviders.status, q.status));
  if (q.township) conds.push(sql`${serviceProviders.townships} @> ${JSON.stringify([q.township])}::jsonb`);
  const where = and(...conds);
  const size = Math.min(100, q.pageSize ?? 20);
  const page = Math.max(1, q.page ?? 1);
  const [{ n }] = await exec.select({ n: sql<number>`count(*)::int` }).from(serviceProviders).where(where);
  const rows = await exec.select().from(serviceProviders).where(where).orderBy(asc(serviceProviders.divisionCode), asc(serviceProviders.id)).limit(size).offset((page - 1) * size);
  return { total: Number(n), rows };
}

/** Why this provider cannot take this order now, or null. */
export function providerRefusal(p: ProviderRow, divisionCode: string, itemCode: string, on: IsoDate): string | null {
  if (p.status !== 'active') return `${p.name} 已暂停服务`;
  if (on < p.contractFrom || on > p.contractTo) return `${p.name} 的服务合同期为 ${p.contractFrom} 至 ${p.contractTo}，${on} 不在合同期内`;
  if (!(p.townships as string[]).includes(divisionCode.slice(0, 9))) return `${p.name} 的服务范围不含该老人所在乡镇（街道）`;
  if (!(p.itemCodes as string[]).includes(itemCode)) return `${p.name} 不提供该服务项目`;
  return null;
}
