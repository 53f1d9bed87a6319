import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, requireActor, type Database } from '#kernel';
import { CONDITIONS, monthlyCoverage, recordVisit, visitSchedule, type Condition } from './visits.service';

const tags = ['elderly'];
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export async function visitRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/elderly/visits/schedule', { schema: { tags, summary: '探访关爱名单：风险等级、上次探访、应访日期（逾期在前）', querystring: z.object({
    overdueOnly: z.enum(['true', 'false']).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
  }) } }, async (req) => visitSchedule(db.orm, requireActor(req), { overdueOnly: req.query.overdueOnly === 'true', page: req.query.page, pageSize: req.query.pageSize }));
  r.get('/elderly/visits/coverage', { schema: { tags, summary: '本月探访覆盖率' } }, async (req) => monthlyCoverage(db.orm, requireActor(req)));
  r.post('/elderly/visits', { schema: { tags, summary: '登记一次探访（手机端）', body: z.object({
    personId: z.number().int().positive(), visitedOn: isoDate, visitorName: z.string().trim().min(1).max(50),
    condition: z.enum(Object.keys(CONDITIONS) as [Condition, ...Condition[]]), findings: z.string().trim().min(1, '请填写探访发现的情况').max(2000),
    photos: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(9).default([]),
  }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => recordVisit(tx, actor, req.body));
  });
}
