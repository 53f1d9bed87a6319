// The demo caseload on a small demo population: counts in proportion to the plan, amounts from the
// calculator, and twelve months of signed payroll per county.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildPlatform } from '../../../test/factories';
import type { Platform } from '../../../apps/server/src/platform';
import { seedDemo } from '../../registry/seed/demo.seeder';
import { caseloadTargets, payrollMonths, seedDemoCaseload, unit, type DemoCaseloadResult } from './caseload.seeder';

let p: Platform;
let r: DemoCaseloadResult;
const rows = async <T,>(q: ReturnType<typeof sql>) => (await p.db.orm.execute(q)).rows as T[];

beforeAll(async () => {
  p = await buildPlatform();
  await seedDemo(p.db.pool, { persons: 3_000, seed: 1 });
  r = await seedDemoCaseload(p.db, { today: '2026-11-30' });
});
afterAll(async () => { await p?.close(); });

describe('demo caseload', () => {
  it('scales the plan to the population, with at least 100 dibao households', () => {
    expect(caseloadTargets(20_000 / 1_300_000)).toEqual({ dibao: 100, tekun: 18 });
    expect(caseloadTargets(1)).toEqual({ dibao: 2853, tekun: 512 });
    expect(r.dibaoHouseholds).toBe(100);
    expect(r.dibaoPersons).toBeGreaterThanOrEqual(100);
    expect(r.tekunHouseholds).toBeGreaterThan(0);
    expect(r.tekunHouseholds).toBeLessThanOrEqual(18);
    expect(r.tekunPersons).toBe(r.tekunHouseholds);
  });

  it('writes approved applications and an entitlement for each, at the calculated amount', async () => {
    const apps = await rows<{ programme: string; n: number; persons: number }>(sql`
      SELECT programme, count(*)::int AS n, sum(jsonb_array_length(members))::int AS persons
      FROM assistance.applications WHERE decision = 'approved' GROUP BY programme ORDER BY programme`);
    expect(apps).toEqual([
      { programme: 'dibao', n: r.dibaoHouseholds, persons: r.dibaoPersons },
      { programme: 'tekun', n: r.tekunHouseholds, persons: r.tekunPersons },
    ]);
    const mismatched = await rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM assistance.applications a
      JOIN payments.entitlements e ON e.source_type = 'assistance_application' AND e.source_id = a.id::text
      WHERE e.monthly_amount_fen <> (a.calculation->>'monthlyAmountFen')::bigint OR e.from_month <> a.from_month`);
    expect(mismatched[0].n).toBe(0);
    const [{ n }] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM payments.entitlements WHERE source_type = 'assistance_application'`);
    expect(n).toBe(r.dibaoHouseholds + r.tekunHouseholds);
    const standards = await rows<{ s: number }>(sql`SELECT DISTINCT (calculation->>'standardFen')::int AS s FROM assistance.applications WHERE programme = 'dibao' ORDER BY 1`);
    expect(standards.map((x) => x.s).every((s) => s === 41800 || s === 58700)).toBe(true);
  });

  it('signs twelve months of payroll per county, ending last month', async () => {
    expect(r.months).toEqual(payrollMonths('2026-11-30'));
    expect(r.months[0]).toBe('2025-11');
    expect(r.months[11]).toBe('2026-10');
    const runs = await rows<{ month: string; counties: number; signed: number }>(sql`
      SELECT month, count(*)::int AS counties, count(*) FILTER (WHERE status = 'signed')::int AS signed
      FROM payments.payroll_runs GROUP BY month ORDER BY month`);
    expect(runs.map((x) => x.month)).toEqual(r.months);
    for (const x of runs) expect(x).toMatchObject({ counties: r.counties.length, signed: r.counties.length });
    expect(r.runs).toBe(12 * r.counties.length);
    const [last] = await rows<{ lines: number; fen: number }>(sql`
      SELECT count(*)::int AS lines, sum(amount_fen)::bigint AS fen FROM payments.payroll_lines
      WHERE month = '2026-10' AND change <> 'stopped'`);
    const [due] = await rows<{ fen: number }>(sql`SELECT sum(monthly_amount_fen)::bigint AS fen FROM payments.entitlements`);
    expect(last.lines).toBe(r.dibaoHouseholds + r.tekunHouseholds);
    expect(Number(last.fen)).toBe(Number(due.fen));
    // About one household in seven joins during the period: the first month has fewer.
    const [first] = await rows<{ lines: number }>(sql`SELECT count(*)::int AS lines FROM payments.payroll_lines WHERE month = '2025-11'`);
    expect(first.lines).toBeLessThan(last.lines);
    expect(first.lines).toBeGreaterThan(last.lines * 0.7);
  });

  it('declares incomes for some households, so amounts vary below the standard', async () => {
    const [x] = await rows<{ with_income: number; amounts: number }>(sql`
      SELECT count(*) FILTER (WHERE jsonb_array_length(incomes) > 0)::int AS with_income,
             count(DISTINCT calculation->>'monthlyAmountFen')::int AS amounts
      FROM assistance.applications WHERE programme = 'dibao'`);
    expect(x.with_income).toBeGreaterThan(20);
    expect(x.amounts).toBeGreaterThan(10);
    const us = Array.from({ length: 1000 }, (_, i) => unit(i + 1, 3));
    expect(Math.min(...us)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...us)).toBeLessThan(1);
  });
});
