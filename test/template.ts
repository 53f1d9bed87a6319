// Migrated template databases, made once per test run and cloned for every test database:
// PGlite's initdb + migrations cost seconds, a copy of the finished directory costs milliseconds;
// on PostgreSQL `CREATE DATABASE … TEMPLATE` does the same.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../packages/kernel/src/db/database';
import { migrate } from '../packages/kernel/src/db/migrate';

export type TestDbKind = 'pglite' | 'postgres';

export function testDbKindFromEnv(env: NodeJS.ProcessEnv = process.env): TestDbKind {
  const v = (env.MZ_TEST_DB ?? 'pglite').toLowerCase();
  if (v === 'postgres' || v === 'postgresql') return 'postgres';
  if (v === 'pglite' || v === '') return 'pglite';
  throw new Error(`MZ_TEST_DB must be 'pglite' or 'postgres', not '${env.MZ_TEST_DB}'`);
}

export function adminUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.MZ_TEST_PG_URL;
  if (!url) throw new Error('MZ_TEST_DB=postgres needs MZ_TEST_PG_URL (postgres://user@host:port/db with CREATE DATABASE rights)');
  return url;
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Where PGlite test databases live: MZ_TEST_TMPDIR, else /dev/shm when it has room (a tmpfs
 * makes the per-test copy of the ~40 MB template ~10x cheaper), else the OS temp dir.
 */
export async function testTmpRoot(): Promise<string> {
  if (process.env.MZ_TEST_TMPDIR) return process.env.MZ_TEST_TMPDIR;
  try {
    const fs = await statfs('/dev/shm');
    if (fs.bavail * fs.bsize >= 2 * 1024 ** 3) return '/dev/shm';
  } catch {
    // no /dev/shm on this system
  }
  return tmpdir();
}

export const randomTag = () => randomBytes(5).toString('hex');

/**
 * What a test worker needs to clone a test database.
 * pglite: `root` is this run's folder, `template` a migrated, closed data directory inside it.
 * postgres: `template` is the name of a migrated database; `prefix` names this run's databases.
 */
export interface TemplateRef {
  kind: TestDbKind;
  template: string;
  root: string;
  prefix: string;
}

export interface Template {
  ref: TemplateRef;
  /** Deletes the template and every test database of this run that was not closed. */
  dispose(): Promise<void>;
}

export async function adminQuery(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const alive = (pid: number) => {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
};

/** Deletes PGlite test folders of runs that were killed before they could clean up. */
async function reapStale(base: string): Promise<void> {
  for (const name of await readdir(base).catch(() => [] as string[])) {
    if (!name.startsWith('mz-test-')) continue;
    const owner = Number((await readFile(join(base, name, 'owner.pid'), 'utf8').catch(() => '')).trim());
    if (owner > 0 && !alive(owner)) await rm(join(base, name), { recursive: true, force: true });
  }
}

export async function createTemplate(kind: TestDbKind = testDbKindFromEnv()): Promise<Template> {
  const tag = randomTag();
  if (kind === 'pglite') {
    const base = await testTmpRoot();
    await reapStale(base);
    const root = await mkdtemp(join(base, 'mz-test-'));
    await writeFile(join(root, 'owner.pid'), `${process.pid}\n`);
    const template = join(root, 'template');
    await mkdir(template);
    try {
      const db = await openDatabase({ dataDir: template });
      try { await migrate(db); } finally { await db.close(); }
    } catch (e) {
      await rm(root, { recursive: true, force: true });
      throw e;
    }
    return {
      ref: { kind, template, root, prefix: '' },
      dispose: () => rm(root, { recursive: true, force: true }),
    };
  }

  const prefix = `mz_t_${tag}_`;
  const template = `mz_tpl_${tag}`;
  await adminQuery(`CREATE DATABASE ${template}`);
  try {
    const db = await openDatabase({ url: withDatabase(adminUrl(), template), poolSize: 2 });
    try { await migrate(db); } finally { await db.close(); }
  } catch (e) {
    await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
    throw e;
  }
  return {
    ref: { kind, template, root: '', prefix },
    async dispose() {
      const { rows } = await adminQuery(
        `SELECT datname FROM pg_database WHERE datname = '${template}' OR datname LIKE '${prefix}%'`,
      );
      for (const { datname } of rows as { datname: string }[]) {
        await adminQuery(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
      }
    },
  };
}
