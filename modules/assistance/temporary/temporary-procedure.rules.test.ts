import { describe, expect, it } from 'vitest';
import { advanceMonths, approvingLevelFor, oneOffMonth } from './temporary-procedure.rules';

const CAPS = { townshipMax: 3, max: 6 };

describe('国发〔2014〕47号: the approving level by the amount asked, against the caps by level', () => {
  it.each([
    [1, 'township', 1, false],
    [3, 'township', 3, false], // exactly the township cap: the township approves
    [4, 'county', 4, false],
    [6, 'county', 6, false],
    [9, 'county', 6, true], // beyond the overall cap: capped, and more needs a case-by-case decision
  ] as const)('%i months → %s, %i months granted', (months, level, granted, capped) => {
    expect(approvingLevelFor(months, CAPS)).toEqual({ level, months: granted, capped });
  });

  it('follows the parameters, not fixed numbers', () => {
    expect(approvingLevelFor(3, { townshipMax: 2, max: 6 }).level).toBe('county');
    expect(approvingLevelFor(5, { townshipMax: 5, max: 12 }).level).toBe('township');
  });
});

describe('先行救助: the township pays at once up to its own cap', () => {
  it.each([[1, 1], [3, 3], [5, 3], [12, 3]])('%i months asked → %i months advanced', (asked, advanced) => {
    expect(advanceMonths(asked, CAPS)).toBe(advanced);
  });
});

describe('a one-off grant joins the next payroll not yet signed', () => {
  it.each([
    ['2026-11-20', null, '2026-11'],
    ['2026-11-20', '2026-10', '2026-11'],
    ['2026-11-20', '2026-11', '2026-12'],
    ['2026-11-20', '2026-12', '2027-01'],
    ['2026-12-31', '2026-12', '2027-01'],
  ] as const)('granted %s, last signed %s → paid in %s', (today, signed, month) => {
    expect(oneOffMonth(today, signed)).toBe(month);
  });
});
