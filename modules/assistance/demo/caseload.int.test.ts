// The demo caseload on a small demo population: exact counts across the counties, amounts from the
// calculator, twelve months of signed payroll per county, and a procedure history that the
// processing-time report and the inbox show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '#kernel';
import { buildPlatform } from '../../../test/factories';
import type { Platform } from '../../../apps/server/src/platform';
import { seedDemo } from '../../registry/seed/demo.seeder';
import { processingReport } from '../reports/processing.report';
import { caseloadReport } from '../reports/caseload.report';
import { payrollMonths, seedDemoCaseload, unit, type DemoCaseloadResult } from './caseload.seeder';

let p: Platform;
let r: DemoCaseloadResult;
const TODAY = '2026-11-30';
const targets = { dibaoHouseholds: 100, dibaoPersons: 188, tekunHouseholds: 12, tekunPersons: 13 };
const rows = async <T,>(q: ReturnType<typeof sql>) => (await p.db.orm.execute(q)).rows as T[];

beforeAll(async () => {
  p = await buildPlatform();
  await seedDemo(p.db.pool, { persons: 3_000, seed: 1 });
  r = await seedDemoCaseload(p.db, { today: TODAY, targets, processedPerMonth: 2 });
}, 240_000);
afterAll(async () => { await p?.close(); });

