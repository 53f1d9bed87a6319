import { readdirSync, readFileSync } from 'node:fs';

/** Percentile (nearest rank) of a list of numbers; the list is sorted in place. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  values.sort((a, b) => a - b);
  const rank = Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1));
  return values[rank];
}

export interface Latency {
  n: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  perSecond: number;
}

export function latency(samplesMs: number[], wallMs: number): Latency {
  const n = samplesMs.length;
  const max = samplesMs.reduce((m, x) => Math.max(m, x), 0);
  return {
    n,
    p50Ms: round(percentile(samplesMs, 50), 3),
    p99Ms: round(percentile(samplesMs, 99), 3),
    maxMs: round(max, 3),
    perSecond: Math.round((n / wallMs) * 1000),
  };
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** Runs `task(i)` for i in [0, n) with `concurrency` in flight; returns each call's latency in ms. */
export async function load(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      await task(i);
      samples.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { samples, wallMs: performance.now() - started };
}

/** Samples process.memoryUsage().rss every `everyMs` until stopped; returns the peak in MiB. */
export function rssSampler(everyMs = 100): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return Math.round(peak / 1048576);
    },
  };
}

const statusField = (status: string, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
const readProc = (path: string) => { try { return readFileSync(path, 'utf8'); } catch { return null; } };

/**
 * The memory of a process and its children (a PostgreSQL server: its postmaster, backends and workers),
 * in kB: private memory (RssAnon: work_mem, hash tables, sorts) summed over the processes, and shared
 * memory (the buffer cache) counted once, as the largest RssShmem of any one process. Null where /proc
 * is not readable.
 */
function processTreeMemory(rootPid: number): { anon: number; shmem: number } | null {
  let pids: string[];
  try { pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)); } catch { return null; }
  let anon = 0;
  let shmem = 0;
  let seen = false;
  for (const pid of pids) {
    const stat = readProc(`/proc/${pid}/stat`);
    if (!stat) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number(pid) !== rootPid && ppid !== rootPid) continue;
    const status = readProc(`/proc/${pid}/status`);
    if (!status) continue;
    seen = true;
    anon += statusField(status, 'RssAnon');
    shmem = Math.max(shmem, statusField(status, 'RssShmem'));
  }
  return seen ? { anon, shmem } : null;
}

/** Samples a process tree's memory (private plus shared, see processTreeMemory); the peak in MiB, or null. */
export function processTreeRssSampler(rootPid: number, everyMs = 100): { stop(): number | null } {
  const total = () => { const m = processTreeMemory(rootPid); return m ? m.anon + m.shmem : null; };
  let peak = total();
  const timer = setInterval(() => { const s = total(); if (s != null) peak = Math.max(peak ?? 0, s); }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return peak == null ? null : Math.round(peak / 1024);
    },
  };
}

/**
 * Like processTreeRssSampler, but keeps the two parts apart: the peak of the processes' private
 * memory summed (what grows with a query's sorts and hash tables) and the peak of shared memory (the
 * buffer cache, bounded by shared_buffers). Both in MiB, or null where /proc is not readable.
 */
export function processTreeMemorySampler(rootPid: number, everyMs = 100): { stop(): { privateMiB: number; sharedMiB: number } | null } {
  let anonPeak = -1;
  let shmemPeak = -1;
  const sample = () => {
    const m = processTreeMemory(rootPid);
    if (m) { anonPeak = Math.max(anonPeak, m.anon); shmemPeak = Math.max(shmemPeak, m.shmem); }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return anonPeak < 0 ? null : { privateMiB: Math.round(anonPeak / 1024), sharedMiB: Math.round(shmemPeak / 1024) };
    },
  };
}
