import { describe, expect, it } from 'vitest';
import { yamlParams } from './parameters.fixture';
import { isNearDibao, rigidExpense } from './low-income.rules';

const P2022 = yamlParams('2022-06');

describe('低保边缘家庭: per-capita income below 1.5 × the standard', () => {
  it.each([
    ['at 1.5 × exactly', 3 * 62700, false],
    ['one fen below 1.5 ×', 3 * 62700 - 1, true],
    ['at the standard', 3 * 41800, true],
  ])('a household of three with income %s: %s', (_, income, near) => {
    expect(isNearDibao(income, 3, 41800, P2022).near).toBe(near);
  });
});

describe('刚性支出困难家庭: low income and essential spending above 70 % of it, valid 12 months', () => {
  const facts = { incomeLast12MonthsFen: 3_000_000, persons: 3, perCapitaDisposableIncomeLastYearFen: 2_000_000, essentialSpendingLast12MonthsFen: 2_100_001, on: '2022-06-15' };
  it('recognises the household until the day before the same date next year', () => {
    expect(rigidExpense(facts, P2022)).toMatchObject({ eligible: true, validUntil: '2023-06-14' });
  });
  it('refuses spending of exactly 70 % of income', () => {
    expect(rigidExpense({ ...facts, essentialSpendingLast12MonthsFen: 2_100_000 }, P2022).eligible).toBe(false);
  });
  it('refuses income at last year\'s per-capita disposable income', () => {
    expect(rigidExpense({ ...facts, incomeLast12MonthsFen: 6_000_000, essentialSpendingLast12MonthsFen: 5_000_000 }, P2022).eligible).toBe(false);
  });
});
