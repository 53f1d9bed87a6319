import { describe, expect, it } from 'vitest';
import { computeIndicators, per1000Tenths, perMille, type IndicatorCounts } from './indicators.rules';

// A fixture computed by hand.
const counts: IndicatorCounts = {
  older: 4_000, beds: 149, nursingBeds: 82, townships: 43, townshipsWithComprehensive: 26,
  visitPopulation: 300, visitedThisMonth: 297, adaptedHomes: 120, careWorkers: 80, careWorkersTrained: 64,
  stationsA: { 2022: 4, 2023: 2 }, canteens: { 2022: 5, 2023: 3 }, ruralDayCare: 539, urbanCommunityFacilities: 36,
};

describe('elderly indicators', () => {
  const byKey = Object.fromEntries(computeIndicators(counts).map((i) => [i.key, i]));

  it('beds per 1,000 older people: 149 / 4,000 × 1,000 = 37.25 → 37.3 (half up)', () => {
    expect(byKey.bedsPer1000).toMatchObject({ value: 373, display: '37.3 张', baseline: '37.2 张（2020）' });
  });
  it('nursing-bed share: 82 / 149 = 55.03 % → 550 ‰, meeting ≥ 55 %', () => {
    expect(byKey.nursingBedShare).toMatchObject({ value: 550, display: '55.0%', met: true });
  });
  it('township coverage: 26 / 43 = 60.47 % → 605 ‰, meeting 60 %', () => {
    expect(byKey.townshipComprehensiveCoverage).toMatchObject({ value: 605, met: true });
  });
  it('monthly visits: 297 / 300 = 99.0 %, short of 100 %', () => {
    expect(byKey.monthlyVisitCoverage).toMatchObject({ value: 990, display: '99.0%（297/300）', met: false });
  });
  it('adapted homes, training, stations and canteens against their targets', () => {
    expect(byKey.adaptedHomes).toMatchObject({ value: 120, met: false });
    expect(byKey.careWorkerTraining).toMatchObject({ value: 800, display: '80.0%（64/80）', met: false });
    expect([byKey.stationsA2022.met, byKey.stationsA2023.met, byKey.canteens2022.met, byKey.canteens2023.met]).toEqual([true, false, true, true]);
    expect(byKey.ruralDayCare).toMatchObject({ value: 539, baseline: '539 个（2020）' });
  });
  it('rounds half up and survives empty denominators', () => {
    expect(perMille(1, 8)).toBe(125);
    expect(perMille(1, 0)).toBe(0);
    expect(per1000Tenths(372, 10_000)).toBe(372);
    expect(per1000Tenths(1, 0)).toBe(0);
  });
});
