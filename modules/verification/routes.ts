// /api/v1/verification/… and /api/v1/monitoring/…: validate → authorise → command → present.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { timingSafeEqual } from 'node:crypto';
import {
  DomainError, SYSTEM_ACTOR, getInstance, getJob, inTransaction, requireActor, runJob, subscribeProgress, toProgress, todayInChina, transition,
  type Actor, type Database, type JobProgress, type Tx,
} from '#kernel';
import { requireVerification } from './access';
import { ADAPTER_KINDS, SOURCE_CATALOGUE, type AdapterKind } from './sources/catalogue';
import { getSource, listSources, loadExtract, updateSource } from './sources/sources.service';
import { parseExtractFile, FILE_COLUMNS } from './sources/file.format';
import { signBody } from './sources/http.adapter';
import { listRequests, requestVerification, viewReport } from './requests/requests.service';
import { reportHtml } from './report.print';
import { reportPdf } from './report.pdf';
import { batchRunDetail, listBatchRuns, startBatch } from './batch/batch.service';
import { changesOfTask } from './batch/changes.service';
import { alertStatistics, getAlert, listAlerts, listRules, reportOutreach, saveRule, scan } from './monitoring/alerts.service';
import { OUTCOMES, SIGNALS, type Outcome, type SignalCode } from './monitoring/signals';
import { pushInput, receivePush } from './subscriptions/push.service';

export interface VerificationRouteDeps { db: Database }

const tags = ['verification'];
const mtags = ['monitoring'];
const id = z.object({ id: z.coerce.number().int().positive() });
const code = z.object({ code: z.string().min(1).max(60) });
const page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) };
const divisionCode = z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12})$/, '区划代码应为 4、6、9 或 12 位数字');
const requestBody = z.object({
  applicationId: z.number().int().positive().optional().describe('救助申请编号'),
  reviewId: z.number().int().positive().optional().describe('低保定期复核编号'),
  purpose: z.string().max(200).optional(),
}).refine((b) => !!b.applicationId !== !!b.reviewId, { message: '请填写申请编号或复核编号（二者之一）', path: ['applicationId'] });
const purpose = z.object({ purpose: z.string().min(2, '请说明查看目的').max(200).describe('查看目的（记入审计）') });

const sourceSettings = z.object({
  adapter: z.enum(Object.keys(ADAPTER_KINDS) as [AdapterKind, ...AdapterKind[]]).describe('file 文件交换 · http 接口 · simulated 模拟部门'),
  enabled: z.boolean(),
  config: z.object({
    url: z.string().url().optional(), senderId: z.string().max(60).optional(), keyId: z.string().max(60).optional(),
    secretEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/).optional().describe('保存签名密钥的环境变量名（密钥本身不入库）'),
    timeoutMs: z.number().int().min(100).max(120_000).optional(), retries: z.number().int().min(0).max(10).optional(), backoffMs: z.number().int().min(10).max(60_000).optional(),
  }).default({}),
});
const ruleInput = z.object({
  name: z.string().min(1).max(100),
  enabled: z.boolean(),
  minScore: z.number().int().min(1).max(1000).describe('预警分数线'),
  recipientLevel: z.enum(['village', 'township']).describe('预警发给村（社区）或乡镇（街道）'),
  signals: z.array(z.object({
    signal: z.enum(Object.keys(SIGNALS) as [SignalCode, ...SignalCode[]]),
    weight: z.number().int().min(1).max(1000),
    ratio: z.string().regex(/^\d+(\.\d+)?$/).optional(), minYuan: z.string().regex(/^\d+(\.\d{1,2})?$/).optional(), age: z.number().int().min(50).max(120).optional(),
  })).min(1),
});

