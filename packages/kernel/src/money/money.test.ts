import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateFen, fenToYuan, formatYuan, mulFen, mulFenByRatio, parseRatio, roundToYuan, sumFen, yuanToFen,
  type Rounding,
} from './money';

const MAX = Number.MAX_SAFE_INTEGER;

describe('yuanToFen', () => {
  it.each([
    ['587.00', 58700],
    ['587', 58700],
    ['587.5', 58750],
    ['0.01', 1],
    ['-12.34', -1234],
    ['+3', 300],
    ['1,234.56', 123456],
    [' 9200 ', 920000],
    ['¥418.00', 41800],
    ['452元', 45200],
    ['90071992547409.91', MAX],
  ])('reads %j as %i fen', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
  });

  it.each(['', 'abc', '1.2.3', '1,23.00', '.5', '5.', '1e3', '0x10', 'NaN', '12,34'])('refuses %j', (text) => {
    expect(() => yuanToFen(text)).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
  });

  it('refuses a third decimal unless a rounding mode is given', () => {
    expect(() => yuanToFen('1.005')).toThrow(/最多两位小数/);
    expect(yuanToFen('1.005', { rounding: 'half-up' })).toBe(101);
    expect(yuanToFen('1.005', { rounding: 'half-even' })).toBe(100);
    expect(yuanToFen('-1.005', { rounding: 'half-up' })).toBe(-101);
    expect(yuanToFen('1.009', { rounding: 'down' })).toBe(100);
  });

  it('refuses amounts beyond the safe-integer range', () => {
    expect(() => yuanToFen('90071992547409.92')).toThrow(expect.objectContaining({ code: 'MONEY_OVERFLOW' }));
  });

  it('does not accept numbers, whose binary value is already inexact', () => {
    expect(() => yuanToFen(0.1 as unknown as string)).toThrow(/文本/);
  });
});

describe('fenToYuan and formatYuan', () => {
  it.each([
    [58700, '587.00'],
    [1, '0.01'],
    [-5, '-0.05'],
    [-123456, '-1234.56'],
    [0, '0.00'],
    [MAX, '90071992547409.91'],
  ])('writes %i fen as %j', (fen, text) => {
    expect(fenToYuan(fen)).toBe(text);
  });

  it('groups thousands and optionally adds the symbol and unit', () => {
    expect(formatYuan(123456789)).toBe('1,234,567.89');
    expect(formatYuan(-100000)).toBe('-1,000.00');
    expect(formatYuan(99)).toBe('0.99');
    expect(formatYuan(2152690000, { symbol: true })).toBe('¥21,526,900.00');
    expect(formatYuan(58700, { unit: true })).toBe('587.00 元');
  });

  it('refuses fractional fen', () => {
    expect(() => fenToYuan(1.5)).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
  });

  it('round-trips every safe amount', () => {
    fc.assert(fc.property(fc.maxSafeInteger(), (fen) => yuanToFen(fenToYuan(fen)) === fen));
    fc.assert(fc.property(fc.maxSafeInteger(), (fen) => yuanToFen(formatYuan(fen)) === fen));
  });
});

describe('mulFen', () => {
  // 25 / 10 = 2.5, 35 / 10 = 3.5, 21 / 10 = 2.1, 29 / 10 = 2.9
  it.each<[number, Rounding, number]>([
    [25, 'half-up', 3], [25, 'half-even', 2], [25, 'down', 2], [25, 'up', 3],
    [35, 'half-up', 4], [35, 'half-even', 4], [35, 'down', 3], [35, 'up', 4],
    [21, 'half-up', 2], [21, 'half-even', 2], [21, 'down', 2], [21, 'up', 3],
    [29, 'half-up', 3], [29, 'half-even', 3], [29, 'down', 2], [29, 'up', 3],
    [-25, 'half-up', -3], [-25, 'half-even', -2], [-25, 'down', -2], [-25, 'up', -3],
    [-29, 'half-up', -3], [-21, 'up', -3],
    [30, 'up', 3],
  ])('%i / 10 rounded %s is %i', (fen, mode, expected) => {
    expect(mulFen(fen, 1, 10, mode)).toBe(expected);
  });

  it('annualises a monthly standard times 1.3 (the tekun floor rule)', () => {
    expect(mulFen(58700 * 12, 13, 10, 'half-up')).toBe(915720); // 9,157.20 yuan
    expect(mulFenByRatio(41800 * 12, '1.3', 'up')).toBe(652080);
  });

  it('takes a price index rise as a decimal ratio', () => {
    // 587 yuan × 3.5 % = 20.545 yuan
    expect(mulFenByRatio(58700, '0.035', 'half-up')).toBe(2055);
    expect(mulFenByRatio(58700, '0.035', 'down')).toBe(2054);
  });

  it('is exact where floating point is not', () => {
    // 0.1 × 3 in floats is 0.30000000000000004
    expect(mulFen(10, 3, 1, 'down')).toBe(30);
    expect(mulFen(MAX, 1, 1, 'down')).toBe(MAX);
    expect(mulFen(MAX, 3, 3, 'half-up')).toBe(MAX); // the product 3·MAX is not a safe integer
    expect(mulFen(100, 1, -3, 'half-up')).toBe(-33);
  });

  it('refuses a zero or fractional denominator and an overflowing result', () => {
    expect(() => mulFen(100, 1, 0, 'down')).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
    expect(() => mulFen(100, 1, 1.5, 'down')).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
    expect(() => mulFen(MAX, 2, 1, 'down')).toThrow(expect.objectContaining({ code: 'MONEY_OVERFLOW' }));
    expect(() => mulFen(100, 1, 3, 'nearest' as Rounding)).toThrow(/舍入/);
  });

  it('never differs from the exact quotient by a fen or more', () => {
    const modes: Rounding[] = ['half-up', 'half-even', 'down', 'up'];
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: -1e4, max: 1e4 }), fc.integer({ min: 1, max: 1e4 }),
        fc.constantFrom(...modes),
        (fen, num, den, mode) => {
          const r = BigInt(mulFen(fen, num, den, mode));
          const exactTimesDen = BigInt(fen) * BigInt(num);
          const diff = r * BigInt(den) - exactTimesDen; // (result − exact) × den
          const abs = diff < 0n ? -diff : diff;
          if (abs >= BigInt(den)) return false;
          if (mode === 'down') return abs === 0n || (diff < 0n) === (exactTimesDen > 0n);
          if (mode === 'up') return abs === 0n || (diff > 0n) === (exactTimesDen > 0n);
          return abs * 2n <= BigInt(den); // nearest
        },
      ),
    );
  });
});

