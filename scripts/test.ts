// `npm test`: every test stage of the project, in order, with a summary at the end.
//
//   npm test                          unit → integration on PGlite → on PostgreSQL → e2e
//   npm test -- unit                  one stage (unit | pglite | postgres | e2e; several may be given;
//                                     `integration` means pglite + postgres)
//   npm test -- pglite --filter divisions        vitest arguments after --filter, e.g. a file filter
//   npm test -- unit --filter money -t "rounding"  or a test-name pattern
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium); MZ_E2E_SKIP_BUILD=1 to reuse apps/web/dist.
// Exits non-zero when a stage failed. A stage whose tool is missing (initdb, chromium) is skipped
// loudly and does not fail the run.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findInitdb, startPgCluster, type PgCluster } from './pg-cluster';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'test-output');
const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

type StageName = 'unit' | 'pglite' | 'postgres' | 'e2e';
const ALL: StageName[] = ['unit', 'pglite', 'postgres', 'e2e'];
const TITLES: Record<StageName, string> = {
  unit: 'unit tests',
  pglite: 'integration tests on PGlite',
  postgres: 'integration tests on PostgreSQL',
  e2e: 'end-to-end tests in Chromium',
};

type Outcome = 'passed' | 'failed' | 'skipped' | 'interrupted';
interface StageResult {
  stage: StageName;
  outcome: Outcome;
  passed: number;
  failed: number;
  skipped: number;
  files: number;
  seconds: number;
  note: string;
}

// ── arguments ────────────────────────────────────────────────────────────────────────────────
function parseArgs(argv: string[]): { stages: StageName[]; vitestArgs: string[] } {
  const at = argv.indexOf('--filter');
  const own = at === -1 ? argv : argv.slice(0, at);
  const vitestArgs = at === -1 ? [] : argv.slice(at + 1);
  const wanted = new Set<StageName>();
  for (const a of own) {
    if (a === '-h' || a === '--help') {
      console.log(readHelp());
      process.exit(0);
    }
    if (a === 'integration' || a === 'int') { wanted.add('pglite'); wanted.add('postgres'); continue; }
    if ((ALL as string[]).includes(a)) { wanted.add(a as StageName); continue; }
    console.error(`unknown argument '${a}'. Stages: ${ALL.join(', ')}, integration; vitest arguments go after --filter.`);
    process.exit(2);
  }
  return { stages: wanted.size ? ALL.filter((s) => wanted.has(s)) : ALL, vitestArgs };
}

function readHelp(): string {
  return [
    'npm test [-- <stage>...] [--filter <vitest args>...]',
    `  stages: ${ALL.join(' | ')} | integration (= pglite postgres); default: all, in that order`,
    '  --filter: everything after it goes to vitest (a file filter, -t "name pattern", …)',
    '  env: CHROMIUM_PATH (default /usr/bin/chromium), MZ_E2E_SKIP_BUILD=1 (reuse apps/web/dist)',
  ].join('\n');
}

// ── output ───────────────────────────────────────────────────────────────────────────────────
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = (s: string) => paint('1', s);
// East Asian wide characters take two columns in a terminal.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const width = (s: string) => [...s].reduce((n, ch) => n + (WIDE.test(ch) ? 2 : 1), 0);
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

function box(lines: string[], tint: string): string {
  const w = Math.max(...lines.map(width)) + 4;
  const edge = '═'.repeat(w);
  return [
    paint(tint, `╔${edge}╗`),
    ...lines.map((l) => paint(tint, '║') + '  ' + bold(pad(l, w - 2)) + paint(tint, '║')),
    paint(tint, `╚${edge}╝`),
  ].join('\n');
}

function banner(n: number, total: number, stage: StageName, detail: string) {
  console.log('\n' + box([`[${n}/${total}] ${stage.toUpperCase()} — ${TITLES[stage]}`, ...(detail ? [detail] : [])], '36'));
}

function skippedBox(lines: string[]) {
  console.log('\n' + box(lines, '33;1'));
}

// ── child processes ──────────────────────────────────────────────────────────────────────────
let current: ChildProcess | null = null;
let cluster: PgCluster | null = null;
let clusterStarting: Promise<PgCluster> | null = null;
let interrupted = false;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (interrupted) return Promise.resolve(130);
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    current = child;
    child.on('error', (e) => { console.error(String(e)); resolveRun(127); });
    child.on('close', (code, signal) => {
      current = null;
      resolveRun(code ?? (signal ? 128 + 2 : 1));
    });
  });
}

