import { startPollingLoop, type PollingLoop } from '../util/polling-loop';
import { EventEmitter } from 'node:events';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database';
import type { Executor } from '../db/transaction';
import { DomainError } from '../errors';
import { jobs } from './schema';

export type JobRow = typeof jobs.$inferSelect;
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** What listeners (the SSE endpoint, the CLI's progress bar) receive. */
export interface JobProgress {
  jobId: number;
  kind: string;
  status: JobStatus;
  done: number;
  total: number | null;
  result?: unknown;
  error?: string | null;
}

export interface JobContext<P = unknown> {
  db: Database;
  job: JobRow;
  params: P;
  /**
   * Reports progress. Cheap to call per row: listeners hear at most every ~250 ms and the row is
   * written at most as often. Never awaited, so it cannot block on PGlite's single connection.
   */
  progress(done: number, total?: number | null): void;
}

export type JobHandler<P = unknown, R = unknown> = (ctx: JobContext<P>) => Promise<R>;

export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();

  define<P = unknown, R = unknown>(kind: string, handler: JobHandler<P, R>): this {
    if (this.handlers.has(kind)) throw new Error(`job kind ${kind} is already defined`);
    this.handlers.set(kind, handler as JobHandler);
    return this;
  }

  get(kind: string): JobHandler | undefined {
    return this.handlers.get(kind);
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }
}

/** The process-wide registry of job kinds. */
export const jobRegistry = new JobRegistry();

export function defineJob<P = unknown, R = unknown>(kind: string, handler: JobHandler<P, R>): void {
  jobRegistry.define(kind, handler);
}

const progressEvents = new EventEmitter();
progressEvents.setMaxListeners(0);

/**
 * Listens to one job's progress, or every job's with '*'. The last message of a job has status
 * 'succeeded' or 'failed'. Returns the function that unsubscribes.
 */
export function subscribeProgress(jobId: number | '*', listener: (p: JobProgress) => void): () => void {
  const name = jobId === '*' ? 'all' : `job:${jobId}`;
  progressEvents.on(name, listener);
  return () => progressEvents.off(name, listener);
}

function publish(p: JobProgress): void {
  progressEvents.emit(`job:${p.jobId}`, p);
  progressEvents.emit('all', p);
}

export function toProgress(job: JobRow): JobProgress {
  return {
    jobId: job.id,
    kind: job.kind,
    status: job.status as JobStatus,
    done: job.progressDone,
    total: job.progressTotal,
    ...(job.status === 'succeeded' ? { result: job.result } : {}),
    ...(job.status === 'failed' ? { error: job.error } : {}),
  };
}

export async function enqueue<P>(
  exec: Executor,
  input: { kind: string; params?: P; createdBy?: number | null; total?: number | null },
): Promise<JobRow> {
  const [row] = await exec
    .insert(jobs)
    .values({
      kind: input.kind,
      params: input.params ?? {},
      createdBy: input.createdBy ?? null,
      progressTotal: input.total ?? null,
    })
    .returning();
  publish(toProgress(row));
  return row;
}

export async function getJob(exec: Executor, id: number): Promise<JobRow | null> {
  const [row] = await exec.select().from(jobs).where(eq(jobs.id, id));
  return row ?? null;
}

/** Recent jobs, newest first, optionally of one kind, status or creator (for the job list and the CLI). */
export async function listJobs(
  exec: Executor,
  filter: { kind?: string; status?: JobStatus; createdBy?: number; limit?: number } = {},
): Promise<JobRow[]> {
  const where: SQL[] = [];
  if (filter.kind) where.push(eq(jobs.kind, filter.kind));
  if (filter.status) where.push(eq(jobs.status, filter.status));
  if (filter.createdBy != null) where.push(eq(jobs.createdBy, filter.createdBy));
  return exec
    .select()
    .from(jobs)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(jobs.id))
    .limit(Math.min(filter.limit ?? 50, 500));
}

export interface RunOptions {
  registry?: JobRegistry;
  /** least time between progress notifications and row updates (default 250 ms) */
  progressIntervalMs?: number;
}

/** Runs a queued job to its end in this process; resolves with the finished row (never rejects for a failed job). */
export async function runJob(db: Database, id: number, opts: RunOptions = {}): Promise<JobRow> {
  const [claimed] = await db.orm
    .update(jobs)
    .set({ status: 'running', startedAt: new Date() })
    .where(sql`${jobs.id} = ${id} and ${jobs.status} = 'queued'`)
    .returning();
  if (!claimed) {
    const job = await getJob(db.orm, id);
    if (!job) throw new DomainError('JOB_NOT_FOUND', `任务 ${id} 不存在`, { status: 404 });
    throw new DomainError('JOB_NOT_QUEUED', `任务 ${id} 已${job.status === 'running' ? '在运行' : '结束'}，不能再次运行`, { status: 409 });
  }
  return execute(db, claimed, opts);
}

