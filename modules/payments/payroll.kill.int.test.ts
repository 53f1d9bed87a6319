// A payroll is one transaction: a process killed (SIGKILL) in the middle of a large run leaves no
// run and no line behind, and the run can simply be started again.
import { spawn } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, openDatabase, type Database } from '#kernel';
import { createTestDatabase, testDbKind } from '../../test/db';
import { adminUrl, randomTag, withDatabase } from '../../test/template';
import { runPayroll } from './payroll.service';
import { seedPayrollFixture } from './payroll.fixture';

const HOUSEHOLDS = testDbKind === 'pglite' ? 100_000 : 200_000;
const MONTH = '2025-01';
const COUNTY = '140321';
const child = fileURLToPath(new URL('./payroll.kill-child.ts', import.meta.url));

let db: Database;
let target: string;
let reopen: () => Promise<Database>;

beforeAll(async () => {
  if (testDbKind === 'pglite') {
    // A directory of our own: the child process opens it after this process has let go of it.
    const ref = inject('mzTestTemplate');
    const dir = join(ref.root, `kill-${randomTag()}`);
    await cp(ref.template, dir, { recursive: true });
    db = await openDatabase({ dataDir: dir });
    await seedPayrollFixture(db.pool, { households: HOUSEHOLDS, fromMonth: MONTH });
    await db.close();
    target = dir;
    reopen = () => openDatabase({ dataDir: dir });
  } else {
    db = await createTestDatabase();
    await seedPayrollFixture(db.pool, { households: HOUSEHOLDS, fromMonth: MONTH });
    target = withDatabase(adminUrl(), new URL(db.location.replace(':***@', '@')).pathname.slice(1));
    reopen = async () => db;
  }
}, 180_000);
afterAll(async () => { await db?.close(); });

function runChildAndKillDuringCompute(): Promise<{ output: string; killedAt: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, target, MONTH, COUNTY], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let killedAt = '';
    proc.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (!killedAt && output.includes('phase:compute')) {
        killedAt = 'compute';
        // Well inside the INSERT … SELECT that computes and writes the lines.
        setTimeout(() => proc.kill('SIGKILL'), 300);
      }
    });
    proc.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve({ output, killedAt }) : reject(new Error(`child ended before it was killed:\n${output}`))));
  });
}

it('leaves nothing of a run killed mid-way, and a rerun succeeds', async () => {
  const { output, killedAt } = await runChildAndKillDuringCompute();
  expect(killedAt).toBe('compute');
  expect(output).not.toContain('done:');
  db = await reopen();
  const count = async () => (await db.orm.execute(sql`SELECT
      (SELECT count(*)::int FROM payments.payroll_runs WHERE month = ${MONTH}) AS runs,
      (SELECT count(*)::int FROM payments.payroll_lines WHERE month = ${MONTH}) AS lines`)).rows[0];
  expect(await count()).toEqual({ runs: 0, lines: 0 });
  // nor a table of lines: the run's partition was created inside the same transaction
  const { rows: tables } = await db.orm.execute(sql`SELECT relname FROM pg_class WHERE relname ~ '^payroll_lines_run[0-9]'`);
  expect(tables).toEqual([]);
  const r = await runPayroll(db, SYSTEM_ACTOR, { month: MONTH, countyCode: COUNTY });
  expect(r.summary.lines).toBe(HOUSEHOLDS + HOUSEHOLDS / 10);
  expect(await count()).toEqual({ runs: 1, lines: HOUSEHOLDS + HOUSEHOLDS / 10 });
}, 240_000);
