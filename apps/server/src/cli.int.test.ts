// Operations: the command line, backup and restore, and the production safeguards.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, migrate, verifyAuditChain } from '#kernel';
import { seedDemo } from '../../../modules/registry/seed/demo.seeder';
import { testDbKind } from '../../../test/db';
import { buildPlatform } from '../../../test/factories';
import { loadConfig } from './config';
import { assertEmbeddedAllowed, assertNoDemoPasswords, ensureDemoUsers } from './platform';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'mz-ops-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

function minzheng(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', ...args], {
    env: { ...process.env, DATA_DIR: join(dir, 'cli'), DATABASE_URL: '', ...env }, timeout: 120_000,
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );
}

const count = async (db: { pool: { query(q: string): Promise<{ rows: { n: number }[] }> } }) =>
  (await db.pool.query('select count(*)::int as n from registry.persons')).rows[0].n;

// Backup and restore belong to the embedded database and to the process: they run once, in the
// PGlite stage.
describe.runIf(testDbKind === 'pglite')('operations on the embedded database', () => {
  it('prints help for every command, and refuses production on PGlite before touching data', async () => {
    const help = await minzheng(['--help']);
    for (const c of ['start', 'migrate', 'seed', 'import', 'export', 'backup', 'restore', 'audit']) expect(help.out).toContain(c);
    const prod = await minzheng(['start', '--port', '0'], { NODE_ENV: 'production' });
    expect(prod.code).not.toBe(0);
    expect(prod.out).toContain('fsync');
    expect(existsSync(join(dir, 'cli', 'db'))).toBe(false);
  });

  it('backs up and restores: the round trip keeps every row and nothing written after', async () => {
    const db = await openDatabase({ dataDir: join(dir, 'live') });
    await migrate(db);
    await seedDemo(db.pool, { persons: 300 });
    const backup = join(dir, 'round-trip.tar.gz');
    await db.backup(backup);
    await db.pool.query(`INSERT INTO registry.persons (id_number, name, gender, birth_date, division_code, urban_rural)
      VALUES ('11010519491231002X', '后来者', 'F', '1949-12-31', '140321100201', 'rural')`);
    expect(await count(db)).toBe(301);
    await db.close();

    const restored = await openDatabase({ dataDir: join(dir, 'restored'), restoreFrom: backup });
    expect(await count(restored)).toBe(300);
    expect((await verifyAuditChain(restored)).ok).toBe(true);
    await restored.close();
  });
});

describe('production safeguards', () => {
  it('refuses the embedded database in production unless told explicitly', () => {
    expect(() => assertEmbeddedAllowed(loadConfig({ NODE_ENV: 'production' }))).toThrow(/fsync/);
    expect(() => assertEmbeddedAllowed(loadConfig({ NODE_ENV: 'production' }, { embeddedProduction: true }))).not.toThrow();
    expect(() => assertEmbeddedAllowed(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@y/z' }))).not.toThrow();
  });

  it('refuses to start in production while a demo password is set', async () => {
    const p = await buildPlatform();
    try {
      await ensureDemoUsers(p);
      await expect(assertNoDemoPasswords(p)).resolves.toBeUndefined(); // development: fine
      await expect(assertNoDemoPasswords({ ...p, config: { ...p.config, production: true } })).rejects.toThrow(/演示密码/);
    } finally {
      await p.close();
    }
  });
});
