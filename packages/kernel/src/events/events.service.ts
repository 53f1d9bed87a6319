import { startPollingLoop, type PollingLoop } from '../util/polling-loop';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/database';
import type { Executor, Tx } from '../db/transaction';
import { DomainError } from '../errors';
import { eventDeliveries, outbox } from './schema';

export interface DomainEvent<P = unknown> {
  id: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  divisionCode: string | null;
  payload: P;
  occurredAt: Date;
  /** 1 on the first delivery to this handler, 2 on the first retry… */
  attempt: number;
}

export interface EmitInput<P = unknown> {
  /** past tense, dotted: 'registry.person.died', 'elderly.assessment.completed' */
  type: string;
  aggregateType: string;
  aggregateId: string | number;
  divisionCode?: string | null;
  payload: P;
  occurredAt?: Date;
}

/**
 * Records an event in the caller's transaction: it exists if and only if the change it describes commits.
 * Delivery happens later, by the dispatcher.
 */
export async function emit<P>(tx: Executor, input: EmitInput<P>): Promise<number> {
  if (!/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/.test(input.type)) {
    throw new DomainError('EVENT_TYPE_INVALID', `事件类型“${input.type}”无效`, { status: 500 });
  }
  const [row] = await tx
    .insert(outbox)
    .values({
      type: input.type,
      aggregateType: input.aggregateType,
      aggregateId: String(input.aggregateId),
      divisionCode: input.divisionCode ?? null,
      payload: input.payload ?? null,
      ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}),
    })
    .returning({ id: outbox.id });
  return row.id;
}

/**
 * Runs inside the dispatcher's transaction, which also records the delivery: its effects and the record
 * commit together or not at all. It must use `tx` for every query (on PGlite the pool has one connection).
 * Handlers may run again after a failure, so an effect outside the database must be idempotent.
 */
export type EventHandler<P = unknown> = (event: DomainEvent<P>, tx: Tx) => Promise<void> | void;

/** Which handlers react to which event types. Handler names are stable: deliveries are recorded by name. */
export class EventRegistry {
  private readonly byType = new Map<string, Map<string, EventHandler>>();
  private readonly names = new Set<string>();

  on<P = unknown>(type: string, handlerName: string, fn: EventHandler<P>): this {
    let m = this.byType.get(type);
    if (!m) this.byType.set(type, (m = new Map()));
    if (m.has(handlerName)) throw new Error(`handler ${handlerName} is already registered for ${type}`);
    m.set(handlerName, fn as EventHandler);
    this.names.add(handlerName);
    return this;
  }

  handlersFor(type: string): ReadonlyMap<string, EventHandler> {
    return this.byType.get(type) ?? new Map();
  }

  handlerNames(): string[] {
    return [...this.names];
  }
}

/** The process-wide registry that modules register their reactions in at start-up. */
export const eventRegistry = new EventRegistry();

export function on<P = unknown>(type: string, handlerName: string, fn: EventHandler<P>): void {
  eventRegistry.on(type, handlerName, fn);
}

export interface DispatchOptions {
  /** most deliveries to attempt in this call (default 100) */
  limit?: number;
  registry?: EventRegistry;
  /** retry delay after the n-th failure: baseMs × 2^(n−1), at most maxMs (defaults 1 s and 1 h) */
  backoff?: { baseMs?: number; maxMs?: number };
  /** after this many failures a delivery is parked until retryDelivery (default 10) */
  maxAttempts?: number;
  /** the clock, for tests */
  now?: () => Date;
}

export interface DispatchResult {
  fannedOut: number;
  delivered: number;
  failed: number;
  parked: number;
}

const FAN_OUT_BATCH = 500;

/**
 * Creates one delivery row per registered handler for each new event. Events are marked rather than
 * tracked by a high-water mark, because identity values commit out of order.
 */
async function fanOut(db: Database, registry: EventRegistry, now: Date): Promise<number> {
  return db.orm.transaction(async (tx) => {
    const events = await tx
      .select({ id: outbox.id, type: outbox.type })
      .from(outbox)
      .where(isNull(outbox.fannedOutAt))
      .orderBy(outbox.id)
      .limit(FAN_OUT_BATCH)
      .for('update', { skipLocked: true });
    if (events.length === 0) return 0;
    const rows = events.flatMap((e) =>
      [...registry.handlersFor(e.type).keys()].map((handler) => ({ eventId: e.id, handler, nextAttemptAt: now })),
    );
    if (rows.length) await tx.insert(eventDeliveries).values(rows).onConflictDoNothing();
    await tx
      .update(outbox)
      .set({ fannedOutAt: now })
      .where(sql`${outbox.id} in (${sql.join(events.map((e) => sql`${e.id}`), sql`, `)})`);
    return events.length;
  });
}

interface ClaimedRow extends Record<string, unknown> {
  event_id: number;
  handler: string;
  attempts: number;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  division_code: string | null;
  payload: unknown;
  occurred_at: Date | string;
}

