import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, inTransaction, requireActor, storeFile, transition, validationFailed, type Database, type DivisionDirectory } from '#kernel';
import { applicationInput } from './applications.schemas';
import { getApplication, receiveApplication } from './applications.service';
import { applicationDetail, householdAssistanceHistory, noticeRoster, refusalNoticeHtml } from './reads.service';

const tags = ['assistance'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const stepParams = idParams.extend({ name: z.string().min(1).max(100) });
const stepBody = z.object({ input: z.unknown().optional(), comment: z.string().max(2000).optional(), expectedVersion: z.number().int().positive().optional() });
const rosterQuery = z.object({ villageCode: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, '区划代码应为 6、9 或 12 位数字') });

/** Step input errors point into the body's `input`, as on the generic case endpoint. */
function underInput(e: unknown): never {
  if (e instanceof DomainError && e.errors && e.code === 'VALIDATION_FAILED') {
    throw new DomainError(e.code, e.message, { status: e.status, errors: e.errors.map((f) => ({ ...f, field: f.field ? `input.${f.field}` : 'input' })) });
  }
  throw e;
}

/** validate → authorise → command → present; no SQL here. */
export async function applicationRoutes(app: FastifyInstance, { db, divisions }: { db: Database; divisions: DivisionDirectory }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/assistance/applications', {
    schema: {
      tags, summary: '受理救助申请（一门受理：任一乡镇窗口可受理，按户籍村转交负责乡镇）',
      description: '材料不全时一次性列明全部缺项（APPLICATION_INCOMPLETE），不保存任何内容。',
      body: applicationInput,
    },
  }, async (req, reply) => {
    const actor = requireActor(req, 'registry:read');
    const row = await inTransaction(db, (tx) => receiveApplication(tx, { divisions }, actor, req.body));
    reply.status(201);
    return { ...row, routedTo: row.divisionCode.slice(0, 9), receivingDivisionCode: row.receivingDivisionCode };
  });

  r.get('/assistance/applications/:id', { schema: { tags, summary: '救助申请与办件详情', params: idParams } }, async (req) => {
    const actor = requireActor(req, 'registry:read');
    return applicationDetail(db.orm, actor, req.params.id);
  });

  r.post('/assistance/applications/:id/transitions/:name', {
    schema: { tags, summary: '办理申请的一个环节（核对、入户调查、公示、异议、审核确认、复核…）', params: stepParams, body: stepBody },
  }, async (req) => {
    const actor = requireActor(req);
    const appRow = await getApplication(db.orm, actor, req.params.id);
    if (!appRow.instanceId) throw new DomainError('APPLICATION_NO_CASE', '该申请没有办件', { status: 409 });
    const { input, comment, expectedVersion } = req.body;
    await inTransaction(db, (tx) => transition(tx, actor, appRow.instanceId!, req.params.name, input, { comment, expectedVersion })).catch(underInput);
    return applicationDetail(db.orm, actor, req.params.id);
  });

  r.get('/assistance/applications/:id/refusal-notice', {
    schema: { tags, summary: '不予确认告知书（可打印 HTML）', params: idParams, produces: ['text/html'] },
  }, async (req, reply) => {
    const actor = requireActor(req, 'registry:read');
    reply.type('text/html; charset=utf-8');
    return refusalNoticeHtml(db.orm, actor, req.params.id);
  });

  r.get('/assistance/notices/roster', { schema: { tags, summary: '公示名单（身份证号脱敏，含拟保障金额）', querystring: rosterQuery } }, async (req) => {
    const actor = requireActor(req, 'registry:read');
    return noticeRoster(db.orm, actor, req.query.villageCode);
  });

  r.get('/assistance/households/:id/history', { schema: { tags, summary: '家庭救助记录（一户一条救助链）：申请、决定与待遇', params: idParams } }, async (req) => {
    const actor = requireActor(req, 'registry:read');
    return householdAssistanceHistory(db.orm, actor, req.params.id);
  });

  r.post('/assistance/files', {
    schema: { tags, summary: '上传授权书或申请材料（multipart: file），返回文件摘要 sha256', consumes: ['multipart/form-data'] },
  }, async (req) => {
    const actor = requireActor(req, 'registry:write');
    if (!req.isMultipart()) throw validationFailed([{ field: 'file', code: 'FILE_REQUIRED', message: '请选择要上传的文件' }]);
    const part = await req.file();
    if (!part) throw validationFailed([{ field: 'file', code: 'FILE_REQUIRED', message: '请选择要上传的文件' }]);
    const bytes = await part.toBuffer();
    const stored = await storeFile(db.orm, { bytes, filename: part.filename, mimeType: part.mimetype, uploadedBy: actor.userId || null });
    return { sha256: stored.sha256, size: stored.size, mimeType: stored.mimeType, originalName: stored.originalName };
  });
}
