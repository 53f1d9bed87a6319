import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, type Database } from '#kernel';
import { indicatorDashboard } from './indicators.service';

export async function indicatorRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/elderly/indicators', { schema: { tags: ['elderly'], summary: '养老服务规划指标（由业务记录实时计算，含 2020 基数与目标；10 分钟内复用上次结果）',
    querystring: z.object({ refresh: z.enum(['true', 'false']).optional() }) } }, async (req) =>
    indicatorDashboard(db.orm, requireActor(req), { refresh: req.query.refresh === 'true' }));
}
