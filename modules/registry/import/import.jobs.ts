// Background imports with progress. The same shape as a job service (enqueue, progress,
// subscribeProgress) kept in this process's memory: a job and its rejected rows live until an
// hour after it ends, and a restart forgets them (the data written stays, with its audit trail).
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type Actor, DomainError, notFound } from '#kernel';
import type { ImportCounts, ImportResult } from './import.service';

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'rejected';

export interface ImportProgress extends ImportCounts {
  jobId: string;
  status: ImportStatus;
  /** why a failed job failed, in words for staff */
  message?: string;
}

export interface ImportJob {
  id: string;
  ownerId: number;
  fileName: string;
  progress: ImportProgress;
  result?: ImportResult;
  finishedAt?: number;
}

const KEEP_MS = 3600_000;
const FINAL = new Set<ImportStatus>(['succeeded', 'failed', 'rejected']);
export const isFinal = (s: ImportStatus) => FINAL.has(s);

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  private readonly events = new EventEmitter().setMaxListeners(0);
  private readonly running = new Set<Promise<void>>();

  private readonly intervalMs: number;
  private readonly onError: (e: unknown) => void;

  constructor(opts: { intervalMs?: number; onError?: (e: unknown) => void } = {}) {
    this.intervalMs = opts.intervalMs ?? 200;
    this.onError = opts.onError ?? (() => {});
  }

  /** Starts `run` in the background; it reports counts, the runner throttles what listeners hear. */
  enqueue(owner: Actor, fileName: string, run: (progress: (c: ImportCounts) => void) => Promise<ImportResult>): ImportJob {
    this.prune();
    const id = randomUUID();
    const job: ImportJob = {
      id, ownerId: owner.userId, fileName,
      progress: { jobId: id, status: 'queued', phase: 'reading', processed: 0, total: 0, imported: 0, failed: 0, households: 0 },
    };
    this.jobs.set(id, job);
    let last = 0;
    let timer: NodeJS.Timeout | undefined;
    const publish = () => { timer = undefined; last = Date.now(); this.events.emit(id, { ...job.progress }); };
    const progress = (c: ImportCounts) => {
      if (isFinal(job.progress.status)) return;
      job.progress = { ...job.progress, ...c, status: 'running' };
      const wait = last + this.intervalMs - Date.now();
      if (wait <= 0) publish();
      else timer ??= setTimeout(publish, wait);
    };
    const finish = (p: Partial<ImportProgress>, result?: ImportResult) => {
      if (timer) clearTimeout(timer);
      job.progress = { ...job.progress, ...p };
      job.result = result;
      job.finishedAt = Date.now();
      this.events.emit(id, { ...job.progress });
    };
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => { job.progress = { ...job.progress, status: 'running' }; return run(progress); })
      .then(
        (r) => {
          const { rejectedRows, mode, status, ...counts } = r;
          finish({ ...counts, status }, r);
        },
        (e: unknown) => {
          if (!(e instanceof DomainError)) this.onError(e);
          finish({ status: 'failed', message: e instanceof DomainError ? e.message : '导入时发生系统错误，未完成的批次没有写入，请稍后重试' });
        },
      )
      .finally(() => this.running.delete(done));
    this.running.add(done);
    return job;
  }

  /** A job visible to this actor: its creator, or a city administrator. */
  get(actor: Actor, id: string): ImportJob {
    const job = this.jobs.get(id);
    if (!job || (job.ownerId !== actor.userId && actor.role !== 'city_admin')) throw notFound('导入任务', 'IMPORT_JOB_NOT_FOUND');
    return job;
  }

  /** Hears every (throttled) update and the final one. Returns the function that unsubscribes. */
  subscribeProgress(id: string, listener: (p: ImportProgress) => void): () => void {
    this.events.on(id, listener);
    return () => this.events.off(id, listener);
  }

  /** Resolves when every running job has ended (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  private prune() {
    const now = Date.now();
    for (const [id, j] of this.jobs) if (j.finishedAt && now - j.finishedAt > KEEP_MS) this.jobs.delete(id);
  }
}
