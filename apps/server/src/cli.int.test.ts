// The command line as an operator uses it: real processes on a throwaway data directory.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../../../test/db';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', 'apps/server/src/cli.ts'];
let dataDir: string;

function minzheng(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [...CLI, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'development', ...env },
    timeout: 120_000,
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );
}

// Backup and restore belong to the embedded database; they run once, in the PGlite stage.
describe.runIf(testDbKind === 'pglite')('minzheng command line on the embedded database', () => {
  beforeAll(async () => { dataDir = await mkdtemp(join(tmpdir(), 'mz-cli-')); });
  afterAll(async () => { await rm(dataDir, { recursive: true, force: true }); });

  it('prints help for every command', async () => {
    const r = await minzheng(['--help']);
    for (const c of ['start', 'migrate', 'seed', 'import', 'export', 'backup', 'restore', 'audit']) expect(r.out).toContain(c);
    expect((await minzheng(['seed', '--help'])).out).toContain('--persons');
  });

  it('backs up and restores the embedded database: the round trip keeps every row', async () => {
    expect((await minzheng(['seed', '--persons', '300'])).code).toBe(0);
    const backup = join(dataDir, 'round-trip.tar.gz');
    const b = await minzheng(['backup', backup]);
    expect(b.code, b.out).toBe(0);
    expect(existsSync(backup)).toBe(true);
    // Change the data after the backup, then restore: the change must be gone.
    expect((await minzheng(['seed', '--persons', '100', '--seed', '2'])).code).toBe(0);
    const r = await minzheng(['restore', backup]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/人员 300 人/);
    const v = await minzheng(['audit', 'verify']);
    expect(v.code, v.out).toBe(0);
  });

  it('refuses production on the embedded database unless told, and never with demo passwords', async () => {
    const plain = await minzheng(['start', '--port', '0'], { NODE_ENV: 'production' });
    expect(plain.code).not.toBe(0);
    expect(plain.out).toContain('fsync');
    const demo = await minzheng(['start', '--port', '0'], { NODE_ENV: 'development', DEMO_PERSONS: '0', MZ_EXIT_AFTER_START: '1' });
    expect(demo.code, demo.out).toBe(0);
    const prod = await minzheng(['start', '--port', '0', '--embedded-production'], { NODE_ENV: 'production' });
    expect(prod.code).not.toBe(0);
    expect(prod.out).toContain('演示密码');
  });
});
