import { describe, expect, it } from 'vitest';
import { calculate } from './calculator.rules';
import type { CalculationInput } from './calculator.schemas';
import { yamlParams } from './parameters.fixture';

const P2020 = yamlParams('2020-06');
const temporaryCase = (months: number, approvingLevel: 'township' | 'county', persons = 2): CalculationInput => ({
  programme: 'temporary', divisionCode: '140321100201', urbanRural: 'rural', month: '2020-06',
  members: Array.from({ length: persons }, () => ({ age: 40 })), temporary: { kind: 'emergency', months, approvingLevel },
});

describe('temporary assistance: standard × persons × months, capped by the approving level', () => {
  it.each([
    ['township approves 2 months itself', 2, 'township', 2, 'township'],
    ['township approves up to its cap of 3', 3, 'township', 3, 'township'],
    ['township asked for 5: paid 3, the rest needs the county', 5, 'township', 3, 'county'],
    ['county approves 5', 5, 'county', 5, 'county'],
    ['county approves at most 6', 8, 'county', 6, 'county'],
    ['county approving 2 months stays within the township cap', 2, 'county', 2, 'township'],
  ] as const)('%s', (_, months, level, paidMonths, required) => {
    const r = calculate(temporaryCase(months, level), P2020);
    expect(r).toMatchObject({ eligible: true, category: 'temporary', monthlyAmountFen: 2 * 41800, totalAmountFen: 2 * 41800 * paidMonths, requiredApprovingLevel: required });
  });

  it('explains the township cap', () => {
    const r = calculate(temporaryCase(5, 'township'), P2020);
    expect(r.explanation.map((s) => s.text)).toContain('乡镇（街道）可审批至 3 个月，按 3 个月计算；超过部分须报县级民政部门审批');
    expect(r.explanation.at(-1)?.text).toBe('临时救助金额：标准 418 元 × 2 人 × 3 个月 = 2508 元');
  });
});
