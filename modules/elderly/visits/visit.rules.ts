// 探访关爱 scheduling: who is visited, how often (tier by parameter), and when a visit is overdue. Pure.
import { addDays, type IsoDate } from '#kernel';

export type Tier = 'high' | 'priority' | 'general';
export const TIERS: Record<Tier, string> = { high: '高风险', priority: '重点', general: '一般' };

export interface VisitFacts {
  age: number;
  livingSituation: 'alone' | 'empty_nest' | 'left_behind' | 'with_family';
  lifeThreateningIllness: boolean;
  disabilityGrade: number | null;
  /** capability level 1–4 from a valid assessment counts as disabled (失能) */
  level: number | null;
  tekunHomeBased: boolean;
  familyPlanningSpecial: boolean;
}

/**
 * The visit population and its tiers (民政部等 2024 指导意见; default tiering in the reference):
 * high — 80+ living alone, or a life-threatening illness; priority — disabled, home-based tekun,
 * family-planning special family; general — others living alone, empty-nest or left-behind.
 * Others (living with family, none of the above) are not on the visit list: null.
 */
export function tierOf(f: VisitFacts): Tier | null {
  if ((f.age >= 80 && f.livingSituation === 'alone') || f.lifeThreateningIllness) return 'high';
  if (f.disabilityGrade != null || (f.level != null && f.level >= 1) || f.tekunHomeBased || f.familyPlanningSpecial) return 'priority';
  if (f.livingSituation !== 'with_family') return 'general';
  return null;
}

/** The next visit is due `interval` days after the last; never visited = due from `since`. */
export function nextVisitDue(lastVisitedOn: IsoDate | null, tier: Tier, intervals: Record<Tier, number>, since: IsoDate): IsoDate {
  return lastVisitedOn ? addDays(lastVisitedOn, intervals[tier]) : since;
}

/** Overdue when the due date has passed (a visit due today is not yet overdue). */
export function isOverdue(due: IsoDate, today: IsoDate): boolean {
  return due < today;
}

/** Monthly coverage: the share (per mille, rounded half up) of the visit population visited in the month. */
export function coveragePerMille(visited: number, population: number): number {
  if (population === 0) return 1000;
  return Math.floor((visited * 2000 + population) / (2 * population));
}
