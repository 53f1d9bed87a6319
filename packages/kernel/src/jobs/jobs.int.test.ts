import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDbKind, type Database } from '../../../../test/db';
import { DomainError } from '../errors';
import {
  enqueue, getJob, JobRegistry, listJobs, recoverInterruptedJobs, runJob, runNextJob, startJobWorker, subscribeProgress,
  type JobProgress,
} from './jobs.service';
import { Scheduler } from './scheduler';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('background jobs', () => {
  let db: Database;
  const registry = new JobRegistry()
    .define<{ rows: number }, { imported: number }>('registry.import', async ({ params, progress }) => {
      for (let i = 1; i <= params.rows; i++) {
        progress(i, params.rows);
        if (i % 100 === 0) await sleep(5);
      }
      return { imported: params.rows };
    })
    .define('payroll.run', async ({ db: d, job, progress }) => {
      progress(1, 3);
      await sleep(350);
      const seen = await getJob(d.orm, job.id); // the row shows progress while the job runs
      progress(2, 3);
      return { doneSeenMidway: seen?.progressDone, status: seen?.status };
    })
    .define('verification.batch', async ({ progress }) => {
      progress(5, 10);
      throw new DomainError('VERIFICATION_SOURCE_DOWN', '税务数据接口不可用');
    });

  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(() => db?.close());

  it('runs a job, throttling progress to listeners and the row, and records its result', async () => {
    const job = await enqueue(db.orm, { kind: 'registry.import', params: { rows: 2000 }, createdBy: 1 });
    expect(job).toMatchObject({ status: 'queued', progressDone: 0, params: { rows: 2000 } });
    const heard: JobProgress[] = [];
    const at: number[] = [];
    const unsubscribe = subscribeProgress(job.id, (p) => { heard.push(p); at.push(performance.now()); });
    const done = await runJob(db, job.id, { registry, progressIntervalMs: 50 });
    unsubscribe();

    expect(done).toMatchObject({ status: 'succeeded', progressDone: 2000, progressTotal: 2000, result: { imported: 2000 }, error: null });
    expect(done.startedAt).toBeInstanceOf(Date);
    expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(done.startedAt!.getTime());
    expect(heard[0]).toMatchObject({ status: 'running', done: 0 });
    expect(heard.at(-1)).toEqual({ jobId: job.id, kind: 'registry.import', status: 'succeeded', done: 2000, total: 2000, result: { imported: 2000 } });
    const running = heard.filter((p) => p.status === 'running' && p.done > 0);
    expect(running.length).toBeGreaterThan(0);
    expect(running.length).toBeLessThan(200); // 2000 calls to progress()
    const times = at.filter((_, i) => heard[i].status === 'running' && heard[i].done > 0);
    const gaps = times.slice(1).map((t, i) => t - times[i]); // between throttled notifications
    expect(Math.min(...gaps, 50)).toBeGreaterThanOrEqual(45);
    expect(running.map((p) => p.done)).toEqual([...running.map((p) => p.done)].sort((a, b) => a - b));
  });

  it('updates the row while the job runs', async () => {
    const job = await enqueue(db.orm, { kind: 'payroll.run' });
    const done = await runJob(db, job.id, { registry });
    expect(done.result).toEqual({ doneSeenMidway: 1, status: 'running' });
    expect(done).toMatchObject({ progressDone: 3, progressTotal: 3 });
  });

  it('records a failure with its code and tells listeners', async () => {
    const job = await enqueue(db.orm, { kind: 'verification.batch' });
    const heard: JobProgress[] = [];
    const off = subscribeProgress('*', (p) => { if (p.jobId === job.id) heard.push(p); });
    const done = await runJob(db, job.id, { registry });
    off();
    expect(done).toMatchObject({ status: 'failed', progressDone: 5, error: 'VERIFICATION_SOURCE_DOWN: 税务数据接口不可用', result: null });
    expect(heard.at(-1)).toMatchObject({ status: 'failed', error: 'VERIFICATION_SOURCE_DOWN: 税务数据接口不可用' });
    await expect(runJob(db, job.id, { registry })).rejects.toMatchObject({ code: 'JOB_NOT_QUEUED', status: 409 });
    await expect(runJob(db, 999_999, { registry })).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
  });

  it('fails a job of an unknown kind instead of leaving it running', async () => {
    const job = await enqueue(db.orm, { kind: 'nobody.handles.this' });
    expect(await runJob(db, job.id, { registry })).toMatchObject({ status: 'failed', error: expect.stringMatching(/no handler/) });
  });

  it('takes queued jobs oldest first in a worker, skipping kinds it does not know', async () => {
    const other = await enqueue(db.orm, { kind: 'someone.elses' });
    const a = await enqueue(db.orm, { kind: 'registry.import', params: { rows: 3 } });
    const b = await enqueue(db.orm, { kind: 'registry.import', params: { rows: 4 } });
    expect((await runNextJob(db, { registry }))?.id).toBe(a.id);
    const worker = startJobWorker(db, { registry, intervalMs: 20 });
    try {
      for (let i = 0; i < 100 && (await getJob(db.orm, b.id))?.status !== 'succeeded'; i++) await sleep(20);
    } finally {
      await worker.stop();
    }
    expect(await getJob(db.orm, b.id)).toMatchObject({ status: 'succeeded', result: { imported: 4 } });
    expect(await getJob(db.orm, other.id)).toMatchObject({ status: 'queued' });
    expect(await runNextJob(db, { registry })).toBeNull();
  });

  it('marks jobs interrupted by a crash as failed', async () => {
    const job = await enqueue(db.orm, { kind: 'registry.import' });
    await db.pool.query(`update kernel.jobs set status = 'running' where id = $1`, [job.id]);
    expect(await recoverInterruptedJobs(db.orm)).toBe(1);
    expect(await getJob(db.orm, job.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^JOB_INTERRUPTED/) });
  });

  it('lists recent jobs newest first, filtered', async () => {
    const all = await listJobs(db.orm);
    expect(all.map((j) => j.id)).toEqual([...all.map((j) => j.id)].sort((a, b) => b - a));
    const imports = await listJobs(db.orm, { kind: 'registry.import', status: 'succeeded', limit: 2 });
    expect(imports).toHaveLength(2);
    expect(imports.every((j) => j.kind === 'registry.import' && j.status === 'succeeded')).toBe(true);
    expect(await listJobs(db.orm, { createdBy: 1 })).toEqual([expect.objectContaining({ kind: 'registry.import', createdBy: 1 })]);
  });
});

