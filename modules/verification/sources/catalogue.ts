// 十类核对数据来源: the departments the plan names (三(二)1), what each may tell us, and the adapter
// each uses out of the box. Administrators switch a source to a file exchange or an HTTP interface
// once the department connects; the simulated department answers from the demo world meanwhile.

/** The kinds of finding kept: only what the report, the batch comparison or a monitoring rule needs. */
export const FINDING_KINDS = {
  death: '死亡',
  income: '收入',
  pension: '养老金',
  unemployment: '失业登记',
  medical_expense: '医疗自付费用',
  property: '不动产',
  vehicle: '机动车',
  business: '市场主体',
  housing_fund: '住房公积金缴存',
  deposit: '存款',
  securities: '证券',
} as const;
export type FindingKind = keyof typeof FINDING_KINDS;

export type AdapterKind = 'file' | 'http' | 'simulated';
export const ADAPTER_KINDS: Record<AdapterKind, string> = { file: '文件交换', http: 'HTTP 接口', simulated: '模拟部门' };

export interface SourceSpec {
  code: string;
  name: string;
  department: string;
  kinds: readonly FindingKind[];
  adapter: AdapterKind;
}

// Codes follow assistance's VERIFICATION_SOURCES, so a report's findings read the same in the case.
export const SOURCE_CATALOGUE: readonly SourceSpec[] = [
  { code: 'household_registration', name: '户籍及生存状态', department: '公安机关', kinds: ['death'], adapter: 'simulated' },
  { code: 'social_insurance', name: '社会保险缴费及养老金', department: '人力资源和社会保障部门', kinds: ['income', 'pension', 'unemployment'], adapter: 'simulated' },
  { code: 'medical_insurance', name: '医疗保险及大额自付费用', department: '医疗保障部门', kinds: ['medical_expense'], adapter: 'simulated' },
  { code: 'real_estate', name: '不动产登记', department: '自然资源部门', kinds: ['property'], adapter: 'simulated' },
  { code: 'vehicles', name: '机动车登记', department: '公安交警部门', kinds: ['vehicle'], adapter: 'simulated' },
  { code: 'business_registration', name: '市场主体登记', department: '市场监管部门', kinds: ['business'], adapter: 'simulated' },
  { code: 'housing_fund', name: '住房公积金', department: '住房公积金管理中心', kinds: ['housing_fund'], adapter: 'simulated' },
  { code: 'tax', name: '纳税及申报收入', department: '税务部门', kinds: ['income'], adapter: 'simulated' },
  { code: 'bank_deposits', name: '银行存款及证券', department: '金融机构', kinds: ['deposit', 'securities'], adapter: 'simulated' },
  { code: 'death_cremation', name: '火化及死亡记录', department: '殡葬服务机构', kinds: ['death'], adapter: 'simulated' },
];

export const sourceSpec = (code: string) => SOURCE_CATALOGUE.find((s) => s.code === code);

/** Kinds that count as monthly income in a report; kinds that are assets (amount in fen). */
export const INCOME_KINDS: ReadonlySet<string> = new Set(['income', 'pension', 'housing_fund']);
export const FINANCIAL_KINDS: ReadonlySet<string> = new Set(['deposit', 'securities']);
