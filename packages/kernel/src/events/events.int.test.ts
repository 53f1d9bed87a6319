import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDbKind, type Database } from '../../../../test/db';
import { inTransaction, type Tx } from '../db/transaction';
import {
  dispatchPending, emit, EventRegistry, listFailedDeliveries, replayEvents, retryDelivery, startDispatcher, type DomainEvent,
} from './events.service';

/** A handler's effect: one row per (handler, event) run, so double delivery shows up as a count of 2. */
async function record(tx: Tx, handler: string, e: DomainEvent) {
  await tx.execute(sql`insert into public.effects (handler, event_id) values (${handler}, ${e.id})`);
}

async function effects(db: Database): Promise<Record<string, number>> {
  const { rows } = await db.pool.query(
    `select handler || ':' || event_id as k, count(*)::int as n from public.effects group by 1 order by 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}

const died = (personId: number) => ({
  type: 'registry.person.died', aggregateType: 'person', aggregateId: personId, divisionCode: '140321100201',
  payload: { personId, diedOn: '2025-10-03' },
});

describe('transactional outbox', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query('create table public.effects (handler text not null, event_id bigint not null)');
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await db.pool.query('truncate public.effects, kernel.event_deliveries, kernel.outbox');
  });

  it('records an event only if the emitting transaction commits', async () => {
    const id = await inTransaction(db, (tx) => emit(tx, died(1)));
    await expect(inTransaction(db, async (tx) => { await emit(tx, died(2)); throw new Error('rolled back'); })).rejects.toThrow();
    const { rows } = await db.pool.query('select id, type, aggregate_id, division_code, payload from kernel.outbox');
    expect(rows).toEqual([
      { id, type: 'registry.person.died', aggregate_id: '1', division_code: '140321100201', payload: { personId: 1, diedOn: '2025-10-03' } },
    ]);
  });

  it('delivers exactly once across a crash between commit and dispatch', async () => {
    const seen: DomainEvent[] = [];
    const handlers = () =>
      new EventRegistry()
        .on('registry.person.died', 'payments.stopOnDeath', async (e, tx) => { seen.push(e); await record(tx, 'stop', e); })
        .on('registry.person.died', 'affairs.proposeFuneralBenefit', (e, tx) => record(tx, 'funeral', e));

    // the process that emitted commits and dies before its dispatcher runs
    const [a, b] = await inTransaction(db, async (tx) => [await emit(tx, died(1)), await emit(tx, died(2))]);
    // a new process: a new registry and dispatcher
    const r1 = await dispatchPending(db, { registry: handlers() });
    expect(r1).toEqual({ fannedOut: 2, delivered: 4, failed: 0, parked: 0 });
    expect(await effects(db)).toEqual({ [`funeral:${a}`]: 1, [`funeral:${b}`]: 1, [`stop:${a}`]: 1, [`stop:${b}`]: 1 });
    expect(seen[0]).toMatchObject({
      id: a, type: 'registry.person.died', aggregateType: 'person', aggregateId: '1', divisionCode: '140321100201',
      payload: { personId: 1, diedOn: '2025-10-03' }, attempt: 1,
    });
    expect(seen[0].occurredAt).toBeInstanceOf(Date);

    // yet another restart: nothing is delivered twice
    expect(await dispatchPending(db, { registry: handlers() })).toEqual({ fannedOut: 0, delivered: 0, failed: 0, parked: 0 });
    expect(Object.values(await effects(db))).toEqual([1, 1, 1, 1]);
  });

  it('rolls back a failing handler\'s effects and retries it later without re-running the one that succeeded', async () => {
    let failures = 1;
    const registry = new EventRegistry()
      .on('registry.person.died', 'ok', (e, tx) => record(tx, 'ok', e))
      .on('registry.person.died', 'flaky', async (e, tx) => {
        await record(tx, 'flaky', e); // written, then undone by the failure
        if (failures-- > 0) throw new Error('社保系统暂时不可用');
      });
    const id = await inTransaction(db, (tx) => emit(tx, died(7)));
    const t0 = new Date('2026-01-05T02:00:00Z');
    expect(await dispatchPending(db, { registry, now: () => t0 })).toMatchObject({ delivered: 1, failed: 1 });
    expect(await effects(db)).toEqual({ [`ok:${id}`]: 1 });
    expect(await listFailedDeliveries(db.orm)).toEqual([{
      eventId: id, handler: 'flaky', type: 'registry.person.died', attempts: 1,
      lastError: 'Error: 社保系统暂时不可用', nextAttemptAt: new Date(t0.getTime() + 1000),
    }]);

    // not due yet: nothing runs
    expect(await dispatchPending(db, { registry, now: () => new Date(t0.getTime() + 500) })).toMatchObject({ delivered: 0, failed: 0 });
    // after the backoff only the failed handler runs again
    expect(await dispatchPending(db, { registry, now: () => new Date(t0.getTime() + 1000) })).toMatchObject({ delivered: 1, failed: 0 });
    expect(await effects(db)).toEqual({ [`flaky:${id}`]: 1, [`ok:${id}`]: 1 });
    expect(await listFailedDeliveries(db.orm)).toEqual([]);
    const { rows } = await db.pool.query('select handler, attempts, last_error from kernel.event_deliveries order by handler');
    expect(rows).toEqual([{ handler: 'flaky', attempts: 2, last_error: null }, { handler: 'ok', attempts: 1, last_error: null }]);
  });

  it('backs off exponentially and parks a delivery after the last attempt until it is retried', async () => {
    let broken = true;
    const registry = new EventRegistry().on('registry.person.died', 'h', (e, tx) => {
      if (broken) throw new Error('down');
      return record(tx, 'h', e);
    });
    const id = await inTransaction(db, (tx) => emit(tx, died(9)));
    let now = new Date('2026-01-05T02:00:00Z').getTime();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await dispatchPending(db, { registry, now: () => new Date(now), maxAttempts: 4, backoff: { baseMs: 100, maxMs: 250 } });
      const [d] = await listFailedDeliveries(db.orm);
      if (i < 3) {
        expect(r.failed).toBe(1);
        delays.push(d.nextAttemptAt!.getTime() - now);
        now = d.nextAttemptAt!.getTime();
      } else {
        expect(r.parked).toBe(1);
        expect(d).toMatchObject({ attempts: 4, nextAttemptAt: null });
      }
    }
    expect(delays).toEqual([100, 200, 250]);
    expect(await dispatchPending(db, { registry, now: () => new Date(now + 3_600_000) })).toMatchObject({ delivered: 0, failed: 0 });

    broken = false;
    expect(await retryDelivery(db.orm, id, 'h')).toBe(true);
    expect(await dispatchPending(db, { registry })).toMatchObject({ delivered: 1 });
    expect(await effects(db)).toEqual({ [`h:${id}`]: 1 });
    expect(await retryDelivery(db.orm, id, 'h')).toBe(false);
  });

  it('delivers only to the handlers registered for the type', async () => {
    const registry = new EventRegistry()
      .on('elderly.assessment.completed', 'elderly.subsidy', (e, tx) => record(tx, 'subsidy', e));
    await inTransaction(db, async (tx) => {
      await emit(tx, died(1));
      await emit(tx, { type: 'elderly.assessment.completed', aggregateType: 'assessment', aggregateId: 5, payload: { level: 3 } });
    });
    expect(await dispatchPending(db, { registry })).toMatchObject({ fannedOut: 2, delivered: 1 });
    expect(Object.keys(await effects(db))).toEqual([expect.stringMatching(/^subsidy:/)]);
    expect(() => registry.on('elderly.assessment.completed', 'elderly.subsidy', () => {})).toThrow(/already registered/);
    await expect(inTransaction(db, (tx) => emit(tx, { ...died(1), type: 'Died' }))).rejects.toMatchObject({ code: 'EVENT_TYPE_INVALID' });
  });

  it('replays past events to a handler added later, once', async () => {
    const [first, second] = await inTransaction(db, async (tx) => [await emit(tx, died(1)), await emit(tx, died(2))]);
    expect(await dispatchPending(db, { registry: new EventRegistry() })).toMatchObject({ fannedOut: 2, delivered: 0 });
    const later = new EventRegistry().on('registry.person.died', 'children.checkOrphans', (e, tx) => record(tx, 'orphans', e));
    expect(await dispatchPending(db, { registry: later })).toMatchObject({ delivered: 0 });
    expect(await replayEvents(db.orm, { type: 'registry.person.died', handler: 'children.checkOrphans', fromEventId: second })).toBe(1);
    expect(await replayEvents(db.orm, { type: 'registry.person.died', handler: 'children.checkOrphans', fromEventId: second })).toBe(0);
    expect(await dispatchPending(db, { registry: later })).toMatchObject({ delivered: 1 });
    expect(await effects(db)).toEqual({ [`orphans:${second}`]: 1 });
    expect(first).toBeLessThan(second);
  });

  it('runs in the background and stops cleanly', async () => {
    const registry = new EventRegistry().on('registry.person.died', 'bg', (e, tx) => record(tx, 'bg', e));
    const dispatcher = startDispatcher(db, { registry, intervalMs: 20 });
    try {
      const id = await inTransaction(db, (tx) => emit(tx, died(3)));
      dispatcher.wake();
      for (let i = 0; i < 100 && !(await effects(db))[`bg:${id}`]; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await effects(db)).toEqual({ [`bg:${id}`]: 1 });
    } finally {
      await dispatcher.stop();
    }
  });

  it(`is idempotent when two dispatchers run at the same time (${testDbKind})`, async () => {
    const registry = () =>
      new EventRegistry()
        .on('registry.person.died', 'a', async (e, tx) => { await record(tx, 'a', e); await tx.execute(sql`select pg_sleep(0.002)`); })
        .on('registry.person.died', 'b', (e, tx) => record(tx, 'b', e));
    const n = 60;
    await inTransaction(db, async (tx) => { for (let i = 0; i < n; i++) await emit(tx, died(i)); });
    // separate pools, as two processes would have (on PGlite both share its single session)
    const other = db.kind === 'postgres' ? await import('../db/database').then((m) => m.openDatabase({ url: connectionString(db), poolSize: 3 })) : db;
    try {
      // fan out first, so that all three find deliveries waiting and compete for them
      expect(await dispatchPending(db, { registry: registry(), limit: 0 })).toMatchObject({ fannedOut: n, delivered: 0 });
      const results = await Promise.all([
        dispatchPending(db, { registry: registry(), limit: 1000 }),
        dispatchPending(other, { registry: registry(), limit: 1000 }),
        dispatchPending(db, { registry: registry(), limit: 1000 }),
      ]);
      expect(results.reduce((s, r) => s + r.delivered, 0)).toBe(2 * n);
      const counts = Object.values(await effects(db));
      expect(counts).toHaveLength(2 * n);
      expect(counts.every((c) => c === 1)).toBe(true);
      if (db.kind === 'postgres') expect(results.filter((r) => r.delivered > 0).length).toBeGreaterThan(1);

      // and when they also race to fan out new events
      await inTransaction(db, async (tx) => { for (let i = 0; i < n; i++) await emit(tx, died(100 + i)); });
      const again = await Promise.all([db, other, db].map((d) => dispatchPending(d, { registry: registry(), limit: 1000 })));
      expect(again.reduce((s, r) => s + r.fannedOut, 0)).toBe(n);
      expect(again.reduce((s, r) => s + r.delivered, 0)).toBe(2 * n);
      const all = Object.values(await effects(db));
      expect(all).toHaveLength(4 * n);
      expect(all.every((c) => c === 1)).toBe(true);
    } finally {
      if (other !== db) await other.close();
    }
  });
});

function connectionString(db: Database): string {
  const opts = (db.pool as unknown as { options: { connectionString: string } }).options;
  return opts.connectionString;
}
