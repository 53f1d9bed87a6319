import { describe, expect, it } from 'vitest';
import type { CalculationInput } from './calculator.schemas';
import { yamlParams } from './parameters.fixture';
import { previewStandardChange } from './preview.rules';

const household = (incomeFen: number, members = 2): CalculationInput => ({
  programme: 'dibao', divisionCode: '140321100201', urbanRural: 'rural', month: '2020-06',
  members: Array.from({ length: members }, () => ({ age: 40 })),
  incomes: [{ member: 0, kind: 'wage', monthlyFen: incomeFen }],
});

describe('what-if preview of a new standard against active cases', () => {
  const cases = [household(0), household(40000), household(83000), household(88000)];
  const old = yamlParams('2020-06', '140321100201', { 'dibao.floor.shareOfStandard': '0' });

  it('raising the rural standard 418 → 450 raises every case and brings one new household in', () => {
    const next = yamlParams('2020-06', '140321100201', { 'dibao.floor.shareOfStandard': '0', 'dibao.standard.rural': 45000 });
    expect(previewStandardChange(cases, old, next)).toEqual({
      households: 4, householdsChanged: 4, increase: 4, decrease: 0, unchanged: 0, newlyEligible: 1, noLongerEligible: 0,
      oldMonthlyTotalFen: 83600 + 43600 + 600, newMonthlyTotalFen: 90000 + 50000 + 7000 + 2000, deltaFen: 149000 - 127800,
    });
  });

  it('a floor of 20 % changes only the household whose gap is below it', () => {
    const next = yamlParams('2020-06');
    const r = previewStandardChange(cases, old, next);
    expect(r).toMatchObject({ householdsChanged: 1, increase: 1, unchanged: 3, deltaFen: 2 * 8360 - 600 });
  });

  it('takes a per-case lookup for cases in several divisions', () => {
    const r = previewStandardChange(cases, () => old, () => old);
    expect(r).toMatchObject({ householdsChanged: 0, unchanged: 4, deltaFen: 0 });
  });
});
