// Intake and step inputs of an application, written once: validation, OpenAPI and the step forms.
import { z } from 'zod';
import { INCOME_KINDS, type IncomeKind } from './calculator.schemas';

const incomeKinds = Object.keys(INCOME_KINDS) as [IncomeKind, ...IncomeKind[]];
const id = z.number().int().positive();
const fen = (what: string) => z.number().int('金额须为以分为单位的整数').min(0, '金额不能为负').describe(what);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '文件摘要应为 64 位十六进制（先上传文件）');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const PROGRAMMES = { dibao: '最低生活保障', tekun: '特困人员救助供养', temporary: '临时救助' } as const;
export type Programme = keyof typeof PROGRAMMES;

/** 申请材料: what every dibao application carries; everything missing is named at once. */
export const REQUIRED_DOCUMENTS = {
  application_form: '低保申请书（申请人签字）',
  household_register: '户口簿',
  id_cards: '共同生活家庭成员身份证',
  income_statement: '家庭收入及财产申报表',
} as const;
export const OPTIONAL_DOCUMENTS = {
  disability_certificate: '残疾人证',
  medical_records: '重特大疾病诊断证明',
  student_certificate: '在校证明',
  other: '其他证明材料',
} as const;
export type DocumentCode = keyof typeof REQUIRED_DOCUMENTS | keyof typeof OPTIONAL_DOCUMENTS;
const documentCodes = [...Object.keys(REQUIRED_DOCUMENTS), ...Object.keys(OPTIONAL_DOCUMENTS)] as [DocumentCode, ...DocumentCode[]];

export const intakeMember = z.object({
  personId: id,
  included: z.boolean().describe('是否计入共同生活家庭成员'),
  reason: z.string().max(200).optional().describe('不计入的原因（如服刑、宗教场所居住三年以上）'),
});

export const consent = z.discriminatedUnion('kind', [
  z.object({ personId: id, kind: z.literal('signed_form'), fileSha256: sha256.describe('已上传的签字授权书') }),
  z.object({
    personId: id, kind: z.literal('electronic'),
    confirmedBy: z.string().min(1).max(100).describe('确认人（本人或监护人）'),
    confirmedAt: z.string().datetime({ offset: true }).describe('确认时间'),
  }),
]).describe('家庭经济状况核对授权');

export const applicationInput = z.object({
  programme: z.enum(Object.keys(PROGRAMMES) as [Programme, ...Programme[]]).describe('dibao 低保 · tekun 特困 · temporary 临时救助'),
  householdId: id,
  applicantPersonId: id,
  members: z.array(intakeMember).min(1).describe('现有家庭成员逐一列明是否计入'),
  incomes: z.array(z.object({ personId: id, kind: z.enum(incomeKinds), monthlyFen: fen('月收入（分）') })).default([]),
  assets: z.object({
    financialFen: fen('金融资产合计（分）').default(0),
    vehicles: z.number().int().min(0).default(0),
    extraHousing: z.number().int().min(0).default(0),
  }).default({ financialFen: 0, vehicles: 0, extraHousing: 0 }),
  consents: z.array(consent).default([]),
  documents: z.array(z.object({ code: z.enum(documentCodes), fileSha256: sha256.optional() })).default([]),
});
export type ApplicationInput = z.input<typeof applicationInput>;
export type ParsedApplication = z.output<typeof applicationInput>;

export const VERIFICATION_SOURCES = {
  household_registration: '户籍', tax: '税务', social_insurance: '社会保险', real_estate: '不动产', business_registration: '市场主体登记',
  housing_fund: '住房公积金', vehicles: '车辆', bank_deposits: '银行存款', commercial_insurance: '商业保险', securities: '证券',
  marriage: '婚姻登记', death_cremation: '死亡火化', medical_insurance: '医疗保险',
} as const;
type Source = keyof typeof VERIFICATION_SOURCES;

/** Stands in for the verification report until the verification service lands. */
export const manualVerification = z.object({
  reportNo: z.string().max(60).optional(),
  sources: z.array(z.object({
    source: z.enum(Object.keys(VERIFICATION_SOURCES) as [Source, ...Source[]]),
    finding: z.string().min(1).max(500),
    monthlyIncomeFen: fen('该来源核实的月收入（分）').optional(),
    assetsFen: fen('该来源核实的财产（分）').optional(),
  })).min(1, '至少填写一个核对来源的结果'),
  incomes: z.array(z.object({ personId: id, kind: z.enum(incomeKinds), monthlyFen: fen('核实月收入（分）') })).optional()
    .describe('核实后的收入（替代申报收入用于计算）；不填则按申报'),
  totals: z.object({
    monthlyIncomeFen: fen('核实家庭月收入合计（分）'),
    financialAssetsFen: fen('核实金融资产合计（分）'),
    vehicles: z.number().int().min(0).default(0),
    extraHousing: z.number().int().min(0).default(0),
  }),
});

export const homeVisit = z.object({
  visitedOn: isoDate,
  investigators: z.array(z.object({ userId: id.optional(), name: z.string().min(1).max(50), signed: z.literal(true, '调查人员须签字') })).min(2, '入户调查须至少两名工作人员'),
  findings: z.object({
    housing: z.string().min(1).max(500).describe('住房情况'),
    livingConditions: z.string().min(1).max(500).describe('生活状况'),
    incomeMatchesDeclaration: z.boolean().describe('收入与申报是否一致'),
    notes: z.string().max(2000).optional(),
  }),
});

export const communityReview = z.object({ heldOn: isoDate, participants: z.number().int().min(1), outcome: z.string().min(1).max(1000) });
export const objectionInput = z.object({ objection: z.string().min(1).max(2000), raisedBy: z.string().max(100).optional() });
export const refusalInput = z.object({ reasons: z.string().min(1).max(2000) });
export const reviewRequestInput = z.object({ grounds: z.string().min(1).max(2000) });
