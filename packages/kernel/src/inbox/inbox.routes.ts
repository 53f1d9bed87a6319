import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/database';
import { requireActor } from '../auth/request';
import { workflowRoutes } from '../workflow/workflow.routes';
import { inboxSummary, listInbox } from './inbox.service';

const tags = ['inbox'];
const listQuery = z.object({
  status: z.enum(['due', 'overdue', 'all']).default('all'),
  workflowKey: z.string().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
const summaryQuery = z.object({ workflowKey: z.string().min(1).max(100).optional() });

/** 待办: the signed-in user's tasks across every workflow, the counts for the badge, and the cases they link to. */
export async function inboxRoutes(app: FastifyInstance, { db }: { db: Database }) {
  await workflowRoutes(app, { db });
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/inbox', { schema: { tags, summary: '我的待办（按办理期限排序）', querystring: listQuery } }, async (req) => {
    const actor = requireActor(req);
    return listInbox(db.orm, actor, req.query);
  });
  r.get('/inbox/summary', { schema: { tags, summary: '待办数量（全部、未超期、已超期、即将到期）', querystring: summaryQuery } }, async (req) => {
    const actor = requireActor(req);
    return inboxSummary(db.orm, actor, req.query);
  });
}
