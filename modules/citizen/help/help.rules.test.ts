import { describe, expect, it } from 'vitest';
import { calculationInput } from '#assistance';
import { candidateInputs, helpAnswers } from './help.rules';

const household = { divisionCode: '140321100201', urbanRural: 'rural' as const, ages: [67] };
const answers = (over: object = {}) => helpAnswers.parse({ monthlyIncomeYuan: 250.5, ...over });

describe('which help may I have: the calculator inputs', () => {
  it('always estimates dibao from the household, the income in fen and the assets', () => {
    const [dibao, ...rest] = candidateInputs({ ...household, ages: [45, 43, 14] }, answers({ savingsYuan: 3000 }), '2026-11');
    expect(rest).toEqual([]);
    expect(dibao.programme).toBe('dibao');
    expect(dibao.input).toMatchObject({
      programme: 'dibao', month: '2026-11', members: [{ age: 45 }, { age: 43 }, { age: 14 }],
      incomes: [{ member: 0, kind: 'wage', monthlyFen: 25050 }], assets: { financialFen: 300000, vehicles: 0, extraHousing: 0 },
    });
    expect(calculationInput.safeParse(dibao.input).success).toBe(true);
  });

  it('adds tekun only for someone alone, unable to work and without supporters', () => {
    const alone = candidateInputs(household, answers({ cannotWork: true, noSupporters: true }), '2026-11');
    expect(alone.map((c) => c.programme)).toEqual(['dibao', 'tekun']);
    expect(calculationInput.safeParse(alone[1].input).success).toBe(true);
    expect(candidateInputs({ ...household, ages: [67, 40] }, answers({ cannotWork: true, noSupporters: true }), '2026-11').map((c) => c.programme)).toEqual(['dibao']);
    expect(candidateInputs(household, answers({ cannotWork: true }), '2026-11').map((c) => c.programme)).toEqual(['dibao']);
  });

  it('adds temporary assistance for a sudden hardship (emergency) or a large expense (expenditure)', () => {
    const sudden = candidateInputs(household, answers({ suddenHardship: true }), '2026-11').find((c) => c.programme === 'temporary')!;
    expect(sudden.input.temporary).toMatchObject({ kind: 'emergency' });
    const costly = candidateInputs(household, answers({ bigExpense: true }), '2026-11').find((c) => c.programme === 'temporary')!;
    expect(costly.input.temporary).toMatchObject({ kind: 'expenditure' });
    expect(calculationInput.safeParse(costly.input).success).toBe(true);
  });
});
