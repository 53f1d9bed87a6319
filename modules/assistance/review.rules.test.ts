import { describe, expect, it } from 'vitest';
import { yamlParams } from './parameters.fixture';
import { reviewCategory, reviewDueDate, reviewIntervalMonths } from './review.rules';

const P2022 = yamlParams('2022-06');

describe('民发〔2021〕57号: periodic review every 12 or 6 months', () => {
  it.each([
    ['stable income', [{ age: 45 }], false, 'stable', 12],
    ['irregular income and an able member of working age', [{ age: 45, workCapacity: 'full' }], true, 'irregularIncome', 6],
    ['irregular income but only elderly members', [{ age: 70 }, { age: 66 }], true, 'stable', 12],
    ['irregular income, the working-age member unable to work', [{ age: 40, workCapacity: 'none' }], true, 'stable', 12],
    ['irregular income, the working-age member severely disabled', [{ age: 40, disabilityGrade: 1 }], true, 'stable', 12],
  ] as const)('%s → %s, every %i months', (_, members, irregular, category, months) => {
    const c = reviewCategory(members, irregular);
    expect(c).toBe(category);
    expect(reviewIntervalMonths(c, P2022).months).toBe(months);
  });

  it.each([
    ['2022-03-15', 12, '2023-03-15'],
    ['2022-03-15', 6, '2022-09-15'],
    ['2022-08-31', 6, '2023-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2022-12-01', 1, '2023-01-01'],
  ])('a review from %s after %i months falls due on %s', (from, months, due) => {
    expect(reviewDueDate(from, months)).toBe(due);
  });
});
