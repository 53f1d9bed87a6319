import { addDays, parseRatio, type Fen, type IsoDate } from '#kernel';
import { cite, need, type AssistanceParams } from './parameters';
import { percent, yuan, type ExplanationStep } from './explain';
import { reviewDueDate } from './review.rules';

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
