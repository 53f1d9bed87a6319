// /api/v1/payments/…: validate → authorise → command → present. No SQL here.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Database, type DivisionDirectory, type JobProgress, type Tx, inTransaction, requireActor, subscribeProgress, toProgress, validationFailed } from '#kernel';
import * as s from './payments.schemas';
import { requirePayments } from './payments.access';
import { assertCanRun, getRun, listLines, listRuns, signPayroll } from './payroll.service';
import { getPayrollJob, phaseOf, startPayrollJob } from './payroll.job';
import { exportBankFile, exportRoster } from './payroll.export';
import { importBankReturn, listFailures, resolveFailure } from './bank-return.service';
import { addAdjustment, listAdjustments } from './entitlements.service';
import { householdHistory } from './history.service';

export interface PaymentsRouteDeps {
  db: Database;
  divisions: DivisionDirectory;
}

const tags = ['payments'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (ascii: string, name: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
const present = (p: JobProgress) => ({ ...p, phase: phaseOf(p) });

export async function paymentsRoutes(app: FastifyInstance, { db, divisions }: PaymentsRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tx = <T,>(fn: (t: Tx) => Promise<T>) => inTransaction(db, fn);
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => { await Promise.allSettled([...running]); });
  const actorFor = (req: Parameters<typeof requireActor>[0], p: Parameters<typeof requirePayments>[1]) => requirePayments(requireActor(req), p);

  r.post('/payments/runs', { schema: { tags, summary: '生成（或重新生成）某县某月的发放名册草稿：后台任务，返回任务号', body: s.runCreate } }, async (req, reply) => {
    const actor = actorFor(req, 'payments:run');
    await assertCanRun(db.orm, actor, req.body);
    const { job, finished } = await startPayrollJob(db, actor, req.body);
    const done = finished.catch((e: unknown) => app.log.error({ err: e }, 'payroll run failed'));
    running.add(done);
    void done.finally(() => running.delete(done));
    reply.status(202);
    return { jobId: job.id };
  });

  r.get('/payments/jobs/:jobId', { schema: { tags, summary: '发放名册生成任务的进度与结果', params: s.jobParams } }, async (req) => {
    const actor = actorFor(req, 'payments:run');
    return present(toProgress(await getPayrollJob(db, actor, req.params.jobId)));
  });

  r.get('/payments/jobs/:jobId/events', { schema: { tags, summary: '发放名册生成进度（Server-Sent Events：compute → persist → diff）', params: s.jobParams } }, async (req, reply) => {
    const actor = actorFor(req, 'payments:run');
    const job = await getPayrollJob(db, actor, req.params.jobId);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (p: JobProgress) => res.write(`data: ${JSON.stringify(present(p))}\n\n`);
    const final = (p: JobProgress) => p.status === 'succeeded' || p.status === 'failed';
    const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const unsubscribe = subscribeProgress(job.id, (p) => {
      send(p);
      if (final(p)) { stop(); res.end(); }
    });
    const stop = () => { clearInterval(beat); unsubscribe(); };
    req.raw.on('close', stop);
    // Read again after subscribing, so an end between the first read and now is not missed.
    const now = toProgress(await getPayrollJob(db, actor, job.id));
    send(now);
    if (final(now)) { stop(); res.end(); }
  });

  r.get('/payments/runs', { schema: { tags, summary: '发放名册列表（管辖范围内）', querystring: s.runQuery } }, async (req) => {
    const actor = actorFor(req, 'payments:read');
    return { items: await listRuns(db.orm, actor, req.query) };
  });

  r.get('/payments/runs/:id', { schema: { tags, summary: '发放名册：按项目合计，新增/变更/停发笔数', params: s.idParams } }, async (req) => {
    const actor = actorFor(req, 'payments:read');
    return getRun(db.orm, actor, req.params.id);
  });

  r.get('/payments/runs/:id/lines', { schema: { tags, summary: '发放名册明细（分页；按变动类型、项目、区划筛选；证件号和账号脱敏）', params: s.idParams, querystring: s.lineQuery } }, async (req) => {
    const actor = actorFor(req, 'payments:read');
    return listLines(db.orm, actor, req.params.id, req.query);
  });

  r.post('/payments/runs/:id/sign', { schema: { tags, summary: '签发发放名册（此后不可更改，发出 payroll.signed 事件）', params: s.idParams } }, async (req) => {
    const actor = actorFor(req, 'payments:run');
    await tx((t) => signPayroll(t, actor, req.params.id));
    return getRun(db.orm, actor, req.params.id);
  });

  for (const format of ['xlsx', 'csv'] as const) {
    r.get(`/payments/runs/:id/bank-file.${format}`, { schema: { tags, summary: `银行代发文件（${format}，含完整身份证号和账号，留痕）`, params: s.idParams } }, async (req, reply) => {
      const actor = actorFor(req, 'payments:bank');
      const f = await exportBankFile(db, divisions, actor, req.params.id, format);
      reply.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX)
        .header('content-disposition', attachment(`bank-${f.run.countyCode}-${f.run.month}.${format}`, f.fileName))
        .header('x-export-rows', String(f.rows)).header('x-export-total-fen', String(f.totalFen));
      return reply.send(f.stream);
    });
  }

  r.get('/payments/runs/:id/roster.xlsx', { schema: { tags, summary: '公示名册（身份证号脱敏，无银行账号）', params: s.idParams } }, async (req, reply) => {
    const actor = actorFor(req, 'payments:read');
    const f = await exportRoster(db, divisions, actor, req.params.id);
    reply.header('content-type', XLSX).header('content-disposition', attachment(`roster-${f.run.month}.xlsx`, f.fileName)).header('x-export-rows', String(f.rows));
    return reply.send(f.stream);
  });

  r.post('/payments/runs/:id/returns', {
    schema: { tags, summary: '导入银行回盘文件（multipart: file，.xlsx 或 .csv）：失败的标记待处理，对不上的逐行报告', params: s.idParams, consumes: ['multipart/form-data'] },
  }, async (req) => {
    const actor = actorFor(req, 'payments:bank');
    if (!req.isMultipart()) throw validationFailed([{ field: 'file', code: 'RETURN_FILE_REQUIRED', message: '请选择银行回盘文件（.xlsx 或 .csv）' }]);
    let file: Buffer | null = null;
    let fileName = '';
    for await (const part of req.parts()) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file' || file) { await part.toBuffer(); continue; }
      fileName = part.filename;
      file = await part.toBuffer();
    }
    if (!file || file.length === 0) throw validationFailed([{ field: 'file', code: 'RETURN_FILE_REQUIRED', message: '请选择银行回盘文件（.xlsx 或 .csv）' }]);
    if (!/\.(xlsx|csv)$/i.test(fileName)) throw validationFailed([{ field: 'file', code: 'RETURN_FILE_TYPE', message: '只支持 .xlsx 或 .csv 文件' }]);
    return importBankReturn(db, actor, req.params.id, file, fileName);
  });

  r.get('/payments/failures', { schema: { tags, summary: '发放失败待处理清单', querystring: s.failureQuery } }, async (req) => {
    const actor = actorFor(req, 'payments:read');
    return listFailures(db.orm, actor, req.query);
  });

  r.post('/payments/failures/:id/resolve', { schema: { tags, summary: '标记发放失败已处理', params: s.idParams, body: s.failureResolve } }, async (req) => {
    const actor = actorFor(req, 'payments:adjust');
    return tx((t) => resolveFailure(t, actor, req.params.id, req.body.resolution));
  });

  r.post('/payments/adjustments', { schema: { tags, summary: '录入调整（补发为正，追回为负），随该月名册发放', body: s.adjustmentCreate } }, async (req, reply) => {
    const actor = actorFor(req, 'payments:adjust');
    const row = await tx((t) => addAdjustment(t, actor, req.body));
    reply.status(201);
    return row;
  });

  r.get('/payments/households/:id/adjustments', { schema: { tags, summary: '家庭的调整记录', params: s.idParams } }, async (req) => {
    const actor = actorFor(req, 'payments:read');
    return { items: await listAdjustments(db.orm, actor, req.params.id) };
  });

  r.get('/payments/households/:id/history', { schema: { tags, summary: '家庭的发放记录（各项目合并）、待处理失败和待遇期间', params: s.idParams } }, async (req) => {
    const actor = actorFor(req, 'payments:read');
    return householdHistory(db.orm, actor, req.params.id);
  });

}
