import { addDays, parseRatio, type Fen, type IsoDate } from '#kernel';
import { cite, need, type AssistanceParams } from './parameters';
import { percent, yuan, type ExplanationStep } from './explain';
import { reviewDueDate } from './review.rules';
import { countIncome, perCapita, type IncomeLine } from './income.rules';
import { assetsWithinLimits, type AssetFacts } from './assets.rules';
import { dibaoStandard } from './dibao.rules';

/** 低保边缘家庭: per-capita income below the multiple of the standard (compared as exact totals). */
export function isNearDibao(countedFen: Fen, persons: number, standardFen: Fen, p: AssistanceParams): { near: boolean; step: ExplanationStep } {
  const multiple = need(p, 'lowIncome.nearDibao.multiple');
  const { numerator, denominator } = parseRatio(multiple);
  const near = BigInt(countedFen) * BigInt(denominator) < BigInt(numerator) * BigInt(standardFen) * BigInt(persons);
  const limit = `${multiple} × 标准 ${yuan(standardFen)} 元`;
  return {
    near,
    step: {
      text: near ? `人均收入低于 ${limit}，属于低保边缘家庭` : `人均收入不低于 ${limit}，不属于低保边缘家庭`,
      rule: cite(p, 'lowIncome.nearDibao.multiple'), values: { countedFen, persons, standardFen, multiple },
    },
  };
}

export interface RigidExpenseFacts {
  /** household income over the last 12 months */
  incomeLast12MonthsFen: Fen;
  persons: number;
  /** last year's local per-capita disposable income (statistics bureau) */
  perCapitaDisposableIncomeLastYearFen: Fen;
  /** essential medical, education and rehabilitation spending over the last 12 months */
  essentialSpendingLast12MonthsFen: Fen;
  /** the date of recognition */
  on: IsoDate;
}

/**
 * 刚性支出困难家庭: per-capita income below last year's local per-capita disposable income, and
 * essential spending over the last 12 months above a share of income. Valid for N months.
 */
export function rigidExpense(f: RigidExpenseFacts, p: AssistanceParams) {
  const share = need(p, 'lowIncome.rigidExpense.shareOfIncome');
  const validity = need(p, 'lowIncome.rigidExpense.validityMonths');
  const lowIncome = f.incomeLast12MonthsFen < f.perCapitaDisposableIncomeLastYearFen * f.persons;
  const { numerator, denominator } = parseRatio(share);
  const heavy = BigInt(f.essentialSpendingLast12MonthsFen) * BigInt(denominator) > BigInt(numerator) * BigInt(f.incomeLast12MonthsFen);
  const eligible = lowIncome && heavy;
  const steps: ExplanationStep[] = [
    {
      text: `近 12 个月家庭收入 ${yuan(f.incomeLast12MonthsFen)} 元${lowIncome ? '低于' : '不低于'}上年当地人均可支配收入 ${yuan(f.perCapitaDisposableIncomeLastYearFen)} 元 × ${f.persons} 人`,
      rule: '国办发〔2023〕39号', values: { incomeFen: f.incomeLast12MonthsFen },
    },
    {
      text: `近 12 个月刚性支出 ${yuan(f.essentialSpendingLast12MonthsFen)} 元${heavy ? '超过' : '未超过'}家庭收入的 ${percent(share)}`,
      rule: cite(p, 'lowIncome.rigidExpense.shareOfIncome'), values: { spendingFen: f.essentialSpendingLast12MonthsFen, share },
    },
  ];
  // Valid for N months: the last day is the day before the same date N months on.
  const validUntil = eligible ? addDays(reviewDueDate(f.on, validity), -1) : null;
  if (validUntil) steps.push({ text: `认定为刚性支出困难家庭，有效期 ${validity} 个月，至 ${validUntil}`, rule: cite(p, 'lowIncome.rigidExpense.validityMonths') });
  return { eligible, validUntil, explanation: steps };
}

