// Step inputs of the tekun procedure, written once: validation, OpenAPI and the step forms.
import { z } from 'zod';
import { careAssessment } from '../applications.schemas';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** 调查核实: the visit by two staff, the six-item care assessment and the support mode decided with the person. */
export const tekunInvestigation = z.object({
  visitedOn: isoDate,
  investigators: z.array(z.object({ userId: z.number().int().positive().optional(), name: z.string().min(1).max(50), signed: z.literal(true, '调查人员须签字') }))
    .min(2, '调查核实须至少两名工作人员'),
  findings: z.object({
    housing: z.string().min(1).max(500).describe('住房情况'),
    livingConditions: z.string().min(1).max(500).describe('生活状况'),
    supporters: z.string().min(1).max(1000).describe('法定义务人及其履行能力核实情况'),
    notes: z.string().max(2000).optional(),
  }),
  careAssessment: careAssessment.describe('生活自理能力评估（六项）'),
  mode: z.enum(['home_based', 'institutional']).describe('供养方式：home_based 分散供养 · institutional 集中供养'),
  institution: z.string().max(100).optional().describe('集中供养的供养服务机构名称'),
}).refine((v) => v.mode !== 'institutional' || !!v.institution?.trim(), { message: '集中供养须填写供养服务机构', path: ['institution'] });
export type TekunInvestigation = z.output<typeof tekunInvestigation>;