/** Delivers one due (event, handler) pair; false when nothing is due. */
async function deliverOne(
  db: Database,
  registry: EventRegistry,
  opts: Required<Pick<DispatchOptions, 'maxAttempts'>> & { now: Date; baseMs: number; maxMs: number },
  counts: DispatchResult,
): Promise<boolean> {
  const names = registry.handlerNames();
  if (names.length === 0) return false;
  return db.orm.transaction(async (tx) => {
    const claimed = await tx.execute<ClaimedRow>(sql`
      select d.event_id, d.handler, d.attempts, o.type, o.aggregate_type, o.aggregate_id, o.division_code,
             o.payload, o.occurred_at
      from kernel.event_deliveries d join kernel.outbox o on o.id = d.event_id
      where d.delivered_at is null and d.next_attempt_at <= ${opts.now.toISOString()}::timestamptz
        and d.handler in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})
      order by d.next_attempt_at, d.event_id
      limit 1
      for update of d skip locked`);
    const row = claimed.rows[0];
    if (!row) return false;
    const key = and(eq(eventDeliveries.eventId, row.event_id), eq(eventDeliveries.handler, row.handler));
    const handler = registry.handlersFor(row.type).get(row.handler);
    const attempt = row.attempts + 1;
    const event: DomainEvent = {
      id: row.event_id,
      type: row.type,
      aggregateType: row.aggregate_type,
      aggregateId: row.aggregate_id,
      divisionCode: row.division_code,
      payload: row.payload,
      occurredAt: new Date(row.occurred_at),
      attempt,
    };
    try {
      if (!handler) throw new Error(`handler ${row.handler} is not registered for ${row.type}`);
      await tx.transaction(async (sp) => { await handler(event, sp); });
    } catch (e) {
      const parked = attempt >= opts.maxAttempts;
      const delay = Math.min(opts.maxMs, opts.baseMs * 2 ** (attempt - 1));
      await tx
        .update(eventDeliveries)
        .set({
          attempts: attempt,
          lastError: describeError(e),
          nextAttemptAt: parked ? null : new Date(opts.now.getTime() + delay),
        })
        .where(key);
      if (parked) counts.parked++;
      else counts.failed++;
      return true;
    }
    await tx
      .update(eventDeliveries)
      .set({ deliveredAt: opts.now, attempts: attempt, lastError: null, nextAttemptAt: null })
      .where(key);
    counts.delivered++;
    return true;
  });
}

function describeError(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.slice(0, 2000);
}

/**
 * Delivers pending events: each (event, handler) pair runs in its own transaction that also records the
 * delivery, so a handler's effects are committed exactly once. A failure rolls the handler's effects back
 * and schedules a retry with exponential backoff; other handlers of the same event are not affected.
 */
export async function dispatchPending(db: Database, opts: DispatchOptions = {}): Promise<DispatchResult> {
  const registry = opts.registry ?? eventRegistry;
  const clock = opts.now ?? (() => new Date());
  const limit = opts.limit ?? 100;
  const counts: DispatchResult = { fannedOut: 0, delivered: 0, failed: 0, parked: 0 };
  for (let n; (n = await fanOut(db, registry, clock())) > 0; ) {
    counts.fannedOut += n;
    if (n < FAN_OUT_BATCH) break;
  }
  const settings = {
    maxAttempts: opts.maxAttempts ?? 10,
    baseMs: opts.backoff?.baseMs ?? 1000,
    maxMs: opts.backoff?.maxMs ?? 3_600_000,
  };
  for (let i = 0; i < limit; i++) {
    if (!(await deliverOne(db, registry, { ...settings, now: clock() }, counts))) break;
  }
  return counts;
}

export type Dispatcher = PollingLoop;

/** Polls for pending events every `intervalMs` (default 1 s) until stopped. */
export function startDispatcher(
  db: Database,
  opts: DispatchOptions & { intervalMs?: number; onError?: (e: unknown) => void } = {},
): Dispatcher {
  const onError = opts.onError ?? ((e: unknown) => console.error('event dispatcher:', e));
  return startPollingLoop(async (isStopped) => {
    let r: DispatchResult;
    do r = await dispatchPending(db, opts);
    while (!isStopped() && r.delivered + r.failed + r.parked >= (opts.limit ?? 100));
  }, opts.intervalMs ?? 1000, onError);
}

export interface FailedDelivery {
  eventId: number;
  handler: string;
  type: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

/** Deliveries that failed at least once and are not delivered yet (parked ones have no next attempt). */
export async function listFailedDeliveries(exec: Executor, opts: { limit?: number } = {}): Promise<FailedDelivery[]> {
  return exec
    .select({
      eventId: eventDeliveries.eventId,
      handler: eventDeliveries.handler,
      type: outbox.type,
      attempts: eventDeliveries.attempts,
      lastError: eventDeliveries.lastError,
      nextAttemptAt: eventDeliveries.nextAttemptAt,
    })
    .from(eventDeliveries)
    .innerJoin(outbox, eq(outbox.id, eventDeliveries.eventId))
    .where(and(isNull(eventDeliveries.deliveredAt), sql`${eventDeliveries.attempts} > 0`))
    .orderBy(eventDeliveries.eventId)
    .limit(opts.limit ?? 100);
}

/** Re-arms a failed or parked delivery for the next dispatch round. */
export async function retryDelivery(exec: Executor, eventId: number, handler: string): Promise<boolean> {
  const rows = await exec
    .update(eventDeliveries)
    .set({ nextAttemptAt: new Date() })
    .where(and(eq(eventDeliveries.eventId, eventId), eq(eventDeliveries.handler, handler), isNull(eventDeliveries.deliveredAt)))
    .returning({ eventId: eventDeliveries.eventId });
  return rows.length > 0;
}

/**
 * Gives a handler added after events were already dispatched those past events of a type (from an id
 * on): delivery rows are created for them, and the dispatcher delivers them like new ones.
 */
export async function replayEvents(
  exec: Executor,
  input: { type: string; handler: string; fromEventId?: number },
): Promise<number> {
  const result = await exec.execute(sql`
    insert into kernel.event_deliveries (event_id, handler, next_attempt_at)
    select id, ${input.handler}, now() from kernel.outbox
    where type = ${input.type} and id >= ${input.fromEventId ?? 0} and fanned_out_at is not null
    on conflict do nothing`);
  return result.rowCount ?? 0;
}
