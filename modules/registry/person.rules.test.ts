import { describe, expect, it } from 'vitest';
import { idNumberCheckDigit } from '#kernel';
import { checkPerson, severeDisabilitySince, type PersonInput, type RuleContext } from './person.rules';

const ctx: RuleContext = {
  today: '2026-11-30',
  isVillage: (c) => /^14032110\d{4}$/.test(c) || c === '140302001001',
  inScope: (c) => c.startsWith('140321100'),
};
const id = (first17: string) => first17 + idNumberCheckDigit(first17);
const base: PersonInput = { idNumber: id('14032119800517001'), name: '张建国', divisionCode: '140321100201', urbanRural: 'rural' };

const errorsOf = (input: Partial<PersonInput>) => {
  const r = checkPerson({ ...base, ...input }, ctx);
  return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
};

describe('checkPerson', () => {
  it('derives gender and birth date from the ID number', () => {
    const r = checkPerson(base, ctx);
    expect(r.ok && r.facts).toMatchObject({ gender: 'M', birthDate: '1980-05-17', ethnicity: '01', healthConditions: [] });
  });

  it('refuses a typed gender or birth date that disagrees with the ID number', () => {
    expect(errorsOf({ gender: 'F', birthDate: '1980-05-18' })).toEqual(['gender:PERSON_GENDER_MISMATCH', 'birthDate:PERSON_BIRTH_DATE_MISMATCH']);
    expect(errorsOf({ gender: 'M', birthDate: '1980-05-17' })).toEqual([]);
  });

  it.each(['1391234567', '23912345678', '139123456789', '139-1234-5678'])('refuses the phone number %s', (phone) => {
    expect(errorsOf({ phone })).toEqual(['phone:PERSON_PHONE_INVALID']);
  });

  it('accepts a valid mobile number', () => {
    expect(errorsOf({ phone: '13912345678' })).toEqual([]);
  });

  it('reports every wrong field at once', () => {
    expect(errorsOf({ idNumber: '123', name: 'x', phone: '1', divisionCode: '140321' })).toEqual([
      'idNumber:ID_NUMBER_LENGTH', 'name:PERSON_NAME_INVALID', 'phone:PERSON_PHONE_INVALID', 'divisionCode:PERSON_DIVISION_INVALID',
    ]);
  });

  it('accepts names with the middle dot used for ethnic-minority names', () => {
    expect(errorsOf({ name: '阿依古丽·买买提' })).toEqual([]);
  });

  it('refuses a registration division outside the actor scope', () => {
    expect(errorsOf({ divisionCode: '140321101001' })).toEqual(['divisionCode:PERSON_DIVISION_OUT_OF_SCOPE']);
  });

  it('requires a certificate number beginning with the ID number for a disability', () => {
    expect(errorsOf({ disability: { category: 'physical', grade: 2 } })).toEqual(['disability.certificateNo:PERSON_DISABILITY_CERT_REQUIRED']);
    expect(errorsOf({ disability: { category: 'physical', grade: 5, certificateNo: base.idNumber + '42' } })).toEqual(['disability.grade:PERSON_DISABILITY_GRADE']);
    expect(errorsOf({ disability: { category: 'physical', grade: 2, certificateNo: '1234' } })).toEqual(['disability.certificateNo:PERSON_DISABILITY_CERT_MISMATCH']);
    expect(errorsOf({ disability: { category: 'physical', grade: 2, certificateNo: base.idNumber + '42' } })).toEqual([]);
  });

  it('warns, but accepts, an ID region code that no longer exists', () => {
    const r = checkPerson({ ...base, idNumber: id('99032119800517001') }, ctx);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['ID_NUMBER_REGION_UNKNOWN']);
  });
});

describe('severeDisabilitySince', () => {
  const was = (disabilityGrade: number | null, since: string | null) => ({ disabilityGrade, severeDisabilitySince: since });
  it.each([
    ['a person registered with grade 2 is severe from today', null, 2, '2026-11-30'],
    ['a person registered with grade 3 is not severe', null, 3, null],
    ['grade 3 raised to grade 1 is severe from today', was(3, null), 1, '2026-11-30'],
    ['no disability to grade 2 is severe from today', was(null, null), 2, '2026-11-30'],
    ['grade 2 to grade 1 keeps the first date', was(2, '2026-06-01'), 1, '2026-06-01'],
    ['a severe grade recorded before the date was kept stays undated', was(1, null), 2, null],
    ['grade 2 lowered to grade 3 is no longer severe', was(2, '2026-06-01'), 3, null],
    ['a disability removed is no longer severe', was(1, '2026-06-01'), null, null],
  ] as const)('%s', (_, before, grade, expected) => {
    expect(severeDisabilitySince(before, grade, '2026-11-30')).toBe(expected);
  });
});
