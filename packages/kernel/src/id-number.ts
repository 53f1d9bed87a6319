// GB 11643-1999 citizen identity number: 6-digit region, 8-digit birth date, 3-digit sequence
// (odd = male, even = female) and a MOD 11-2 check character (0-9 or X).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idNumberCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export type IdNumberResult =
  | { ok: true; normalized: string; birthDate: string; gender: 'M' | 'F'; regionCode: string }
  | { ok: false; code: string; message: string };

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Validates to GB 11643; `today` (YYYY-MM-DD) bounds the birth date. */
export function validateIdNumber(input: string, today = new Date().toISOString().slice(0, 10)): IdNumberResult {
  const s = input.trim().replace(/x$/, 'X');
  if (s.length !== 18) return { ok: false, code: 'ID_NUMBER_LENGTH', message: '身份证号应为18位' };
  if (!/^\d{17}[\dX]$/.test(s)) {
    return { ok: false, code: 'ID_NUMBER_FORMAT', message: '身份证号前17位应为数字，最后一位为数字或X' };
  }
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (y < 1880 || !isRealDate(y, m, d)) {
    return { ok: false, code: 'ID_NUMBER_BIRTH_DATE', message: '身份证号中的出生日期不是有效日期' };
  }
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (birthDate > today) {
    return { ok: false, code: 'ID_NUMBER_BIRTH_FUTURE', message: '身份证号中的出生日期晚于今天' };
  }
  if (idNumberCheckDigit(s) !== s[17]) {
    return { ok: false, code: 'ID_NUMBER_CHECKSUM', message: '身份证号校验位不正确，请核对是否录入有误' };
  }
  return {
    ok: true,
    normalized: s,
    birthDate,
    gender: Number(s[16]) % 2 === 1 ? 'M' : 'F',
    regionCode: s.slice(0, 6),
  };
}

/** Age in whole years on `on` (YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  let age = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (on.slice(5) < birthDate.slice(5)) age -= 1;
  return age;
}

export function maskIdNumber(s: string): string {
  return s.length === 18 ? `${s.slice(0, 6)}********${s.slice(14)}` : '*'.repeat(s.length);
}

export function maskPhone(s: string | null): string | null {
  return s ? `${s.slice(0, 3)}****${s.slice(-4)}` : null;
}

// GB/T 2260 province-level prefixes. An unknown prefix is only a warning: codes of abolished
// regions stay valid on identity cards issued before the change.
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

export function regionWarning(regionCode: string): string | null {
  return PROVINCES.has(regionCode.slice(0, 2)) ? null : `身份证号地区码 ${regionCode} 不在现行区划中，请核对（旧区划码仍然有效）`;
}
