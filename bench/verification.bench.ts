// Verification benchmark: ten sources of N records each already loaded (set-based, generate_series),
// then (1) the monthly batch re-verification of R recipients end to end (subjects, the set-based
// comparison with what was known, review tasks for the changes) and (2) a monitoring scan of the
// whole city with the shipped rules (alerts inserted; opening their cases is timed apart). Peak RSS
// of this process is sampled during each, to show memory stays flat as the batch grows.
// PostgreSQL: N = 1.3M (the city), R = 100k. PGlite: N = 130k, R = 10k (PGlite is the embedded tier).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { SYSTEM_ACTOR, inTransaction, loadParameterFiles, migrate, openDatabase, type Database } from '../packages/kernel/src/index';
import { runBatch, startBatch, scanRules, routeAlerts, listRules, SOURCE_CATALOGUE } from '../modules/verification/index';
import { startBenchCluster } from './lib/pg-cluster';
import { rssSampler, round, timed } from './lib/stats';
import type { BenchContext, BenchSuite } from './run';

type Kind = 'pglite' | 'postgres';
const COUNTY = '140321';
const PARAMETERS_DIR = fileURLToPath(new URL('../data/parameters', import.meta.url));

interface Figures {
  kind: Kind;
  version: string;
  persons: number;
  recordsPerSource: number;
  loadSeconds: number;
  recipients: number;
  households: number;
  batch: { seconds: number; subjects: number; changes: number; tasksOpened: number; peakRssMiB: number; baselineRssMiB: number };
  /** the same batch again: nothing new, so only the comparison */
  rerun: { seconds: number; changes: number };
  scan: { seconds: number; alerts: number; peakRssMiB: number; signals: { signal: string; hits: number; seconds: number }[] };
  routing: { seconds: number; cases: number };
  floorSeconds: number;
}

const idOf = (g: string) => `'${COUNTY}' || lpad((${g})::text, 12, '0')`;

/**
 * The city: `persons` in households of two (ids from 1), 30 villages of one county. Ten sources of
 * `n` records each: wages (one in 500 above the standard), pensions and unemployment, medical bills,
 * deposits for most persons; vehicles and properties keyed over an ID space ten times the population
 * (one in ten matches a resident, as a department's whole extract would), businesses a hundred times,
 * deaths a thousand times (about the monthly death rate).
 */
