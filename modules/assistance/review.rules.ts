import type { IsoDate } from '#kernel';
import { cite, need, type AssistanceParams } from './parameters';
import type { ExplanationStep } from './explain';

export type ReviewCategory = 'stable' | 'irregularIncome';

export interface ReviewMember { age: number; workCapacity?: 'full' | 'partial' | 'none'; disabilityGrade?: number }

// Working age for the review rule: 16 to 59, able to work, not severely disabled.
const WORKING_AGE = { from: 16, below: 60 };
const ableToWork = (m: ReviewMember) =>
  m.age >= WORKING_AGE.from && m.age < WORKING_AGE.below && m.workCapacity !== 'none' && !(m.disabilityGrade && m.disabilityGrade <= 2);

/** 民发〔2021〕57号: irregular income with an able working-age member → reviewed every 6 months; others every 12. */
export function reviewCategory(members: readonly ReviewMember[], irregularIncome: boolean): ReviewCategory {
  return irregularIncome && members.some(ableToWork) ? 'irregularIncome' : 'stable';
}

export function reviewIntervalMonths(category: ReviewCategory, p: AssistanceParams): { months: number; step: ExplanationStep } {
  const key = category === 'stable' ? 'dibao.review.intervalMonths.stable' : 'dibao.review.intervalMonths.irregularIncome';
  const months = need(p, key);
  const why = category === 'stable' ? '家庭收入来源相对稳定' : '收入来源不固定且有劳动年龄内有劳动能力的成员';
  return { months, step: { text: `${why}，每 ${months} 个月复核一次`, rule: cite(p, key), values: { months } } };
}

/** The date a review falls due: `months` after the last review (or enrolment), clamped to month end. */
export function reviewDueDate(from: IsoDate, months: number): IsoDate {
  const [y, m, d] = from.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
