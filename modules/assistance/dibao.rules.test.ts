import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calculate } from './calculator.rules';
import type { CalculationInput, IncomeKind, Member } from './calculator.schemas';
import { sumSteps } from './explain';
import { yamlParams } from './parameters.fixture';

const P2020 = yamlParams('2020-06');
const adult = (age = 40): Member => ({ age });
const dibaoCase = (over: Partial<CalculationInput> = {}): CalculationInput => ({
  programme: 'dibao', divisionCode: '140321100201', urbanRural: 'rural', month: '2020-06', members: [adult(), adult()], ...over,
});
const wage = (monthlyFen: number, member = 0) => ({ member, kind: 'wage' as const, monthlyFen });
// No floor, no add-ons: the bare gap payment of 民发〔2021〕57号.
const bare = yamlParams('2020-06', '140321100201', { 'dibao.floor.shareOfStandard': '0' });

describe('Yangquan 2020 standards (urban 587, rural 418)', () => {
  it.each([
    ['rural', 41800, 2 * 41800 - 30000],
    ['urban', 58700, 2 * 58700 - 30000],
  ] as const)('a %s household of two earning 300 yuan gets the gap to %i fen each', (urbanRural, standardFen, amount) => {
    const r = calculate(dibaoCase({ urbanRural, incomes: [wage(30000)] }), P2020);
    expect(r).toMatchObject({ eligible: true, category: 'dibao', standardFen, perCapitaIncomeFen: 15000, monthlyAmountFen: amount });
  });

  it('answers the issue example: 418 rural, wage counted, scholarship not, add-ons for the disabled and the child', () => {
    const r = calculate(dibaoCase({
      members: [{ age: 44 }, { age: 41, disabilityKind: 'physical', disabilityGrade: 2 }, { age: 12, schooling: 'primary' }],
      incomes: [wage(60000), { member: 2, kind: 'scholarship', monthlyFen: 50000 }],
    }), P2020);
    expect(r).toMatchObject({ eligible: true, category: 'dibao', perCapitaIncomeFen: 20000, addOnsFen: 2 * 4180, monthlyAmountFen: 65400 + 2 * 4180 });
    expect(r.explanation.map((s) => s.text)).toContain('差额救助：（标准 418 − 人均收入 200）= 218 元/人 × 3 人 = 654 元');
    expect(r.explanation.some((s) => s.text.includes('奖学金 500 元/月不计入家庭收入'))).toBe(true);
    expect(r.parameters.find((s) => s.key === 'dibao.standard.rural')).toMatchObject({ isSample: false, effectiveFrom: '2020-01-01' });
  });

  it('uses the 2016 standards for a month in 2016 (rural 268)', () => {
    expect(calculate(dibaoCase(), yamlParams('2016-06')).standardFen).toBe(26800);
  });

  it('flags the 2021 standard as a sample parameter', () => {
    const r = calculate(dibaoCase(), yamlParams('2021-06'));
    expect(r.parameters.find((s) => s.key === 'dibao.standard.rural')).toMatchObject({ isSample: true, value: 47000 });
    expect(r.explanation[0].rule).toContain('示例参数');
  });
});

describe('民发〔2021〕57号: eligible only when per-capita income is strictly below the standard', () => {
  it.each([
    ['equal to the standard', 2 * 41800, false],
    ['one fen below the standard', 2 * 41800 - 1, true],
    ['one fen above the standard', 2 * 41800 + 1, false],
    ['no income at all', 0, true],
  ])('refuses or enrols a household with income %s', (_, income, eligible) => {
    const r = calculate(dibaoCase({ incomes: [wage(income)] }), bare);
    expect(r.eligible).toBe(eligible);
    expect(r.category).toBe(eligible ? 'dibao' : 'near_dibao');
  });

  it('pays one fen when income is one fen below, and explains the refusal at equality', () => {
    expect(calculate(dibaoCase({ incomes: [wage(2 * 41800 - 1)] }), bare).monthlyAmountFen).toBe(1);
    const refused = calculate(dibaoCase({ incomes: [wage(2 * 41800)] }), bare);
    expect(refused.monthlyAmountFen).toBe(0);
    expect(refused.explanation.map((s) => s.text)).toContain('人均收入 418 元等于标准 418 元，不符合收入条件（须低于标准）');
  });

  it('decides on exact totals: 3 persons at 1253.99 yuan is below 3 × 418 though the per-capita rounds to 418', () => {
    const r = calculate(dibaoCase({ members: [adult(), adult(), adult()], incomes: [wage(3 * 41800 - 1)] }), bare);
    expect(r).toMatchObject({ eligible: true, perCapitaIncomeFen: 41799, monthlyAmountFen: 1 });
  });
});

