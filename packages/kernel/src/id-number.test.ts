import { describe, expect, it } from 'vitest';
import { ageOn, idNumberCheckDigit, maskIdNumber, maskPhone, regionWarning, validateIdNumber } from './id-number';

const TODAY = '2026-11-30';

describe('GB 11643 ID numbers', () => {
  it('accepts the standard example 11010519491231002X and derives birth date and gender', () => {
    const r = validateIdNumber('11010519491231002X', TODAY);
    expect(r).toEqual({ ok: true, normalized: '11010519491231002X', birthDate: '1949-12-31', gender: 'F', regionCode: '110105' });
  });

  it('computes the MOD 11-2 check character, X included', () => {
    expect(idNumberCheckDigit('11010519491231002')).toBe('X');
    expect(idNumberCheckDigit('44052418800101001')).toBe('4');
  });

  it('normalises a lowercase x to X', () => {
    const r = validateIdNumber('11010519491231002x', TODAY);
    expect(r.ok && r.normalized).toBe('11010519491231002X');
  });

  it('reads an odd sequence as male', () => {
    const r = validateIdNumber('440524188001010014', TODAY);
    expect(r.ok && r.gender).toBe('M');
  });

  it.each([
    ['11010519491231002', 'ID_NUMBER_LENGTH'],
    ['1101051949123100200', 'ID_NUMBER_LENGTH'],
    ['11010519491231A02X', 'ID_NUMBER_FORMAT'],
    ['110105194912310021', 'ID_NUMBER_CHECKSUM'],
    ['110105194902300021', 'ID_NUMBER_BIRTH_DATE'],
    ['110105190002290026', 'ID_NUMBER_BIRTH_DATE'],
    ['110105187001010010', 'ID_NUMBER_BIRTH_DATE'],
  ])('refuses %s with %s', (input, code) => {
    const r = validateIdNumber(input, TODAY);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe(code);
    expect(!r.ok && r.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('accepts 29 February in a leap year', () => {
    const first17 = '14032120000229001';
    expect(validateIdNumber(first17 + idNumberCheckDigit(first17), TODAY).ok).toBe(true);
  });

  it('refuses a birth date after today, and accepts today', () => {
    const future = '14032120261201001';
    const r = validateIdNumber(future + idNumberCheckDigit(future), TODAY);
    expect(!r.ok && r.code).toBe('ID_NUMBER_BIRTH_FUTURE');
    const today = '14032120261130001';
    expect(validateIdNumber(today + idNumberCheckDigit(today), TODAY).ok).toBe(true);
  });

  it('only warns about an unknown region code', () => {
    expect(regionWarning('140321')).toBeNull();
    expect(regionWarning('990101')).toMatch(/不在现行区划/);
  });

  it('computes age on a date, counting the birthday itself', () => {
    expect(ageOn('1966-11-30', '2026-11-30')).toBe(60);
    expect(ageOn('1966-12-01', '2026-11-30')).toBe(59);
  });

  it('masks ID numbers and phones for lists', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone(null)).toBeNull();
  });
});
