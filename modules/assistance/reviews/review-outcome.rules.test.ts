import { describe, expect, it } from 'vitest';
import { yamlParams } from '../parameters.fixture';
import { taperSchedule } from '../taper.rules';
import { allowedOutcomes, suggestOutcome, taperRanges } from './review-outcome.rules';

describe('periodic review outcome', () => {
  const calc = (monthlyAmountFen: number, perCapitaIncomeFen = 20000, eligible = true) => ({ eligible, monthlyAmountFen, perCapitaIncomeFen, standardFen: 47000 });
  it('suggests by the recomputed amount against the amount in force', () => {
    expect(suggestOutcome(50000, calc(50000))).toBe('unchanged');
    expect(suggestOutcome(50000, calc(60000))).toBe('increase');
    expect(suggestOutcome(50000, calc(40000))).toBe('reduce');
    expect(suggestOutcome(50000, calc(0, 47001, false))).toBe('taper');
    expect(suggestOutcome(50000, calc(0, 30000, false))).toBe('stop');
    expect(allowedOutcomes('taper')).toEqual(['taper', 'stop']);
    expect(allowedOutcomes('increase')).not.toContain('reduce');
  });

  it('joins the 100/100/80/80/60/60 % schedule into three month ranges', () => {
    const ranges = taperRanges('2026-12', taperSchedule(60000, yamlParams('2026-12')));
    expect(ranges).toEqual([
      { fromMonth: '2026-12', toMonth: '2027-01', amountFen: 60000, share: '1' },
      { fromMonth: '2027-02', toMonth: '2027-03', amountFen: 48000, share: '0.8' },
      { fromMonth: '2027-04', toMonth: '2027-05', amountFen: 36000, share: '0.6' },
    ]);
  });
});
