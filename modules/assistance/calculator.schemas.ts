// The calculator's request and answer, written once: validation, OpenAPI and the rules' input types.
import { z } from 'zod';

export const INCOME_KINDS = {
  wage: '工资性收入',
  business: '家庭经营净收入',
  property: '财产净收入',
  transfer: '转移净收入（赡养费、赠与等）',
  social_insurance_benefit: '社会保险待遇（如职工基本养老金）',
  longevity_allowance: '高龄津贴',
  scholarship: '奖学金',
  special_care_pension: '优待抚恤金',
  family_planning_reward: '计划生育奖励与扶助金',
  bravery_award: '见义勇为等奖励性补助',
  assistance: '社会救助款物',
  basic_residents_pension: '城乡居民基本养老保险基础养老金',
} as const;
export type IncomeKind = keyof typeof INCOME_KINDS;
const incomeKinds = Object.keys(INCOME_KINDS) as [IncomeKind, ...IncomeKind[]];

export const DISABILITY_KINDS = {
  visual: '视力残疾', hearing: '听力残疾', speech: '言语残疾', physical: '肢体残疾',
  intellectual: '智力残疾', psychiatric: '精神残疾', multiple: '多重残疾',
} as const;
export type DisabilityKind = keyof typeof DISABILITY_KINDS;

export const SCHOOLING = ['none', 'preschool', 'primary', 'junior_secondary', 'senior_secondary', 'vocational', 'higher'] as const;
export const SUPPORTER_STATUS = [
  'able', 'tekun', 'dibao_aged_60', 'aged_70_low_income', 'severely_disabled_low_income', 'incapacitated', 'missing', 'in_prison',
] as const;

const fen = (what: string) => z.number().int('金额须为以分为单位的整数').min(0, '金额不能为负').describe(what);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

export const member = z.object({
  age: z.number().int().min(0).max(150).describe('周岁，按计算月份'),
  disabilityKind: z.enum(Object.keys(DISABILITY_KINDS) as [DisabilityKind, ...DisabilityKind[]]).optional()
    .describe('残疾类别（残疾人证）：visual 视力 · hearing 听力 · speech 言语 · physical 肢体 · intellectual 智力 · psychiatric 精神 · multiple 多重（多重残疾按定级的主要类别填写）'),
  disabilityGrade: z.number().int().min(1, '残疾等级为 1–4 级').max(4, '残疾等级为 1–4 级').optional().describe('残疾等级 1–4（1 级最重）'),
  seriousIllness: z.boolean().optional().describe('患有本地认定的重特大疾病'),
  schooling: z.enum(SCHOOLING).optional()
    .describe('在学情况：none · preschool 学前 · primary 小学 · junior_secondary 初中 · senior_secondary 高中 · vocational 中职 · higher 高等教育（本科及以下全日制）'),
  workCapacity: z.enum(['full', 'partial', 'none']).optional().describe('劳动能力：full 完全 · partial 部分 · none 无'),
}).refine((m) => (m.disabilityKind === undefined) === (m.disabilityGrade === undefined), {
  message: '残疾类别和残疾等级须同时填写', path: ['disabilityGrade'],
}).describe('家庭成员（计入共同生活的家庭成员）');

export const income = z.object({
  member: z.number().int().min(0).describe('收入所属成员在 members 中的序号（从 0 开始）'),
  kind: z.enum(incomeKinds).describe(`收入项目：${Object.entries(INCOME_KINDS).map(([k, v]) => `${k} ${v}`).join(' · ')}`),
  monthlyFen: fen('月收入（分）'),
}).describe('一项收入，按月计（分）');

export const deduction = z.object({
  member: z.number().int().min(0).optional().describe('支出所属成员序号'),
  kind: z.enum(['disability_illness', 'job_seeking']).describe('disability_illness 因残因病增加的刚性支出 · job_seeking 必要的就业成本'),
  monthlyFen: fen('月支出（分）'),
}).describe('可从家庭收入中扣减的必要支出');

export const assets = z.object({
  financialFen: fen('存款、有价证券、基金、商业保险、债权、互联网金融资产合计（分）').default(0),
  vehicles: z.number().int().min(0).default(0).describe('机动车数量（不含残疾人功能性补偿代步车和生产经营必需车辆）'),
  extraHousing: z.number().int().min(0).default(0).describe('唯一住房以外的住房套数'),
}).describe('家庭财产（基本生活和生产必需的财产不填）');

export const tekunCase = z.object({
  applicant: z.number().int().min(0).default(0).describe('申请人在 members 中的序号'),
  mode: z.enum(['home_based', 'institutional']).describe('home_based 分散供养 · institutional 集中供养'),
  careGrade: z.enum(['self_caring', 'partly_dependent', 'fully_dependent'])
    .describe('生活自理能力（吃饭、穿衣、上下床、如厕、室内行走、洗澡六项评估）：self_caring 全自理 · partly_dependent 部分自理 · fully_dependent 完全不能自理'),
  supporters: z.array(z.object({ status: z.enum(SUPPORTER_STATUS) })).default([])
    .describe('法定赡养、抚养、扶养义务人；空表示无义务人。status: able 有能力 · tekun 特困人员 · dibao_aged_60 60 周岁以上低保对象 · aged_70_low_income 70 周岁以上且收入低于上年人均可支配收入 · severely_disabled_low_income 重度残疾且收入低 · incapacitated 无民事行为能力 · missing 失踪 · in_prison 服刑'),
  orphan: z.boolean().default(false).describe('符合孤儿认定条件（按孤儿保障，不纳入特困）'),
}).describe('特困人员认定补充信息');