interface VitestJson {
  numTotalTestSuites?: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: unknown[];
  success: boolean;
}

async function vitestStage(
  stage: StageName,
  project: string,
  extraEnv: NodeJS.ProcessEnv,
  vitestArgs: string[],
): Promise<Omit<StageResult, 'seconds'>> {
  const report = join(outDir, `vitest-${stage}.json`);
  await rm(report, { force: true });
  const args = [
    vitestBin, 'run', '--project', project, '--passWithNoTests',
    '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
    ...vitestArgs,
  ];
  const env = { ...process.env, ...extraEnv };
  const code = await run(process.execPath, args, env);
  let json: VitestJson | null = null;
  try { json = JSON.parse(await readFile(report, 'utf8')) as VitestJson; } catch { /* vitest crashed */ }
  const files = json?.testResults?.length ?? 0;
  const passed = json?.numPassedTests ?? 0;
  const failed = json?.numFailedTests ?? 0;
  const skipped = (json?.numPendingTests ?? 0) + (json?.numTodoTests ?? 0);
  const outcome: Outcome = interrupted ? 'interrupted' : code === 0 ? 'passed' : 'failed';
  let note = '';
  if (outcome === 'failed' && failed === 0) note = json ? `errors outside tests (hooks, imports); vitest exit ${code}` : `vitest exit ${code}, no report`;
  else if (outcome === 'passed' && files === 0) note = 'no test files';
  return { stage, outcome, passed, failed, skipped, files, note };
}

const empty = (stage: StageName, outcome: Outcome, note: string): Omit<StageResult, 'seconds'> =>
  ({ stage, outcome, passed: 0, failed: 0, skipped: 0, files: 0, note });

// ── stages ───────────────────────────────────────────────────────────────────────────────────
async function unit(vitestArgs: string[]) {
  return vitestStage('unit', 'unit', {}, vitestArgs);
}

async function pglite(vitestArgs: string[]) {
  return vitestStage('pglite', 'integration', { MZ_TEST_DB: 'pglite', MZ_TEST_PG_URL: '' }, vitestArgs);
}

async function postgres(vitestArgs: string[]) {
  const initdb = findInitdb();
  if (!initdb) {
    skippedBox([
      'SKIPPED: PostgreSQL integration tests — initdb not found; install postgresql',
      '(apt-get install -y postgresql; looked on PATH and in /usr/lib/postgresql/*/bin)',
    ]);
    return empty('postgres', 'skipped', 'initdb not found');
  }
  let pgc: PgCluster;
  try {
    clusterStarting = startPgCluster({ initdb, log: (l) => console.log(`[pg] ${l}`) });
    pgc = await clusterStarting;
    cluster = pgc;
  } catch (e) {
    console.error(`[pg] could not start a PostgreSQL cluster:\n${String(e instanceof Error ? e.message : e)}`);
    return empty('postgres', 'failed', 'cluster did not start');
  }
  try {
    const r = await vitestStage('postgres', 'integration', { MZ_TEST_DB: 'postgres', MZ_TEST_PG_URL: pgc.url }, vitestArgs);
    const version = pgc.version.match(/\d+(\.\d+)?/)?.[0];
    return { ...r, note: [version ? `PostgreSQL ${version}` : '', r.note].filter(Boolean).join('; ') };
  } finally {
    // On Ctrl-C the signal handler has taken (and stops) the cluster already.
    if (cluster === pgc) {
      cluster = null;
      await pgc.stop();
      console.log('[pg] cluster stopped and deleted');
    }
  }
}

function listE2eFiles(dir = join(root, 'e2e')): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') out.push(...listE2eFiles(p));
    else if (e.isFile() && e.name.endsWith('.e2e.ts')) out.push(relative(root, p));
  }
  return out;
}

async function e2e(vitestArgs: string[]) {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    skippedBox([
      `SKIPPED: end-to-end tests — Chromium not found at ${chromium}`,
      'install it (apt-get install -y chromium) or set CHROMIUM_PATH',
    ]);
    return empty('e2e', 'skipped', 'chromium not found');
  }
  const needsWeb = existsSync(join(root, 'apps/web/vite.config.ts')) && existsSync(join(root, 'apps/server/src/cli.ts'));
  if (listE2eFiles().length && needsWeb && process.env.MZ_E2E_SKIP_BUILD !== '1') {
    console.log('[e2e] building the web app (apps/web → apps/web/dist); MZ_E2E_SKIP_BUILD=1 skips this');
    const code = await run(process.execPath, [viteBin, 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], process.env);
    if (code !== 0) return empty('e2e', interrupted ? 'interrupted' : 'failed', `web build failed (exit ${code})`);
  }
  return vitestStage('e2e', 'e2e', { CHROMIUM_PATH: chromium }, vitestArgs);
}

