import { describe, expect, it } from 'vitest';
import { applicationInput } from './applications.schemas';
import { calculationInputOf, intakeProblems, storedMembers } from './applications.rules';

const household = [
  { personId: 1, name: '王德明', idNumberMasked: '140321********0011', age: 45, status: 'living' },
  { personId: 2, name: '李秀英', idNumberMasked: '140321********0022', age: 43, status: 'living' },
  { personId: 3, name: '王小明', idNumberMasked: '140321********0033', age: 13, status: 'living' },
  { personId: 4, name: '王老汉', idNumberMasked: '140321********0044', age: 80, status: 'deceased' },
];
const base = applicationInput.parse({
  programme: 'dibao', householdId: 9, applicantPersonId: 1,
  members: [{ personId: 1, included: true }, { personId: 2, included: true }, { personId: 3, included: true }],
  incomes: [{ personId: 1, kind: 'wage', monthlyFen: 60000 }],
  consents: [1, 2].map((personId) => ({ personId, kind: 'electronic', confirmedBy: '本人', confirmedAt: '2026-11-02T09:30:00+08:00' })),
  documents: ['application_form', 'household_register', 'id_cards', 'income_statement'].map((code) => ({ code })),
});

describe('intake completeness', () => {
  it('accepts a complete application', () => {
    expect(intakeProblems(base, household)).toEqual([]);
  });

  it('names every gap at once: documents, adults\' consents, unlisted members and unexplained exclusions', () => {
    const problems = intakeProblems({
      ...base, documents: [], consents: [],
      members: [{ personId: 1, included: true }, { personId: 2, included: false }],
    }, household);
    expect(problems.map((e) => `${e.field}:${e.code}`)).toEqual([
      'members.1.reason:EXCLUSION_REASON_REQUIRED',
      'members:MEMBER_UNLISTED',
      'consents.1:CONSENT_MISSING',
      'documents.application_form:DOCUMENT_MISSING',
      'documents.household_register:DOCUMENT_MISSING',
      'documents.id_cards:DOCUMENT_MISSING',
      'documents.income_statement:DOCUMENT_MISSING',
    ]);
  });

  it('asks no consent of a minor or of a member not counted, and refuses an applicant outside the household', () => {
    const excluded = { ...base, members: [{ personId: 1, included: true }, { personId: 2, included: false, reason: '在监狱服刑' }, { personId: 3, included: true }], consents: [base.consents[0]] };
    expect(intakeProblems(excluded, household)).toEqual([]);
    expect(intakeProblems({ ...base, applicantPersonId: 99 }, household).map((e) => e.code)).toEqual(['APPLICANT_NOT_MEMBER']);
  });
});

describe('the calculator\'s input from an application', () => {
  const facts = { divisionCode: '140321100201', urbanRural: 'rural' as const, members: storedMembers(base, household), incomes: base.incomes, assets: base.assets };

  it('counts included members, indexes incomes by member and prefers verified figures', () => {
    expect(calculationInputOf(facts, '2026-12')).toMatchObject({ month: '2026-12', members: [{ age: 45 }, { age: 43 }, { age: 13 }], incomes: [{ member: 0, kind: 'wage', monthlyFen: 60000 }] });
    const verified = calculationInputOf({ ...facts, verification: { incomes: [{ personId: 2, kind: 'wage', monthlyFen: 30000 }], totals: { financialAssetsFen: 500 } } }, '2026-12');
    expect(verified).toMatchObject({ incomes: [{ member: 1, monthlyFen: 30000 }], assets: { financialFen: 500, vehicles: 0, extraHousing: 0 } });
  });

  it('leaves out a member who died, with their income', () => {
    const without = calculationInputOf(facts, '2026-12', new Set([1]));
    expect(without.members).toEqual([{ age: 43 }, { age: 13 }]);
    expect(without.incomes).toEqual([]);
  });
});
