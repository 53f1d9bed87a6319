// Does a slow report freeze the server? PGlite runs one query at a time; in-process it also holds
// Node's event loop for the whole query. This suite runs the same slow report both ways — PGlite
// in the API's own thread, and PGlite in a worker thread behind the wire protocol (what Minzheng
// does) — and measures, while the report runs, the event-loop delay and the latency of requests
// that need no database (health, static pages, sessions already cached) .
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../packages/kernel/src/db/database';
import type { BenchSuite } from './run';

// A report of the kind leaders ask for: persons by county and age band, over a big join.
const SETUP = `
  CREATE TABLE r(id int PRIMARY KEY, division text, birth date, household int);
  INSERT INTO r SELECT g, '1403' || lpad((g % 5)::text, 2, '0') || lpad((g % 43)::text, 3, '0'),
    date '1930-01-01' + (g % 30000), g / 3 FROM generate_series(1, $N) g;
  ANALYZE r;`;
const REPORT = `
  SELECT substr(a.division, 1, 6) AS county, (2026 - extract(year FROM a.birth)::int) / 10 AS band,
         count(*) AS persons, count(DISTINCT b.household) AS households
  FROM r a JOIN r b ON b.household = a.household AND b.id <> a.id
  GROUP BY 1, 2 ORDER BY 1, 2`;

interface Probe { reportMs: number; loopMaxMs: number; loopP99Ms: number; tickP50Ms: number; tickMaxMs: number; ticks: number }

/** Runs `report` while a 5 ms timer stands in for the requests that need no database. */
async function probe(report: () => Promise<unknown>): Promise<Probe> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  const lat: number[] = [];
  let stop = false;
  const ticker = (async () => {
    while (!stop) {
      const t = performance.now();
      await new Promise((r) => setTimeout(r, 5));
      lat.push(performance.now() - t - 5);
    }
  })();
  h.enable();
  const t0 = performance.now();
  await report();
  const reportMs = performance.now() - t0;
  stop = true;
  await ticker;
  h.disable();
  lat.sort((a, b) => a - b);
  return {
    reportMs: Math.round(reportMs), loopMaxMs: Math.round(h.max / 1e6), loopP99Ms: Math.round(h.percentile(99) / 1e6),
    tickP50Ms: Math.round(lat[Math.floor(lat.length / 2)] ?? 0), tickMaxMs: Math.round(lat.at(-1) ?? 0), ticks: lat.length,
  };
}

export const responsivenessBench: BenchSuite = {
  name: 'responsiveness',
  async run(ctx) {
    const sizes = ctx.quick ? [50_000] : [50_000, 200_000];
    const results = [];
    ctx.log('\n== A slow report on PGlite: in the API thread vs in a worker thread ==');
    ctx.log('rows      mode        report ms   5ms-timer lateness p50/max ms   timer ticks (of ~report/5)');
    for (const n of sizes) {
      const dir = await mkdtemp(join(tmpdir(), 'mz-bench-resp-'));
      try {
        const inproc = await PGlite.create(join(dir, 'inproc'));
        await inproc.exec(SETUP.replace('$N', String(n)));
        const a = await probe(() => inproc.query(REPORT));
        await inproc.close();

        const worker = await openDatabase({ dataDir: join(dir, 'worker') });
        await worker.pool.query(SETUP.replace('$N', String(n)));
        const b = await probe(() => worker.pool.query(REPORT));
        await worker.close();

        for (const [mode, r] of [['in-thread', a], ['worker', b]] as const) {
          ctx.log(`${String(n).padEnd(9)} ${mode.padEnd(10)} ${String(r.reportMs).padStart(10)}   ${`${r.tickP50Ms}/${r.tickMaxMs}`.padStart(30)}   ${String(r.ticks).padStart(11)}`);
        }
        ctx.log(`          worker/in-thread report time ${(b.reportMs / a.reportMs).toFixed(2)}×; longest stall of the event loop ${a.tickMaxMs} ms → ${b.tickMaxMs} ms`);
        results.push({ rows: n, inThread: a, worker: b });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    return results;
  },
};
