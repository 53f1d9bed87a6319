// A throwaway PostgreSQL cluster for the test suite: a fresh data directory in a temporary
// folder, loopback only, trust authentication, durability switched off for speed.
//
//   import { findInitdb, startPgCluster } from './pg-cluster';
//   const cluster = await startPgCluster();   // cluster.url → postgres://postgres@127.0.0.1:<port>/postgres
//   await cluster.stop();                     // stops the server and deletes the directory
//
// Run directly (`npx tsx scripts/pg-cluster.ts`) it starts a cluster, prints its URL and keeps it
// until Ctrl-C: handy for running one integration test file against PostgreSQL by hand.
//
// PostgreSQL refuses to run as root. When this runs as root, initdb and pg_ctl run as an
// unprivileged system user (created once if missing) and the data directory belongs to it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { appendFile, chmod, chown, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export const TEST_OS_USER = 'minzheng-test';

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** The temporary directory holding data/, the socket and the server log. */
  dir: string;
  /** PostgreSQL's version line, e.g. "initdb (PostgreSQL) 15.18". */
  version: string;
  /** Stops the server (fast, then immediate) and deletes the directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** initdb on PATH, else the highest version under /usr/lib/postgresql/<n>/bin; null when absent. */
export function findInitdb(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'initdb'))) return join(dir, 'initdb');
  }
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions.length ? join(base, versions[0], 'bin', 'initdb') : null;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolvePort(addr.port) : reject(new Error('no port'))));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function ensureOsUser(): { uid: number; gid: number } {
  const lookup = () => spawnSync('id', ['-u', TEST_OS_USER], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    const made = spawnSync(
      'useradd',
      ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', TEST_OS_USER],
      { encoding: 'utf8' },
    );
    // Another run may have created it in the meantime: only the final lookup decides.
    if (lookup().status !== 0) throw new Error(`could not create system user ${TEST_OS_USER}: ${made.stderr.trim()}`);
  }
  const uid = Number(spawnSync('id', ['-u', TEST_OS_USER], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', TEST_OS_USER], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

interface RunResult { code: number | null; out: string }

/** Runs a PostgreSQL tool, as the unprivileged user when we are root. */
function runPgTool(bin: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<RunResult> {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', TEST_OS_USER, '--', bin, ...args]] : [bin, args];
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, argv, {
      cwd,
      // A clean, predictable environment: no PG* variables from the caller leak in.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => { clearTimeout(timer); resolveRun({ code, out }); });
  });
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (e) {
      last = e;
      await client.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`PostgreSQL did not become ready within ${timeoutMs} ms: ${String(last)}`);
}

/** Is a process with this pid alive (or not ours to signal)? */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops and deletes clusters left behind by runs that were killed outright (SIGKILL, a closed
 * terminal): each cluster directory records the pid of the process that owns it.
 */
export async function reapStaleClusters(log: (line: string) => void = () => {}): Promise<void> {
  const base = tmpdir();
  const names = (await readdir(base).catch(() => [] as string[])).filter((n) => n.startsWith('mz-pg-'));
  for (const name of names) {
    const dir = join(base, name);
    const owner = Number((await readFile(join(dir, 'owner.pid'), 'utf8').catch(() => '')).trim());
    if (!owner || processAlive(owner)) continue;
    const initdb = findInitdb();
    const pgCtl = initdb ? join(dirname(realpathSync(initdb)), 'pg_ctl') : null;
    if (pgCtl && existsSync(join(dir, 'data', 'postmaster.pid'))) {
      await runPgTool(pgCtl, ['stop', '-D', join(dir, 'data'), '-m', 'immediate', '-w', '-t', '30'], dir).catch(() => null);
    }
    await rm(dir, { recursive: true, force: true });
    log(`removed a stale test cluster of pid ${owner}: ${dir}`);
  }
}

export interface StartOptions {
  /** initdb to use; default findInitdb(). */
  initdb?: string;
  /** Progress lines (default: silent). */
  log?: (line: string) => void;
}

export async function startPgCluster(opts: StartOptions = {}): Promise<PgCluster> {
  const initdb = opts.initdb ?? findInitdb();
  if (!initdb) throw new Error('initdb not found; install postgresql');
  const log = opts.log ?? (() => {});
  const binDir = dirname(realpathSync(initdb));
  const pgCtl = join(binDir, 'pg_ctl');
  if (!existsSync(pgCtl)) throw new Error(`pg_ctl not found next to ${initdb}`);
  const version = spawnSync(initdb, ['--version'], { encoding: 'utf8' }).stdout.trim();

  await reapStaleClusters(log);
  const dir = await mkdtemp(join(tmpdir(), 'mz-pg-'));
  await writeFile(join(dir, 'owner.pid'), `${process.pid}\n`);
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  let started = false;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (started) {
      const fast = await runPgTool(pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30'], dir).catch(() => null);
      if (!fast || fast.code !== 0) {
        await runPgTool(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '30'], dir).catch(() => null);
      }
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    if (isRoot()) {
      const { uid, gid } = ensureOsUser();
      await chown(dir, uid, gid);
    }
    await chmod(dir, 0o700);

    log(`initdb (${version}) in ${dir}`);
    const init = await runPgTool(
      initdb,
      // The locale PGlite has: byte-order collation, UTF-8 character classes.
      ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--lc-collate=C', '--no-sync', '--no-instructions'],
      dir,
    );
    if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}):\n${init.out}`);

    // Appending keeps the file's owner; later settings win over earlier ones.
    await appendFile(
      join(dataDir, 'postgresql.conf'),
      [
        '',
        '# throwaway test cluster',
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 200',
        "timezone = 'UTC'",
        'log_min_messages = warning',
        '',
      ].join('\n'),
    );

    // The port is free when chosen but could be taken before the server binds it: retry.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const res = await runPgTool(pgCtl, ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', `-p ${port}`], dir);
      if (res.code === 0) {
        started = true;
        const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
        await waitReady(url, 30_000);
        log(`PostgreSQL ready on 127.0.0.1:${port}`);
        return { url, port, dir, version, stop };
      }
      const serverLog = await readFile(logFile, 'utf8').catch(() => '');
      if (attempt >= 3 || !/could not bind|address already in use/i.test(serverLog + res.out)) {
        throw new Error(`pg_ctl start failed (exit ${res.code}):\n${res.out}\n${serverLog.slice(-4000)}`);
      }
    }
  } catch (e) {
    await stop();
    throw e;
  }
}

// Direct use: start a cluster, print its URL, stop on Ctrl-C.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const cluster = await startPgCluster({ log: (l) => console.error(l) });
  console.log(cluster.url);
  console.error('Ctrl-C stops the cluster and deletes its directory.');
  const bye = async () => { await cluster.stop(); process.exit(0); };
  process.on('SIGINT', bye);
  process.on('SIGTERM', bye);
  setInterval(() => {}, 1 << 30);
}