describe('scheduler with a database', () => {
  let db: Database;
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(() => db?.close());

  it(`runs each slot once even with two schedulers (two processes) on one database (${testDbKind})`, async () => {
    const slots: number[] = [];
    const task = async ({ scheduledFor }: { scheduledFor: Date }) => { slots.push(scheduledFor.getTime()); await sleep(5); };
    const a = new Scheduler({ db }).schedule('monitoring.alerts', { everyMs: 60 }, task);
    const b = new Scheduler({ db }).schedule('monitoring.alerts', { everyMs: 60 }, task);
    a.start();
    b.start();
    for (let i = 0; i < 100 && slots.length < 4; i++) await sleep(50);
    await Promise.all([a.stop(), b.stop()]);
    expect(slots.length).toBeGreaterThanOrEqual(3);
    expect(new Set(slots).size).toBe(slots.length);
    const [rec] = await a.lastRuns();
    expect(rec).toMatchObject({ name: 'monitoring.alerts', lastStatus: 'succeeded', runs: slots.length });
    expect(rec.nextRunAt).toBeInstanceOf(Date);
  });

  it('runs a slot missed while no process was up once at start', async () => {
    await db.pool.query(
      `insert into kernel.job_schedules (name, next_run_at) values ('elderly.birthdays', now() - interval '3 days')`,
    );
    let runs = 0;
    const s = new Scheduler({ db }).schedule('elderly.birthdays', { dailyAt: '02:00' }, () => { runs++; });
    s.start();
    for (let i = 0; i < 100 && runs === 0; i++) await sleep(50);
    await sleep(100);
    await s.stop();
    expect(runs).toBe(1);
    const [rec] = await s.lastRuns();
    expect(rec.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(rec.runs).toBe(1);
  });
});
