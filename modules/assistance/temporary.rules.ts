import type { CalculationInput } from './calculator.schemas';
import { countIncome, perCapita } from './income.rules';
import { dibaoStandard } from './dibao.rules';
import { cite, need, type AssistanceParams } from './parameters';
import { yuan, type ExplanationStep } from './explain';
import type { Outcome } from './outcome';

export const R_TEMP = '《社会救助暂行办法》临时救助；国发〔2014〕47号';
const KIND_NAME = { emergency: '急难型', expenditure: '支出型' } as const;

export type TemporaryInput = Pick<CalculationInput, 'urbanRural' | 'members' | 'incomes' | 'deductions'> & {
  temporary: NonNullable<CalculationInput['temporary']>;
  month?: string;
};

/**
 * Temporary assistance: standard × persons × months. Months are capped; the township may approve up to
 * its own lower cap, and anything above needs the county.
 */
export function temporary(input: TemporaryInput, p: AssistanceParams): Outcome {
  const t = input.temporary;
  const n = input.members.length;
  const { standardFen, step } = dibaoStandard(input.urbanRural, p, input.month);
  const income = countIncome(input.incomes ?? [], input.deductions ?? [], need(p, 'dibao.income.excludedKinds'), cite(p, 'dibao.income.excludedKinds'));
  const steps: ExplanationStep[] = [step, { text: `${KIND_NAME[t.kind]}临时救助，由审批层级核定金额，可先行救助`, rule: R_TEMP }];

  const max = need(p, 'temporary.months.max');
  const townshipMax = need(p, 'temporary.months.townshipMax');
  let months = t.months;
  if (months > max) {
    steps.push({ text: `申请 ${months} 个月，超过上限 ${max} 个月，按 ${max} 个月计算；更大金额须“一事一议”`, rule: cite(p, 'temporary.months.max'), values: { requested: months, max } });
    months = max;
  }
  const requiredApprovingLevel = months > townshipMax ? 'county' : 'township';
  if (t.approvingLevel === 'township' && months > townshipMax) {
    steps.push({
      text: `乡镇（街道）可审批至 ${townshipMax} 个月，按 ${townshipMax} 个月计算；超过部分须报县级民政部门审批`,
      rule: cite(p, 'temporary.months.townshipMax'), values: { months, townshipMax },
    });
    months = townshipMax;
  } else {
    steps.push({
      text: `${months} 个月${months > townshipMax ? `超过乡镇审批权限 ${townshipMax} 个月，由县级审批` : `在乡镇审批权限 ${townshipMax} 个月以内`}`,
      rule: cite(p, 'temporary.months.townshipMax'), values: { months, townshipMax },
    });
  }
  const monthlyAmountFen = standardFen * n;
  const totalAmountFen = monthlyAmountFen * months;
  steps.push({
    text: `临时救助金额：标准 ${yuan(standardFen)} 元 × ${n} 人 × ${months} 个月 = ${yuan(totalAmountFen)} 元`,
    rule: R_TEMP, values: { standardFen, persons: n, months }, amountFen: monthlyAmountFen,
  });
  return {
    eligible: true, category: 'temporary', membersCounted: n, membersPaid: n, standardFen,
    householdIncomeFen: income.countedFen, perCapitaIncomeFen: perCapita(income.countedFen, n),
    monthlyAmountFen, totalAmountFen, requiredApprovingLevel, explanation: steps,
  };
}
