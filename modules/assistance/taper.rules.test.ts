import { describe, expect, it } from 'vitest';
import { yamlParams } from './parameters.fixture';
import { taperPayment, taperSchedule } from './taper.rules';

const P2022 = yamlParams('2022-06');

describe('渐退期: up to 6 months on the schedule 100/100/80/80/60/60 %', () => {
  it('pays a household that got 654 yuan: 654, 654, 523.20, 523.20, 392.40, 392.40', () => {
    expect(taperSchedule(65400, P2022).map((t) => t.amountFen)).toEqual([65400, 65400, 52320, 52320, 39240, 39240]);
  });

  it.each([[1, 65400], [3, 52320], [6, 39240], [7, 0]])('month %i pays %i fen', (month, fen) => {
    expect(taperPayment(65400, month, P2022)).toBe(fen);
  });

  it('rounds each month half-up to the fen and explains it', () => {
    const [, , third] = taperSchedule(333, P2022);
    expect(third).toMatchObject({ amountFen: 266, explanation: { text: '渐退期第 3 个月：原低保金 3.33 元 × 80% = 2.66 元' } });
  });

  it('follows a shorter taper when the parameter is lowered', () => {
    const p = yamlParams('2022-06', '140321100201', { 'dibao.taper.maxMonths': 3 });
    expect(taperSchedule(10000, p).map((t) => t.amountFen)).toEqual([10000, 10000, 8000]);
  });
});
