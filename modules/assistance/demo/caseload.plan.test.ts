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

describe('targets for the demo population', () => {
  it('are the plan\'s exact counts from 80,000 persons, and the same shares below', async () => {
    const { targetsFor } = await import('./caseload.seeder');
    expect(targetsFor(80_000)).toEqual(PLAN_BASELINE);
    expect(targetsFor(1_000_000)).toEqual(PLAN_BASELINE);
    expect(targetsFor(20_000)).toEqual({ dibaoHouseholds: 713, dibaoPersons: 1342, tekunHouseholds: 128, tekunPersons: 131 });
    expect(targetsFor(100)).toEqual({ dibaoHouseholds: 4, dibaoPersons: 7, tekunHouseholds: 1, tekunPersons: 1 });
  });
});
