import { eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/database';
import { jobSchedules } from './schema';

/** Every `everyMs`, or once a day at 'HH:MM' local time (China Standard Time, UTC+8, unless told). */
export type ScheduleSpec = { everyMs: number } | { dailyAt: string; utcOffsetMinutes?: number };

export interface ScheduledRunContext {
  name: string;
  /** the slot this run was due for */
  scheduledFor: Date;
}

export type ScheduledTask = (ctx: ScheduledRunContext) => Promise<unknown> | unknown;

export interface ScheduleRecord {
  name: string;
  nextRunAt: Date | null;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastStatus: 'running' | 'succeeded' | 'failed' | null;
  lastError: string | null;
  lastDurationMs: number | null;
  runs: number;
}

/** The first due time strictly after `after`. */
export function nextRunAfter(spec: ScheduleSpec, after: Date): Date {
  if ('everyMs' in spec) {
    if (!(spec.everyMs > 0)) throw new Error('everyMs must be positive');
    return new Date(after.getTime() + spec.everyMs);
  }
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(spec.dailyAt);
  if (!m) throw new Error(`dailyAt must be HH:MM, got ${spec.dailyAt}`);
  const offsetMs = (spec.utcOffsetMinutes ?? 480) * 60_000;
  const local = after.getTime() + offsetMs; // wall-clock time, expressed as if it were UTC
  const day = Math.floor(local / 86_400_000) * 86_400_000;
  let due = day + (Number(m[1]) * 60 + Number(m[2])) * 60_000;
  if (due <= local) due += 86_400_000;
  return new Date(due - offsetMs);
}

interface Entry {
  name: string;
  spec: ScheduleSpec;
  fn: ScheduledTask;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  memory: ScheduleRecord;
}

const MAX_SLEEP_MS = 60 * 60_000;

/**
 * A small cron. With a database, each due slot is claimed by one process only (an UPDATE on
 * kernel.job_schedules), a slot missed while no process ran is run once at start, and the last run of
 * each task is recorded there; without one, the record is kept in memory. A task never overlaps itself.
 */
export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private started = false;
  private stopped = false;
  private readonly db?: Database;
  private readonly now: () => Date;
  private readonly onError: (name: string, e: unknown) => void;

  constructor(opts: { db?: Database; now?: () => Date; onError?: (name: string, e: unknown) => void } = {}) {
    this.db = opts.db;
    this.now = opts.now ?? (() => new Date());
    this.onError = opts.onError ?? ((name, e) => console.error(`scheduled task ${name}:`, e));
  }

  schedule(name: string, spec: ScheduleSpec, fn: ScheduledTask): this {
    if (this.entries.has(name)) throw new Error(`a task named ${name} is already scheduled`);
    nextRunAfter(spec, new Date(0)); // validates the spec now rather than at 02:00
    this.entries.set(name, {
      name, spec, fn,
      memory: {
        name, nextRunAt: null, lastStartedAt: null, lastFinishedAt: null, lastStatus: null,
        lastError: null, lastDurationMs: null, runs: 0,
      },
    });
    if (this.started) void this.arm(this.entries.get(name)!);
    return this;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const e of this.entries.values()) void this.arm(e);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
    await Promise.all([...this.entries.values()].map((e) => e.running));
  }

  /** The recorded last run and next due time of each task of this scheduler. */
  async lastRuns(): Promise<ScheduleRecord[]> {
    const names = [...this.entries.keys()];
    if (!this.db) return names.map((n) => ({ ...this.entries.get(n)!.memory }));
    if (names.length === 0) return [];
    const rows = await this.db.orm.select().from(jobSchedules).where(inArray(jobSchedules.name, names)).orderBy(jobSchedules.name);
    return rows.map((r) => ({ ...r, lastStatus: r.lastStatus as ScheduleRecord['lastStatus'] }));
  }

  /** Runs a task now, outside its schedule (an administrator's "run now"). */
  async runNow(name: string): Promise<void> {
    const e = this.entries.get(name);
    if (!e) throw new Error(`no task named ${name}`);
    while (e.running) await e.running;
    await this.track(e, this.execute(e, this.now()));
  }

  private async arm(e: Entry): Promise<void> {
    try {
      const due = await this.initialDue(e);
      this.sleepUntil(e, due);
    } catch (err) {
      this.onError(e.name, err);
      if (!this.stopped) e.timer = setTimeout(() => void this.arm(e), 5_000);
    }
  }

  private sleepUntil(e: Entry, due: Date): void {
    if (this.stopped) return;
    const wait = Math.min(MAX_SLEEP_MS, Math.max(0, due.getTime() - this.now().getTime()));
    e.timer = setTimeout(() => void this.fire(e), wait);
  }

  private async initialDue(e: Entry): Promise<Date> {
    const next = nextRunAfter(e.spec, this.now());
    if (!this.db) {
      e.memory.nextRunAt ??= next;
      return e.memory.nextRunAt;
    }
    // Keep a recorded slot (possibly missed while down, so it runs at once), unless the spec now says earlier.
    const [row] = await this.db.orm
      .insert(jobSchedules)
      .values({ name: e.name, nextRunAt: next })
      .onConflictDoUpdate({
        target: jobSchedules.name,
        set: { nextRunAt: sql`least(coalesce(${jobSchedules.nextRunAt}, excluded.next_run_at), excluded.next_run_at)` },
      })
      .returning({ nextRunAt: jobSchedules.nextRunAt });
    return row.nextRunAt ?? next;
  }

  private fire(e: Entry): Promise<void> {
    e.timer = undefined;
    if (this.stopped) return Promise.resolve();
    const prior = e.running; // a runNow() in progress
    const round = async () => {
      try {
        if (prior) await prior.catch(() => {});
        const slot = await this.claim(e, this.now());
        if (slot) await this.execute(e, slot);
        this.sleepUntil(e, await this.dueAfterwards(e));
      } catch (err) {
        this.onError(e.name, err);
        if (!this.stopped) e.timer = setTimeout(() => void this.fire(e), 5_000);
      }
    };
    return this.track(e, round());
  }

  /** Remembers the task's work in progress so that stop() and runNow() wait for it. */
  private async track(e: Entry, work: Promise<void>): Promise<void> {
    e.running = work;
    try { await work; } finally { if (e.running === work) e.running = undefined; }
  }

  /** Moves the task's next slot forward if the current one is due; the slot when this process won it. */
  private async claim(e: Entry, now: Date): Promise<Date | null> {
    const next = nextRunAfter(e.spec, now);
    if (!this.db) {
      const due = e.memory.nextRunAt;
      if (!due || due > now) return null;
      e.memory.nextRunAt = next;
      return due;
    }
    const { rows } = await this.db.pool.query<{ slot: Date }>(
      `update kernel.job_schedules s set next_run_at = $2
       from (select name, next_run_at as slot from kernel.job_schedules where name = $1 for update) old
       where s.name = old.name and old.slot <= $3
       returning old.slot`,
      [e.name, next, now],
    );
    return rows[0]?.slot ?? null;
  }

  private async dueAfterwards(e: Entry): Promise<Date> {
    if (!this.db) return e.memory.nextRunAt ?? nextRunAfter(e.spec, this.now());
    const [row] = await this.db.orm.select({ next: jobSchedules.nextRunAt }).from(jobSchedules).where(eq(jobSchedules.name, e.name));
    return row?.next ?? nextRunAfter(e.spec, this.now());
  }

  private async execute(e: Entry, scheduledFor: Date): Promise<void> {
    const started = this.now();
    await this.record(e, { lastStartedAt: started, lastStatus: 'running' }, false);
    let status: 'succeeded' | 'failed' = 'succeeded';
    let error: string | null = null;
    try {
      await e.fn({ name: e.name, scheduledFor });
    } catch (err) {
      status = 'failed';
      error = err instanceof Error ? err.message : String(err);
      this.onError(e.name, err);
    }
    const finished = this.now();
    await this.record(
      e,
      { lastFinishedAt: finished, lastStatus: status, lastError: error, lastDurationMs: finished.getTime() - started.getTime() },
      true,
    );
  }

  private async record(e: Entry, fields: Partial<ScheduleRecord>, countRun: boolean): Promise<void> {
    Object.assign(e.memory, fields);
    if (countRun) e.memory.runs++;
    if (!this.db) return;
    await this.db.orm
      .insert(jobSchedules)
      .values({ name: e.name, ...fields, runs: countRun ? 1 : 0 })
      .onConflictDoUpdate({
        target: jobSchedules.name,
        set: { ...fields, ...(countRun ? { runs: sql`${jobSchedules.runs} + 1` } : {}) },
      });
  }
}
