// /api/v1/assistance/reports/…: validate → authorise → report → present (JSON or .xlsx). No SQL here.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, type Database, type DivisionDirectory } from '#kernel';
import { caseloadReport } from './caseload.report';
import { PROCESSED_PROGRAMME_KEYS, processingReport } from './processing.report';
import { rangeQuery, resolveRange } from './report.params';
import { caseloadWorkbook, processingWorkbook } from './reports.xlsx';

const tags = ['assistance'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (ascii: string, name: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

const caseloadQuery = rangeQuery.extend({
  groupBy: z.enum(['county', 'township']).default('county').describe('county 按县（区） · township 按乡镇（街道）'),
  programme: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '项目代码应为小写字母、数字和下划线').optional().describe('项目，如 dibao、tekun；不填为全部'),
});

const processingQuery = rangeQuery.extend({
  groupBy: z.enum(['county', 'township']).default('county').describe('county 按县（区） · township 按乡镇（街道）'),
  programme: z.enum(PROCESSED_PROGRAMME_KEYS).optional().describe('dibao 低保 · tekun 特困 · temporary 临时救助；不填为全部'),
});

export async function reportRoutes(app: FastifyInstance, { db, divisions }: { db: Database; divisions: DivisionDirectory }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const caseload = async (req: { query: z.infer<typeof caseloadQuery> }, actor: ReturnType<typeof requireActor>) => {
    const range = resolveRange(req.query);
    return caseloadReport(db.orm, actor, divisions, { ...range, groupBy: req.query.groupBy, ...(req.query.programme ? { programme: req.query.programme } : {}) });
  };

  r.get('/assistance/reports/caseload', {
    schema: {
      tags, summary: '救助对象与支出统计（按区划、月份；据已签发发放名册）',
      description: '户数、人数、支出（分），本辖区内。人数为审批纳入时计入的家庭成员数。',
      querystring: caseloadQuery,
    },
  }, async (req) => caseload(req, requireActor(req)));

  r.get('/assistance/reports/caseload.xlsx', {
    schema: { tags, summary: '救助对象与支出统计（xlsx，含导出人和时间）', querystring: caseloadQuery },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const report = await caseload(req, actor);
    const file = await caseloadWorkbook(report, actor, divisions);
    reply.header('content-type', XLSX).header('content-disposition', attachment(`caseload-${report.from}-${report.to}.xlsx`, `救助对象与支出-${report.from}至${report.to}.xlsx`));
    return reply.send(file);
  });

  const processing = (req: { query: z.infer<typeof processingQuery> }, actor: ReturnType<typeof requireActor>) =>
    processingReport(db.orm, actor, divisions, { ...resolveRange(req.query), groupBy: req.query.groupBy, ...(req.query.programme ? { programme: req.query.programme } : {}) });

  r.get('/assistance/reports/processing', {
    schema: {
      tags, summary: '救助申请办理时效（低保、特困、临时救助；受理至决定的工作日：中位数、90 分位、超期件数）',
      description: '按项目、县（区）或乡镇（街道）、决定月份统计，本辖区内。超期：决定晚于办理总时限，或至今未决且已过总时限。',
      querystring: processingQuery,
    },
  }, async (req) => processing(req, requireActor(req)));

  r.get('/assistance/reports/processing.xlsx', {
    schema: { tags, summary: '救助申请办理时效（xlsx，含导出人和时间）', querystring: processingQuery },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const report = await processing(req, actor);
    const file = await processingWorkbook(report, actor, divisions);
    reply.header('content-type', XLSX).header('content-disposition', attachment(`processing-${report.from}-${report.to}.xlsx`, `办理时效-${report.from}至${report.to}.xlsx`));
    return reply.send(file);
  });
}
