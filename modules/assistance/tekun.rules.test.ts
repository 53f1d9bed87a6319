import { describe, expect, it } from 'vitest';
import { calculate } from './calculator.rules';
import type { CalculationInput, Member } from './calculator.schemas';
import { sumSteps } from './explain';
import { yamlParams } from './parameters.fixture';
import { noWorkCapacity, validateTekunStandard } from './tekun.rules';

const P2020 = yamlParams('2020-06');
type Tekun = NonNullable<CalculationInput['tekun']>;
const tekunCase = (member: Member, tekun: Partial<Tekun> = {}, over: Partial<CalculationInput> = {}): CalculationInput => ({
  programme: 'tekun', divisionCode: '140321100201', urbanRural: 'urban', month: '2020-06', members: [member],
  tekun: { mode: 'home_based', careGrade: 'self_caring', supporters: [], ...tekun }, ...over,
});

describe('国发〔2016〕14号: the tekun basic standard is at least 1.3 × the annualised dibao standard', () => {
  it('accepts 9,157 yuan against an urban standard of 587 (587 × 12 × 1.3 = 9,157.2 → 9,157)', () => {
    expect(() => validateTekunStandard({ tekunAnnualFen: 915700, dibaoMonthlyFen: 58700, multiple: '1.3', area: '城市' })).not.toThrow();
  });

  it('refuses 9,156 yuan, naming both figures', () => {
    expect(() => validateTekunStandard({ tekunAnnualFen: 915600, dibaoMonthlyFen: 58700, multiple: '1.3', area: '城市' })).toThrow(
      expect.objectContaining({
        code: 'TEKUN_STANDARD_TOO_LOW', status: 422,
        message: '城市特困人员基本生活标准 9156 元/年低于低保标准 587 元/月 × 12 × 1.3 = 9157 元/年，不予保存',
      }),
    );
  });

  it.each([
    ['rural 418 → 6,521', 41800, 652100, true],
    ['rural 418, one yuan less', 41800, 652000, false],
    ['Yangquan 2020 urban 9,200 against 587', 58700, 920000, true],
    ['Yangquan 2020 rural home-based 6,700 against 418', 41800, 670000, true],
  ])('%s', (_, dibao, tekun, ok) => {
    const check = () => validateTekunStandard({ tekunAnnualFen: tekun, dibaoMonthlyFen: dibao, multiple: '1.3', area: '农村' });
    if (ok) expect(check).not.toThrow(); else expect(check).toThrow(expect.objectContaining({ code: 'TEKUN_STANDARD_TOO_LOW' }));
  });
});

describe('民发〔2021〕43号: no capacity to work', () => {
  it.each([
    ['aged 60', { age: 60 }, true],
    ['aged 59', { age: 59 }, false],
    ['a minor of 17', { age: 17 }, true],
    ['18 and still at senior high school', { age: 18, schooling: 'senior_secondary' }, true],
    ['18 at university', { age: 18, schooling: 'higher' }, false],
    ['intellectual disability grade 3', { age: 40, disabilityKind: 'intellectual', disabilityGrade: 3 }, true],
    ['psychiatric disability grade 3', { age: 40, disabilityKind: 'psychiatric', disabilityGrade: 3 }, true],
    ['intellectual disability grade 4', { age: 40, disabilityKind: 'intellectual', disabilityGrade: 4 }, false],
    ['physical disability grade 2', { age: 40, disabilityKind: 'physical', disabilityGrade: 2 }, true],
    ['physical disability grade 3', { age: 40, disabilityKind: 'physical', disabilityGrade: 3 }, false],
    ['visual disability grade 1', { age: 40, disabilityKind: 'visual', disabilityGrade: 1 }, true],
    ['visual disability grade 2', { age: 40, disabilityKind: 'visual', disabilityGrade: 2 }, false],
    ['hearing disability grade 1', { age: 40, disabilityKind: 'hearing', disabilityGrade: 1 }, false],
  ] as [string, Member, boolean][])('%s: %s', (_, m, none) => {
    expect(noWorkCapacity(m) !== null).toBe(none);
  });
});

describe('tekun: all three conditions', () => {
  it.each([
    ['no supporter at all', [], true],
    ['a supporter who is tekun', [{ status: 'tekun' }], true],
    ['supporters in prison and missing', [{ status: 'in_prison' }, { status: 'missing' }], true],
    ['one supporter able to support', [{ status: 'dibao_aged_60' }, { status: 'able' }], false],
  ] as [string, Tekun['supporters'], boolean][])('an elderly person with %s: %s', (_, supporters, eligible) => {
    expect(calculate(tekunCase({ age: 72 }, { supporters }), P2020).eligible).toBe(eligible);
  });

  it('refuses a person who can work', () => {
    expect(calculate(tekunCase({ age: 45 }), P2020)).toMatchObject({ eligible: false, category: 'none' });
  });

  it('refuses income at the dibao standard, but does not count the excluded kinds', () => {
    const wage = (monthlyFen: number) => [{ member: 0, kind: 'wage' as const, monthlyFen }];
    expect(calculate(tekunCase({ age: 72 }, {}, { incomes: wage(58700) }), P2020).eligible).toBe(false);
    expect(calculate(tekunCase({ age: 72 }, {}, { incomes: wage(58699) }), P2020).eligible).toBe(true);
    const excluded = ['basic_residents_pension', 'social_insurance_benefit', 'special_care_pension', 'longevity_allowance'] as const;
    const r = calculate(tekunCase({ age: 72 }, {}, { incomes: excluded.map((kind) => ({ member: 0, kind, monthlyFen: 100000 })) }), P2020);
    expect(r).toMatchObject({ eligible: true, householdIncomeFen: 0 });
  });

  it('supports an orphan as an orphan, not as tekun', () => {
    expect(calculate(tekunCase({ age: 9 }, { orphan: true }), P2020)).toMatchObject({ eligible: false, category: 'none' });
  });
});

describe('tekun amounts: basic standard ÷ 12 plus care by grade (shares of the monthly minimum wage)', () => {
  // 2020: urban 9,200/year → 766.67/month; sample minimum wage 1,700: 10 % 170, 25 % 425, 50 % 850.
  it.each([
    ['self_caring', 17000],
    ['partly_dependent', 42500],
    ['fully_dependent', 85000],
  ] as const)('urban, %s: 766.67 + care %i fen', (careGrade, care) => {
    const r = calculate(tekunCase({ age: 75 }, { careGrade }), P2020);
    expect(r).toMatchObject({ eligible: true, category: 'tekun', monthlyAmountFen: 76667 + care });
    expect(sumSteps(r.explanation)).toBe(r.monthlyAmountFen);
  });

  it.each([
    ['home_based', 55833],
    ['institutional', 75833],
  ] as const)('rural %s uses its own basic standard', (mode, basic) => {
    const r = calculate(tekunCase({ age: 75 }, { mode }, { urbanRural: 'rural' }), P2020);
    expect(r.monthlyAmountFen).toBe(basic + 17000);
  });

  it('lists the minimum wage as a sample parameter', () => {
    const r = calculate(tekunCase({ age: 75 }), P2020);
    expect(r.parameters.find((s) => s.key === 'minimumWage.monthly')?.isSample).toBe(true);
    expect(r.parameters.find((s) => s.key === 'tekun.basicStandard.urban')?.isSample).toBe(false);
  });
});
