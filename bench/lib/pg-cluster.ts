// A throwaway PostgreSQL cluster for benchmarks. Unlike the test cluster it keeps PostgreSQL's
// durability (fsync, full-page writes) and is sized like a small production server, so the figures
// say something about a real deployment.
import { spawn, spawnSync } from 'node:child_process';
import { realpathSync, existsSync } from 'node:fs';
import { appendFile, chmod, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { TEST_OS_USER, findInitdb, freePort } from '../../scripts/pg-cluster';

export interface BenchCluster {
  url: string;
  version: string;
  settings: string[];
  /** the postmaster's process id, for sampling the server's memory */
  pid: number;
  stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function osUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, TEST_OS_USER], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    spawnSync('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent',
      '--shell', '/usr/sbin/nologin', TEST_OS_USER]);
  }
  if (id('-u').status !== 0) throw new Error(`no system user ${TEST_OS_USER} for PostgreSQL`);
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function run(bin: string, args: string[]): Promise<{ code: number | null; out: string }> {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', TEST_OS_USER, '--', bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

export const BENCH_SETTINGS = [
  'shared_buffers = 1GB',
  'work_mem = 16MB',
  'maintenance_work_mem = 256MB',
  'max_wal_size = 4GB',
  'checkpoint_timeout = 15min',
];

/** null when no initdb is installed. */
export async function startBenchCluster(): Promise<BenchCluster | null> {
  const initdb = findInitdb();
  if (!initdb) return null;
  const pgCtl = join(dirname(realpathSync(initdb)), 'pg_ctl');
  if (!existsSync(pgCtl)) return null;
  const version = spawnSync(initdb, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const dir = await mkdtemp(join(tmpdir(), 'mz-bench-pg-'));
  const data = join(dir, 'data');
  if (isRoot()) {
    const { uid, gid } = osUser();
    await chown(dir, uid, gid);
  }
  await chmod(dir, 0o700);
  let started = false;
  const stop = async () => {
    if (started) await run(pgCtl, ['stop', '-D', data, '-m', 'fast', '-w', '-t', '60']);
    started = false;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const init = await run(initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions']);
    if (init.code !== 0) throw new Error(`initdb failed:\n${init.out}`);
    await appendFile(join(data, 'postgresql.conf'), [
      '', "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`, "timezone = 'UTC'",
      ...BENCH_SETTINGS, '',
    ].join('\n'));
    const port = await freePort();
    const res = await run(pgCtl, ['start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port}`]);
    if (res.code !== 0) throw new Error(`pg_ctl start failed:\n${res.out}`);
    started = true;
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const c = new pg.Client(url);
    await c.connect();
    await c.query('CREATE DATABASE minzheng_bench');
    await c.end();
    const pid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return { url: url.replace(/\/postgres$/, '/minzheng_bench'), version, settings: BENCH_SETTINGS, pid, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
