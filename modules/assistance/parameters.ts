// The assistance parameters: which keys the rules read, how each value is checked, and the
// resolution of one division's values (with optional overrides) into the plain object rules take.
import { parseRatio, type IsoDate, type ParameterTable, type ResolvedParameter, type Rounding } from '#kernel';
import { parameterInvalid, parameterMissing } from './errors';

type Decoder<T> = (v: unknown) => T;

const fen: Decoder<number> = (v) => {
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new Error('应为以分为单位的非负整数');
  return v as number;
};
const count: Decoder<number> = (v) => {
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new Error('应为非负整数');
  return v as number;
};
const ratio: Decoder<string> = (v) => {
  if (typeof v !== 'string' || v.startsWith('-')) throw new Error("比例应写成文本，如 '0.2'");
  parseRatio(v);
  return v;
};
const oneOf = <T extends string>(...allowed: T[]): Decoder<T> => (v) => {
  if (!allowed.includes(v as T)) throw new Error(`应为 ${allowed.join(' / ')} 之一`);
  return v as T;
};
const list = <T,>(item: Decoder<T>): Decoder<T[]> => (v) => {
  if (!Array.isArray(v)) throw new Error('应为列表');
  return v.map(item);
};
const text: Decoder<string> = (v) => {
  if (typeof v !== 'string' || !v) throw new Error('应为文本');
  return v;
};
export interface Band { incomeBelow: string; pay: string }
const band: Decoder<Band> = (v) => {
  const b = v as Band;
  if (!b || typeof b !== 'object') throw new Error('每一档应为 {incomeBelow, pay}');
  return { incomeBelow: ratio(b.incomeBelow), pay: ratio(b.pay) };
};

/** Every parameter the assistance rules read, with its Chinese title and its check. */
export const ASSISTANCE_PARAMETERS = {
  'dibao.standard.urban': { title: '城市最低生活保障标准', decode: fen },
  'dibao.standard.rural': { title: '农村最低生活保障标准', decode: fen },
  'dibao.amount.mode': { title: '低保金计算方式', decode: oneOf('gap', 'banded') },
  'dibao.amount.bands': { title: '分档救助档次', decode: list(band) },
  'dibao.floor.shareOfStandard': { title: '低保金保底比例', decode: ratio },
  'dibao.addOn.elderly': { title: '老年人分类加发比例', decode: ratio },
  'dibao.addOn.minor': { title: '未成年人分类加发比例', decode: ratio },
  'dibao.addOn.severeDisability': { title: '重度残疾人分类加发比例', decode: ratio },
  'dibao.addOn.seriousIllness': { title: '重病患者分类加发比例', decode: ratio },
  'dibao.addOn.elderlyMinAge': { title: '分类施保老年人起始年龄', decode: count },
  'dibao.addOn.combine': { title: '多重分类加发方式', decode: oneOf('highest', 'sum') },
  'dibao.singlePerson.shareOfStandard': { title: '单人保发放比例', decode: ratio },
  'dibao.income.excludedKinds': { title: '低保不计入收入的项目', decode: list(text) },
  'dibao.assets.financialMonthsOfStandard': { title: '人均金融资产上限（月标准的倍数）', decode: count },
  'dibao.assets.maxVehicles': { title: '机动车数量上限', decode: count },
  'dibao.assets.maxExtraHousing': { title: '唯一住房外住房套数上限', decode: count },
  'dibao.taper.maxMonths': { title: '渐退期上限', decode: count },
  'dibao.taper.schedule': { title: '渐退期各月发放比例', decode: list(ratio) },
  'dibao.review.intervalMonths.stable': { title: '收入稳定家庭复核周期', decode: count },
  'dibao.review.intervalMonths.irregularIncome': { title: '收入不固定家庭复核周期', decode: count },
  'tekun.basicStandard.urban': { title: '城市特困人员基本生活标准', decode: fen },
  'tekun.basicStandard.ruralHomeBased': { title: '农村分散供养特困人员基本生活标准', decode: fen },
  'tekun.basicStandard.ruralInstitutional': { title: '农村集中供养特困人员基本生活标准', decode: fen },
  'tekun.basicStandard.minMultipleOfDibao': { title: '特困基本生活标准不低于低保标准的倍数', decode: ratio },
  'tekun.careShare.selfCaring': { title: '照料护理标准（生活自理）', decode: ratio },
  'tekun.careShare.partlyDependent': { title: '照料护理标准（部分失能）', decode: ratio },
  'tekun.careShare.fullyDependent': { title: '照料护理标准（完全失能）', decode: ratio },
  'tekun.income.excludedKinds': { title: '特困不计入收入的项目', decode: list(text) },
  'tekun.assets.financialMonthsOfStandard': { title: '特困人员金融资产上限（月标准的倍数）', decode: count },
  'minimumWage.monthly': { title: '月最低工资标准', decode: fen },
  'temporary.months.max': { title: '临时救助月数上限', decode: count },
  'temporary.months.townshipMax': { title: '乡镇审批临时救助月数上限', decode: count },
  'lowIncome.nearDibao.multiple': { title: '低保边缘家庭收入倍数', decode: ratio },
  'lowIncome.nearDibao.validityMonths': { title: '低保边缘家庭认定有效期', decode: count },
  'lowIncome.rigidExpense.shareOfIncome': { title: '刚性支出占收入比例', decode: ratio },
  'lowIncome.rigidExpense.validityMonths': { title: '刚性支出困难家庭认定有效期', decode: count },
  'priceLinkage.threshold.cpi': { title: 'CPI 启动条件', decode: ratio },
  'priceLinkage.threshold.foodCpi': { title: '食品价格启动条件', decode: ratio },
  'priceLinkage.coveredGroups': { title: '价格临时补贴发放对象', decode: list(text) },
  'priceLinkage.rounding': { title: '价格临时补贴取整方式', decode: oneOf<Rounding>('half-up', 'half-even', 'down', 'up') },
} as const;

