import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Database, DomainError, requireActor, validationFailed } from '#kernel';
import type { RegistryDeps } from '../registry.context';
import { buildRosterTemplate } from './roster.template';
import { importRoster, type ImportMode } from './import.service';
import { ImportJobs, isFinal, type ImportProgress } from './import.jobs';
import { errorsWorkbook } from './import.errors-workbook';

const tags = ['registry'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const jobParams = z.object({ jobId: z.string().min(1).max(64) });
const attachment = (name: string) => `attachment; filename="roster.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
const MAX_LISTED = 200;
const progressOf = ({ jobId: _id, ...p }: ImportProgress) => p;

/** 花名册导入: template, upload (a background job), progress, SSE, and the rejected rows. */
export async function importRoutes(app: FastifyInstance, { db, deps, jobs }: { db: Database; deps: RegistryDeps; jobs?: ImportJobs }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const imports = jobs ?? new ImportJobs({ onError: (e) => app.log.error({ err: e }, 'roster import failed') });
  app.addHook('onClose', () => imports.idle());

  r.get('/registry/import/template', { schema: { tags, summary: '下载人员（户籍）花名册导入模板' } }, async (req, reply) => {
    requireActor(req, 'registry:import');
    reply.header('content-type', XLSX).header('content-disposition', attachment('人员花名册导入模板.xlsx'));
    return buildRosterTemplate();
  });

  r.post('/registry/imports', {
    schema: { tags, summary: '上传花名册导入（multipart: file, mode=all|valid），返回任务号', consumes: ['multipart/form-data'] },
  }, async (req, reply) => {
    const actor = requireActor(req, 'registry:import');
    if (!req.isMultipart()) throw validationFailed([{ field: 'file', code: 'IMPORT_FILE_REQUIRED', message: '请选择要导入的 .xlsx 文件' }]);
    let file: Buffer | null = null;
    let fileName = '';
    let mode: string | undefined;
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) { await part.toBuffer(); continue; }
        fileName = part.filename;
        file = await part.toBuffer();
      } else if (part.fieldname === 'mode') {
        mode = String(part.value);
      }
    }
    const errors = [];
    if (!file || file.length === 0) errors.push({ field: 'file', code: 'IMPORT_FILE_REQUIRED', message: '请选择要导入的 .xlsx 文件' });
    else if (!/\.xlsx$/i.test(fileName)) errors.push({ field: 'file', code: 'IMPORT_FILE_TYPE', message: '只支持 .xlsx 文件（可在 Excel 中“另存为” Excel 工作簿）' });
    if (mode !== 'all' && mode !== 'valid') errors.push({ field: 'mode', code: 'IMPORT_MODE_INVALID', message: '请选择导入方式：全部成功才导入（all）或仅导入正确行（valid）' });
    if (errors.length) throw validationFailed(errors);
    const job = imports.enqueue(actor, fileName, (onProgress) =>
      importRoster(db, deps, actor, file!, { mode: mode as ImportMode, onProgress, reason: `花名册导入：${fileName}` }));
    reply.status(202);
    return { jobId: job.id };
  });

  r.get('/registry/imports/:jobId', { schema: { tags, summary: '导入任务进度', params: jobParams } }, async (req) => {
    const actor = requireActor(req, 'registry:import');
    const job = imports.get(actor, req.params.jobId);
    const rejected = job.result?.rejectedRows ?? [];
    return {
      ...progressOf(job.progress), fileName: job.fileName,
      // The first messages, for the page; the full list is errors.xlsx.
      errors: rejected.slice(0, MAX_LISTED).flatMap((r) => r.messages),
      errorsTruncated: rejected.length > MAX_LISTED,
    };
  });

  r.get('/registry/imports/:jobId/events', { schema: { tags, summary: '导入进度（Server-Sent Events）', params: jobParams } }, async (req, reply) => {
    const actor = requireActor(req, 'registry:import');
    const job = imports.get(actor, req.params.jobId);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (p: ImportProgress) => res.write(`data: ${JSON.stringify(progressOf(p))}\n\n`);
    send(job.progress);
    if (isFinal(job.progress.status)) { res.end(); return; }
    // A comment line now and then keeps proxies from closing a quiet stream (reading a big file).
    const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const unsubscribe = imports.subscribeProgress(job.id, (p) => {
      send(p);
      if (isFinal(p.status)) { stop(); res.end(); }
    });
    const stop = () => { clearInterval(beat); unsubscribe(); };
    req.raw.on('close', stop);
  });

  r.get('/registry/imports/:jobId/errors.xlsx', { schema: { tags, summary: '下载未导入行及错误说明', params: jobParams } }, async (req, reply) => {
    const actor = requireActor(req, 'registry:import');
    const job = imports.get(actor, req.params.jobId);
    if (!job.result) throw new DomainError('IMPORT_NOT_FINISHED', job.progress.status === 'failed' ? `导入失败：${job.progress.message ?? ''}` : '导入尚未完成，请稍候', { status: 409 });
    reply.header('content-type', XLSX).header('content-disposition', attachment(`导入错误清单-${job.fileName.replace(/\.xlsx$/i, '')}.xlsx`));
    return reply.send(errorsWorkbook(job.result.rejectedRows, job.fileName));
  });
}
