import { describe, expect, it } from 'vitest';
import { yamlParams } from './parameters.fixture';
import { isCoveredGroup, priceSubsidy, priceTrigger } from './price-linkage.rules';

const P2022 = yamlParams('2022-06');

describe('发改价格〔2021〕1553号: trigger when CPI ≥ 3.5 % or food CPI ≥ 6 %', () => {
  it.each([
    ['CPI 3.5 % exactly', '0.035', '0.01', 'cpi'],
    ['CPI 3.4 %', '0.034', '0.01', null],
    ['food CPI 6 % exactly', '0.02', '0.06', 'foodCpi'],
    ['food CPI 5.9 %', '0.02', '0.059', null],
    ['both, food higher', '0.036', '0.061', 'foodCpi'],
    ['both, CPI higher', '0.07', '0.065', 'cpi'],
  ])('%s → %s', (_, cpi, foodCpi, index) => {
    const t = priceTrigger({ cpi, foodCpi }, P2022);
    expect(t.triggered).toBe(index !== null);
    expect(t.index).toBe(index);
  });

  it.each([
    ['2022-08', false],
    ['2022-09', true],
    ['2023-03', true],
    ['2023-04', false],
  ])('CPI 3.0 %% in %s triggers only in the lowered period Sept 2022 – Mar 2023: %s', (month, triggered) => {
    expect(priceTrigger({ cpi: '0.03', foodCpi: '0' }, yamlParams(month)).triggered).toBe(triggered);
  });
});

describe('amount per person: the dibao standard × the rise, rounded to whole yuan', () => {
  const trigger = (cpi: string, foodCpi = '0') => priceTrigger({ cpi, foodCpi }, P2022);
  it.each([
    ['587 × 3.5 % = 20.545 → 21', 58700, '0.035', 2100],
    ['418 × 3.5 % = 14.63 → 15', 41800, '0.035', 1500],
    ['620 × 4 % = 24.8 → 25', 62000, '0.04', 2500],
    ['470 × 3.6 % = 16.92 → 17', 47000, '0.036', 1700],
    ['400 × 3.6 % = 14.4 → 14', 40000, '0.036', 1400],
  ])('%s', (_, standard, cpi, fen) => {
    expect(priceSubsidy(standard, trigger(cpi), P2022).amountFen).toBe(fen);
  });

  it('rounds once, straight to yuan (14.4995 stays 14, not 14.50 → 15)', () => {
    expect(priceSubsidy(41428, trigger('0.035'), P2022).amountFen).toBe(1400);
  });

  it('rounds down when the rounding parameter says so', () => {
    const p = yamlParams('2022-06', '140321100201', { 'priceLinkage.rounding': 'down' });
    expect(priceSubsidy(58700, priceTrigger({ cpi: '0.035', foodCpi: '0' }, p), p).amountFen).toBe(2000);
  });

  it('uses the food rise when food triggered higher, and explains it', () => {
    const s = priceSubsidy(58700, trigger('0.036', '0.08'), P2022);
    expect(s).toMatchObject({ amountFen: 4700, step: { text: '价格临时补贴：低保标准 587 元 × 食品价格涨幅 8% = 46.96 元，取整为 47 元/人', amountFen: 4700 } });
  });

  it('pays nothing when not triggered', () => {
    expect(priceSubsidy(58700, trigger('0.02'), P2022).amountFen).toBe(0);
  });

  it.each([['dibao', true], ['tekun', true], ['orphan', true], ['unemployment_benefit', true], ['near_dibao', false]])('covers %s: %s', (group, covered) => {
    expect(isCoveredGroup(group, P2022)).toBe(covered);
  });
});
