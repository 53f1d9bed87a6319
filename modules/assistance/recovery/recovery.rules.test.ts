import { describe, expect, it } from 'vitest';
import { overpaidMonths, recoveryReason } from './recovery.rules';

const paid = (months: string[], amountFen: number) => months.map((month) => ({ month, amountFen }));

describe('overpayment after a death in a month already paid', () => {
  it('keeps the month of death, recovers every later month paid in full for a personal benefit', () => {
    const over = overpaidMonths(paid(['2026-08', '2026-09', '2026-10'], 76_667), '2026-08-15', () => 0);
    expect(over).toEqual([
      { month: '2026-09', paidFen: 76_667, dueFen: 0, overFen: 76_667 },
      { month: '2026-10', paidFen: 76_667, dueFen: 0, overFen: 76_667 },
    ]);
  });

  it('recovers only the difference when the household still receives a smaller amount', () => {
    const over = overpaidMonths(paid(['2026-09', '2026-10'], 90_000), '2026-08-31', (m) => (m === '2026-09' ? 60_000 : 90_000));
    expect(over).toEqual([{ month: '2026-09', paidFen: 90_000, dueFen: 60_000, overFen: 30_000 }]);
  });

  it('recovers nothing for a death in the last month paid, or before any payment', () => {
    expect(overpaidMonths(paid(['2026-09', '2026-10'], 50_000), '2026-10-01', () => 0)).toEqual([]);
    expect(overpaidMonths([], '2026-01-01', () => 0)).toEqual([]);
  });

  it('never recovers more than was paid, whatever the recomputed amount', () => {
    expect(overpaidMonths(paid(['2026-09'], 50_000), '2026-08-01', () => 80_000)).toEqual([]);
  });

  it('says who, when, which months and how much', () => {
    const over = overpaidMonths(paid(['2026-09', '2026-10'], 40_000), '2026-08-15', () => 0);
    expect(recoveryReason('王德明', '2026-08-15', over)).toBe('追回多发：王德明 于 2026-08-15 死亡，2026-09 至 2026-10 共 2 个月已发放，多发 800 元');
  });
});
