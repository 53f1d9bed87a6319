import { describe, expect, it } from 'vitest';
import { compileReport, verifiedIncomes, type ReportFinding } from './report.rules';
import { missingConsents } from './consent.rules';

const f = (over: Partial<ReportFinding>): ReportFinding => ({ sourceCode: 'tax', personId: 1, kind: 'income', reference: '', monthlyIncomeFen: 0, amountFen: 0, eventDate: null, detail: '', ...over });
const persons = [{ personId: 1, name: '王德明' }, { personId: 2, name: '李秀英' }];
const sources = ['tax', 'social_insurance', 'housing_fund', 'vehicles', 'bank_deposits', 'real_estate', 'death_cremation'].map((code) => ({ code, name: code, status: 'answered' as const }));
const limits = { standardFen: 62000, members: 2, financialMonths: 24, maxVehicles: 0, maxExtraHousing: 0, toleranceFen: 10000 };
const declared = { monthlyIncomeFen: 60000, financialFen: 300000, vehicles: 0, extraHousing: 0, hasBusinessIncome: false };

describe('the verification report', () => {
  it('counts one wage seen by three departments once, and adds pensions', () => {
    expect(verifiedIncomes([
      f({ sourceCode: 'tax', monthlyIncomeFen: 250000 }),
      f({ sourceCode: 'social_insurance', monthlyIncomeFen: 240000 }),
      f({ sourceCode: 'housing_fund', kind: 'housing_fund', monthlyIncomeFen: 250000 }),
      f({ personId: 2, sourceCode: 'social_insurance', kind: 'pension', monthlyIncomeFen: 120000 }),
    ])).toEqual([{ personId: 1, kind: 'wage', monthlyFen: 250000 }, { personId: 2, kind: 'social_insurance_benefit', monthlyFen: 120000 }]);
  });

  it('totals income and assets and flags what exceeds the declaration and the limits', () => {
    const r = compileReport(persons, sources, [
      f({ sourceCode: 'tax', monthlyIncomeFen: 250000 }),
      f({ sourceCode: 'bank_deposits', kind: 'deposit', amountFen: 500000 }),
      f({ sourceCode: 'bank_deposits', kind: 'securities', personId: 2, amountFen: 3000000 }),
      f({ sourceCode: 'vehicles', kind: 'vehicle', reference: '晋C12345', amountFen: 4000000 }),
      f({ sourceCode: 'real_estate', kind: 'property', reference: 'A1' }),
    ], declared, limits);
    expect(r.totals).toEqual({ monthlyIncomeFen: 250000, financialAssetsFen: 3500000, vehicles: 1, properties: 1, extraHousing: 0, businesses: 0, deaths: 0 });
    expect(r.limits).toMatchObject({ incomeLimitFen: 124000, financialLimitFen: 2976000 });
    expect(r.discrepancies.map((d) => [d.code, d.severity])).toEqual([
      ['INCOME_ABOVE_DECLARED', 'high'], ['FINANCIAL_ABOVE_DECLARED', 'high'], ['VEHICLE_UNDECLARED', 'high'],
    ]);
    expect(r.discrepancies[2].message).toContain('王德明 晋C12345');
    expect(r.complete).toBe(true);
  });

  it('stays silent within the tolerance, notes a declared income no department confirms, and names a death and a silent source', () => {
    const r = compileReport(persons, [...sources, { code: 'vehicles2', name: '车辆', status: 'failed', error: '超时' }], [
      f({ sourceCode: 'bank_deposits', kind: 'deposit', amountFen: 305000 }),
      f({ sourceCode: 'death_cremation', kind: 'death', personId: 2, eventDate: '2026-10-15' }),
    ], declared, limits);
    expect(r.discrepancies.map((d) => [d.code, d.severity])).toEqual([
      ['MEMBER_DECEASED', 'high'], ['INCOME_NOT_FOUND', 'info'], ['SOURCE_UNANSWERED', 'medium'],
    ]);
    expect(r.discrepancies[0].message).toBe('李秀英 已于 2026-10-15 死亡，须从共同生活家庭成员中核减');
    expect(r.complete).toBe(false);
  });

  it('counts only housing beyond the one home', () => {
    const r = compileReport(persons, sources, [f({ kind: 'property', reference: 'A' }), f({ kind: 'property', reference: 'B' })], declared, limits);
    expect(r.totals.extraHousing).toBe(1);
    expect(r.discrepancies.map((d) => d.code)).toContain('HOUSING_UNDECLARED');
  });
});

describe('consent', () => {
  it('names each included adult without consent, not minors or excluded members', () => {
    const members = [
      { personId: 1, name: '王德明', age: 45, included: true },
      { personId: 2, name: '李秀英', age: 18, included: true },
      { personId: 3, name: '王小明', age: 17, included: true },
      { personId: 4, name: '王大伯', age: 70, included: false },
    ];
    expect(missingConsents(members, [{ personId: 1 }]).map((e) => e.message)).toEqual(['李秀英（18 岁）无家庭经济状况核对授权书']);
    expect(missingConsents(members, [{ personId: 1 }, { personId: 2 }])).toEqual([]);
  });

  it('says when a consent on file has expired, so a review asks for it again', () => {
    const members = [{ personId: 1, name: '王德明', age: 46, included: true }, { personId: 2, name: '李秀英', age: 19, included: true }];
    const errors = missingConsents(members, [], [{ personId: 1, validUntil: '2026-10-01' }]);
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['CONSENT_EXPIRED', '王德明（46 岁）的核对授权书已于 2026-10-01 到期，须重新签署'],
      ['CONSENT_MISSING', '李秀英（19 岁）无家庭经济状况核对授权书'],
    ]);
  });
});
