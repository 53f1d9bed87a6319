// The assessment's HTTP shapes: the 26 items with their maxima are enumerated for the OpenAPI document.
import { z } from 'zod';
import { DOMAINS, ITEMS, LEVELS, REASONS, type AssessmentReason } from './items';

const itemScore = (no: number, label: string, max: number) => {
  const msg = `第 ${no} 项「${label}」的得分应为 0 至 ${max} 的整数`;
  return z.number({ error: (iss) => (iss.input === undefined ? `第 ${no} 项「${label}」未评分` : msg) })
    .int(msg).min(0, msg).max(max, msg)
    .describe(`${no}. ${label}（0–${max}）：${ITEMS.find((i) => i.label === label)!.options.map((o, s) => `${s}=${o}`).join('；')}`);
};

export const answersSchema = z.strictObject(
  Object.fromEntries(ITEMS.map((i) => [i.key, itemScore(i.no, i.label, i.max)])) as Record<string, z.ZodNumber>,
).describe('26 个评估项目的得分，键为项目代码');

const count = z.number().int().min(0).max(99);
export const riskEventsSchema = z.strictObject({ fall: count, choking: count, selfHarm: count, wandering: count, other: count })
  .describe('近 30 天内照护风险事件次数：跌倒、噎食、自杀自伤、走失、其他');

export const scoreInput = z.object({
  answers: answersSchema,
  dementia: z.boolean().describe('确诊认知障碍/痴呆（F00–F03）'),
  psychiatricDiagnosis: z.boolean().describe('精神科专科医生诊断的其他精神和行为障碍（F04–F99）'),
  riskEvents30d: riskEventsSchema,
  coma: z.boolean().describe('昏迷'),
});

const level = z.number().int().min(0).max(4);
export const scoreResult = z.object({
  subtotals: z.object({ selfCare: z.number().int(), motor: z.number().int(), mental: z.number().int(), perception: z.number().int() })
    .describe(Object.values(DOMAINS).map((d) => `${d.label} 0–${d.max}`).join('；')),
  total: z.number().int().describe('总分 0–90'),
  initialLevel: level.describe('初步等级（按总分）'),
  level: level.describe(`最终等级：${LEVELS.map((l, i) => `${i} ${l}`).join('，')}`),
  levelLabel: z.string(),
  adjustments: z.array(z.object({
    rule: z.enum(['raiseOneLevel', 'coma']), grounds: z.array(z.string()), from: level, to: level, text: z.string(),
  })),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const reasons = Object.keys(REASONS) as [AssessmentReason, ...AssessmentReason[]];

export const assessmentInput = scoreInput.extend({
  personId: z.number().int().positive(),
  assessedOn: isoDate.describe('评估日期'),
  reason: z.enum(reasons).describe('评估原因：first 首次、routine 常规、immediate 即时、dispute 复评、other 其他'),
  assessors: z.array(z.object({ name: z.string().trim().min(1).max(50), certificateNo: z.string().max(50).nullish() }))
    .min(2, '能力评估须由至少两名评估员共同完成').max(5),
  notes: z.string().max(2000).nullish(),
});

export type ScoreInputBody = z.infer<typeof scoreInput>;
export type AssessmentInput = z.infer<typeof assessmentInput>;