describe('民发〔2021〕57号: excluded income', () => {
  const EXCLUDED: [IncomeKind, string][] = [
    ['scholarship', '奖学金'], ['special_care_pension', '优待抚恤金'], ['family_planning_reward', '计划生育奖励与扶助金'],
    ['bravery_award', '见义勇为等奖励性补助'], ['assistance', '社会救助款物'], ['basic_residents_pension', '城乡居民基本养老保险基础养老金'],
  ];
  it.each(EXCLUDED)('does not count %s, and names it in the explanation', (kind, name) => {
    const r = calculate(dibaoCase({ incomes: [wage(20000), { member: 1, kind, monthlyFen: 100000 }] }), bare);
    expect(r).toMatchObject({ eligible: true, householdIncomeFen: 20000, monthlyAmountFen: 2 * 41800 - 20000 });
    expect(r.explanation.map((s) => s.text)).toContain(`成员2的${name} 1000 元/月不计入家庭收入`);
  });

  it.each(['wage', 'business', 'property', 'transfer'] as const)('counts %s income', (kind) => {
    expect(calculate(dibaoCase({ incomes: [{ member: 0, kind, monthlyFen: 20000 }] }), bare).householdIncomeFen).toBe(20000);
  });

  it('deducts disability/illness costs and job-seeking costs, never below zero income', () => {
    const r = calculate(dibaoCase({
      incomes: [wage(90000)],
      deductions: [{ member: 1, kind: 'disability_illness', monthlyFen: 5000 }, { kind: 'job_seeking', monthlyFen: 3000 }],
    }), bare);
    expect(r).toMatchObject({ householdIncomeFen: 82000, eligible: true, monthlyAmountFen: 2 * 41800 - 82000 });
    expect(calculate(dibaoCase({ deductions: [{ kind: 'job_seeking', monthlyFen: 3000 }] }), bare).householdIncomeFen).toBe(0);
  });
});

describe('assets within limits', () => {
  it.each([
    ['financial assets at the limit (24 months of the standard per person)', { financialFen: 24 * 41800 * 2 }, true],
    ['one fen over the financial limit', { financialFen: 24 * 41800 * 2 + 1 }, false],
    ['a car', { vehicles: 1 }, false],
    ['a second home', { extraHousing: 1 }, false],
  ])('%s', (_, assets, eligible) => {
    const r = calculate(dibaoCase({ assets }), P2020);
    expect(r.eligible).toBe(eligible);
    if (!eligible) expect(r.category).toBe('none');
  });
});

describe('classified add-ons (分类施保) and the floor (保底)', () => {
  it.each([
    ['an elderly person (60)', { age: 60 }, 4180],
    ['a person of 59', { age: 59 }, 0],
    ['a minor (17)', { age: 17 }, 4180],
    ['grade 2 disability', { age: 40, disabilityKind: 'hearing', disabilityGrade: 2 }, 4180],
    ['grade 3 disability', { age: 40, disabilityKind: 'hearing', disabilityGrade: 3 }, 0],
    ['a serious illness', { age: 40, seriousIllness: true }, 4180],
    ['an elderly, severely disabled person (highest, not summed)', { age: 70, disabilityKind: 'physical', disabilityGrade: 1 }, 4180],
  ] as [string, Member, number][])('adds 10 %% of the standard for %s', (_, m, addOn) => {
    const r = calculate(dibaoCase({ members: [adult(), m] }), P2020);
    expect(r.addOnsFen).toBe(addOn);
    expect(r.monthlyAmountFen).toBe(2 * 41800 + addOn);
  });

  it('sums the categories when the parameter says so', () => {
    const p = yamlParams('2020-06', '140321100201', { 'dibao.addOn.combine': 'sum', 'dibao.addOn.seriousIllness': '0.05' });
    const r = calculate(dibaoCase({ members: [{ age: 70, seriousIllness: true }] }), p);
    expect(r.addOnsFen).toBe(4180 + 2090);
  });

  it('tops the gap up to 20 % of the standard per person', () => {
    const r = calculate(dibaoCase({ incomes: [wage(2 * 41800 - 100)] }), P2020);
    expect(r.monthlyAmountFen).toBe(2 * 8360);
    expect(r.explanation.find((s) => s.text.startsWith('不足保底金额'))?.amountFen).toBe(2 * 8360 - 100);
  });

  it('adds nothing to a gap already above the floor', () => {
    const r = calculate(dibaoCase({ incomes: [wage(40000)] }), P2020);
    expect(r.monthlyAmountFen).toBe(2 * 41800 - 40000);
    expect(r.explanation.some((s) => s.text.startsWith('不足保底金额'))).toBe(false);
  });
});

describe('banded payment (分档)', () => {
  const banded = yamlParams('2020-06', '140321100201', { 'dibao.amount.mode': 'banded', 'dibao.floor.shareOfStandard': '0' });
  it.each([
    ['no income', 0, 2 * 37620],
    ['per-capita income just below 30 %', 2 * 12540 - 1, 2 * 37620],
    ['per-capita income at 30 %', 2 * 12540, 2 * 25080],
    ['per-capita income at 60 %', 2 * 25080, 2 * 12540],
    ['per-capita income one fen below the standard', 2 * 41800 - 1, 2 * 12540],
  ])('pays by band for %s', (_, income, amount) => {
    expect(calculate(dibaoCase({ incomes: [wage(income)] }), banded).monthlyAmountFen).toBe(amount);
  });
});

