import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, type Database, type DivisionDirectory } from '#kernel';
import { previewStandard } from './preview.service';

const tags = ['assistance'];

const previewInput = z.object({
  divisionCode: z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12})$/, '区划代码应为 4、6、9 或 12 位数字').describe('试算范围（本辖区内）'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM').describe('试算月份 YYYY-MM，以当月 1 日在用的参数为基准'),
  overrides: z.record(z.string(), z.unknown()).describe('拟调整的参数（不保存），金额为分，如 {"dibao.standard.urban": 65000}'),
});

const counts = {
  households: z.number().int().describe('在保户数'),
  householdsChanged: z.number().int().describe('金额变化的户数'),
  increase: z.number().int().describe('增发户数'),
  decrease: z.number().int().describe('减发户数'),
  unchanged: z.number().int().describe('不变户数'),
  newlyEligible: z.number().int().describe('调整后才符合条件的户数'),
  noLongerEligible: z.number().int().describe('调整后不再符合条件的户数'),
  oldMonthlyTotalFen: z.number().int().describe('现行参数下月发放总额（分）'),
  newMonthlyTotalFen: z.number().int().describe('调整后月发放总额（分）'),
  deltaFen: z.number().int().describe('月发放总额变化（分）'),
};

const previewResult = z.object({
  divisionCode: z.string(),
  month: z.string(),
  ...counts,
  byCounty: z.array(z.object({ divisionCode: z.string(), divisionName: z.string().nullable(), ...counts })).describe('按县（市、区）'),
  samples: z.array(z.object({
    applicationId: z.number().int(), householdId: z.number().int(), applicantName: z.string(), divisionCode: z.string(),
    oldMonthlyAmountFen: z.number().int(), newMonthlyAmountFen: z.number().int(), deltaFen: z.number().int(),
  })).describe('金额变化的前 20 户'),
});

export async function standardPreviewRoutes(app: FastifyInstance, { db, divisions }: { db: Database; divisions: DivisionDirectory }) {
  app.withTypeProvider<ZodTypeProvider>().post('/assistance/standards/preview', {
    schema: {
      tags, summary: '救助标准调整试算（不保存；市级管理员、县级审批）',
      description: '按拟调整的参数重算本辖区全部在保低保家庭：变化户数、增减户数、调整前后月发放总额，按县汇总，并列出前 20 户的调整前后金额。',
      body: previewInput, response: { 200: previewResult },
    },
  }, async (req) => previewStandard(db.orm, requireActor(req), divisions, req.body));
}
