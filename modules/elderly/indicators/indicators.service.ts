// Counts the indicators need, from the records, in the actor's jurisdiction; the dashboard is served
// from the last result (computing it at city scale is a second's work, serving it must not be).
import { sql } from 'drizzle-orm';
import { todayInChina, type Actor, type Executor, type IsoDate } from '#kernel';
import { requireElderly } from '../access';
import { olderWithTiers } from '../visits/visits.service';
import { coveragePerMille } from '../visits/visit.rules';
import { computeIndicators, per1000Tenths, type Indicator, type IndicatorCounts } from './indicators.rules';

export interface CountyRow {
  code: string; name: string; older: number; beds: number; nursingBeds: number; bedsPer1000Tenths: number; dayCare: number; stationsA: number; canteens: number;
  visitPopulation: number; visited: number; visitPerMille: number;
}
export interface IndicatorReport { on: IsoDate; divisionCode: string; computedAt: string; ms: number; counts: IndicatorCounts; indicators: Indicator[]; counties: CountyRow[] }

/**
 * Two statements, run side by side on PostgreSQL's pool: the counts over the module's own (small)
 * tables, and one pass over the older people in scope that counts them by county together with
 * the visit list and who on it was visited this month (the tiers set in SQL, not in the process).
 */
export async function indicatorCounts(exec: Executor, actor: Actor, on: IsoDate): Promise<{ counts: IndicatorCounts; counties: CountyRow[] }> {
  const scope = actor.divisionCode + '%';
  const [{ rows: [c] }, { rows: counties }] = await Promise.all([
    exec.execute(sql`SELECT
      (SELECT coalesce(sum(beds), 0)::int FROM elderly.institutions WHERE division_code LIKE ${scope}) AS beds,
      (SELECT coalesce(sum(nursing_beds), 0)::int FROM elderly.institutions WHERE division_code LIKE ${scope}) AS nursing_beds,
      (SELECT count(*)::int FROM kernel.divisions WHERE level = 4 AND code LIKE ${scope}) AS townships,
      (SELECT count(DISTINCT left(division_code, 9))::int FROM elderly.institutions WHERE comprehensive AND division_code LIKE ${scope}) AS townships_comprehensive,
      (SELECT count(*)::int FROM elderly.adaptations WHERE status = 'accepted' AND division_code LIKE ${scope}) AS adapted,
      (SELECT count(*)::int FROM elderly.care_workers WHERE active AND division_code LIKE ${scope}) AS workers,
      (SELECT count(*)::int FROM elderly.care_workers w WHERE w.active AND w.division_code LIKE ${scope}
         AND EXISTS (SELECT 1 FROM elderly.trainings t WHERE t.worker_id = w.id AND t.trained_on BETWEEN '2021-01-01' AND '2025-12-31')) AS trained,
      (SELECT count(*)::int FROM elderly.facilities WHERE kind = 'station_a' AND opened_on BETWEEN '2022-01-01' AND '2022-12-31' AND division_code LIKE ${scope}) AS stations_2022,
      (SELECT count(*)::int FROM elderly.facilities WHERE kind = 'station_a' AND opened_on BETWEEN '2023-01-01' AND '2023-12-31' AND division_code LIKE ${scope}) AS stations_2023,
      (SELECT count(*)::int FROM elderly.facilities WHERE kind = 'canteen' AND opened_on BETWEEN '2022-01-01' AND '2022-12-31' AND division_code LIKE ${scope}) AS canteens_2022,
      (SELECT count(*)::int FROM elderly.facilities WHERE kind = 'canteen' AND opened_on BETWEEN '2023-01-01' AND '2023-12-31' AND division_code LIKE ${scope}) AS canteens_2023,
      (SELECT count(*)::int FROM elderly.facilities WHERE kind = 'day_care' AND urban_rural = 'rural' AND closed_on IS NULL AND opened_on <= ${on}::date AND division_code LIKE ${scope}) AS rural_day_care,
      (SELECT count(*)::int FROM elderly.facilities WHERE kind IN ('day_care', 'station_a') AND urban_rural = 'urban' AND closed_on IS NULL AND opened_on <= ${on}::date AND division_code LIKE ${scope}) AS urban_facilities`),
    exec.execute(sql`
      WITH older AS (
        SELECT left(o.division_code, 6) AS code, count(*)::int AS n,
               count(*) FILTER (WHERE o.tier IS NOT NULL AND NOT o.resident)::int AS listed,
               count(*) FILTER (WHERE o.tier IS NOT NULL AND NOT o.resident AND o.in_month > 0)::int AS visited
        FROM (${olderWithTiers(actor, on, { lastVisit: false })}) o GROUP BY 1),
      beds AS (SELECT left(division_code, 6) AS code, sum(beds)::int AS beds, sum(nursing_beds)::int AS nursing FROM elderly.institutions WHERE division_code LIKE ${scope} GROUP BY 1),
      fac AS (SELECT left(division_code, 6) AS code, count(*) FILTER (WHERE kind = 'day_care')::int AS day_care,
                     count(*) FILTER (WHERE kind = 'station_a')::int AS stations, count(*) FILTER (WHERE kind = 'canteen')::int AS canteens
              FROM elderly.facilities WHERE closed_on IS NULL AND division_code LIKE ${scope} GROUP BY 1)
      SELECT d.code, d.name, coalesce(o.n, 0) AS older, coalesce(o.listed, 0) AS listed, coalesce(o.visited, 0) AS visited,
             coalesce(b.beds, 0) AS beds, coalesce(b.nursing, 0) AS nursing,
             coalesce(f.day_care, 0) AS day_care, coalesce(f.stations, 0) AS stations, coalesce(f.canteens, 0) AS canteens
      FROM kernel.divisions d LEFT JOIN older o ON o.code = d.code LEFT JOIN beds b ON b.code = d.code LEFT JOIN fac f ON f.code = d.code
      WHERE d.level = 3 AND (d.code LIKE ${scope} OR ${actor.divisionCode} LIKE d.code || '%') ORDER BY d.code`),
  ]);
  const r = c as Record<string, number>;
  const countyRows = (counties as Record<string, any>[]).map((x): CountyRow => ({
    code: x.code, name: x.name, older: Number(x.older), beds: Number(x.beds), nursingBeds: Number(x.nursing),
    bedsPer1000Tenths: per1000Tenths(Number(x.beds), Number(x.older)), dayCare: Number(x.day_care), stationsA: Number(x.stations), canteens: Number(x.canteens),
    visitPopulation: Number(x.listed), visited: Number(x.visited), visitPerMille: coveragePerMille(Number(x.visited), Number(x.listed)),
  }));
  const sum = (k: 'older' | 'visitPopulation' | 'visited') => countyRows.reduce((a, x) => a + x[k], 0);
  return {
    counts: {
      older: sum('older'), beds: r.beds, nursingBeds: r.nursing_beds, townships: r.townships,
      townshipsWithComprehensive: r.townships_comprehensive, visitPopulation: sum('visitPopulation'), visitedThisMonth: sum('visited'),
      adaptedHomes: r.adapted, careWorkers: r.workers, careWorkersTrained: r.trained,
      stationsA: { 2022: r.stations_2022, 2023: r.stations_2023 }, canteens: { 2022: r.canteens_2022, 2023: r.canteens_2023 },
      ruralDayCare: r.rural_day_care, urbanCommunityFacilities: r.urban_facilities,
    },
    counties: countyRows,
  };
}

