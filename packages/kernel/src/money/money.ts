import { DomainError } from '../errors';

/** An amount of money in fen (分, 1/100 yuan): always a safe integer, never a float. */
export type Fen = number;

/**
 * How a fractional fen (or yuan) is resolved. Modes are symmetric around zero:
 * - 'half-up'   四舍五入: nearest, halves away from zero (2.5 → 3, −2.5 → −3)
 * - 'half-even' banker's: nearest, halves to the even neighbour (2.5 → 2, 3.5 → 4)
 * - 'down'      toward zero, i.e. truncate (2.9 → 2, −2.9 → −2)
 * - 'up'        away from zero (2.1 → 3, −2.1 → −3)
 */
export type Rounding = 'half-up' | 'half-even' | 'down' | 'up';

const ROUNDINGS: readonly Rounding[] = ['half-up', 'half-even', 'down', 'up'];

const invalid = (message: string, detail?: string) =>
  new DomainError('MONEY_INVALID', message, { status: 422, detail });

/** Throws unless `fen` is a safe integer. */
export function assertFen(fen: number, what = '金额'): Fen {
  if (!Number.isSafeInteger(fen)) throw invalid(`${what}必须是以分为单位的整数`, String(fen));
  return fen;
}

function toSafe(v: bigint, what = '金额'): Fen {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DomainError('MONEY_OVERFLOW', `${what}超出可精确计算的范围`, { status: 422, detail: v.toString() });
  }
  return Number(v);
}

/** n / d rounded to an integer by `mode`; d > 0. Exact: BigInt throughout. */
export function divRound(n: bigint, d: bigint, mode: Rounding): bigint {
  if (d <= 0n) throw invalid('除数必须为正数');
  if (!ROUNDINGS.includes(mode)) throw invalid(`未知的舍入方式 ${String(mode)}`);
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  const r = a % d;
  if (r !== 0n) {
    const twice = r * 2n;
    const up =
      mode === 'up' ||
      (mode === 'half-up' && twice >= d) ||
      (mode === 'half-even' && (twice > d || (twice === d && q % 2n === 1n)));
    if (up) q += 1n;
  }
  return neg ? -q : q;
}

const YUAN_PATTERN = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Parses a yuan amount written as text ('587', '587.00', '1,234.5', '-0.01') into fen, exactly.
 * More than two decimals is refused unless a rounding mode says what to do with them.
 */
export function yuanToFen(text: string, opts: { rounding?: Rounding } = {}): Fen {
  if (typeof text !== 'string') throw invalid('金额必须以文本形式给出，例如 "587.00"', String(text));
  const s = text.trim().replace(/^¥|元$/g, '').trim();
  const m = YUAN_PATTERN.exec(s);
  if (!m) throw invalid(`“${text}”不是有效的金额`, text);
  const [, sign, intPart, frac = ''] = m;
  let digits = BigInt(intPart.replace(/,/g, '') + frac.padEnd(2, '0').slice(0, 2));
  if (frac.length > 2) {
    if (!opts.rounding) throw invalid(`金额“${text}”精确到分，最多两位小数`, text);
    const scale = 10n ** BigInt(frac.length);
    digits = divRound(BigInt(intPart.replace(/,/g, '') + frac), scale / 100n, opts.rounding);
  }
  return toSafe(sign === '-' ? -digits : digits);
}

/** 58700 → '587.00'; −5 → '-0.05'. */
export function fenToYuan(fen: Fen): string {
  assertFen(fen);
  const a = Math.abs(fen);
  const s = `${(a - (a % 100)) / 100}.${String(a % 100).padStart(2, '0')}`;
  return fen < 0 ? `-${s}` : s;
}

/** 123456789 → '1,234,567.89'; with `{ symbol: true }` → '¥1,234,567.89'. */
export function formatYuan(fen: Fen, opts: { symbol?: boolean; unit?: boolean } = {}): string {
  const plain = fenToYuan(fen);
  const neg = plain.startsWith('-');
  const [int, frac] = (neg ? plain.slice(1) : plain).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${opts.symbol ? '¥' : ''}${grouped}.${frac}${opts.unit ? ' 元' : ''}`;
}

/**
 * fen × numerator / denominator, rounded by an explicit mode. Exact for any safe-integer inputs
 * (the product is formed in BigInt); the result must again be a safe integer.
 */
export function mulFen(fen: Fen, numerator: number, denominator: number, rounding: Rounding): Fen {
  assertFen(fen);
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) {
    throw invalid('比例的分子和分母必须是整数，且分母不为零', `${numerator}/${denominator}`);
  }
  const sign = denominator < 0 ? -1n : 1n;
  return toSafe(divRound(BigInt(fen) * BigInt(numerator) * sign, BigInt(denominator) * sign, rounding));
}

/** A decimal ratio written as text ('1.3', '0.035', '-2') as an exact fraction. */
export function parseRatio(text: string): { numerator: number; denominator: number } {
  const m = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(String(text).trim());
  if (!m) throw invalid(`“${text}”不是有效的比例`, String(text));
  const [, sign, int, frac = ''] = m;
  const numerator = Number(`${sign === '-' ? '-' : ''}${int}${frac}`);
  const denominator = 10 ** frac.length;
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) throw invalid(`比例“${text}”位数过多`);
  return { numerator, denominator };
}

/** fen × a decimal ratio given as text, e.g. mulFenByRatio(58700, '1.3', 'half-up'). */
export function mulFenByRatio(fen: Fen, ratio: string, rounding: Rounding): Fen {
  const { numerator, denominator } = parseRatio(ratio);
  return mulFen(fen, numerator, denominator, rounding);
}

/** Rounds an amount in fen to whole yuan (a multiple of 100 fen). */
export function roundToYuan(fen: Fen, mode: Rounding): Fen {
  assertFen(fen);
  return toSafe(divRound(BigInt(fen), 100n, mode) * 100n);
}

/** Sum of amounts in fen; refuses non-integers and any total beyond the safe-integer range. */
export function sumFen(values: Iterable<Fen>): Fen {
  let total = 0n;
  for (const v of values) total += BigInt(assertFen(v));
  return toSafe(total, '合计金额');
}

/**
 * Splits `total` into parts proportional to `weights` (non-negative integers, not all zero) so the
 * parts sum to exactly `total`. Largest-remainder method; ties go to the earlier part, so the result is
 * deterministic. A number `n` instead of weights splits into n equal shares (10001 / 3 → 3334, 3334, 3333).
 */
export function allocateFen(total: Fen, weights: number | readonly number[]): Fen[] {
  assertFen(total);
  const w = typeof weights === 'number' ? equalWeights(weights) : weights;
  if (w.length === 0) throw invalid('至少需要分配给一份');
  if (w.some((x) => !Number.isSafeInteger(x) || x < 0)) throw invalid('分配权重必须是非负整数');
  const sumW = w.reduce((a, b) => a + BigInt(b), 0n);
  if (sumW === 0n) throw invalid('分配权重不能全为零');
  const neg = total < 0;
  const t = BigInt(Math.abs(total));
  const parts = w.map((x) => (t * BigInt(x)) / sumW);
  const remainders = w.map((x, i) => ({ i, r: (t * BigInt(x)) % sumW }));
  let left = t - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) parts[remainders[k].i] += 1n;
  return parts.map((p) => Number(neg ? -p : p));
}

function equalWeights(n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 1) throw invalid('份数必须是正整数');
  return Array.from({ length: n }, () => 1);
}
