import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, requireActor, storeFile, validationFailed, type Database } from '#kernel';
import { requireElderly } from '../access';
import { CONDITIONS, monthlyCoverage, recordVisit, visitSchedule, type Condition } from './visits.service';

const tags = ['elderly'];
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export async function visitRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/elderly/visits/schedule', { schema: { tags, summary: '探访关爱名单：风险等级、上次探访、应访日期（逾期在前）', querystring: z.object({
    overdueOnly: z.enum(['true', 'false']).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
  }) } }, async (req) => visitSchedule(db.orm, requireActor(req), { overdueOnly: req.query.overdueOnly === 'true', page: req.query.page, pageSize: req.query.pageSize }));
  r.get('/elderly/visits/coverage', { schema: { tags, summary: '本月探访覆盖率' } }, async (req) => monthlyCoverage(db.orm, requireActor(req)));
  r.post('/elderly/visits/photos', { schema: { tags, summary: '上传探访照片（multipart: file；jpg/png，返回 sha256）', consumes: ['multipart/form-data'] } }, async (req) => {
    const actor = requireActor(req);
    requireElderly(actor, 'visit');
    if (!req.isMultipart()) throw validationFailed([{ field: 'file', code: 'PHOTO_REQUIRED', message: '请选择照片' }]);
    const part = await req.file();
    if (!part) throw validationFailed([{ field: 'file', code: 'PHOTO_REQUIRED', message: '请选择照片' }]);
    const stored = await inTransaction(db, (tx) => storeFile(tx, { filename: part.filename, mimeType: part.mimetype, stream: part.file, uploadedBy: actor.userId || null },
      { allowedTypes: ['image/jpeg', 'image/png'], maxBytes: 8 * 1024 * 1024 }));
    return { sha256: stored.sha256 };
  });
  r.post('/elderly/visits', { schema: { tags, summary: '登记一次探访（手机端）', body: z.object({
    personId: z.number().int().positive(), visitedOn: isoDate, visitorName: z.string().trim().min(1).max(50),
    condition: z.enum(Object.keys(CONDITIONS) as [Condition, ...Condition[]]), findings: z.string().trim().min(1, '请填写探访发现的情况').max(2000),
    photos: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(9).default([]),
  }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => recordVisit(tx, actor, req.body));
  });
}
