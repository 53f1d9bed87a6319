// Per-person and per-household attributes of the demo population: the prevalences are plausible
// for a Shanxi prefecture-level city, not official statistics.
import { Prng, Weighted } from './prng';

/** GB 3304 民族代码: 汉族 about 99.7 % in Yangquan, the rest mostly 回族 and 满族. */
export const ETHNICITIES = Weighted.of<string>([
  ['01', 9970], // 汉族
  ['03', 14], // 回族
  ['11', 8], // 满族
  ['02', 4], // 蒙古族
  ['08', 1], // 壮族
  ['04', 1], // 藏族
  ['06', 1], // 苗族
  ['09', 1], // 布依族
]);

export type DisabilityCategory =
  | 'visual' | 'hearing' | 'speech' | 'physical' | 'intellectual' | 'psychiatric' | 'multiple';

/** 残疾人证 category digit (GB/T 26341-2010 order): the 19th character of the certificate number. */
export const DISABILITY_CODES: Record<DisabilityCategory, number> = {
  visual: 1, hearing: 2, speech: 3, physical: 4, intellectual: 5, psychiatric: 6, multiple: 7,
};

// Shares of the 2006 national disability sample survey.
const CATEGORIES = Weighted.of<DisabilityCategory>([
  ['physical', 29], ['hearing', 24], ['multiple', 16], ['visual', 14],
  ['psychiatric', 7], ['intellectual', 7], ['speech', 2],
]);
const GRADES = Weighted.of<number>([[1, 12], [2, 20], [3, 30], [4, 38]]);

export interface Disability {
  category: DisabilityCategory;
  grade: number;
  /** 20 characters: the ID number, the category digit, the grade digit. */
  certNo: string;
}

function disabilityRate(age: number): number {
  return age < 15 ? 0.013 : age < 45 ? 0.034 : age < 60 ? 0.068 : age < 75 ? 0.12 : 0.22;
}

export function sampleDisability(rng: Prng, age: number, idNumber: string): Disability | null {
  if (!rng.chance(disabilityRate(age))) return null;
  const category = age < 3 ? 'intellectual' : CATEGORIES.sample(rng);
  const grade = GRADES.sample(rng);
  return { category, grade, certNo: `${idNumber}${DISABILITY_CODES[category]}${grade}` };
}

export const HEALTH_CONDITIONS = [
  'hypertension', 'diabetes', 'stroke', 'cancer', 'mental_illness', 'uremia',
] as const;
export type HealthCondition = (typeof HEALTH_CONDITIONS)[number];

const NONE: readonly HealthCondition[] = Object.freeze([]);

export function sampleHealth(rng: Prng, age: number, disability: Disability | null): readonly HealthCondition[] {
  const elder = age >= 60;
  const middle = age >= 35;
  let out: HealthCondition[] | null = null;
  if (middle && rng.chance(elder ? 0.3 : 0.08)) out = push(out, 'hypertension');
  if (middle && rng.chance(elder ? 0.13 : 0.04)) out = push(out, 'diabetes');
  if (middle && rng.chance(elder ? 0.035 : 0.005)) out = push(out, 'stroke');
  if (rng.chance(elder ? 0.02 : age >= 18 ? 0.004 : 0.0005)) out = push(out, 'cancer');
  if (disability?.category === 'psychiatric' || rng.chance(0.004)) out = push(out, 'mental_illness');
  if (age >= 18 && rng.chance(elder ? 0.002 : 0.0008)) out = push(out, 'uremia');
  return out ?? NONE;
}

function push(list: HealthCondition[] | null, c: HealthCondition): HealthCondition[] {
  if (list === null) return [c];
  list.push(c);
  return list;
}

export type LabourCapacity = 'full' | 'partial' | 'none';

/** 劳动能力: none under 16 or from 70, or with a grade 1–2 disability; reduced by serious illness. */
export function labourCapacity(
  age: number,
  disability: Disability | null,
  health: readonly HealthCondition[],
): LabourCapacity {
  if (age < 16 || age >= 70) return 'none';
  if (disability && disability.grade <= 2) return 'none';
  if (health.includes('uremia')) return 'none';
  if (disability || age >= 60) return 'partial';
  if (health.includes('stroke') || health.includes('cancer') || health.includes('mental_illness')) {
    return 'partial';
  }
  return 'full';
}

// Mobile prefixes of the three carriers (13x, 15x, 18x).
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139',
  '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '180', '181', '182', '183', '184', '185', '186', '187', '188', '189',
];

export function samplePhone(rng: Prng, age: number): string | null {
  if (age < 16) return null;
  const p = age < 18 ? 0.4 : age < 70 ? 0.93 : age < 80 ? 0.7 : 0.4;
  if (!rng.chance(p)) return null;
  return rng.pick(MOBILE_PREFIXES) + String(rng.next32() % 100_000_000).padStart(8, '0');
}

// Banks that pay social assistance in Yangquan, with plausible 6-digit card prefixes.
const URBAN_BANKS = Weighted.of<readonly [string, string]>([
  [['中国工商银行阳泉分行', '622202'], 20],
  [['中国建设银行阳泉分行', '621700'], 18],
  [['中国邮政储蓄银行阳泉市分行', '621799'], 18],
  [['阳泉市商业银行', '623183'], 16],
  [['中国农业银行阳泉分行', '622848'], 14],
  [['中国银行阳泉分行', '621661'], 14],
]);
const RURAL_BANKS = Weighted.of<readonly [string, string]>([
  [['中国农业银行阳泉分行', '622848'], 30],
  [['中国邮政储蓄银行阳泉市分行', '621799'], 30],
  [['山西农村信用社', '622995'], 30],
  [['阳泉市商业银行', '623183'], 10],
]);

/** Luhn (ISO/IEC 7812) check digit of a card number's first digits. */
export function luhnDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function sampleBankAccount(rng: Prng, urban: boolean): { bank: string; account: string } | null {
  if (!rng.chance(0.7)) return null;
  const [bank, prefix] = (urban ? URBAN_BANKS : RURAL_BANKS).sample(rng);
  const body = prefix
    + String(rng.next32() % 1_000_000).padStart(6, '0')
    + String(rng.next32() % 1_000_000).padStart(6, '0');
  return { bank, account: body + luhnDigit(body) };
}
