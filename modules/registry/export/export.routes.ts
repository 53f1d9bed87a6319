import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Database, requireActor } from '#kernel';
import type { RegistryDeps } from '../registry.context';
import { personQuery } from '../registry.schemas';
import { exportPersons } from './persons.export';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function exportRoutes(app: FastifyInstance, { db, deps }: { db: Database; deps: RegistryDeps }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/persons/export.xlsx', {
    schema: { tags: ['registry'], summary: '导出人员查询结果（xlsx，脱敏，留痕，上限10万人）', querystring: personQuery },
  }, async (req, reply) => {
    const actor = requireActor(req, 'registry:export');
    const { page: _page, pageSize: _size, ...q } = req.query;
    const { stream, rows } = await exportPersons(db, deps, actor, q);
    const name = `人员花名册-${deps.today()}.xlsx`;
    reply.header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="persons.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('x-export-rows', String(rows));
    return reply.send(stream);
  });
}
