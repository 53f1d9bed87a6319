// /api/v1/elderly/care-workers/…: validate → authorise → command → present.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, requireActor, type Database } from '#kernel';
import { createWorker, listWorkers, recordTraining, SKILL_LEVELS, trainingCoverage, updateWorker, workerTrainings } from './workforce.service';

const tags = ['elderly-workforce'];
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const idParams = z.object({ id: z.coerce.number().int().positive() });
const skill = z.enum(SKILL_LEVELS);
const phone = z.string().regex(/^1\d{10}$/, '手机号格式不正确').nullish();
const bool = z.enum(['true', 'false']).optional();

export async function workforceRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/elderly/care-workers', { schema: { tags, summary: '养老护理员（按姓名、技能等级、是否已轮训、所在单位筛选，分页）', querystring: z.object({
    q: z.string().max(20).optional(), skillLevel: skill.optional(), trained: bool.describe('2021–2025 年内是否参加过培训'), active: bool,
    divisionCode: z.string().regex(/^\d{4,12}$/).optional(), institutionId: z.coerce.number().int().positive().optional(), providerId: z.coerce.number().int().positive().optional(),
    page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
  }) } }, async (req) => {
    const { trained, active, ...q } = req.query;
    return listWorkers(db.orm, requireActor(req), { ...q, trained: trained == null ? undefined : trained === 'true', active: active == null ? undefined : active === 'true' });
  });
  r.get('/elderly/care-workers/coverage', { schema: { tags, summary: '护理员轮训覆盖率（“十四五”期间全员轮训一遍），分县' } }, async (req) => trainingCoverage(db.orm, requireActor(req)));
  r.post('/elderly/care-workers', { schema: { tags, summary: '登记护理员（所在养老机构或服务商二选一）', body: z.object({
    name: z.string().trim().min(1).max(50), idNumber: z.string().trim().max(18).nullish(), phone, institutionId: z.number().int().positive().nullish(),
    providerId: z.number().int().positive().nullish(), skillLevel: skill, certificateNo: z.string().max(50).nullish(), hiredOn: isoDate.nullish(),
  }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => createWorker(tx, actor, req.body));
  });
  r.post('/elderly/care-workers/:id', { schema: { tags, summary: '修改技能等级、证书、电话或离岗', params: idParams, body: z.object({
    skillLevel: skill, certificateNo: z.string().max(50).nullish(), phone, active: z.boolean(),
  }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => updateWorker(tx, actor, req.params.id, req.body));
  });
  r.get('/elderly/care-workers/:id/trainings', { schema: { tags, summary: '一名护理员的培训记录', params: idParams } }, async (req) => workerTrainings(db.orm, requireActor(req), req.params.id));
  r.post('/elderly/care-workers/:id/trainings', { schema: { tags, summary: '登记培训（课程、学时、日期、培训机构）', params: idParams, body: z.object({
    course: z.string().trim().min(2, '请填写培训课程').max(100), hours: z.number().int().min(1).max(1000), trainedOn: isoDate, provider: z.string().max(100).nullish(),
  }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => recordTraining(tx, actor, req.params.id, req.body));
  });
}
