import { describe, expect, it } from 'vitest';
import { subsidies, type SubsidyFacts } from './subsidy.rules';
import type { ElderlyParams } from '../parameters';

const params: ElderlyParams = {
  validityMonths: 12, comaLevel: 4,
  longevityBands: [{ minAge: 80, maxAge: 89, fen: 5000 }, { minAge: 90, maxAge: 99, fen: 10000 }, { minAge: 100, fen: 30000 }],
  serviceSubsidy: { minAge: 60, fen: 10000 },
  careByLevel: { '1': 0, '2': 10000, '3': 20000, '4': 30000 },
  stopOnAdmission: ['elderly_service', 'elderly_care'],
  visitIntervalDays: { high: 7, priority: 30, general: 90 },
  samples: [],
};

const base: SubsidyFacts = { age: 70, living: true, inInstitution: false, dibao: false, tekun: false, level: null };

// [case, facts, longevity fen, service fen, care fen] — 0 means not eligible
const TABLE: [string, Partial<SubsidyFacts>, number, number, number][] = [
  ['a healthy 70-year-old gets nothing', {}, 0, 0, 0],
  ['79 is below the first longevity band', { age: 79 }, 0, 0, 0],
  ['80 opens the first band', { age: 80 }, 5000, 0, 0],
  ['89 is still the first band', { age: 89 }, 5000, 0, 0],
  ['90 opens the second band', { age: 90 }, 10000, 0, 0],
  ['100 opens the top band', { age: 100 }, 30000, 0, 0],
  ['a dibao elder of 60 gets the service subsidy', { age: 60, dibao: true }, 0, 10000, 0],
  ['a tekun elder gets the service subsidy', { tekun: true }, 0, 10000, 0],
  ['mild disability gives no care subsidy', { dibao: true, level: 1 }, 0, 10000, 0],
  ['moderate disability in a dibao household', { dibao: true, level: 2 }, 0, 10000, 10000],
  ['severe disability, tekun', { tekun: true, level: 3 }, 0, 10000, 20000],
  ['complete disability, 92, dibao', { age: 92, dibao: true, level: 4 }, 10000, 10000, 30000],
  ['disabled but not in economic difficulty', { level: 4 }, 0, 0, 0],
  ['in an institution: home-based subsidies stop, longevity stays', { age: 85, dibao: true, level: 4, inInstitution: true }, 5000, 0, 0],
  ['dead: everything stops', { age: 95, dibao: true, level: 4, living: false }, 0, 0, 0],
];

describe('elderly subsidy eligibility', () => {
  it.each(TABLE)('%s', (_name, over, longevityFen, serviceFen, careFen) => {
    const [l, s, c] = subsidies({ ...base, ...over }, params);
    expect([l.programme, s.programme, c.programme]).toEqual(['elderly_longevity', 'elderly_service', 'elderly_care']);
    expect([l.eligible ? l.monthlyAmountFen : 0, s.eligible ? s.monthlyAmountFen : 0, c.eligible ? c.monthlyAmountFen : 0])
      .toEqual([longevityFen, serviceFen, careFen]);
    for (const d of [l, s, c]) {
      expect(d.reasons.length).toBeGreaterThan(0);
      if (!d.eligible) expect(d.monthlyAmountFen).toBe(0);
    }
  });

  it('says why, in words a caseworker reads', () => {
    const [, , c] = subsidies({ ...base, tekun: true, level: 3 }, params);
    expect(c.reasons[0]).toBe('能力等级 3 级（重度失能），特困供养对象，居家：200.00 元/月');
    expect(subsidies({ ...base, level: 4, dibao: true, inInstitution: true }, params)[2].reasons[0]).toContain('已入住养老机构');
  });

  it('follows the parameters: institution residents keep the care subsidy where the rule says so', () => {
    const keep = { ...params, stopOnAdmission: ['elderly_service'] };
    const [, s, c] = subsidies({ ...base, dibao: true, level: 2, inInstitution: true }, keep);
    expect([s.eligible, c.eligible]).toEqual([false, true]);
  });
});