export type ParamKey = keyof typeof ASSISTANCE_PARAMETERS;
export type ParamValues = { [K in ParamKey]: ReturnType<(typeof ASSISTANCE_PARAMETERS)[K]['decode']> };
export const ASSISTANCE_PARAMETER_KEYS = Object.keys(ASSISTANCE_PARAMETERS) as ParamKey[];

export const isAssistanceKey = (key: string): key is ParamKey => Object.hasOwn(ASSISTANCE_PARAMETERS, key);

/** Where a value came from, so an answer can show it and flag samples. */
export interface ParameterSource {
  key: ParamKey;
  title: string;
  value: unknown;
  divisionCode: string;
  effectiveFrom: IsoDate | null;
  effectiveTo: IsoDate | null;
  isSample: boolean;
  source: string | null;
  overridden: boolean;
}

/** One division's parameters in force on one date: what every rule takes. */
export interface AssistanceParams {
  divisionCode: string;
  date: IsoDate;
  values: Partial<ParamValues>;
  sources: Partial<Record<ParamKey, ParameterSource>>;
}

/** Checks one value against its key's rule; a bad value is a coded error naming the key. */
export function decodeParameter<K extends ParamKey>(key: K, value: unknown, field = `parameterOverrides.${key}`): ParamValues[K] {
  try {
    return ASSISTANCE_PARAMETERS[key].decode(value) as ParamValues[K];
  } catch (e) {
    throw parameterInvalid(key, (e as Error).message, field);
  }
}

/** Resolves every assistance key for a division from a table, then applies what-if overrides. */
export function resolveAssistanceParams(
  table: ParameterTable,
  divisionCode: string,
  overrides: Record<string, unknown> = {},
): AssistanceParams {
  const p: AssistanceParams = { divisionCode, date: table.date, values: {}, sources: {} };
  for (const key of ASSISTANCE_PARAMETER_KEYS) {
    const found = table.find(key, divisionCode);
    if (found) setValue(p, key, found);
  }
  return withOverrides(p, overrides);
}

function setValue(p: AssistanceParams, key: ParamKey, found: ResolvedParameter) {
  (p.values as Record<string, unknown>)[key] = decodeParameter(key, found.value);
  p.sources[key] = {
    key, title: ASSISTANCE_PARAMETERS[key].title, value: found.value, divisionCode: found.row.divisionCode,
    effectiveFrom: found.row.effectiveFrom, effectiveTo: found.row.effectiveTo, isSample: found.row.isSample,
    source: found.row.source, overridden: false,
  };
}

/** A copy of `p` with some values replaced (what-if); unknown keys are refused. */
export function withOverrides(p: AssistanceParams, overrides: Record<string, unknown>): AssistanceParams {
  const next: AssistanceParams = { ...p, values: { ...p.values }, sources: { ...p.sources } };
  for (const [key, value] of Object.entries(overrides)) {
    if (!isAssistanceKey(key)) throw parameterInvalid(key, '不是救助计算使用的参数');
    (next.values as Record<string, unknown>)[key] = decodeParameter(key, value);
    next.sources[key] = {
      key, title: ASSISTANCE_PARAMETERS[key].title, value, divisionCode: p.divisionCode,
      effectiveFrom: null, effectiveTo: null, isSample: false, source: '本次试算临时设定', overridden: true,
    };
  }
  return next;
}

/** A value the rule cannot do without. */
export function need<K extends ParamKey>(p: AssistanceParams, key: K): ParamValues[K] {
  const v = p.values[key];
  if (v === undefined) throw parameterMissing(key, ASSISTANCE_PARAMETERS[key].title, p.divisionCode);
  return v as ParamValues[K];
}

/** The rule reference for a value: its key, and its source document or that it is a sample. */
export function cite(p: AssistanceParams, key: ParamKey): string {
  const s = p.sources[key];
  if (!s) return key;
  if (s.overridden) return `${key}（试算设定）`;
  return `${key}（${s.isSample ? '示例参数，待替换' : s.source ?? '参数'}）`;
}