/** A validity of N months from a date: the last day is the day before the same date N months on. */
export function validityPeriod(from: IsoDate, months: number): { validFrom: IsoDate; validTo: IsoDate } {
  return { validFrom: from, validTo: addDays(reviewDueDate(from, months), -1) };
}

export interface NearDibaoFacts {
  urbanRural: 'urban' | 'rural';
  /** members counted in the household */
  persons: number;
  /** monthly income by member (index) and kind; excluded kinds are named and not counted */
  incomes: readonly IncomeLine[];
  assets?: AssetFacts;
  /** the first day of validity */
  on: IsoDate;
}

export interface NearDibaoRecognition {
  eligible: boolean;
  /** 'dibao' when per-capita income is below the dibao standard: the household should apply for dibao */
  outcome: 'near_dibao' | 'dibao' | 'none';
  standardFen: Fen;
  countedFen: Fen;
  perCapitaIncomeFen: Fen;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  explanation: ExplanationStep[];
}

/**
 * 低保边缘家庭认定 (国办发〔2023〕39号): income counted as for dibao, not below the dibao standard (below
 * it the household belongs on dibao) but below the near-dibao multiple of it, assets within the dibao
 * limits. Valid for the parameter's months from the day of recognition.
 */
export function nearDibaoRecognition(f: NearDibaoFacts, p: AssistanceParams): NearDibaoRecognition {
  const { standardFen, step } = dibaoStandard(f.urbanRural, p, f.on.slice(0, 7));
  const income = countIncome(f.incomes, [], need(p, 'dibao.income.excludedKinds'), cite(p, 'dibao.income.excludedKinds'));
  const countedFen = income.countedFen;
  const perCapitaIncomeFen = perCapita(countedFen, f.persons);
  const steps: ExplanationStep[] = [step, ...income.steps, {
    text: `家庭月收入 ${yuan(countedFen)} 元 ÷ ${f.persons} 人 = 人均 ${yuan(perCapitaIncomeFen)} 元/月`,
    rule: '国办发〔2023〕39号', values: { countedFen, persons: f.persons, perCapitaIncomeFen },
  }];
  const base = { standardFen, countedFen, perCapitaIncomeFen, validFrom: null, validTo: null };
  const assets = assetsWithinLimits(f.assets, f.persons, standardFen, {
    financialMonths: need(p, 'dibao.assets.financialMonthsOfStandard'),
    maxVehicles: need(p, 'dibao.assets.maxVehicles'),
    maxExtraHousing: need(p, 'dibao.assets.maxExtraHousing'),
  }, cite(p, 'dibao.assets.financialMonthsOfStandard'));
  steps.push(...assets.steps);
  if (!assets.within) {
    steps.push({ text: '家庭财产超过规定，不属于低保边缘家庭', rule: '国办发〔2023〕39号' });
    return { ...base, eligible: false, outcome: 'none', explanation: steps };
  }
  if (countedFen < standardFen * f.persons) {
    steps.push({ text: `人均收入低于低保标准 ${yuan(standardFen)} 元，符合低保收入条件，应受理低保申请而非认定为低保边缘家庭`, rule: '民发〔2021〕57号', values: { perCapitaIncomeFen, standardFen } });
    return { ...base, eligible: false, outcome: 'dibao', explanation: steps };
  }
  const near = isNearDibao(countedFen, f.persons, standardFen, p);
  steps.push(near.step);
  if (!near.near) return { ...base, eligible: false, outcome: 'none', explanation: steps };
  const months = need(p, 'lowIncome.nearDibao.validityMonths');
  const period = validityPeriod(f.on, months);
  steps.push({ text: `认定为低保边缘家庭，有效期 ${months} 个月：${period.validFrom} 至 ${period.validTo}`, rule: cite(p, 'lowIncome.nearDibao.validityMonths'), values: { months } });
  return { ...base, ...period, eligible: true, outcome: 'near_dibao', explanation: steps };
}
