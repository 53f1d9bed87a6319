// /api/v1/assistance/households/:id/chain: validate → authorise → read → present.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, type Database, type DivisionDirectory } from '#kernel';
import { chinaToday } from '#registry';
import { householdChain } from './chain.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export async function chainRoutes(app: FastifyInstance, { db, divisions }: { db: Database; divisions: DivisionDirectory }) {
  app.withTypeProvider<ZodTypeProvider>().get('/assistance/households/:id/chain', {
    schema: {
      tags: ['assistance'], summary: '一户一条救助链：在享待遇、低收入认定、申请与结果、定期复核、逐月发放',
      description: '所有项目的待遇均取自发放模块（含今后新增的项目）；发放记录仅对可查看发放的角色返回，否则 payments 为 null。',
      params: idParams,
    },
  }, async (req) => householdChain(db.orm, { divisions, today: chinaToday }, requireActor(req, 'registry:read'), req.params.id));
}