/** Claims and runs the oldest queued job of a kind this process knows; null when none is waiting. */
export async function runNextJob(db: Database, opts: RunOptions = {}): Promise<JobRow | null> {
  const kinds = (opts.registry ?? jobRegistry).kinds();
  if (kinds.length === 0) return null;
  const [claimed] = await db.orm
    .update(jobs)
    .set({ status: 'running', startedAt: new Date() })
    .where(
      sql`${jobs.id} = (select id from kernel.jobs where status = 'queued'
        and kind in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})
        order by id limit 1 for update skip locked)`,
    )
    .returning();
  return claimed ? execute(db, claimed, opts) : null;
}

async function execute(db: Database, job: JobRow, opts: RunOptions): Promise<JobRow> {
  const interval = opts.progressIntervalMs ?? 250;
  const handler = (opts.registry ?? jobRegistry).get(job.kind);
  let done = job.progressDone;
  let total = job.progressTotal;
  let lastFlush = 0;
  let pendingTimer: NodeJS.Timeout | undefined;
  let writes: Promise<unknown> = Promise.resolve();
  let finished = false;

  const flush = () => {
    if (pendingTimer) clearTimeout(pendingTimer);
    pendingTimer = undefined;
    if (finished) return;
    lastFlush = Date.now();
    const snapshot = { done, total };
    publish({ jobId: job.id, kind: job.kind, status: 'running', ...snapshot });
    writes = writes
      .then(() =>
        db.orm
          .update(jobs)
          .set({ progressDone: snapshot.done, progressTotal: snapshot.total })
          .where(sql`${jobs.id} = ${job.id} and ${jobs.status} = 'running'`),
      )
      .catch(() => {}); // progress is best effort; the final update below is not
  };
  const progress = (d: number, t?: number | null) => {
    done = Math.max(0, Math.trunc(d));
    if (t !== undefined) total = t === null ? null : Math.trunc(t);
    const wait = lastFlush + interval - Date.now();
    if (wait <= 0) flush();
    else pendingTimer ??= setTimeout(flush, wait);
  };

  publish(toProgress(job));
  let outcome: { status: 'succeeded'; result: unknown } | { status: 'failed'; error: string };
  try {
    if (!handler) throw new Error(`no handler is defined for job kind ${job.kind}`);
    const result = await handler({ db, job, params: job.params, progress });
    outcome = { status: 'succeeded', result: result ?? null };
  } catch (e) {
    outcome = { status: 'failed', error: describeError(e) };
  }
  finished = true;
  if (pendingTimer) clearTimeout(pendingTimer);
  await writes;
  const [row] = await db.orm
    .update(jobs)
    .set({
      status: outcome.status,
      progressDone: outcome.status === 'succeeded' && total !== null ? Math.max(done, total) : done,
      progressTotal: total,
      result: outcome.status === 'succeeded' ? outcome.result : null,
      error: outcome.status === 'failed' ? outcome.error : null,
      finishedAt: new Date(),
    })
    .where(eq(jobs.id, job.id))
    .returning();
  publish(toProgress(row));
  return row;
}

function describeError(e: unknown): string {
  if (e instanceof DomainError) return `${e.code}: ${e.message}`;
  return (e instanceof Error ? e.message : String(e)).slice(0, 4000);
}

/**
 * Marks jobs left 'running' by a process that died as failed. Call at start-up of the only worker
 * (with several workers, a running job may belong to another live process).
 */
export async function recoverInterruptedJobs(exec: Executor): Promise<number> {
  const rows = await exec
    .update(jobs)
    .set({ status: 'failed', error: 'JOB_INTERRUPTED: 任务执行期间服务已停止，请重新提交', finishedAt: new Date() })
    .where(eq(jobs.status, 'running'))
    .returning({ id: jobs.id });
  return rows.length;
}

export type JobWorker = PollingLoop;

/** Runs queued jobs one at a time, polling every `intervalMs` (default 1 s) and on wake(). */
export function startJobWorker(
  db: Database,
  opts: RunOptions & { intervalMs?: number; onError?: (e: unknown) => void } = {},
): JobWorker {
  const onError = opts.onError ?? ((e: unknown) => console.error('job worker:', e));
  return startPollingLoop(async (isStopped) => {
    while (!isStopped() && (await runNextJob(db, opts))) { /* next */ }
  }, opts.intervalMs ?? 1000, onError);
}
