// /api/v1/assistance/low-income…: validate → authorise → command → present. No SQL here.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, requireActor, type Database, type DivisionDirectory } from '#kernel';
import { chinaToday } from '#registry';
import {
  allRecognitions, assessRecognition, cancelRecognition, getRecognition, listRecognitions, presentRecognition, recogniseHousehold,
  recognitionsOfHousehold, renewRecognition, type LowIncomeDeps,
} from './low-income.service';
import { CATEGORIES, VALIDITY, cancelInput, listQuery, recognitionInput, renewalInput, type Category, type Validity } from './low-income.schemas';
import { registerWorkbook } from './low-income.xlsx';

const tags = ['assistance'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const idParams = z.object({ id: z.coerce.number().int().positive() });
const versionQuery = z.object({ version: z.coerce.number().int().positive().optional().describe('乐观锁：页面读取时的版本') });

export async function lowIncomeRoutes(app: FastifyInstance, { db, divisions }: { db: Database; divisions: DivisionDirectory }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps: LowIncomeDeps = { divisions, today: chinaToday };

  r.get('/assistance/low-income', {
    schema: { tags, summary: '低收入人口名册（低保边缘家庭、刚性支出困难家庭；本辖区）', querystring: listQuery },
  }, async (req) => listRecognitions(db.orm, deps, requireActor(req), req.query));

  r.get('/assistance/low-income.xlsx', {
    schema: { tags, summary: '低收入人口名册（xlsx，含导出人和时间）', querystring: listQuery.omit({ page: true, pageSize: true }) },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const rows = await allRecognitions(db.orm, deps, actor, req.query);
    const filter = [
      req.query.divisionCode ? `区划 ${divisions.fullName(req.query.divisionCode, 3) || req.query.divisionCode}` : null,
      req.query.category ? CATEGORIES[req.query.category as Category] : '全部类别',
      req.query.validity ? VALIDITY[req.query.validity as Validity] : '未注销',
      req.query.q ? `户主含“${req.query.q}”` : null,
    ].filter(Boolean).join('，');
    const file = await registerWorkbook(rows, actor, divisions, `筛选：${filter}；共 ${rows.length} 户`);
    const name = `低收入人口名册-${chinaToday()}.xlsx`;
    reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="low-income.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`).header('x-export-rows', String(rows.length));
    return reply.send(file);
  });

  r.post('/assistance/low-income/assess', {
    schema: { tags, summary: '低收入人口认定试算（不保存）：是否符合、人均收入、有效期和逐步说明', body: recognitionInput },
  }, async (req) => assessRecognition(db.orm, deps, requireActor(req), req.body));

  r.post('/assistance/low-income', {
    schema: {
      tags, summary: '认定低保边缘家庭或刚性支出困难家庭',
      description: '按家庭在册成员和所填事实计算；符合条件的自今日起按参数规定的有效期认定，不符合的不作任何变更并说明原因。',
      body: recognitionInput,
    },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const row = await inTransaction(db, (tx) => recogniseHousehold(tx, deps, actor, req.body));
    reply.status(201);
    return presentRecognition(row, deps);
  });

  r.get('/assistance/low-income/:id', { schema: { tags, summary: '认定详情（事实、计算说明、续期记录）', params: idParams } },
    async (req) => getRecognition(db.orm, deps, requireActor(req), req.params.id));

  r.post('/assistance/low-income/:id/renew', {
    schema: { tags, summary: '续期：按复核事实重新计算，有效期顺延（到期前 30 日起可办理）', params: idParams, querystring: versionQuery, body: renewalInput },
  }, async (req) => {
    const actor = requireActor(req);
    const row = await inTransaction(db, (tx) => renewRecognition(tx, deps, actor, req.params.id, req.body, req.query.version));
    return presentRecognition(row, deps);
  });

  r.post('/assistance/low-income/:id/cancel', {
    schema: { tags, summary: '注销认定（须填写原因）', params: idParams, querystring: versionQuery, body: cancelInput },
  }, async (req) => {
    const actor = requireActor(req);
    const row = await inTransaction(db, (tx) => cancelRecognition(tx, actor, req.params.id, req.body.reason, req.query.version));
    return presentRecognition(row, deps);
  });

  r.get('/assistance/households/:id/low-income', { schema: { tags, summary: '家庭的低收入人口认定', params: idParams } },
    async (req) => recognitionsOfHousehold(db.orm, deps, requireActor(req), req.params.id));
}