describe('demo caseload', () => {
  it('enrols exactly the target households and persons, in every county, tekun only where there are villages', async () => {
    expect(r).toMatchObject({ dibaoHouseholds: 100, dibaoPersons: 188, tekunHouseholds: 12, tekunPersons: 13 });
    // dibao: one application per household with its members; tekun: one per person (the applicant)
    const apps = await rows<{ programme: string; n: number; households: number; persons: number }>(sql`
      SELECT programme, count(*)::int AS n, count(DISTINCT household_id)::int AS households,
             CASE programme WHEN 'tekun' THEN count(DISTINCT applicant_person_id) ELSE sum(jsonb_array_length(members)) END::int AS persons
      FROM assistance.applications WHERE decision = 'approved' GROUP BY programme ORDER BY programme`);
    expect(apps).toEqual([{ programme: 'dibao', n: 100, households: 100, persons: 188 }, { programme: 'tekun', n: 13, households: 12, persons: 13 }]);
    const [{ households }] = await rows<{ households: number }>(sql`SELECT count(DISTINCT household_id)::int AS households FROM assistance.applications WHERE decision = 'approved'`);
    expect(households).toBe(112);
    expect(r.byCounty.map((c) => c.countyCode)).toEqual(['140302', '140303', '140311', '140321', '140322']);
    expect(r.byCounty.every((c) => c.dibao > 0)).toBe(true);
    expect(r.byCounty.reduce((a, c) => a + c.dibaoPersons, 0)).toBe(188);
    // The rural counties carry more of the caseload than their share of the population.
    const [pingding] = r.byCounty.filter((c) => c.countyCode === '140321');
    expect(pingding.tekun).toBeGreaterThan(0);
  });

  it('hands dibao per household, and tekun per person in its two parts (basic and care), at the calculated amount', async () => {
    const mismatched = await rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM (
        SELECT a.id, a.calculation, a.from_month, sum(e.monthly_amount_fen) AS fen, min(e.from_month) AS from_month_e, max(e.from_month) AS from_month_l
        FROM assistance.applications a
        JOIN payments.entitlements e ON e.source_type = 'assistance_application' AND e.source_id = a.id::text
        GROUP BY a.id) x
      WHERE x.fen <> (x.calculation->>'monthlyAmountFen')::bigint OR x.from_month_e <> x.from_month OR x.from_month_l <> x.from_month`);
    expect(mismatched[0].n).toBe(0);
    const kinds = await rows<{ programme: string; n: number; persons: number }>(sql`
      SELECT programme, count(*)::int AS n, count(DISTINCT person_id)::int AS persons
      FROM payments.entitlements WHERE source_type = 'assistance_application' GROUP BY 1 ORDER BY 1`);
    expect(kinds).toEqual([{ programme: 'dibao', n: 100, persons: 0 }, { programme: 'tekun', n: 13, persons: 13 }, { programme: 'tekun_care', n: 13, persons: 13 }]);
    const [{ wrong }] = await rows<{ wrong: number }>(sql`
      SELECT count(*)::int AS wrong FROM payments.entitlements e JOIN assistance.applications a ON e.source_id = a.id::text
      WHERE e.programme IN ('tekun', 'tekun_care') AND e.person_id IS DISTINCT FROM a.applicant_person_id`);
    expect(wrong).toBe(0);
  });

  it('signs twelve months of payroll per county, ending last month', async () => {
    expect(r.months).toEqual(payrollMonths(TODAY));
    expect([r.months[0], r.months[11]]).toEqual(['2025-11', '2026-10']);
    const runs = await rows<{ month: string; counties: number; signed: number }>(sql`
      SELECT month, count(*)::int AS counties, count(*) FILTER (WHERE status = 'signed')::int AS signed
      FROM payments.payroll_runs GROUP BY month ORDER BY month`);
    expect(runs.map((x) => x.month)).toEqual(r.months);
    for (const x of runs) expect(x).toMatchObject({ counties: r.counties.length, signed: r.counties.length });
    const [last] = await rows<{ lines: number; fen: number }>(sql`
      SELECT count(*)::int AS lines, sum(amount_fen)::bigint AS fen FROM payments.payroll_lines WHERE month = '2026-10' AND change <> 'stopped'`);
    const [due] = await rows<{ fen: number }>(sql`SELECT sum(monthly_amount_fen)::bigint AS fen FROM payments.entitlements`);
    expect(last.lines).toBe(112 + 12); // a tekun household's care standard is its own line
    expect(Number(last.fen)).toBe(Number(due.fen));
    const [first] = await rows<{ lines: number }>(sql`SELECT count(*)::int AS lines FROM payments.payroll_lines WHERE month = '2025-11'`);
    expect(first.lines).toBeLessThan(last.lines);
    expect(first.lines).toBeGreaterThan(last.lines * 0.7);
  });

  it('reports tekun as 12 households of 13 persons with both parts of their support', async () => {
    const c = await caseloadReport(p.db.orm, SYSTEM_ACTOR, p.divisions, { from: '2026-10', to: '2026-10', groupBy: 'county', programme: 'tekun' });
    const [{ fen }] = await rows<{ fen: number }>(sql`SELECT sum(monthly_amount_fen)::bigint AS fen FROM payments.entitlements WHERE programme IN ('tekun', 'tekun_care')`);
    expect(c.totals).toEqual([{ month: '2026-10', households: 12, persons: 13, spendingFen: Number(fen) }]);
  });

  it('takes some joiners, refusals and open cases through the procedure, back-dated and marked as demo', async () => {
    expect(r.procedure.approved).toBeGreaterThan(5);
    expect(r.procedure.refused).toBeGreaterThan(10);
    expect(r.procedure).toMatchObject({ open: 10, overdueOpen: 4 });
    const report = await processingReport(p.db.orm, SYSTEM_ACTOR, p.divisions, { from: r.months[0], to: r.months[11] }, TODAY);
    expect(report.decided).toBe(r.procedure.decided);
    expect(report.refused).toBe(r.procedure.refused);
    expect(report.overdueOpen).toBe(4);
    expect(report.medianDays).toBeGreaterThanOrEqual(10);
    expect(report.p90Days).toBeGreaterThanOrEqual(report.medianDays!);
    const steps = await rows<{ actor_name: string; n: number }>(sql`
      SELECT actor_name, count(*)::int AS n FROM kernel.workflow_transitions GROUP BY 1`);
    expect(steps.every((s) => s.actor_name.startsWith('演示数据'))).toBe(true);
    const open = await rows<{ state: string }>(sql`SELECT state FROM kernel.workflow_instances WHERE closed_at IS NULL`);
    expect(new Set(open.map((x) => x.state)).size).toBeGreaterThanOrEqual(4);
  });

  it('fills the low-income register through its service: valid, expiring, expired and cancelled', async () => {
    expect(r.lowIncome).toBe(60);
    const byState = await rows<{ state: string; n: number }>(sql`
      SELECT CASE WHEN status = 'cancelled' THEN 'cancelled' WHEN valid_to < ${TODAY}::date THEN 'expired' ELSE 'valid' END AS state, count(*)::int AS n
      FROM assistance.low_income_recognitions GROUP BY 1 ORDER BY 1`);
    expect(byState.map((x) => x.state)).toEqual(['cancelled', 'expired', 'valid']);
    expect(byState.reduce((a, x) => a + x.n, 0)).toBe(60);
    const [{ both }] = await rows<{ both: number }>(sql`
      SELECT count(*)::int AS both FROM assistance.low_income_recognitions l JOIN assistance.applications a ON a.household_id = l.household_id AND a.decision = 'approved'`);
    expect(both).toBe(0);
  });

  it('declares incomes for some households, so amounts vary below the standard', async () => {
    const [x] = await rows<{ with_income: number; amounts: number }>(sql`
      SELECT count(*) FILTER (WHERE jsonb_array_length(incomes) > 0)::int AS with_income,
             count(DISTINCT calculation->>'monthlyAmountFen')::int AS amounts
      FROM assistance.applications WHERE programme = 'dibao' AND decision = 'approved'`);
    expect(x.with_income).toBeGreaterThan(20);
    expect(x.amounts).toBeGreaterThan(10);
    const us = Array.from({ length: 1000 }, (_, i) => unit(i + 1, 3));
    expect(Math.min(...us)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...us)).toBeLessThan(1);
  });
});
