// /api/v1/elderly/home-services/…: validate → authorise → command → present. No SQL here.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, requireActor, todayInChina, type Database } from '#kernel';
import { COMMON_ITEMS, createProvider, getProvider, listItems, listProviders, saveItem, updateProvider } from './catalogue.service';
import { cancelOrder, checkInOrder, completeOrder, createOrder, dispatchOrder, getOrder, listOrders, presentOrder, rateOrder, voucherMonth, type OrderRow } from './orders.service';
import { confirmSettlement, listSettlements, recordSettlementExport, settlementStatement } from './settlement.service';
import { settlementWorkbook } from './settlement.xlsx';
import { ORDER_ACTIONS, ORDER_STATES, type OrderState } from './order.rules';

const tags = ['elderly-home-services'];
const base = '/elderly/home-services';
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const idParams = z.object({ id: z.coerce.number().int().positive() });
const paging = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
const states = Object.keys(ORDER_STATES) as [OrderState, ...OrderState[]];
const version = z.number().int().positive().optional().describe('工单版本号（防止重复处理）');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const itemInput = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, '项目代码为小写字母、数字和下划线'),
  name: z.string().trim().min(1).max(50), unit: z.string().trim().min(1).max(10),
  unitPriceFen: z.number().int().min(0).max(10_000_00).describe('单价（分）'), description: z.string().max(500).nullish(), active: z.boolean().default(true),
});
const providerInput = z.object({
  name: z.string().trim().min(2).max(100), creditCode: z.string().trim().toUpperCase().length(18, '统一社会信用代码为 18 位'),
  divisionCode: z.string().regex(/^\d{6}$/, '请选择签约的县（区）'), townships: z.array(z.string().regex(/^\d{9}$/)).min(1, '请选择服务的乡镇（街道）'),
  itemCodes: z.array(z.string()).min(1, '请至少选择一个服务项目'), contactName: z.string().trim().min(1).max(50),
  contactPhone: z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '联系电话格式不正确'), contractFrom: isoDate, contractTo: isoDate,
});
const orderQuery = z.object({
  status: z.enum(states).optional(), providerId: z.coerce.number().int().positive().optional(), itemCode: z.string().max(32).optional(),
  month: month.optional().describe('完成（未完成的按预约）月份'), personId: z.coerce.number().int().positive().optional(), q: z.string().max(20).optional().describe('老人姓名（前缀）'),
  divisionCode: z.string().regex(/^\d{4,12}$/).optional(), inInstitution: z.enum(['true', 'false']).optional().describe('仅看机构入住老人的工单'), ...paging,
});

