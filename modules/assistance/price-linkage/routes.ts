import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, inTransaction, levelOf, requireActor, type Database, type DivisionDirectory } from '#kernel';
import { chinaToday } from '#registry';
import { priceLinkageMonth, priceLinkageWorkbook, recordPriceIndex, runPriceLinkage } from './price-linkage.service';
import { getReview, reviewsOfHousehold, scheduleDueReviews } from '../reviews/reviews.service';
import { reviewRoutes } from '../reviews/reviews.routes';

const tags = ['assistance'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (ascii: string, name: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
const monthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const percent = z.union([z.string(), z.number()]).describe('同比涨幅（%），最多一位小数，如 "3.5"');

const priceIndexInput = z.object({ month: monthText, cpiPercent: percent, foodCpiPercent: percent, source: z.string().max(200).nullish().describe('数据来源（统计部门发布）') });
const monthParams = z.object({ month: monthText });
const exportParams = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(\.xlsx)?$/, '月份格式应为 YYYY-MM（导出为 YYYY-MM.xlsx）') });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const householdQuery = z.object({ householdId: z.coerce.number().int().positive() });

/** Price linkage (物价补贴联动) and periodic reviews (定期复核): validate → authorise → command → present. */
export async function priceLinkageAndReviewRoutes(app: FastifyInstance, { db, divisions }: { db: Database; divisions: DivisionDirectory }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/assistance/price-index', {
    schema: { tags, summary: '登记月度价格指数（CPI、食品价格同比涨幅；市级管理员）', body: priceIndexInput },
  }, async (req) => {
    const actor = requireActor(req);
    const { index, changed } = await inTransaction(db, (tx) => recordPriceIndex(tx, actor, req.body));
    return { month: index.month, cpiPermille: index.cpiPermille, foodCpiPermille: index.foodCpiPermille, changed };
  });

  r.post('/assistance/price-linkage/:month/run', {
    schema: {
      tags, summary: '按月启动价格临时补贴联动（市级管理员；可重复执行）', params: monthParams,
      description: '达到启动条件时，为当月在保的低保（特困）家庭按人计发一次性补贴并交付当月发放；未达到时说明哪些条件未达到，不作任何变更。',
    },
  }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => runPriceLinkage(tx, { divisions }, actor, req.params.month));
  });

  r.get('/assistance/price-linkage/:month', {
    schema: { tags, summary: '价格临时补贴发放家庭与金额（YYYY-MM.xlsx 导出）', params: exportParams },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const month = req.params.month.replace(/\.xlsx$/, '');
    if (!req.params.month.endsWith('.xlsx')) return priceLinkageMonth(db.orm, actor, month);
    const f = await priceLinkageWorkbook(db.orm, actor, divisions, month);
    reply.header('content-type', XLSX).header('content-disposition', attachment(`price-linkage-${month}.xlsx`, f.fileName)).header('x-export-rows', String(f.rows));
    return reply.send(f.buffer);
  });

  r.get('/assistance/reviews', { schema: { tags, summary: '家庭的低保定期复核', querystring: householdQuery } }, async (req) => {
    const actor = requireActor(req);
    return reviewsOfHousehold(db.orm, actor, req.query.householdId);
  });

  r.get('/assistance/reviews/:id', { schema: { tags, summary: '定期复核详情（办理步骤见办件）', params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return getReview(db.orm, actor, req.params.id);
  });

  r.post('/assistance/reviews/schedule', { schema: { tags, summary: '立即开启已到期的定期复核（市级管理员；平时每日自动执行）' } }, async (req) => {
    const actor = requireActor(req);
    if (actor.role !== 'city_admin' || levelOf(actor.divisionCode) !== 'city') throw new DomainError('FORBIDDEN', '由市级管理员执行', { status: 403 });
    return scheduleDueReviews(db, chinaToday());
  });

  await reviewRoutes(app, { db }); // a review's consents to verification
}
