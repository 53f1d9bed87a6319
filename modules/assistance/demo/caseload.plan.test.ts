import { describe, expect, it } from 'vitest';
import { allocate, PLAN_BASELINE, sizeMix } from './caseload.plan';

describe('demo caseload arithmetic', () => {
  it('splits a total in proportion to weights, adding up exactly', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(2_853, [3, 2, 2, 4, 4]).reduce((a, b) => a + b, 0)).toBe(2_853);
    expect(allocate(5, [0, 0])).toEqual([0, 0]);
    expect(allocate(7, [0, 1])).toEqual([0, 7]);
  });

  it('mixes households of one to three persons to the exact number of persons', () => {
    for (const [h, p] of [[PLAN_BASELINE.dibaoHouseholds, PLAN_BASELINE.dibaoPersons], [571, 1074], [1, 1], [3, 9], [10, 10], [7, 13]]) {
      const [n1, n2, n3] = sizeMix(h, p);
      expect(Math.min(n1, n2, n3)).toBeGreaterThanOrEqual(0);
      expect(n1 + n2 + n3).toBe(h);
      expect(n1 + 2 * n2 + 3 * n3).toBe(p);
    }
    expect(() => sizeMix(3, 10)).toThrow();
    expect(() => sizeMix(3, 2)).toThrow();
  });
});