export async function homeServiceRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tx = <T>(fn: Parameters<typeof inTransaction<T>>[1]) => inTransaction(db, fn);
  /** an order command answers with the order as lists show it (state label, next actions) */
  const order = async (p: Promise<OrderRow>) => presentOrder(await p, {});

  r.get(`${base}/meta`, { schema: { tags, summary: '工单状态、操作与常用服务项目' } }, async (req) => {
    requireActor(req);
    return { states: ORDER_STATES, actions: ORDER_ACTIONS, commonItems: COMMON_ITEMS };
  });
  r.get(`${base}/items`, { schema: { tags, summary: '居家养老服务目录（单价：分）', querystring: z.object({ activeOnly: z.enum(['true', 'false']).optional() }) } }, async (req) =>
    listItems(db.orm, requireActor(req), { activeOnly: req.query.activeOnly === 'true' }));
  r.put(`${base}/items`, { schema: { tags, summary: '新增或修改服务项目（市级；已有工单保持下单时的单价）', body: itemInput } }, async (req) => {
    const actor = requireActor(req);
    return tx((t) => saveItem(t, actor, req.body));
  });

  r.get(`${base}/providers`, { schema: { tags, summary: '居家养老服务商', querystring: z.object({
    q: z.string().max(50).optional(), status: z.enum(['active', 'suspended']).optional(), township: z.string().regex(/^\d{9}$/).optional(), ...paging,
  }) } }, async (req) => listProviders(db.orm, requireActor(req), req.query));
  r.get(`${base}/providers/:id`, { schema: { tags, summary: '一家服务商', params: idParams } }, async (req) => getProvider(db.orm, requireActor(req), req.params.id));
  r.post(`${base}/providers`, { schema: { tags, summary: '登记服务商（县级签约）', body: providerInput } }, async (req) => {
    const actor = requireActor(req);
    return tx((t) => createProvider(t, actor, req.body));
  });
  r.put(`${base}/providers/:id`, { schema: { tags, summary: '修改服务商（含暂停服务）', params: idParams, body: providerInput.extend({ status: z.enum(['active', 'suspended']) }) } }, async (req) => {
    const actor = requireActor(req);
    return tx((t) => updateProvider(t, actor, req.params.id, req.body));
  });

  r.get(`${base}/orders`, { schema: { tags, summary: '服务工单（按状态、服务商、项目、月份、老人筛选，分页）', querystring: orderQuery } }, async (req) => {
    const { inInstitution, ...q } = req.query;
    return listOrders(db.orm, requireActor(req), { ...q, inInstitution: inInstitution == null ? undefined : inInstitution === 'true' });
  });
  r.get(`${base}/orders/:id`, { schema: { tags, summary: '一张服务工单', params: idParams } }, async (req) => getOrder(db.orm, requireActor(req), req.params.id));
  r.post(`${base}/orders`, { schema: { tags, summary: '为名册中的老年人下单（机构入住老人会被标记）', body: z.object({
    personId: z.number().int().positive(), itemCode: z.string().max(32), scheduledOn: isoDate, address: z.string().max(200).nullish(), note: z.string().max(500).nullish(),
  }) } }, async (req) => {
    const actor = requireActor(req);
    return order(tx((t) => createOrder(t, actor, req.body)));
  });
  r.post(`${base}/orders/:id/dispatch`, { schema: { tags, summary: '派单：服务商与上门服务人员', params: idParams, body: z.object({
    providerId: z.number().int().positive(), workerId: z.number().int().positive().nullish(), workerName: z.string().max(50).nullish(),
    at: z.iso.datetime({ offset: true }).optional().describe('派单时间（补录时填写）'), version,
  }) } }, async (req) => {
    const actor = requireActor(req);
    return order(tx((t) => dispatchOrder(t, actor, req.params.id, { ...req.body, at: req.body.at ? new Date(req.body.at) : undefined })));
  });
  r.post(`${base}/orders/:id/check-in`, { schema: { tags, summary: '上门签到：时间与地点', params: idParams, body: z.object({
    place: z.string().trim().min(1, '请填写签到地点').max(200), at: z.iso.datetime({ offset: true }).optional(), version,
  }) } }, async (req) => {
    const actor = requireActor(req);
    return order(tx((t) => checkInOrder(t, actor, req.params.id, { ...req.body, at: req.body.at ? new Date(req.body.at) : undefined })));
  });
  r.post(`${base}/orders/:id/complete`, { schema: { tags, summary: '完成服务：数量、时长；按单价计价，服务券按月额度支付，余额个人自付', params: idParams, body: z.object({
    quantity: z.number().int().min(1).max(1000), durationMinutes: z.number().int().min(1).max(24 * 60).nullish(), at: z.iso.datetime({ offset: true }).optional(), version,
  }) } }, async (req) => {
    const actor = requireActor(req);
    return order(tx((t) => completeOrder(t, actor, req.params.id, { ...req.body, at: req.body.at ? new Date(req.body.at) : undefined })));
  });
  r.post(`${base}/orders/:id/rate`, { schema: { tags, summary: '老人评价（1–5 星）', params: idParams, body: z.object({
    rating: z.number().int().min(1, '评价应为 1 至 5 星').max(5, '评价应为 1 至 5 星'), comment: z.string().max(500).nullish(), version,
  }) } }, async (req) => {
    const actor = requireActor(req);
    return order(tx((t) => rateOrder(t, actor, req.params.id, req.body)));
  });
  r.post(`${base}/orders/:id/cancel`, { schema: { tags, summary: '取消工单（完成前）', params: idParams, body: z.object({
    reason: z.string().trim().min(1, '请填写取消原因').max(200), version,
  }) } }, async (req) => {
    const actor = requireActor(req);
    return order(tx((t) => cancelOrder(t, actor, req.params.id, req.body)));
  });

  r.get(`${base}/vouchers/:id`, { schema: { tags, summary: '某位老年人某月的服务券：资格、额度、已用', params: idParams, querystring: z.object({ month: month.optional() }) } }, async (req) =>
    voucherMonth(db.orm, requireActor(req), req.params.id, req.query.month ?? todayInChina().slice(0, 7)));

  const statementQuery = z.object({ providerId: z.coerce.number().int().positive(), month });
  r.get(`${base}/settlements`, { schema: { tags, summary: '已确认的服务券月度结算', querystring: z.object({ month: month.optional(), providerId: z.coerce.number().int().positive().optional(), ...paging }) } }, async (req) =>
    listSettlements(db.orm, requireActor(req), req.query));
  r.get(`${base}/settlements/statement`, { schema: { tags, summary: '某服务商某月的结算单（已结算的为确认数，否则为草稿）', querystring: statementQuery } }, async (req) =>
    settlementStatement(db.orm, requireActor(req), req.query.providerId, req.query.month));
  r.post(`${base}/settlements`, { schema: { tags, summary: '确认服务商某月的服务券结算（县级；确认后该月工单不可再改）', body: statementQuery } }, async (req) => {
    const actor = requireActor(req);
    return tx((t) => confirmSettlement(t, actor, req.body.providerId, req.body.month));
  });
  r.get(`${base}/settlements/statement.xlsx`, { schema: { tags, summary: '导出结算单（xlsx，留痕）', querystring: statementQuery } }, async (req, reply) => {
    const actor = requireActor(req);
    const s = await settlementStatement(db.orm, actor, req.query.providerId, req.query.month);
    const buf = await settlementWorkbook(s, actor);
    await tx((t) => recordSettlementExport(t, actor, s.provider.id, s.month, s.rows.length));
    const name = `服务券结算单-${s.provider.name}-${s.month}.xlsx`;
    reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="settlement-${s.provider.id}-${s.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
    return reply.send(buf);
  });
}
