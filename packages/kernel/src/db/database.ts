import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';

// int8 (count(*), bigint ids, money in fen) as JS numbers; values beyond 2^53 are refused loudly.
pg.types.setTypeParser(20, (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} exceeds the safe integer range`);
  return n;
});
// `date` stays an ISO 'YYYY-MM-DD' string: a calendar date has no time zone.
pg.types.setTypeParser(1082, (v: string) => v);

export type Orm = NodePgDatabase<Record<string, never>>;

export interface Database {
  kind: 'pglite' | 'postgres';
  /** Where the data lives: the PGlite directory or the PostgreSQL URL without password. */
  location: string;
  pool: pg.Pool;
  orm: Orm;
  /** Writes a consistent gzip tarball of the embedded database (PGlite only). */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… — when set, PostgreSQL is used. */
  url?: string;
  /** PGlite data directory (default ./data/db). */
  dataDir?: string;
  /** PGlite only: initialise a new data directory from a backup tarball. */
  restoreFrom?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.poolSize ?? 10) : openPglite(opts);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {}); // idle client errors surface on the next query
  await pool.query('select 1');
  return {
    kind: 'postgres',
    location: url.replace(/:[^:@/]*@/, ':***@'),
    pool,
    orm: drizzle(pool) as Orm,
    async backup() {
      throw new Error('backup of PostgreSQL is done with pg_dump; see the README');
    },
    close: () => pool.end(),
  };
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  const dataDir = resolve(opts.dataDir ?? join('data', 'db'));
  await mkdir(dataDir, { recursive: true });
  const socketDir = await mkdtemp(join(tmpdir(), 'mz-pglite-'));
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: { dataDir, socketPath: join(socketDir, '.s.PGSQL.5432'), loadDataDirFrom: opts.restoreFrom },
    // The worker runs plain JS; it needs none of the TypeScript loader's hooks.
    execArgv: [],
  });
  const request = <T>(msg: object, expect: string) =>
    new Promise<T>((resolveMsg, reject) => {
      const onMessage = (m: { type: string; message?: string }) => {
        if (m.type === expect) { cleanup(); resolveMsg(m as T); }
        else if (m.type === 'error') { cleanup(); reject(new Error(m.message)); }
      };
      const onError = (e: Error) => { cleanup(); reject(e); };
      const cleanup = () => { worker.off('message', onMessage); worker.off('error', onError); };
      worker.on('message', onMessage);
      worker.on('error', onError);
      if (Object.keys(msg).length) worker.postMessage(msg);
    });
  await request({}, 'ready');
  // PGlite is one session: one pooled client, so a transaction holds it and others queue.
  const pool = new pg.Pool({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres', max: 1 });
  pool.on('error', () => {});
  return {
    kind: 'pglite',
    location: dataDir,
    pool,
    orm: drizzle(pool) as Orm,
    async backup(file: string) {
      const client = await pool.connect(); // quiesce: nothing else runs while the tarball is written
      try { await request({ type: 'dump', file: resolve(file) }, 'dumped'); }
      finally { client.release(); }
    },
    async close() {
      await pool.end();
      await request({ type: 'close' }, 'closed');
      await worker.terminate();
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}