describe('single-person inclusion (单人保) in a near-dibao household', () => {
  // Income 1.2 × the standard per person: above the standard, below 1.5 ×.
  const nearIncome = [wage(2 * 50160)];
  it.each([
    ['grade 1 visual disability', { age: 40, disabilityKind: 'visual', disabilityGrade: 1 }, true],
    ['grade 2 physical disability', { age: 40, disabilityKind: 'physical', disabilityGrade: 2 }, true],
    ['grade 3 intellectual disability', { age: 40, disabilityKind: 'intellectual', disabilityGrade: 3 }, true],
    ['grade 3 psychiatric disability', { age: 40, disabilityKind: 'psychiatric', disabilityGrade: 3 }, true],
    ['a listed serious illness', { age: 40, seriousIllness: true }, true],
    ['grade 3 physical disability', { age: 40, disabilityKind: 'physical', disabilityGrade: 3 }, false],
    ['grade 4 intellectual disability', { age: 40, disabilityKind: 'intellectual', disabilityGrade: 4 }, false],
  ] as [string, Member, boolean][])('enrols alone a member with %s: %s', (_, m, alone) => {
    const r = calculate(dibaoCase({ members: [adult(), m], incomes: nearIncome }), bare);
    expect(r.eligible).toBe(alone);
    expect(r.category).toBe(alone ? 'dibao' : 'near_dibao');
    if (alone) expect(r).toMatchObject({ inclusion: 'single_person', membersPaid: 1 });
  });

  it('pays the enrolled member the standard share plus their add-on', () => {
    const r = calculate(dibaoCase({ members: [adult(), { age: 40, disabilityKind: 'physical', disabilityGrade: 1 }], incomes: nearIncome }), P2020);
    expect(r.monthlyAmountFen).toBe(41800 + 4180);
  });

  it('does not enrol anyone once income reaches 1.5 × the standard', () => {
    const r = calculate(dibaoCase({ members: [adult(), { age: 40, seriousIllness: true }], incomes: [wage(2 * 62700)] }), bare);
    expect(r).toMatchObject({ eligible: false, category: 'none' });
  });
});

it('refuses a month with no standard in force with ASSISTANCE_NO_STANDARD', () => {
  expect(() => calculate(dibaoCase({ month: '2015-06' }), yamlParams('2015-06'))).toThrow(expect.objectContaining({ code: 'ASSISTANCE_NO_STANDARD' }));
});

describe('properties', () => {
  const member = fc.record({
    age: fc.integer({ min: 0, max: 100 }),
    seriousIllness: fc.boolean(),
  });
  const household = fc.record({
    members: fc.array(member, { minLength: 1, maxLength: 8 }),
    incomes: fc.array(fc.record({ kind: fc.constantFrom('wage', 'business', 'scholarship', 'assistance', 'transfer'), monthlyFen: fc.integer({ min: 0, max: 300000 }) }), { maxLength: 5 }),
    urbanRural: fc.constantFrom('urban' as const, 'rural' as const),
  }).map(({ members, incomes, urbanRural }) => dibaoCase({ members, urbanRural, incomes: incomes.map((i, n) => ({ ...i, member: n % members.length })) as CalculationInput['incomes'] }));

  it('gap payment = (standard − per-capita income) × members within rounding, and never negative', () => {
    const noExtras = yamlParams('2020-06', '140321100201', { 'dibao.floor.shareOfStandard': '0', 'dibao.addOn.minor': '0', 'dibao.addOn.elderly': '0', 'dibao.addOn.seriousIllness': '0' });
    fc.assert(fc.property(household, (c) => {
      const r = calculate(c, noExtras);
      const n = c.members.length;
      expect(r.monthlyAmountFen).toBeGreaterThanOrEqual(0);
      if (r.inclusion === 'household') {
        expect(r.monthlyAmountFen).toBe(r.standardFen * n - r.householdIncomeFen);
        expect(Math.abs(r.monthlyAmountFen - (r.standardFen - r.perCapitaIncomeFen) * n)).toBeLessThan(n);
      } else if (r.inclusion === undefined) expect(r.monthlyAmountFen).toBe(0);
    }));
  });

  it('the explanation\'s amounts add up to the answer, with floor and add-ons', () => {
    fc.assert(fc.property(household, (c) => {
      const r = calculate(c, P2020);
      expect(sumSteps(r.explanation)).toBe(r.monthlyAmountFen);
      expect(Number.isSafeInteger(r.monthlyAmountFen)).toBe(true);
    }));
  });
});
