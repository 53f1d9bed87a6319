// /api/v1/elderly/adaptations/…: validate → authorise → command → present.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, requireActor, type Database } from '#kernel';
import { acceptAdaptation, adaptationProgress, applyAdaptation, checkEligibility, listAdaptations, rejectAdaptation, startAdaptation } from './adaptation.service';
import { BASIC_ITEMS, BASIC_ITEM_KEYS, ECONOMIC_GROUNDS, SPECIAL_GROUNDS, STATUSES, type AdaptationStatus, type BasicItem } from './adaptation.rules';

const tags = ['elderly-adaptation'];
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const idParams = z.object({ id: z.coerce.number().int().positive() });
const items = z.array(z.enum(BASIC_ITEM_KEYS as [BasicItem, ...BasicItem[]])).min(1, '请至少选择一项改造内容').describe(`基础改造项目：${Object.entries(BASIC_ITEMS).map(([k, v]) => `${k} ${v}`).join('；')}`);

export async function adaptationRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/elderly/adaptations/meta', { schema: { tags, summary: '7 项基础改造项目、状态与申请条件' } }, async (req) => {
    requireActor(req);
    return { items: BASIC_ITEMS, statuses: STATUSES, economicGrounds: ECONOMIC_GROUNDS, specialGrounds: SPECIAL_GROUNDS };
  });
  r.get('/elderly/adaptations', { schema: { tags, summary: '适老化改造台账（按状态、区划、年份、姓名筛选，分页）', querystring: z.object({
    status: z.enum(Object.keys(STATUSES) as [AdaptationStatus, ...AdaptationStatus[]]).optional(), divisionCode: z.string().regex(/^\d{4,12}$/).optional(),
    q: z.string().max(20).optional(), year: z.coerce.number().int().min(2015).max(2100).optional(),
    page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
  }) } }, async (req) => listAdaptations(db.orm, requireActor(req), req.query));
  r.get('/elderly/adaptations/progress', { schema: { tags, summary: '已验收户数与支出（对照规划 300 户），分县' } }, async (req) => adaptationProgress(db.orm, requireActor(req)));
  r.get('/elderly/adaptations/eligibility/:id', { schema: { tags, summary: '某位老年人家庭是否符合改造条件（不保存）', params: idParams } }, async (req) =>
    checkEligibility(db.orm, requireActor(req), req.params.id));
  r.post('/elderly/adaptations', { schema: { tags, summary: '受理适老化改造申请（核对条件，同一家庭只补助一次）', body: z.object({ personId: z.number().int().positive(), items, appliedOn: isoDate }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => applyAdaptation(tx, actor, req.body));
  });
  r.post('/elderly/adaptations/:id/start', { schema: { tags, summary: '开工：施工单位与开工日期', params: idParams, body: z.object({
    contractor: z.string().trim().min(2, '请填写施工单位').max(100), startedOn: isoDate, items: items.optional(),
  }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => startAdaptation(tx, actor, req.params.id, req.body));
  });
  r.post('/elderly/adaptations/:id/accept', { schema: { tags, summary: '验收：日期、验收人、支出（分）与照片（计入规划 300 户）', params: idParams, body: z.object({
    acceptedOn: isoDate, acceptedBy: z.string().trim().min(1, '请填写验收人').max(100), spendFen: z.number().int().min(1, '请填写改造支出金额').max(100_000_00),
    photos: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(9).default([]),
  }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => acceptAdaptation(tx, actor, req.params.id, req.body));
  });
  r.post('/elderly/adaptations/:id/reject', { schema: { tags, summary: '不予改造（写明理由）', params: idParams, body: z.object({ reason: z.string().trim().min(1, '请填写理由').max(300) }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => rejectAdaptation(tx, actor, req.params.id, req.body.reason));
  });
}
