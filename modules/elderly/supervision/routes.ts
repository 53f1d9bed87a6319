import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, requireActor, type Database } from '#kernel';
import { CHECKLIST, listComplaints, listHazards, listInspections, listTasks, recordComplaint, recordInspection, resolveComplaint, resolveTask, runDoubleListingCheck, type ChecklistCode } from './supervision.service';

const tags = ['elderly'];
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const idParams = z.object({ id: z.coerce.number().int().positive() });
const codes = Object.keys(CHECKLIST) as [ChecklistCode, ...ChecklistCode[]];

export async function supervisionRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/elderly/supervision/checklist', { schema: { tags, summary: '监督检查清单' } }, async (req) => { requireActor(req); return CHECKLIST; });
  r.post('/elderly/supervision/double-listing', { schema: { tags, summary: '重复享受核查（同时入住两家机构；机构入住仍领居家补贴；许可到期），生成监管任务' } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => runDoubleListingCheck(tx, actor));
  });
  r.get('/elderly/supervision/tasks', { schema: { tags, summary: '监管任务', querystring: z.object({ status: z.enum(['open', 'resolved']).optional(), kind: z.string().optional() }) } }, async (req) =>
    listTasks(db.orm, requireActor(req), req.query));
  r.post('/elderly/supervision/tasks/:id/resolve', { schema: { tags, summary: '办结监管任务', params: idParams, body: z.object({ resolution: z.string().trim().min(1).max(1000) }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => resolveTask(tx, actor, req.params.id, req.body.resolution));
  });
  r.post('/elderly/inspections', { schema: { tags, summary: '登记监督检查（清单计分；发现隐患设整改期限；复查关闭隐患）', body: z.object({
    institutionId: z.number().int().positive(), inspectedOn: isoDate,
    inspectors: z.array(z.object({ name: z.string().trim().min(1).max(50) })).min(2, '监督检查须至少两人'),
    checklist: z.array(z.object({ code: z.enum(codes), passed: z.boolean(), note: z.string().max(500).optional() })).min(1, '请逐项填写检查清单'),
    hazards: z.array(z.object({ description: z.string().trim().min(1, '请描述隐患').max(500), deadline: isoDate })).default([]),
    rectifiedHazardIds: z.array(z.number().int().positive()).default([]),
  }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => recordInspection(tx, actor, req.body));
  });
  r.get('/elderly/inspections', { schema: { tags, summary: '监督检查记录', querystring: z.object({
    institutionId: z.coerce.number().int().positive().optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
  }) } }, async (req) => listInspections(db.orm, requireActor(req), req.query));
  r.get('/elderly/hazards', { schema: { tags, summary: '安全隐患（未整改在前，逾期标出）', querystring: z.object({
    status: z.enum(['open', 'closed']).optional(), institutionId: z.coerce.number().int().positive().optional(),
  }) } }, async (req) => listHazards(db.orm, requireActor(req), req.query));
  r.get('/elderly/complaints', { schema: { tags, summary: '投诉（待办在前）', querystring: z.object({
    status: z.enum(['open', 'resolved']).optional(), institutionId: z.coerce.number().int().positive().optional(),
  }) } }, async (req) => listComplaints(db.orm, requireActor(req), req.query));
  r.post('/elderly/complaints/:id/resolve', { schema: { tags, summary: '办结投诉', params: idParams, body: z.object({ resolution: z.string().trim().min(1, '请填写核查处理情况').max(1000) }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => resolveComplaint(tx, actor, req.params.id, req.body.resolution));
  });
  r.post('/elderly/complaints', { schema: { tags, summary: '登记投诉', body: z.object({ institutionId: z.number().int().positive(), receivedOn: isoDate, complainant: z.string().trim().min(1, '请填写投诉人').max(50), content: z.string().trim().min(1, '请填写投诉内容').max(2000) }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => recordComplaint(tx, actor, req.body));
  });
}
