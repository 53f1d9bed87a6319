import { describe, expect, it } from 'vitest';
import { yamlParams } from './parameters.fixture';
import { isNearDibao, nearDibaoRecognition, rigidExpense, validityPeriod } from './low-income.rules';

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

const P2020 = yamlParams('2020-06');

describe('低保边缘家庭认定: counted income from the standard up to 1.5 × it, assets within limits', () => {
  // 2020 rural standard 418 yuan: a household of two between 836 and 1,254 yuan a month.
  const facts = (monthlyFen: number, extra: object = {}) => ({
    urbanRural: 'rural' as const, persons: 2, on: '2020-06-15',
    incomes: [{ member: 0, kind: 'wage' as const, monthlyFen }], ...extra,
  });
  it.each([
    ['one fen below the standard', 2 * 41800 - 1, 'dibao'],
    ['exactly at the standard', 2 * 41800, 'near_dibao'],
    ['one fen below 1.5 ×', 2 * 62700 - 1, 'near_dibao'],
    ['exactly at 1.5 ×', 2 * 62700, 'none'],
  ])('income %s gives %s', (_, income, outcome) => {
    const r = nearDibaoRecognition(facts(income), P2020);
    expect(r.outcome).toBe(outcome);
    expect(r.eligible).toBe(outcome === 'near_dibao');
  });
  it('does not count excluded income, and names it', () => {
    const r = nearDibaoRecognition(facts(2 * 41800, { incomes: [{ member: 0, kind: 'wage', monthlyFen: 2 * 41800 }, { member: 1, kind: 'scholarship', monthlyFen: 100000 }] }), P2020);
    expect(r).toMatchObject({ outcome: 'near_dibao', countedFen: 2 * 41800, perCapitaIncomeFen: 41800 });
    expect(r.explanation.some((s) => s.text.includes('不计入家庭收入'))).toBe(true);
  });
  it('refuses a household with a second vehicle', () => {
    expect(nearDibaoRecognition(facts(2 * 50000, { assets: { vehicles: 2 } }), P2020).outcome).toBe('none');
  });
  it('is valid for the parameter\'s 12 months, to the day before the same date next year', () => {
    expect(nearDibaoRecognition(facts(2 * 50000), P2020)).toMatchObject({ validFrom: '2020-06-15', validTo: '2021-06-14' });
    expect(validityPeriod('2024-02-29', 12)).toEqual({ validFrom: '2024-02-29', validTo: '2025-02-27' });
  });
});
