import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, isMonth, monthLabel, nextMonth, previousMonth } from './months';

describe('months', () => {
  it('accepts YYYY-MM only', () => {
    expect(isMonth('2025-01')).toBe(true);
    expect(isMonth('2025-12')).toBe(true);
    for (const bad of ['2025-13', '2025-00', '2025-1', '25-01', '2025-01-01', '', null, 202501]) expect(isMonth(bad)).toBe(false);
  });

  it('steps across year ends', () => {
    expect(previousMonth('2025-01')).toBe('2024-12');
    expect(nextMonth('2024-12')).toBe('2025-01');
    expect(addMonths('2025-03', -15)).toBe('2023-12');
    expect(monthLabel('2025-03')).toBe('2025年3月');
  });

  it('orders as text the way it orders in time, and adding then subtracting returns the month', () => {
    const month = fc.tuple(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 1, max: 12 }))
      .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
    fc.assert(fc.property(month, fc.integer({ min: -600, max: 600 }), (m, n) => {
      const later = addMonths(m, n);
      expect(isMonth(later)).toBe(true);
      expect(addMonths(later, -n)).toBe(m);
      expect(Math.sign(later.localeCompare(m))).toBe(Math.sign(n));
    }));
  });
});
