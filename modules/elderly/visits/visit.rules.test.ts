import { describe, expect, it } from 'vitest';
import { coveragePerMille, isOverdue, nextVisitDue, tierOf, type VisitFacts } from './visit.rules';

const base: VisitFacts = { age: 70, livingSituation: 'with_family', lifeThreateningIllness: false, disabilityGrade: null, level: null, tekunHomeBased: false, familyPlanningSpecial: false };
const intervals = { high: 7, priority: 30, general: 90 };

describe('welfare visit tiers', () => {
  it.each([
    ['70, with family: not on the list', {}, null],
    ['80, alone: high risk', { age: 80, livingSituation: 'alone' }, 'high'],
    ['79, alone: general', { age: 79, livingSituation: 'alone' }, 'general'],
    ['80, empty-nest: general', { age: 80, livingSituation: 'empty_nest' }, 'general'],
    ['life-threatening illness, with family: high', { lifeThreateningIllness: true }, 'high'],
    ['disabled, with family: priority', { disabilityGrade: 3 }, 'priority'],
    ['assessed moderately disabled: priority', { level: 2 }, 'priority'],
    ['assessed capable, with family: not on the list', { level: 0 }, null],
    ['home-based tekun: priority', { tekunHomeBased: true }, 'priority'],
    ['family-planning special family: priority', { familyPlanningSpecial: true }, 'priority'],
    ['left-behind: general', { livingSituation: 'left_behind' }, 'general'],
  ] as [string, Partial<VisitFacts>, string | null][])('%s', (_n, over, tier) => {
    expect(tierOf({ ...base, ...over })).toBe(tier);
  });
});

describe('visit schedule', () => {
  it('is due the tier interval after the last visit', () => {
    expect(nextVisitDue('2026-11-01', 'high', intervals, '2026-01-01')).toBe('2026-11-08');
    expect(nextVisitDue('2026-11-01', 'priority', intervals, '2026-01-01')).toBe('2026-12-01');
    expect(nextVisitDue('2026-10-15', 'general', intervals, '2026-01-01')).toBe('2027-01-13');
  });
  it('is due at once when never visited', () => {
    expect(nextVisitDue(null, 'general', intervals, '2026-11-30')).toBe('2026-11-30');
  });
  it('is overdue the day after it was due, not on the day', () => {
    expect(isOverdue('2026-11-08', '2026-11-08')).toBe(false);
    expect(isOverdue('2026-11-08', '2026-11-09')).toBe(true);
  });
  it('computes monthly coverage in per mille, rounded half up', () => {
    expect(coveragePerMille(0, 0)).toBe(1000);
    expect(coveragePerMille(1, 3)).toBe(333);
    expect(coveragePerMille(2, 3)).toBe(667);
    expect(coveragePerMille(1, 8)).toBe(125);
    expect(coveragePerMille(1, 2000)).toBe(1);
  });
});