const RUNNERS: Record<StageName, (a: string[]) => Promise<Omit<StageResult, 'seconds'>>> = { unit, pglite, postgres, e2e };

// ── summary ──────────────────────────────────────────────────────────────────────────────────
function summary(results: StageResult[], totalSeconds: number): string {
  const head = ['stage', 'result', 'passed', 'failed', 'skipped', 'files', 'seconds', 'note'];
  const rows = results.map((r) => [
    r.stage, r.outcome.toUpperCase(), String(r.passed), String(r.failed), String(r.skipped), String(r.files),
    r.seconds.toFixed(1), r.note,
  ]);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 6 ? ' '.repeat(widths[i] - width(c)) + c : pad(c, widths[i]))).join('  ');
  const tint = (o: Outcome, s: string) => paint(o === 'passed' ? '32' : o === 'skipped' ? '33' : '31;1', s);
  const failed = results.some((r) => r.outcome === 'failed' || r.outcome === 'interrupted');
  const sum = (k: 'passed' | 'failed' | 'skipped') => results.reduce((n, r) => n + r[k], 0);
  return [
    '',
    bold('Test summary'),
    line(head),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...rows.map((r, i) => tint(results[i].outcome, line(r))),
    '',
    `${failed ? paint('31;1', 'FAILED') : paint('32;1', 'OK')} in ${totalSeconds.toFixed(1)} s` +
      (results.some((r) => r.outcome === 'skipped') ? paint('33', '  (some stages were SKIPPED — see above)') : ''),
    // the plain closing line that CI reads: all stages added up
    `total: ${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`,
  ].join('\n');
}

// ── main ─────────────────────────────────────────────────────────────────────────────────────
const { stages, vitestArgs } = parseArgs(process.argv.slice(2));
await mkdir(outDir, { recursive: true });
const results: StageResult[] = [];
const t0 = Date.now();

async function finish(): Promise<never> {
  const totalSeconds = (Date.now() - t0) / 1000;
  console.log(summary(results, totalSeconds));
  await writeFile(join(outDir, 'summary.json'), JSON.stringify({ results, totalSeconds }, null, 2) + '\n').catch(() => {});
  const bad = results.some((r) => r.outcome === 'failed' || r.outcome === 'interrupted');
  process.exit(interrupted ? 130 : bad ? 1 : 0);
}

let stopping = false;
let running: { stage: StageName; started: number } | null = null;
const onSignal = (sig: NodeJS.Signals) => {
  if (stopping) return; // a second Ctrl-C while cleaning up is ignored: the cluster must go
  stopping = true;
  interrupted = true;
  console.error(`\n[test] ${sig}: stopping…`);
  if (running) results.push({ ...empty(running.stage, 'interrupted', sig), seconds: (Date.now() - running.started) / 1000 });
  current?.kill('SIGTERM');
  void (async () => {
    // A cluster still starting is waited for, so that it is stopped too.
    const c = cluster ?? (clusterStarting ? await clusterStarting.catch(() => null) : null);
    cluster = null;
    if (c) { await c.stop().catch(() => {}); console.error('[pg] cluster stopped and deleted'); }
    await finish();
  })();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('SIGHUP', onSignal);

for (const [i, stage] of stages.entries()) {
  if (interrupted) break;
  const detail = stage === 'postgres' ? 'MZ_TEST_DB=postgres on a throwaway cluster'
    : stage === 'pglite' ? 'MZ_TEST_DB=pglite'
    : vitestArgs.length ? `vitest ${vitestArgs.join(' ')}` : '';
  banner(i + 1, stages.length, stage, detail);
  const started = Date.now();
  running = { stage, started };
  let r: Omit<StageResult, 'seconds'>;
  try {
    r = await RUNNERS[stage](vitestArgs);
  } catch (e) {
    console.error(e);
    r = empty(stage, 'failed', String(e instanceof Error ? e.message : e).split('\n')[0]);
  }
  if (interrupted) break;
  running = null;
  results.push({ ...r, seconds: (Date.now() - started) / 1000 });
}
if (!stopping) await finish();
else await new Promise(() => {}); // the signal handler finishes
