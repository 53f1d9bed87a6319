// Intake and step inputs of an application, written once: validation, OpenAPI and the step forms.
import { z } from 'zod';
import { DISABILITY_KINDS, INCOME_KINDS, SCHOOLING, SUPPORTER_STATUS, type DisabilityKind, type IncomeKind } from './calculator.schemas';

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

/** Each programme's own checklist (民发〔2021〕57号, 民发〔2021〕43号, 国发〔2014〕47号). */
export const REQUIRED_DOCUMENTS_BY_PROGRAMME: Record<Programme, Partial<Record<DocumentCode, string>>> = {
  dibao: REQUIRED_DOCUMENTS,
  tekun: {
    application_form: '特困人员救助供养申请书（本人或代理人签字）',
    household_register: '户口簿',
    id_cards: '申请人身份证',
    income_statement: '本人收入及财产申报表',
    supporter_statement: '法定赡养、抚养、扶养义务人情况及履行能力说明',
  },
  temporary: {
    application_form: '临时救助申请书（申请人签字）',
    id_cards: '申请人身份证',
    hardship_proof: '困难情况证明（火灾、事故证明或医疗、教育等支出票据）',
  },
};
export const OPTIONAL_DOCUMENTS = {
  disability_certificate: '残疾人证',
  medical_records: '重特大疾病诊断证明',
  student_certificate: '在校证明',
  other: '其他证明材料',
} as const;
const EXTRA_DOCUMENTS = {
  supporter_statement: '法定义务人情况及履行能力说明',
  hardship_proof: '困难情况证明',
} as const;
export type DocumentCode = keyof typeof REQUIRED_DOCUMENTS | keyof typeof OPTIONAL_DOCUMENTS | keyof typeof EXTRA_DOCUMENTS;
const documentCodes = [...Object.keys(REQUIRED_DOCUMENTS), ...Object.keys(EXTRA_DOCUMENTS), ...Object.keys(OPTIONAL_DOCUMENTS)] as [DocumentCode, ...DocumentCode[]];

/** 生活自理能力 (民发〔2021〕43号): six daily-living abilities; true = the person manages it alone. */
export const CARE_ABILITIES = {
  eating: '自主吃饭', dressing: '自主穿衣', transferring: '自主上下床', toileting: '自主如厕', walking: '室内自主行走', bathing: '自主洗澡',
} as const;
export type CareAbility = keyof typeof CARE_ABILITIES;
export const careAssessment = z.object(
  Object.fromEntries(Object.entries(CARE_ABILITIES).map(([k, v]) => [k, z.boolean().describe(`${v}（能独立完成则勾选）`)])) as Record<CareAbility, z.ZodBoolean>,
).describe('生活自理能力评估：六项指标');

/** 特困人员: what only a tekun application records (the applicant's own facts and supporters). */
export const tekunDetails = z.object({
  mode: z.enum(['home_based', 'institutional']).describe('供养方式：home_based 分散供养 · institutional 集中供养'),
  disabilityKind: z.enum(Object.keys(DISABILITY_KINDS) as [DisabilityKind, ...DisabilityKind[]]).optional().describe('残疾类别（残疾人证）'),
  disabilityGrade: z.number().int().min(1).max(4).optional().describe('残疾等级 1–4'),
  schooling: z.enum(SCHOOLING).optional().describe('在学情况'),
  supporters: z.array(z.object({
    name: z.string().min(1).max(50).describe('义务人姓名'),
    relation: z.string().min(1).max(30).describe('与申请人关系'),
    status: z.enum(SUPPORTER_STATUS).describe('履行能力：able 有能力 · 其余为无履行能力的情形'),
  })).default([]).describe('法定赡养、抚养、扶养义务人；空表示无义务人'),
  orphan: z.boolean().default(false).describe('符合孤儿认定条件（按孤儿保障，不纳入特困）'),
  careAssessment: careAssessment.optional().describe('申请时自述的生活自理能力（调查时评估确认）'),
}).refine((d) => (d.disabilityKind === undefined) === (d.disabilityGrade === undefined), { message: '残疾类别和残疾等级须同时填写', path: ['disabilityGrade'] })
  .describe('特困人员申请信息');

export type TekunDetails = z.output<typeof tekunDetails>;

export const TEMPORARY_CAUSES = {
  fire: '火灾', accident: '交通事故等意外', sudden_illness: '突发重大疾病', disaster: '自然灾害',
  medical: '医疗支出', education: '教育支出', other: '其他',
} as const;
/** 临时救助: the kind, cause and size of the need. */
export const temporaryDetails = z.object({
  kind: z.enum(['emergency', 'expenditure']).describe('emergency 急难型（可先行救助） · expenditure 支出型'),
  cause: z.enum(Object.keys(TEMPORARY_CAUSES) as [keyof typeof TEMPORARY_CAUSES, ...(keyof typeof TEMPORARY_CAUSES)[]]).describe('困难原因'),
  description: z.string().min(1, '请说明困难情况').max(2000).describe('困难情况说明'),
  months: z.number().int().min(1).max(120).describe('申请救助的月数（按低保标准计）'),
  expenseFen: fen('已发生的刚性支出（分），支出型填写').optional(),
}).describe('临时救助申请信息');
export type TemporaryDetails = z.output<typeof temporaryDetails>;

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
  tekun: tekunDetails.optional().describe('programme 为 tekun 时必填'),
  temporary: temporaryDetails.optional().describe('programme 为 temporary 时必填'),
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
