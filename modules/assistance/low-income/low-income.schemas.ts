// The low-income register's requests, written once: validation, OpenAPI and the service's input types.
import { z } from 'zod';
import { INCOME_KINDS, type IncomeKind } from '../calculator.schemas';

export const CATEGORIES = { near_dibao: '低保边缘家庭', rigid_expense: '刚性支出困难家庭' } as const;
export type Category = keyof typeof CATEGORIES;

/** 有效 · 即将到期（30 日内）· 已过期 · 已注销 */
export const VALIDITY = { valid: '有效', expiring: '即将到期', expired: '已过期', cancelled: '已注销' } as const;
export type Validity = keyof typeof VALIDITY;

const fen = (what: string) => z.number().int('金额须为以分为单位的整数').min(0, '金额不能为负').describe(what);
const incomeKinds = Object.keys(INCOME_KINDS) as [IncomeKind, ...IncomeKind[]];

const nearDibaoFacts = z.object({
  incomes: z.array(z.object({
    personId: z.number().int().positive().describe('收入所属成员（人员编号，须为本户在册成员）'),
    kind: z.enum(incomeKinds).describe('收入项目，同低保'),
    monthlyFen: fen('月收入（分）'),
  })).max(100).describe('家庭成员的月收入，按项目；不计入收入的项目照实填写，计算时排除'),
  assets: z.object({
    financialFen: fen('家庭金融资产合计（分）').default(0),
    vehicles: z.number().int().min(0).default(0).describe('机动车（辆）'),
    extraHousing: z.number().int().min(0).default(0).describe('唯一住房外的住房（套）'),
  }).default({ financialFen: 0, vehicles: 0, extraHousing: 0 }),
});

const rigidExpenseFacts = z.object({
  incomeLast12MonthsFen: fen('近 12 个月家庭总收入（分）'),
  spending: z.object({
    medicalFen: fen('近 12 个月自付医疗费用（分）').default(0),
    educationFen: fen('近 12 个月教育支出（分）').default(0),
    rehabilitationFen: fen('近 12 个月康复支出（分）').default(0),
  }).describe('近 12 个月的刚性支出'),
  perCapitaDisposableIncomeLastYearFen: fen('上年度当地居民人均可支配收入（分，统计部门公布）').refine((v) => v > 0, '请填写上年度当地居民人均可支配收入'),
});

const note = z.string().max(500).nullish().describe('备注（调查情况等）');

export const recognitionInput = z.discriminatedUnion('category', [
  z.object({ category: z.literal('near_dibao'), householdId: z.number().int().positive(), note, ...nearDibaoFacts.shape }),
  z.object({ category: z.literal('rigid_expense'), householdId: z.number().int().positive(), note, ...rigidExpenseFacts.shape }),
]).describe('认定申请：类别、家庭，以及认定所依据的事实');
export type RecognitionInput = z.input<typeof recognitionInput>;
export type RecognitionFacts = z.output<typeof recognitionInput>;

export const renewalInput = z.discriminatedUnion('category', [
  z.object({ category: z.literal('near_dibao'), note, ...nearDibaoFacts.shape }),
  z.object({ category: z.literal('rigid_expense'), note, ...rigidExpenseFacts.shape }),
]).describe('续期：按复核时的事实重新计算');
export type RenewalInput = z.input<typeof renewalInput>;
export type RenewalFacts = z.output<typeof renewalInput>;

export const cancelInput = z.object({ reason: z.string().trim().min(2, '请填写注销原因').max(500) });

export const listQuery = z.object({
  divisionCode: z.string().regex(/^\d{4,12}$/, '区划代码应为数字').optional().describe('区划（县、乡镇或村），本辖区内'),
  category: z.enum(Object.keys(CATEGORIES) as [Category, ...Category[]]).optional(),
  validity: z.enum(Object.keys(VALIDITY) as [Validity, ...Validity[]]).optional()
    .describe('valid 有效（含即将到期）· expiring 30 日内到期 · expired 已过期 · cancelled 已注销；不填为未注销的全部'),
  q: z.string().max(50).optional().describe('户主姓名'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ListQuery = z.output<typeof listQuery>;
