import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { divisionPoint, facilityPoint, inCounty, metresBetween } from './geo';

const file = JSON.parse(readFileSync(new URL('../../../data/divisions/1403.json', import.meta.url), 'utf8')) as {
  townships: { code: string; county: string }[]; villages: { code: string; township: string }[];
};

describe('division points on the Yangquan outline', () => {
  it('puts every township, village and community inside its own county', () => {
    for (const d of [...file.townships, ...file.villages]) {
      const p = divisionPoint(d.code);
      expect(p, d.code).not.toBeNull();
      expect(inCounty(d.code.slice(0, 6), p!), d.code).toBe(true);
    }
  });

  it('spreads a county\'s townships apart (over 1.5 km between any two)', () => {
    for (const a of file.townships) {
      for (const b of file.townships) {
        if (a.code < b.code && a.county === b.county) expect(metresBetween(divisionPoint(a.code)!, divisionPoint(b.code)!), `${a.code}–${b.code}`).toBeGreaterThan(1500);
      }
    }
  });

  it('is deterministic, and a facility stands within 150 m of its division\'s point', () => {
    expect(divisionPoint('140321100201')).toEqual(divisionPoint('140321100201'));
    const f = facilityPoint('140321100201', 'day_care:东关日间照料中心')!;
    expect(metresBetween(f, divisionPoint('140321100201')!)).toBeLessThanOrEqual(150);
    expect(facilityPoint('140321100201', 'other')).not.toEqual(f);
  });

  it('has no point for a division outside the outlines', () => {
    expect(divisionPoint('110101001')).toBeNull();
  });

  it('measures 1 km north as 1 km', () => {
    expect(Math.round(metresBetween({ lng: 113.5, lat: 37.8 }, { lng: 113.5, lat: 37.8 + 1000 / 111_320 }))).toBe(1000);
  });
});