/** A department's system pushes with its own HMAC signature; staff may push with a city administrator's session. */
function pushActor(req: { actor: Actor | null; headers: Record<string, unknown>; body: unknown }, sourceCode: string): Actor {
  const sig = req.headers['x-signature'];
  const ts = req.headers['x-timestamp'];
  if (typeof sig === 'string' && typeof ts === 'string') {
    const secret = process.env[`MZ_SOURCE_SECRET_${sourceCode.toUpperCase()}`];
    const age = Math.abs(Date.now() - Date.parse(ts));
    const expected = secret ? Buffer.from(signBody(secret, ts, JSON.stringify(req.body))) : null;
    if (expected && age < 5 * 60_000 && expected.length === sig.length && timingSafeEqual(expected, Buffer.from(sig))) {
      return { ...SYSTEM_ACTOR, username: `source:${sourceCode}`, displayName: `数据来源 ${sourceCode}` };
    }
    throw new DomainError('SIGNATURE_INVALID', '推送签名无效或已过期', { status: 401 });
  }
  return requireVerification(req.actor, 'verification:sources');
}

export async function verificationRoutes(app: FastifyInstance, { db }: VerificationRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tx = <T,>(fn: (t: Tx) => Promise<T>) => inTransaction(db, fn);
  const need = (req: Parameters<typeof requireActor>[0], p: Parameters<typeof requireVerification>[1]) => requireVerification(requireActor(req), p);
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => { await Promise.allSettled([...running]); });
  const inBackground = (jobId: number) => {
    const done = runJob(db, jobId).catch((e: unknown) => { if (!(e instanceof DomainError && e.code === 'JOB_NOT_QUEUED')) app.log.error({ err: e }, 'verification job failed'); });
    running.add(done);
    void done.finally(() => running.delete(done));
  };

  // ── sources ──
  r.get('/verification/sources', { schema: { tags, summary: '数据来源目录：适配方式、状态、最近交换时间与错误' } }, async (req) => {
    need(req, 'verification:read');
    const rows = await listSources(db.orm);
    return { items: rows, adapters: ADAPTER_KINDS, fileColumns: FILE_COLUMNS, catalogue: SOURCE_CATALOGUE.length };
  });
  r.put('/verification/sources/:code', { schema: { tags, summary: '配置数据来源（文件交换、HTTP 接口或模拟部门；市级管理员）', params: code, body: sourceSettings } }, async (req) => {
    const actor = need(req, 'verification:sources');
    return tx((t) => updateSource(t, actor, req.params.code, req.body));
  });
  r.post('/verification/sources/:code/extracts', { schema: { tags, summary: '上传部门数据文件（CSV 或 xlsx，整体导入；有错误则逐行说明且不作更改）', params: code, consumes: ['multipart/form-data'] } }, async (req) => {
    const actor = need(req, 'verification:sources');
    const { spec } = await getSource(db.orm, req.params.code);
    const part = await req.file();
    if (!part) throw new DomainError('EXTRACT_FILE_REQUIRED', '请选择要上传的 CSV 或 xlsx 文件', { status: 422 });
    const parsed = await parseExtractFile(await part.toBuffer(), part.filename, spec, todayInChina());
    try {
      return await tx((t) => loadExtract(t, actor, req.params.code, parsed, part.filename));
    } catch (e) {
      if (e instanceof DomainError && e.code === 'EXTRACT_REJECTED') {
        const { recordExchange } = await import('./sources/sources.service');
        await recordExchange(db.orm, req.params.code, e.message);
      }
      throw e;
    }
  });
  r.post('/verification/sources/:code/push', { schema: { tags, summary: '部门推送变化（死亡、新登记车辆等）：当日形成领域事件', params: code, body: pushInput } }, async (req) => {
    const actor = pushActor(req as never, req.params.code);
    return tx((t) => receivePush(t, actor, req.params.code, req.body, todayInChina()));
  });

  // ── requests and reports ──
  r.post('/verification/requests', { schema: { tags, summary: '发起家庭经济状况核对：救助申请或低保定期复核（须有每名成年成员的有效授权书）', body: requestBody } }, async (req, reply) => {
    const actor = need(req, 'verification:request');
    const { applicationId, reviewId, purpose } = req.body;
    const row = await tx((t) => requestVerification(t, actor, reviewId ? { reviewId, purpose } : { applicationId: applicationId!, purpose }));
    reply.status(201);
    return { id: row.id, reportNo: row.reportNo, status: row.status };
  });
  r.get('/verification/requests', { schema: { tags, summary: '核对请求与报告列表（管辖范围内）', querystring: z.object({ applicationId: z.coerce.number().int().positive().optional(), reviewId: z.coerce.number().int().positive().optional(), status: z.enum(['pending', 'complete']).optional(), ...page }) } }, async (req) => {
    const actor = need(req, 'verification:read');
    return listRequests(db.orm, actor, req.query);
  });
  r.get('/verification/requests/:id', { schema: { tags, summary: '核对报告（每次查看记入审计，须说明目的）', params: id, querystring: purpose } }, async (req) => {
    const actor = need(req, 'verification:read');
    const v = await tx((t) => viewReport(t, actor, req.params.id, req.query.purpose));
    const persons = (v.request.persons as { personId: number; name: string; idNumber: string; age: number }[])
      .map(({ idNumber, ...p }) => ({ ...p, idNumberMasked: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}` }));
    return { ...v, request: { ...v.request, persons } };
  });
  r.get('/verification/requests/:id/print', { schema: { tags, summary: '核对报告打印版（HTML）', params: id, querystring: purpose } }, async (req, reply) => {
    const actor = need(req, 'verification:read');
    const v = await tx((t) => viewReport(t, actor, req.params.id, `打印：${req.query.purpose}`));
    reply.type('text/html; charset=utf-8');
    return reportHtml(v, actor.displayName);
  });

  r.get('/verification/requests/:id/pdf', { schema: { tags, summary: '核对报告 PDF（服务器生成，含中文字体子集）', params: id, querystring: purpose } }, async (req, reply) => {
    const actor = need(req, 'verification:read');
    const v = await tx((t) => viewReport(t, actor, req.params.id, `下载 PDF：${req.query.purpose}`));
    const pdf = await reportPdf(v, actor.displayName);
    reply.type('application/pdf').header('content-disposition', `attachment; filename="${v.request.reportNo}.pdf"`);
    return pdf;
  });

  // ── batch re-verification ──
  r.post('/verification/batches', { schema: { tags, summary: '批量复核在保对象（全部或选定家庭；全部或选定来源）', body: z.object({ divisionCode, sourceCodes: z.array(z.string()).optional(), householdIds: z.array(z.number().int().positive()).max(100_000).optional() }) } }, async (req, reply) => {
    const actor = need(req, 'verification:batch');
    const run = await startBatch(db, actor, { ...req.body, trigger: 'on_demand' });
    inBackground(run.jobId);
    reply.status(202);
    return { id: run.id, jobId: run.jobId };
  });
  r.get('/verification/batches', { schema: { tags, summary: '批量复核记录', querystring: z.object(page) } }, async (req) => {
    const actor = need(req, 'verification:read');
    return listBatchRuns(db.orm, actor, req.query.page, req.query.pageSize);
  });
  r.get('/verification/batches/:id', { schema: { tags, summary: '批量复核结果：发现的重要变化及复核任务', params: id } }, async (req) => {
    const actor = need(req, 'verification:read');
    const d = await batchRunDetail(db.orm, actor, req.params.id);
    const job = d.run.jobId ? await getJob(db.orm, d.run.jobId) : null;
    return { ...d, progress: job ? toProgress(job) : null };
  });
  r.get('/verification/batches/:id/events', { schema: { tags, summary: '批量复核进度（Server-Sent Events）', params: id } }, async (req, reply) => {
    const actor = need(req, 'verification:read');
    const { run } = await batchRunDetail(db.orm, actor, req.params.id);
    if (!run.jobId) throw new DomainError('BATCH_NO_JOB', '该批量复核没有后台任务', { status: 409 });
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (p: JobProgress) => res.write(`data: ${JSON.stringify(p)}\n\n`);
    const final = (p: JobProgress) => p.status === 'succeeded' || p.status === 'failed';
    const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const unsubscribe = subscribeProgress(run.jobId, (p) => { send(p); if (final(p)) { stop(); res.end(); } });
    const stop = () => { clearInterval(beat); unsubscribe(); };
    req.raw.on('close', stop);
    const now = toProgress((await getJob(db.orm, run.jobId))!);
    send(now);
    if (final(now)) { stop(); res.end(); }
  });
  r.get('/verification/tasks/:id/changes', { schema: { tags, summary: '复核任务所涵盖的核对变化', params: id } }, async (req) => {
    const actor = need(req, 'verification:read');
    await getInstance(db.orm, actor, req.params.id); // jurisdiction
    return { items: await changesOfTask(db.orm, req.params.id) };
  });

  // ── monitoring ──
  r.get('/monitoring/rules', { schema: { tags: mtags, summary: '监测规则：信号、权重、阈值与接收层级' } }, async (req) => {
    need(req, 'monitoring:read');
    return { items: await listRules(db.orm), signals: SIGNALS };
  });
  r.put('/monitoring/rules/:code', { schema: { tags: mtags, summary: '设定监测规则（市级管理员）', params: code, body: ruleInput } }, async (req) => {
    const actor = need(req, 'monitoring:rules');
    return tx((t) => saveRule(t, actor, { code: req.params.code, ...req.body }));
  });
  r.post('/monitoring/scans', { schema: { tags: mtags, summary: '对辖区运行一次监测扫描', body: z.object({ divisionCode }) } }, async (req) => {
    const actor = need(req, 'verification:batch');
    return scan(db, actor, req.body.divisionCode);
  });
  r.get('/monitoring/alerts', { schema: { tags: mtags, summary: '预警列表（管辖范围内，按风险分排序）', querystring: z.object({ status: z.enum(['open', 'closed']).optional(), ruleCode: z.string().optional(), ...page }) } }, async (req) => {
    const actor = need(req, 'monitoring:read');
    return listAlerts(db.orm, actor, req.query);
  });
  r.get('/monitoring/alerts/:id', { schema: { tags: mtags, summary: '预警详情', params: id } }, async (req) => {
    const actor = need(req, 'monitoring:read');
    return getAlert(db.orm, actor, req.params.id);
  });
  r.post('/monitoring/alerts/:id/close', { schema: { tags: mtags, summary: '走访后办结预警（已申请 / 不符合条件 / 已获帮扶 / 无法联系）', params: id, body: z.object({ outcome: z.enum(Object.keys(OUTCOMES) as [Outcome, ...Outcome[]]), note: z.string().max(1000).optional() }) } }, async (req) => {
    const actor = need(req, 'monitoring:act');
    return tx(async (t) => {
      const alert = await getAlert(t, actor, req.params.id);
      if (!alert.instanceId) throw new DomainError('ALERT_NOT_ROUTED', '该预警尚未派发', { status: 409 });
      await transition(t, actor, alert.instanceId, 'close', req.body);
      return getAlert(t, actor, req.params.id);
    });
  });
  r.post('/monitoring/outreach', { schema: { tags: mtags, summary: '主动发现报告（村居协理员手机上报）', body: z.object({ name: z.string().min(1).max(50), idNumber: z.string().max(18).optional(), divisionCode, situation: z.string().min(2, '请描述困难情况').max(1000), phone: z.string().regex(/^1\d{10}$/, '手机号应为 11 位').optional() }) } }, async (req, reply) => {
    const actor = need(req, 'monitoring:outreach');
    const row = await tx((t) => reportOutreach(t, actor, req.body));
    reply.status(201);
    return row;
  });
  r.get('/monitoring/statistics', { schema: { tags: mtags, summary: '预警响应时间与处置结果统计（管辖范围内，按规则或按乡镇）', querystring: z.object({ by: z.enum(['rule', 'township']).default('rule').describe('按规则 rule 或按乡镇 township') }) } }, async (req) => {
    const actor = need(req, 'monitoring:read');
    return { ...(await alertStatistics(db.orm, actor, req.query.by)), outcomes: OUTCOMES };
  });
}

/** The monthly batch re-verification and monitoring scan of the whole city (run by the server's scheduler). */
export async function monthlyRun(db: Database, cityCode: string, today: string): Promise<{ batchId: number; jobId: number } | null> {
  const { findParameter } = await import('#kernel');
  const day = Number((await findParameter(db.orm, 'verification.batch.dayOfMonth', { divisionCode: cityCode, date: today }))?.value ?? 5);
  if (Number(today.slice(8)) !== day) return null;
  const run = await startBatch(db, SYSTEM_ACTOR, { divisionCode: cityCode, trigger: 'scheduled' });
  await scan(db, SYSTEM_ACTOR, cityCode);
  return { batchId: run.id, jobId: run.jobId };
}