export async function seed(pool: pg.Pool, persons: number, n: number, recipients: number) {
  const village = `'${COUNTY}100' || (200 + (g / 2) % 30)`;
  await pool.query(`INSERT INTO registry.persons (id, id_number, name, gender, birth_date, division_code, urban_rural, status, household_id, relation, disability_grade, severe_disability_since)
    SELECT g, ${idOf('g')}, '居民' || g, CASE WHEN g % 2 = 0 THEN 'M' ELSE 'F' END, date '1940-01-01' + (g * 7 % 29000)::int, ${village}, 'rural', 'living',
           (g + 1) / 2, CASE WHEN g % 2 = 1 THEN '02' ELSE '10' END, CASE WHEN g % 211 = 0 THEN 2 END, CASE WHEN g % 211 = 0 THEN current_date - (g % 400) END
    FROM generate_series(1, ${persons}) g`);
  await pool.query(`INSERT INTO registry.households (id, head_person_id, division_code, urban_rural, status)
    SELECT h, 2 * h - 1, '${COUNTY}100' || (200 + h % 30), 'rural', 'active' FROM generate_series(1, ${persons / 2}) h`);
  const spec: Record<string, { kind: string; space: number; income?: string; amount?: string; date?: string; ref?: string }> = {
    household_registration: { kind: 'death', space: 1000, date: `current_date - (g % 400)` },
    social_insurance: { kind: `CASE WHEN g % 40 = 0 THEN 'unemployment' WHEN g % 3 = 0 THEN 'pension' ELSE 'income' END`, space: 1, income: `CASE WHEN g % 500 = 0 THEN 300000 ELSE (g % 40) * 200 END`, date: `current_date - (g % 200)` },
    medical_insurance: { kind: 'medical_expense', space: 1, amount: `CASE WHEN g % 97 = 0 THEN 2000000 ELSE (g % 50) * 1000 END`, date: `current_date - (g % 300)` },
    real_estate: { kind: 'property', space: 10, amount: `30000000`, ref: `'房' || g` },
    vehicles: { kind: 'vehicle', space: 10, amount: `5000000`, ref: `'晋C' || g` },
    business_registration: { kind: 'business', space: 100, income: `150000`, ref: `'执照' || g` },
    housing_fund: { kind: 'housing_fund', space: 1, income: `(g % 30) * 200` },
    tax: { kind: 'income', space: 1, income: `CASE WHEN g % 500 = 0 THEN 300000 ELSE (g % 35) * 200 END` },
    bank_deposits: { kind: `CASE WHEN g % 20 = 0 THEN 'securities' ELSE 'deposit' END`, space: 1, amount: `(g % 100) * 10000` },
    death_cremation: { kind: 'death', space: 1000, date: `current_date - (g % 400)`, ref: `'火化' || g` },
  };
  for (const [code, s] of Object.entries(spec)) {
    const kind = s.kind.startsWith('CASE') ? s.kind : `'${s.kind}'`;
    await pool.query(`INSERT INTO verification.source_records (source_code, id_number, kind, reference, monthly_income_fen, amount_fen, event_date, origin)
      SELECT '${code}', ${idOf(`1 + (g * ${s.space}) % ${persons * s.space}`)}, ${kind}, ${s.ref ?? `''`}, ${s.income ?? 0}, ${s.amount ?? 0}, ${s.date ?? 'NULL'}, 'extract'
      FROM generate_series(1, ${n}) g`);
  }
  await pool.query(`INSERT INTO verification.sources (code, name, department, adapter, record_count)
    SELECT code, code, 'bench', 'file', ${n} FROM unnest($1::text[]) code ON CONFLICT (code) DO UPDATE SET adapter = 'file'`, [SOURCE_CATALOGUE.map((s) => s.code)]);
  // Recipients: the first R persons' households are enrolled in dibao (two members each).
  await pool.query(`INSERT INTO assistance.applications (programme, household_id, applicant_person_id, applicant_name, applicant_id_masked, division_code, urban_rural,
      receiving_division_code, received_by_name, members, incomes, assets, consents, documents, decision, decided_at)
    SELECT 'dibao', h, 2 * h - 1, '居民' || (2 * h - 1), '***', '${COUNTY}100' || (200 + h % 30), 'rural', '${COUNTY}100', 'bench',
      jsonb_build_array(jsonb_build_object('personId', 2 * h - 1, 'name', '居民', 'age', 50, 'included', true), jsonb_build_object('personId', 2 * h, 'name', '居民', 'age', 48, 'included', true)),
      '[]'::jsonb, '{"financialFen":0,"vehicles":0,"extraHousing":0}'::jsonb, '[]'::jsonb, '[]'::jsonb, 'approved', now()
    FROM generate_series(1, ${recipients / 2}) h`);
  // What earlier verifications already knew: every recipient's vehicles, businesses and properties but about one in a hundred.
  await pool.query(`INSERT INTO verification.known_facts (household_id, fact_key)
    SELECT DISTINCT p.household_id, r.kind || ':' || r.reference FROM registry.persons p JOIN verification.source_records r ON r.id_number = p.id_number
    WHERE p.household_id <= ${recipients / 2} AND r.kind IN ('vehicle', 'business', 'property') AND p.id % 1000 <> 1`);
  // sources already loaded: settled as autovacuum leaves them (statistics, visibility map for index-only reads)
  await pool.query('VACUUM ANALYZE');
}

async function floor(pool: pg.Pool, recipients: number): Promise<number> {
  // the raw SQL the batch needs at least: each recipient's records from every source, aggregated
  const { ms } = await timed(() => pool.query(`SELECT p.household_id, count(*), sum(r.monthly_income_fen) FROM registry.persons p
    JOIN verification.source_records r ON r.id_number = p.id_number WHERE p.household_id <= ${recipients / 2} GROUP BY p.household_id`));
  return ms / 1000;
}

