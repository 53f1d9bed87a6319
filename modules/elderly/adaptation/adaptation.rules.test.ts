import { describe, expect, it } from 'vitest';
import { adaptationEligibility, type AdaptationFacts } from './adaptation.rules';

const none: AdaptationFacts = { age: 70, dibao: false, tekun: false, lowIncome: false, disabled: false, level: null };

describe('home adaptation eligibility (民发〔2020〕86号)', () => {
  it.each<[string, Partial<AdaptationFacts>, boolean, string[]]>([
    ['dibao and 80', { age: 80, dibao: true }, true, ['dibao', 'advanced_age']],
    ['dibao and 79', { age: 79, dibao: true }, false, ['dibao']],
    ['tekun and disabled', { tekun: true, disabled: true }, true, ['tekun', 'disabled']],
    ['low-income and mildly incapacitated', { lowIncome: true, level: 1 }, true, ['low_income', 'incapacitated']],
    ['low-income, capable (level 0)', { lowIncome: true, level: 0 }, false, ['low_income']],
    ['90 and disabled but not in difficulty', { age: 90, disabled: true }, false, ['advanced_age', 'disabled']],
    ['under 60 with everything', { age: 59, dibao: true, disabled: true }, false, ['dibao', 'disabled']],
    ['nothing', {}, false, []],
  ])('%s → %s', (_, over, eligible, grounds) => {
    const r = adaptationEligibility({ ...none, ...over });
    expect(r.eligible).toBe(eligible);
    expect(r.grounds).toEqual(grounds);
  });

  it('says which half is missing', () => {
    expect(adaptationEligibility({ ...none, age: 85 }).reason).toContain('不属于低保');
    expect(adaptationEligibility({ ...none, dibao: true }).reason).toContain('高龄');
  });
});
