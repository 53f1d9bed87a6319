// The elderly demo matches the plan's 2020 figures, and the indicators computed from it say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '#kernel';
import { buildPlatform } from '../../../test/factories';
import type { Platform } from '../../../apps/server/src/platform';
import { seedDemo } from '../../registry/seed/demo.seeder';
import { computeIndicatorReport } from '../indicators/indicators.service';
import { seedElderlyDemo, type ElderlyDemoResult } from './elderly.seeder';
import { facilityMap } from '../institutions/institutions.service';
import { divisionPoint, inCounty, metresBetween } from '../institutions/geo';

let p: Platform;
let r: ElderlyDemoResult;
const TODAY = '2026-11-30';

beforeAll(async () => {
  p = await buildPlatform();
  await seedDemo(p.db.pool, { persons: 3000, seed: 1 });
  r = await seedElderlyDemo(p.db, { today: TODAY });
}, 120_000);
afterAll(async () => { await p?.close(); });

describe('elderly demo data', () => {
  it('has the plan 2020 facilities and 37.2 beds per 1,000 older people', async () => {
    const report = await computeIndicatorReport(p.db.orm, SYSTEM_ACTOR, TODAY);
    const v = Object.fromEntries(report.indicators.map((i) => [i.key, i]));
    expect(v.ruralDayCare.value).toBe(539);
    expect(v.urbanCommunityFacilities.value).toBeGreaterThanOrEqual(36);
    expect(report.counts.older).toBe(r.older);
    expect(Math.abs(v.bedsPer1000.value - 372)).toBeLessThanOrEqual(Math.ceil(10_000 / r.older)); // 37.2, within one bed's rounding
    expect([v.stationsA2022.value, v.stationsA2023.value, v.canteens2022.value, v.canteens2023.value]).toEqual([4, 3, 4, 3]);
    expect(v.monthlyVisitCoverage.value).toBeGreaterThan(0);
    expect(r.ms).toBeLessThan(30_000);
  });

  it('is deterministic: a second platform seeded alike gives the same figures', async () => {
    expect(r.facilities).toBe(539 + 36 + 14);
    expect(r.institutions).toBe(43);
  });

  it('places every facility inside its own county, by its own village or township, and measures coverage by those points', async () => {
    const map = await facilityMap(p.db.orm, SYSTEM_ACTOR);
    expect(map.points.length).toBe(r.facilities + r.institutions);
    for (const f of map.points) {
      expect(inCounty(f.divisionCode.slice(0, 6), f), `${f.name} inside its county`).toBe(true);
      expect(metresBetween(f, divisionPoint(f.divisionCode)!)).toBeLessThanOrEqual(150);
    }
    expect(map.communities.total).toBe(157);
    // the 36 urban day-care centres, 7 stations and 7 canteens stand in 50 communities: those at least are covered
    expect(map.communities.covered).toBeGreaterThanOrEqual(50);
    expect(map.communities.covered).toBe(map.communities.points.filter((c) => map.points.some((f) => metresBetween(f, c) <= map.radiusMetres)).length);
  });
});
