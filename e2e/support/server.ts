// Starts the real server for an end-to-end test: its own process (`minzheng start`, the same path
// as `npm start`), a free loopback port and a fresh temporary DATA_DIR (so a fresh embedded
// database with the demo accounts), and waits until /readyz answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { freePort } from '../../scripts/pg-cluster';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OUTPUT_DIR = join(ROOT, 'test-output');
const CLI = join(ROOT, 'apps', 'server', 'src', 'cli.ts');

export interface TestServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  port: number;
  dataDir: string;
  /** The server's stdout and stderr are written here. */
  logFile: string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and deletes its DATA_DIR. */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** Extra environment for the server, e.g. { DEMO_PERSONS: '500' }. */
  env?: Record<string, string>;
  /** How long to wait for /readyz (default 180 s: a fresh embedded database and demo data). */
  timeoutMs?: number;
}

export { freePort };

/** Is the server CLI there yet? (e2e tests that need the server can skip while it is not.) */
export const serverAvailable = () => existsSync(CLI);

const live = new Set<ChildProcess>();
process.once('exit', () => { for (const c of live) c.kill('SIGKILL'); });

export async function startServer(opts: StartServerOptions = {}): Promise<TestServer> {
  if (!serverAvailable()) throw new Error(`the server CLI is missing: ${CLI}`);
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'mz-e2e-data-'));
  const logDir = join(OUTPUT_DIR, 'e2e-logs');
  await mkdir(logDir, { recursive: true });
  const logFile = join(logDir, `server-${port}.log`);
  const log = createWriteStream(logFile);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...opts.env,
  };
  if (!opts.env?.DATABASE_URL) delete env.DATABASE_URL; // always the fresh embedded database
  // One process (no tsx wrapper in between), so a signal reaches the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'start'], {
    cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  let exited: string | null = null;
  const exitedP = new Promise<void>((r) => child.once('exit', (code, sig) => { exited = `exit ${code ?? sig}`; live.delete(child); r(); }));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitedP;
      clearTimeout(t);
    }
    log.end();
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  for (;;) {
    if (exited) {
      log.end();
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`the server ended before it was ready (${exited}); its log:\n${await tail(logFile)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server was not ready within ${opts.timeoutMs ?? 180_000} ms; its log:\n${await tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { baseUrl, port, dataDir, logFile, stop };
}

async function tail(file: string, chars = 6_000): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.slice(-chars);
}
