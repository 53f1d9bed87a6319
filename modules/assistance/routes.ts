import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, requireActor, type Database, type DivisionDirectory } from '#kernel';
import { calculationInput, calculationResult } from './calculator.schemas';
import { calculateWithParameters } from './calculator.service';
import { setAssistanceStandard } from './standards.service';
import { applicationRoutes } from './applications.routes';

export interface AssistanceRouteDeps {
  db: Database;
  divisions: DivisionDirectory;
}

const tags = ['assistance'];

const standardInput = z.object({
  key: z.string().describe('参数名，如 dibao.standard.urban、tekun.basicStandard.urban'),
  divisionCode: z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12})$/, '区划代码应为 4、6、9 或 12 位数字').describe('适用区划（本辖区内）'),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').describe('起始日期'),
  effectiveTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').nullish().describe('终止日期（含）；不填为至下一取值'),
  value: z.unknown().describe('取值：金额为分（整数），比例为文本如 "0.2"'),
  note: z.string().max(200).nullish(),
  source: z.string().max(200).nullish().describe('依据文件'),
  reason: z.string().max(200).nullish().describe('调整原因（记入审计）'),
});

/** validate → authorise → command → present; no SQL here. */
export async function assistanceRoutes(app: FastifyInstance, { db, divisions }: AssistanceRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/assistance/calculate', {
    schema: {
      tags, summary: '救助金试算（不保存）',
      description: '按户籍区划和月份在用的参数计算低保、特困或临时救助：是否符合条件、类别、人均收入、月救助金额，以及逐步中文说明和所用参数（含示例参数标记）。',
      body: calculationInput, response: { 200: calculationResult },
    },
  }, async (req) => {
    requireActor(req);
    return calculateWithParameters(db.orm, req.body, { divisions });
  });

  r.post('/assistance/standards', {
    schema: { tags, summary: '设定救助标准（按日期、区划生效；市级管理员）', body: standardInput },
  }, async (req) => {
    const actor = requireActor(req);
    const result = await inTransaction(db, (tx) => setAssistanceStandard(tx, actor, req.body));
    return { action: result.action, id: result.row.id, effectiveFrom: result.row.effectiveFrom, effectiveTo: result.row.effectiveTo, closed: result.closed };
  });

  await applicationRoutes(app, { db, divisions });
  await (await import('./price-linkage/routes')).priceLinkageAndReviewRoutes(app, { db, divisions });
  await (await import('./reports/reports.routes')).reportRoutes(app, { db, divisions });
  await (await import('./preview/preview.routes')).standardPreviewRoutes(app, { db, divisions });
  await (await import('./low-income/routes')).lowIncomeRoutes(app, { db, divisions });
  await (await import('./chain/routes')).chainRoutes(app, { db, divisions });
}
