// The demo caseload's arithmetic, pure: the plan's totals split across counties in proportion to
// weights (largest remainder, so the parts add up exactly), and a household-size mix that gives an
// exact number of persons.

/** The plan's 2020 figures (一(一)2): registered-poor dibao recipients and rural tekun recipients. */
export const PLAN_BASELINE = {
  dibaoHouseholds: 2_853,
  dibaoPersons: 5_366,
  tekunHouseholds: 512,
  tekunPersons: 522,
} as const;

export type CaseloadTargets = { -readonly [K in keyof typeof PLAN_BASELINE]: number };

/** `total` split in proportion to `weights`, in whole numbers that add up to `total` exactly. */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k][1]] += 1;
  return parts;
}

/**
 * How many households of one, two and three persons make `households` households of exactly
 * `persons` persons: about a fifth of three, the rest of one and two (the plan's 1.9 persons a
 * household). Refused when impossible (fewer persons than households, or more than three each).
 */
export function sizeMix(households: number, persons: number): [number, number, number] {
  const extra = persons - households;
  if (households < 0 || extra < 0 || extra > 2 * households) throw new Error(`${households} 户无法恰好为 ${persons} 人（每户 1 至 3 人）`);
  const n3 = Math.max(Math.min(Math.round(households * 0.2), Math.floor(extra / 2)), extra - households);
  const n2 = extra - 2 * n3;
  return [households - n2 - n3, n2, n3];
}