describe('parseRatio', () => {
  it('reads decimals exactly', () => {
    expect(parseRatio('1.3')).toEqual({ numerator: 13, denominator: 10 });
    expect(parseRatio('0.035')).toEqual({ numerator: 35, denominator: 1000 });
    expect(parseRatio('2')).toEqual({ numerator: 2, denominator: 1 });
    expect(() => parseRatio('1/3')).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
  });
});

describe('roundToYuan', () => {
  it.each<[number, Rounding, number]>([
    [2054, 'half-up', 2100], [2050, 'half-up', 2100], [2049, 'half-up', 2000],
    [2050, 'half-even', 2000], [2150, 'half-even', 2200], [2099, 'down', 2000], [2001, 'up', 2100],
    [-2050, 'half-up', -2100], [2000, 'up', 2000],
  ])('%i fen to whole yuan %s is %i', (fen, mode, expected) => {
    expect(roundToYuan(fen, mode)).toBe(expected);
  });
});

describe('sumFen', () => {
  it('adds amounts and refuses a total that cannot be exact', () => {
    expect(sumFen([58700, 41800, -100])).toBe(100400);
    expect(sumFen([])).toBe(0);
    expect(sumFen([MAX, 1, -1])).toBe(MAX); // an intermediate beyond the range is fine
    expect(() => sumFen([MAX, 1])).toThrow(expect.objectContaining({ code: 'MONEY_OVERFLOW' }));
    expect(() => sumFen([0.5])).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
  });
});

describe('allocateFen', () => {
  it('splits without losing a fen, earlier parts take the leftovers', () => {
    expect(allocateFen(10001, 3)).toEqual([3334, 3334, 3333]);
    expect(allocateFen(100, 3)).toEqual([34, 33, 33]);
    expect(allocateFen(-100, 3)).toEqual([-34, -33, -33]);
    expect(allocateFen(0, 2)).toEqual([0, 0]);
    expect(allocateFen(1, 4)).toEqual([1, 0, 0, 0]);
  });

  it('splits by weights with the largest remainder first', () => {
    expect(allocateFen(1000, [1, 1, 1])).toEqual([334, 333, 333]);
    expect(allocateFen(1000, [2, 1, 0])).toEqual([667, 333, 0]);
    expect(allocateFen(100, [1, 2, 2])).toEqual([20, 40, 40]);
    expect(allocateFen(101, [1, 2, 2])).toEqual([20, 41, 40]);
  });

  it('refuses empty, negative or all-zero weights', () => {
    expect(() => allocateFen(100, [])).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
    expect(() => allocateFen(100, [1, -1])).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
    expect(() => allocateFen(100, [0, 0])).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
    expect(() => allocateFen(100, 0)).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
  });

  it('always sums to the total, and each part is within a fen of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 30 }).filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = allocateFen(total, weights);
          const sumW = weights.reduce((a, b) => a + b, 0);
          return (
            parts.length === weights.length &&
            sumFen(parts) === total &&
            parts.every((p, i) => {
              const d = BigInt(p) * BigInt(sumW) - BigInt(total) * BigInt(weights[i]);
              return (d < 0n ? -d : d) < BigInt(sumW);
            })
          );
        },
      ),
    );
  });
});