async function measure(ctx: BenchContext, kind: Kind, db: Database, version: string, persons: number, recipients: number): Promise<Figures> {
  ctx.log(`  seeding ${persons.toLocaleString('en')} persons, 10 × ${persons.toLocaleString('en')} source records, ${recipients.toLocaleString('en')} recipients…`);
  const load = await timed(() => seed(db.pool, persons, persons, recipients));
  ctx.log(`  seeded in ${round(load.ms / 1000)} s`);
  const base = process.memoryUsage().rss / 2 ** 20;
  const batchOnce = async () => {
    const rss = rssSampler(50);
    const run = await startBatch(db, SYSTEM_ACTOR, { divisionCode: '1403', trigger: 'on_demand' });
    const t = await timed(() => runBatch(db, run.id, null, (done, total) => total && ctx.progress('  batch', done, total)));
    return { ms: t.ms, run: t.value, peak: rss.stop() };
  };
  const first = await batchOnce();
  ctx.log(`  batch: ${first.run.subjects} subjects, ${first.run.changesFound} changes, ${first.run.tasksOpened} tasks in ${round(first.ms / 1000, 2)} s (peak RSS ${round(first.peak)} MiB)`);
  const again = await batchOnce();
  ctx.log(`  batch again: ${again.run.changesFound} changes in ${round(again.ms / 1000, 2)} s`);
  const rss = rssSampler(50);
  // the scan's own statements (alerts inserted), then the cases opened for them, timed apart
  await listRules(db.orm);
  const s = await timed(() => scanOnly(db));
  const scanPeak = rss.stop();
  ctx.log(`  scan: ${s.value.ids.length} alerts in ${round(s.ms / 1000, 2)} s (peak RSS ${round(scanPeak)} MiB)`);
  for (const t of s.value.signals) ctx.log(`    ${t.signal.padEnd(26)} ${String(t.hits).padStart(7)} hits  ${round(t.ms / 1000, 2)} s`);
  const r = await timed(() => routeAlerts(db));
  ctx.log(`  routing: ${r.value} alert cases opened in ${round(r.ms / 1000, 2)} s`);
  const f = await floor(db.pool, recipients);
  return {
    kind, version, persons, recordsPerSource: persons, loadSeconds: round(load.ms / 1000), recipients, households: recipients / 2,
    batch: { seconds: round(first.ms / 1000, 2), subjects: first.run.subjects, changes: first.run.changesFound, tasksOpened: first.run.tasksOpened, peakRssMiB: round(first.peak), baselineRssMiB: round(base) },
    rerun: { seconds: round(again.ms / 1000, 2), changes: again.run.changesFound },
    scan: { seconds: round(s.ms / 1000, 2), alerts: s.value.ids.length, peakRssMiB: round(scanPeak), signals: s.value.signals.map((t) => ({ signal: t.signal, hits: t.hits, seconds: round(t.ms / 1000, 2) })) },
    routing: { seconds: round(r.ms / 1000, 2), cases: r.value },
    floorSeconds: round(f, 2),
  };
}

/** scan() without its routing step: the alerts the rules find, inserted set-based; each signal's time. */
function scanOnly(db: Database) {
  return scanRules(db, SYSTEM_ACTOR, '1403');
}

async function open(kind: Kind) {
  if (kind === 'postgres') {
    const cluster = await startBenchCluster();
    if (!cluster) return null;
    const db = await openDatabase({ url: cluster.url, poolSize: 10 });
    return { db, version: cluster.version, close: async () => { await db.close(); await cluster.stop(); } };
  }
  const dir = await mkdtemp(join(tmpdir(), 'mz-bench-verification-'));
  const db = await openDatabase({ dataDir: dir });
  const { rows } = await db.pool.query<{ v: string }>('SELECT version() AS v');
  return { db, version: `PGlite (${rows[0].v.split(' on ')[0]})`, close: async () => { await db.close(); await rm(dir, { recursive: true, force: true }); } };
}

export const verificationBench: BenchSuite = {
  name: 'verification',
  async run(ctx: BenchContext) {
    const results: Figures[] = [];
    for (const kind of ctx.databases) {
      ctx.log(`\n[verification] ${kind}`);
      const opened = await open(kind);
      if (!opened) { ctx.log('  PostgreSQL: no initdb found, skipped'); continue; }
      try {
        await migrate(opened.db);
        await inTransaction(opened.db, (tx) => loadParameterFiles(tx, PARAMETERS_DIR));
        const big = kind === 'postgres' && !ctx.quick;
        const persons = big ? 1_300_000 : kind === 'postgres' ? 130_000 : ctx.quick ? 20_000 : 130_000;
        const recipients = big ? 100_000 : ctx.quick ? 2_000 : 10_000;
        results.push(await measure(ctx, kind, opened.db, opened.version, persons, recipients));
      } finally {
        await opened.close();
      }
    }
    ctx.log('\n  db        persons   recipients  batch s  (target)  rerun s  scan s  (target)  routing s  floor s  peak RSS MiB');
    for (const r of results) {
      ctx.log(`  ${r.kind.padEnd(9)} ${String(r.persons).padStart(9)} ${String(r.recipients).padStart(10)}  ${String(r.batch.seconds).padStart(7)}  (< 30)  ${String(r.rerun.seconds).padStart(7)}  ${String(r.scan.seconds).padStart(6)}  (< 20)  ${String(r.routing.seconds).padStart(9)}  ${String(r.floorSeconds).padStart(7)}  ${r.batch.peakRssMiB}/${r.scan.peakRssMiB}`);
    }
    return { databases: results };
  },
};
