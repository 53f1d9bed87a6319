import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit, requireActor, verifyAuditChain } from '#kernel';
import type { Platform } from '../platform';

const tags = ['audit'];

export async function auditRoutes(app: FastifyInstance, platform: Platform) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/audit', {
    schema: {
      tags, summary: '审计日志查询',
      querystring: z.object({
        actor: z.string().optional(), action: z.string().optional(), entityType: z.string().optional(), entityId: z.string().optional(),
        from: z.string().optional(), to: z.string().optional(),
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20),
      }),
    },
  }, async (req) => {
    requireActor(req, 'audit:read');
    return listAudit(platform.db.orm, req.query);
  });

  r.get('/audit/verify', { schema: { tags, summary: '校验审计哈希链，报告第一处断链' } }, async (req) => {
    requireActor(req, 'audit:read');
    return verifyAuditChain(platform.db);
  });
}
