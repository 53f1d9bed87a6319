import { sumFen, type Fen } from '#kernel';
import { INCOME_KINDS, type IncomeKind } from './calculator.schemas';
import { yuan, type ExplanationStep } from './explain';

export interface IncomeLine { member: number; kind: IncomeKind; monthlyFen: Fen }
export interface DeductionLine { member?: number; kind: 'disability_illness' | 'job_seeking'; monthlyFen: Fen }

export interface CountedIncome {
  /** counted income less deductions, never below zero */
  countedFen: Fen;
  grossCountedFen: Fen;
  excludedFen: Fen;
  deductionsFen: Fen;
  steps: ExplanationStep[];
}

const DEDUCTION_NAMES = { disability_illness: '因残因病增加的刚性支出', job_seeking: '必要的就业成本' } as const;

/**
 * Household (or one person's) monthly income as the rules count it: every item of a counted kind,
 * each excluded item named, then the deductible costs. 民发〔2021〕57号: wage, business, property and
 * transfer income count; the listed kinds do not.
 */
export function countIncome(
  incomes: readonly IncomeLine[],
  deductions: readonly DeductionLine[],
  excludedKinds: readonly string[],
  rule: string,
): CountedIncome {
  const steps: ExplanationStep[] = [];
  const counted = incomes.filter((i) => !excludedKinds.includes(i.kind));
  const excluded = incomes.filter((i) => excludedKinds.includes(i.kind));
  for (const i of counted) {
    steps.push({
      text: `成员${i.member + 1}的${INCOME_KINDS[i.kind]} ${yuan(i.monthlyFen)} 元/月计入家庭收入`,
      rule, values: { member: i.member, monthlyFen: i.monthlyFen },
    });
  }
  for (const i of excluded) {
    steps.push({
      text: `成员${i.member + 1}的${INCOME_KINDS[i.kind]} ${yuan(i.monthlyFen)} 元/月不计入家庭收入`,
      rule, values: { member: i.member, monthlyFen: i.monthlyFen },
    });
  }
  const grossCountedFen = sumFen(counted.map((i) => i.monthlyFen));
  const deductionsFen = sumFen(deductions.map((d) => d.monthlyFen));
  for (const d of deductions) {
    steps.push({
      text: `${d.member === undefined ? '' : `成员${d.member + 1}的`}${DEDUCTION_NAMES[d.kind]} ${yuan(d.monthlyFen)} 元/月从收入中扣减`,
      rule, values: { monthlyFen: d.monthlyFen },
    });
  }
  const countedFen = Math.max(0, grossCountedFen - deductionsFen);
  steps.push({
    text: deductionsFen
      ? `计入收入合计 ${yuan(grossCountedFen)} 元 − 扣减 ${yuan(deductionsFen)} 元 = ${yuan(countedFen)} 元/月${grossCountedFen < deductionsFen ? '（不低于 0）' : ''}`
      : `计入收入合计 ${yuan(countedFen)} 元/月`,
    rule, values: { grossCountedFen, deductionsFen, countedFen },
  });
  return { countedFen, grossCountedFen, excludedFen: sumFen(excluded.map((i) => i.monthlyFen)), deductionsFen, steps };
}

/** Per-capita income for display, rounded down to the fen; eligibility compares totals exactly. */
export const perCapita = (totalFen: Fen, persons: number): Fen => Math.floor(totalFen / persons);
