import { afterEach, describe, expect, it } from 'vitest';
import { nextRunAfter, Scheduler } from './scheduler';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('nextRunAfter', () => {
  it('finds the next 02:00 China time', () => {
    // 01:59 in Beijing is 17:59 UTC the day before
    expect(nextRunAfter({ dailyAt: '02:00' }, new Date('2025-06-01T17:59:00Z'))).toEqual(new Date('2025-06-01T18:00:00Z'));
    expect(nextRunAfter({ dailyAt: '02:00' }, new Date('2025-06-01T18:00:00Z'))).toEqual(new Date('2025-06-02T18:00:00Z'));
    expect(nextRunAfter({ dailyAt: '02:00' }, new Date('2025-06-02T03:00:00Z'))).toEqual(new Date('2025-06-02T18:00:00Z'));
    expect(nextRunAfter({ dailyAt: '23:30', utcOffsetMinutes: 0 }, new Date('2025-12-31T23:45:00Z'))).toEqual(new Date('2026-01-01T23:30:00Z'));
  });

  it('adds the interval and refuses malformed specs', () => {
    expect(nextRunAfter({ everyMs: 60_000 }, new Date('2025-06-01T00:00:00Z'))).toEqual(new Date('2025-06-01T00:01:00Z'));
    expect(() => nextRunAfter({ dailyAt: '2:00' }, new Date())).toThrow(/HH:MM/);
    expect(() => nextRunAfter({ dailyAt: '24:00' }, new Date())).toThrow(/HH:MM/);
    expect(() => nextRunAfter({ everyMs: 0 }, new Date())).toThrow(/positive/);
    expect(() => new Scheduler().schedule('x', { dailyAt: '7 am' }, () => {})).toThrow(/HH:MM/);
  });
});

describe('Scheduler in memory', () => {
  let scheduler: Scheduler | undefined;
  afterEach(() => scheduler?.stop());

  it('runs a task on its interval, records the last run, and keeps going after a failure', async () => {
    let n = 0;
    const errors: string[] = [];
    scheduler = new Scheduler({ onError: (name, e) => errors.push(`${name}: ${(e as Error).message}`) })
      .schedule('tick', { everyMs: 20 }, () => { n++; })
      .schedule('flaky', { everyMs: 20 }, () => { throw new Error('核对接口超时'); });
    scheduler.start();
    await sleep(150);
    await scheduler.stop();
    const stoppedAt = n;
    await sleep(60);
    expect(n).toBe(stoppedAt);
    expect(n).toBeGreaterThanOrEqual(3);
    const [flaky, tick] = (await scheduler.lastRuns()).sort((a, b) => a.name.localeCompare(b.name));
    expect(tick).toMatchObject({ name: 'tick', lastStatus: 'succeeded', lastError: null, runs: n });
    expect(flaky).toMatchObject({ lastStatus: 'failed', lastError: '核对接口超时' });
    expect(flaky.runs).toBeGreaterThanOrEqual(3);
    expect(errors[0]).toBe('flaky: 核对接口超时');
  });

  it('never overlaps a slow task with itself', async () => {
    let active = 0;
    let maxActive = 0;
    scheduler = new Scheduler().schedule('slow', { everyMs: 5 }, async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await sleep(30);
      active--;
    });
    scheduler.start();
    await sleep(120);
    await scheduler.stop();
    expect(maxActive).toBe(1);
  });

  it('runs a task on demand', async () => {
    const slots: Date[] = [];
    scheduler = new Scheduler().schedule('nightly', { dailyAt: '02:00' }, ({ scheduledFor }) => { slots.push(scheduledFor); });
    await scheduler.runNow('nightly');
    expect(slots).toHaveLength(1);
    expect((await scheduler.lastRuns())[0]).toMatchObject({ runs: 1, lastStatus: 'succeeded' });
    expect(() => scheduler!.schedule('nightly', { everyMs: 10 }, () => {})).toThrow(/already scheduled/);
  });
});