export async function computeIndicatorReport(exec: Executor, actor: Actor, on: IsoDate = todayInChina()): Promise<IndicatorReport> {
  requireElderly(actor, 'read');
  const started = performance.now();
  const { counts, counties } = await indicatorCounts(exec, actor, on);
  return { on, divisionCode: actor.divisionCode, computedAt: new Date().toISOString(), ms: Math.round(performance.now() - started), counts, indicators: computeIndicators(counts), counties };
}

// The last report per jurisdiction and day, for the dashboard.
const CACHE_MS = 10 * 60_000;
const cache = new Map<string, { until: number; report: IndicatorReport }>();

export async function indicatorDashboard(exec: Executor, actor: Actor, opts: { refresh?: boolean; on?: IsoDate } = {}): Promise<IndicatorReport & { cached: boolean }> {
  requireElderly(actor, 'read');
  const on = opts.on ?? todayInChina();
  const key = `${actor.divisionCode}|${on}`;
  const hit = cache.get(key);
  if (hit && hit.until > Date.now() && !opts.refresh) return { ...hit.report, cached: true };
  const report = await computeIndicatorReport(exec, actor, on);
  if (cache.size > 1000) cache.clear();
  cache.set(key, { until: Date.now() + CACHE_MS, report });
  return { ...report, cached: false };
}