export const temporaryCase = z.object({
  kind: z.enum(['emergency', 'expenditure']).describe('emergency 急难型 · expenditure 支出型'),
  months: z.number().int().min(1).max(120).describe('申请救助的月数（按低保标准计）'),
  approvingLevel: z.enum(['township', 'county']).describe('审批层级：township 乡镇（街道） · county 县级'),
}).describe('临时救助补充信息');

export const calculationInput = z.object({
  programme: z.enum(['dibao', 'tekun', 'temporary']).describe('dibao 最低生活保障 · tekun 特困人员救助供养 · temporary 临时救助'),
  divisionCode: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, '区划代码应为 6、9 或 12 位数字').describe('户籍所在区划代码（县、乡镇或村级）'),
  urbanRural: z.enum(['urban', 'rural']).describe('城乡分类：urban 城市 · rural 农村'),
  month: month.describe('计算月份 YYYY-MM，取当月 1 日在用的参数'),
  members: z.array(member).min(1, '至少一名家庭成员').max(30),
  incomes: z.array(income).default([]),
  deductions: z.array(deduction).default([]),
  assets: assets.optional(),
  irregularIncome: z.boolean().optional().describe('收入来源不固定（用于确定复核周期）'),
  tekun: tekunCase.optional().describe('programme 为 tekun 时必填'),
  temporary: temporaryCase.optional().describe('programme 为 temporary 时必填'),
  parameterOverrides: z.record(z.string(), z.unknown()).optional()
    .describe('试算用的临时参数（不保存），如 {"dibao.standard.rural": 45000, "dibao.floor.shareOfStandard": "0.3"}'),
}).superRefine((v, ctx) => {
  v.incomes?.forEach((i, n) => {
    if (i.member >= v.members.length) ctx.addIssue({ code: 'custom', path: ['incomes', n, 'member'], message: `没有序号为 ${i.member} 的成员` });
  });
  v.deductions?.forEach((d, n) => {
    if (d.member !== undefined && d.member >= v.members.length) ctx.addIssue({ code: 'custom', path: ['deductions', n, 'member'], message: `没有序号为 ${d.member} 的成员` });
  });
  if (v.programme === 'tekun' && !v.tekun) ctx.addIssue({ code: 'custom', path: ['tekun'], message: '特困人员认定须填写供养方式和自理能力' });
  if (v.tekun && v.tekun.applicant >= v.members.length) ctx.addIssue({ code: 'custom', path: ['tekun', 'applicant'], message: '申请人序号超出成员范围' });
  if (v.programme === 'temporary' && !v.temporary) ctx.addIssue({ code: 'custom', path: ['temporary'], message: '临时救助须填写类型、月数和审批层级' });
});

export type CalculationInput = z.input<typeof calculationInput>;
export type Member = z.input<typeof member>;
export type IncomeItem = z.input<typeof income>;
export type Assets = z.input<typeof assets>;

const step = z.object({
  text: z.string().describe('这一步的中文说明，含所用数字'),
  rule: z.string().describe('依据：文件或参数名及其来源'),
  values: z.record(z.string(), z.union([z.number(), z.string()])).optional().describe('这一步用到的数（金额为分）'),
  amountFen: z.number().int().optional().describe('这一步计入月救助金的金额（分）；各步之和等于 monthlyAmountFen'),
});

const source = z.object({
  key: z.string(), title: z.string(), value: z.unknown(), divisionCode: z.string(),
  effectiveFrom: z.string().nullable(), effectiveTo: z.string().nullable(),
  isSample: z.boolean().describe('示例参数（非公布数据，待替换）'), source: z.string().nullable(),
  overridden: z.boolean().describe('本次试算临时设定'),
});

export const calculationResult = z.object({
  programme: z.enum(['dibao', 'tekun', 'temporary']),
  eligible: z.boolean().describe('是否符合条件'),
  category: z.enum(['dibao', 'near_dibao', 'tekun', 'temporary', 'none'])
    .describe('dibao 低保 · near_dibao 低保边缘（不发低保金，可单人保） · tekun 特困 · temporary 临时救助 · none 不符合'),
  inclusion: z.enum(['household', 'single_person']).optional().describe('低保纳入方式：整户 / 单人保'),
  membersCounted: z.number().int().describe('计入家庭人口数'),
  membersPaid: z.number().int().describe('享受救助的人数'),
  standardFen: z.number().int().describe('适用的低保标准（元/人·月，以分计）'),
  householdIncomeFen: z.number().int().describe('计入的家庭月收入（已扣除可扣减支出，分）'),
  perCapitaIncomeFen: z.number().int().describe('家庭月人均收入（分，向下取整到分）'),
  monthlyAmountFen: z.number().int().describe('月救助金额（分）；临时救助为每月折算额'),
  totalAmountFen: z.number().int().optional().describe('临时救助一次性救助总额（分）'),
  addOnsFen: z.number().int().optional().describe('分类施保加发合计（分）'),
  reviewIntervalMonths: z.number().int().optional().describe('低保复核周期（月）'),
  requiredApprovingLevel: z.enum(['township', 'county']).optional().describe('临时救助所需的审批层级'),
  explanation: z.array(step).describe('按顺序的计算步骤'),
  parameters: z.array(source).describe('所用参数及其来源行'),
});
export type CalculationResult = z.infer<typeof calculationResult>;
