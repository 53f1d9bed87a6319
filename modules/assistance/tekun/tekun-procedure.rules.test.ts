import { describe, expect, it } from 'vitest';
import { calculate } from '../calculator.rules';
import { yamlParams } from '../parameters.fixture';
import { careGradeOf, tekunParts, type CareGrade } from './tekun-procedure.rules';

const all = { eating: true, dressing: true, transferring: true, toileting: true, walking: true, bathing: true };

describe('民发〔2021〕43号: the care grade from six daily-living abilities', () => {
  it.each<[string, Partial<typeof all>, CareGrade, number]>([
    ['all six managed', {}, 'self_caring', 0],
    ['bathing lost', { bathing: false }, 'partly_dependent', 1],
    ['bathing and walking lost', { bathing: false, walking: false }, 'partly_dependent', 2],
    ['three lost', { bathing: false, walking: false, toileting: false }, 'fully_dependent', 3],
    ['all six lost', { eating: false, dressing: false, transferring: false, toileting: false, walking: false, bathing: false }, 'fully_dependent', 6],
  ])('%s → %s', (_, lost, grade, n) => {
    const r = careGradeOf({ ...all, ...lost });
    expect(r.grade).toBe(grade);
    expect(r.unable).toHaveLength(n);
  });

  it('names the abilities lost in the record', () => {
    expect(careGradeOf({ ...all, bathing: false, walking: false }).text).toBe('六项指标中2 项不能完成（室内自主行走、自主洗澡）：部分丧失生活自理能力');
  });
});

describe('grade → care standard, paid beside the basic standard', () => {
  // 2020 Yangquan: urban basic 9,200 yuan/year; care = monthly minimum wage × 10 % / 25 % / 50 %
  const P = yamlParams('2020-06');
  const wage = P.values['minimumWage.monthly'] as number;
  const run = (careGrade: CareGrade, mode: 'home_based' | 'institutional' = 'home_based', urbanRural: 'urban' | 'rural' = 'urban') => calculate({
    programme: 'tekun', divisionCode: '140321100201', urbanRural, month: '2020-06', members: [{ age: 72 }],
    tekun: { mode, careGrade, supporters: [] },
  }, P);

  it.each<[CareGrade, string]>([['self_caring', '0.1'], ['partly_dependent', '0.25'], ['fully_dependent', '0.5']])('%s: care = minimum wage × %s', (grade, share) => {
    const parts = tekunParts(run(grade));
    expect(parts.basicFen).toBe(Math.round(920000 / 12));
    expect(parts.careFen).toBe(Math.round(wage * Number(share)));
    expect(parts.basicFen + parts.careFen).toBe(run(grade).monthlyAmountFen);
  });

  it('uses the rural institutional basic standard for centralised support', () => {
    expect(tekunParts(run('self_caring', 'institutional', 'rural')).basicFen).toBe(Math.round(910000 / 12));
    expect(tekunParts(run('self_caring', 'home_based', 'rural')).basicFen).toBe(Math.round(670000 / 12));
  });

  it('refuses to split a calculation that is not an eligible tekun one', () => {
    const refused = calculate({ programme: 'tekun', divisionCode: '140321100201', urbanRural: 'urban', month: '2020-06', members: [{ age: 40 }], tekun: { mode: 'home_based', careGrade: 'self_caring', supporters: [] } }, P);
    expect(() => tekunParts(refused)).toThrow();
  });
});
