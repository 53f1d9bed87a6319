// 发放名册: the monthly payroll of one county, computed, stored and compared with last month's in
// one transaction of set-based SQL. Rows never pass through Node: a killed process leaves nothing.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import {
  type Actor, type Database, type Executor, type Tx, emit, inTransaction, maskIdNumber, notFound, recordAudit,
} from '#kernel';
import { payrollLines, payrollRuns } from './schema';
import { coversCounty, linePrefix, reachesCounty, requirePayments } from './payments.access';
import { alreadySigned, invalid, runNotFound } from './payments.errors';
import { lockKey, LOCK_PAYROLL } from './payments.context';
import { isMonth, previousMonth } from './months';
import { programmeName } from './programmes';
import { computeLines } from './payroll.compute';
import { PAYROLL_SIGNED, type PayrollSignedPayload } from './payments.events';

export type PayrollRun = typeof payrollRuns.$inferSelect;
export type PayrollLine = typeof payrollLines.$inferSelect;
export type ChangeKind = 'new' | 'changed' | 'unchanged' | 'stopped';
export const PHASES = ['compute', 'persist', 'diff'] as const;
export type Phase = (typeof PHASES)[number];

export interface ProgrammeTotal {
  programme: string;
  name: string;
  /** lines of the month (stopped ones excluded) and their amount */
  lines: number;
  totalFen: number;
  /** what goes to the bank: lines not on hold with a positive amount */
  payableLines: number;
  payableFen: number;
  new: number;
  changed: number;
  unchanged: number;
  stopped: number;
  held: number;
}

export interface PayrollSummary {
  byProgramme: ProgrammeTotal[];
  counts: Record<ChangeKind | 'held', number>;
  lines: number;
  totalFen: number;
  payableLines: number;
  payableFen: number;
}

export interface RunResult {
  runId: number;
  month: string;
  countyCode: string;
  revision: number;
  previousRunId: number | null;
  summary: PayrollSummary;
  /** milliseconds per phase */
  timings: Record<Phase, number>;
}

export interface RunInput {
  month: string;
  countyCode: string;
}

export interface RunOptions {
  jobId?: number | null;
  onPhase?(phase: Phase, index: number): void;
}

export function validateRunInput(input: RunInput) {
  const errors = [];
  if (!isMonth(input.month)) errors.push({ field: 'month', code: 'MONTH_INVALID', message: '月份格式应为 YYYY-MM' });
  if (typeof input.countyCode !== 'string' || !/^\d{6}$/.test(input.countyCode) || input.countyCode.endsWith('00')) {
    errors.push({ field: 'countyCode', code: 'COUNTY_INVALID', message: '请选择县（区），6位区划代码' });
  }
  if (errors.length) throw invalid(errors);
}

/** Checks that the actor may run this county's payroll and that it is not signed: a route answers before queueing. */
export async function assertCanRun(exec: Executor, actor: Actor, input: RunInput): Promise<void> {
  validateRunInput(input);
  requirePayments(actor, 'payments:run');
  if (!coversCounty(actor, input.countyCode)) throw notFound('县（区）', 'COUNTY_NOT_FOUND');
  const [run] = await exec.select({ status: payrollRuns.status }).from(payrollRuns)
    .where(and(eq(payrollRuns.month, input.month), eq(payrollRuns.countyCode, input.countyCode)));
  if (run?.status === 'signed') throw alreadySigned(input.month, input.countyCode);
}

/**
 * Builds (or rebuilds) the draft payroll for `month` of one county, in one transaction.
 * Compute: one INSERT … SELECT (payroll.compute.ts) writes the run's lines into a new table of its
 * own — the month's entitlements and adjustments summed per household and programme, the bank account
 * from the registry's view, marked against last month's signed payroll (new / changed / unchanged),
 * plus last month's lines that are gone (stopped, with the reason). No index is maintained row by row.
 * Persist: the indexes are built once, and the table becomes the run's partition of payroll_lines
 * (replacing the draft's, which is dropped rather than deleted line by line). Diff: totals and counts.
 */
export async function runPayroll(db: Database, actor: Actor, input: RunInput, opts: RunOptions = {}): Promise<RunResult> {
  validateRunInput(input);
  requirePayments(actor, 'payments:run');
  if (!coversCounty(actor, input.countyCode)) throw notFound('县（区）', 'COUNTY_NOT_FOUND');
  const { month, countyCode } = input;
  const prev = previousMonth(month);
  const timings = { compute: 0, persist: 0, diff: 0 } as Record<Phase, number>;
  const phase = async <T,>(name: Phase, fn: () => Promise<T>): Promise<T> => {
    opts.onPhase?.(name, PHASES.indexOf(name));
    const t = performance.now();
    try { return await fn(); } finally { timings[name] = Math.round(performance.now() - t); }
  };

  return inTransaction(db, async (tx) => {
    await lockKey(tx, LOCK_PAYROLL, `${countyCode}:${month}`);
    // A larger budget for the run's sort and hash join (beyond it they spill to disk, so the memory
    // is bounded whatever the number of households). Commit need not wait for the WAL flush:
    // a crash just after it loses at most this draft, as a killed run does (nothing partial), and
    // signing — a synchronous commit — flushes the draft's WAL with its own.
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    await tx.execute(sql`SET LOCAL synchronous_commit = off`);
    const [existing] = await tx.select().from(payrollRuns)
      .where(and(eq(payrollRuns.month, month), eq(payrollRuns.countyCode, countyCode))).for('update');
    if (existing?.status === 'signed') throw alreadySigned(month, countyCode);
    const [previous] = await tx.select({ id: payrollRuns.id }).from(payrollRuns)
      .where(and(eq(payrollRuns.month, prev), eq(payrollRuns.countyCode, countyCode), eq(payrollRuns.status, 'signed')));
    const previousRunId = previous?.id ?? null;

    const run = existing
      ? (await tx.update(payrollRuns).set({
          revision: existing.revision + 1, previousRunId, jobId: opts.jobId ?? null, ranBy: actor.userId || null, ranAt: new Date(),
        }).where(eq(payrollRuns.id, existing.id)).returning())[0]
      : (await tx.insert(payrollRuns).values({
          month, countyCode, previousRunId, jobId: opts.jobId ?? null, ranBy: actor.userId || null,
        }).returning())[0];
    const lines = partitionOf(run.id, run.revision);
    const compute = { runId: run.id, month, previousMonth: prev, countyCode, previousRunId };

    await phase('compute', async () => {
      // The partition constraint as a CHECK from the start: each row is checked as it is written, and
      // attaching needs no scan of the lines.
      await tx.execute(sql`CREATE TABLE ${lines} (LIKE payments.payroll_lines INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
        CONSTRAINT ${sql.identifier(`${lines.name}_run_check`)} CHECK (run_id IS NOT NULL AND run_id = ${sql.raw(String(run.id))}))`);
      await computeLines(db, tx, lines, compute);
    });

    await phase('persist', async () => {
      // Index builds sort in memory up to this budget (PostgreSQL only: PGlite's memory is capped).
      if (db.kind === 'postgres') await tx.execute(sql`SET LOCAL maintenance_work_mem = '256MB'`);
      await tx.execute(sql`CREATE UNIQUE INDEX ON ${lines} (run_id, household_id, programme)`);
      await tx.execute(sql`CREATE INDEX ON ${lines} (household_id)`);
      await tx.execute(sql`CREATE TRIGGER payroll_lines_signed_no_truncate BEFORE TRUNCATE ON ${lines}
        FOR EACH STATEMENT EXECUTE FUNCTION payments.payroll_partition_no_truncate(${sql.raw(String(run.id))})`);
    });

    const summary = await phase('diff', async () => {
      const s = await summarise(tx, sql`true`, lines);
      await tx.update(payrollRuns).set({ summary: s, lines: s.lines, totalFen: s.totalFen }).where(eq(payrollRuns.id, run.id));
      return s;
    });

    // Last, so that the lock it takes on payroll_lines is held only until commit: the draft's own
    // table goes (dropping it locks out readers of payroll_lines for that moment) and the new one is
    // attached. Counted with persist.
    const t = performance.now();
    if (existing) {
      const { rows } = await tx.execute(sql`SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'payments.payroll_lines'::regclass AND c.relname ~ ${`^payroll_lines_run${run.id}_rev[0-9]+$`}`);
      for (const r of rows as { relname: string }[]) await tx.execute(sql`DROP TABLE ${sql.identifier('payments')}.${sql.identifier(r.relname)}`);
    }
    await tx.execute(sql`ALTER TABLE payments.payroll_lines ATTACH PARTITION ${lines} FOR VALUES IN (${sql.raw(String(run.id))})`);
    timings.persist += Math.round(performance.now() - t);
    await recordAudit(tx, actor, {
      action: 'payroll.ran', entityType: 'payroll_run', entityId: run.id, divisionCode: countyCode,
      after: { month, countyCode, revision: run.revision, lines: summary.lines, totalFen: summary.totalFen, counts: summary.counts },
    });
    return { runId: run.id, month, countyCode, revision: run.revision, previousRunId, summary, timings };
  });
}

/** A run's partition of payroll_lines: payments.payroll_lines_run<id>_rev<revision>. */
function partitionOf(runId: number, revision: number): SQL & { name: string } {
  if (!Number.isSafeInteger(runId) || !Number.isSafeInteger(revision)) throw new Error('run id and revision must be integers');
  const name = `payroll_lines_run${runId}_rev${revision}`;
  return Object.assign(sql`${sql.identifier('payments')}.${sql.identifier(name)}`, { name });
}

/** Totals per programme and counts by change kind, over the lines `where` selects (in payroll_lines, or one run's table). */
async function summarise(exec: Executor, where: SQL, from: SQL | typeof payrollLines = payrollLines): Promise<PayrollSummary> {
  const { rows } = await exec.execute(sql`
    SELECT programme, change, count(*)::int AS n, coalesce(sum(amount_fen), 0)::bigint AS fen,
           count(*) FILTER (WHERE hold_reason IS NOT NULL)::int AS held,
           count(*) FILTER (WHERE hold_reason IS NULL AND amount_fen > 0)::int AS payable,
           coalesce(sum(amount_fen) FILTER (WHERE hold_reason IS NULL AND amount_fen > 0), 0)::bigint AS payable_fen
    FROM ${from} WHERE ${where} GROUP BY programme, change ORDER BY programme, change`);
  const byKey = new Map<string, ProgrammeTotal>();
  const counts = { new: 0, changed: 0, unchanged: 0, stopped: 0, held: 0 };
  for (const r of rows as { programme: string; change: ChangeKind; n: number; fen: number; held: number; payable: number; payable_fen: number }[]) {
    let t = byKey.get(r.programme);
    if (!t) byKey.set(r.programme, (t = { programme: r.programme, name: programmeName(r.programme), lines: 0, totalFen: 0, payableLines: 0, payableFen: 0, new: 0, changed: 0, unchanged: 0, stopped: 0, held: 0 }));
    t[r.change] += r.n;
    counts[r.change] += r.n;
    counts.held += r.held;
    t.held += r.held;
    if (r.change !== 'stopped') { t.lines += r.n; t.totalFen += Number(r.fen); }
    t.payableLines += r.payable;
    t.payableFen += Number(r.payable_fen);
  }
  const byProgramme = [...byKey.values()];
  const sum = (f: (t: ProgrammeTotal) => number) => byProgramme.reduce((a, t) => a + f(t), 0);
  return { byProgramme, counts, lines: sum((t) => t.lines), totalFen: sum((t) => t.totalFen), payableLines: sum((t) => t.payableLines), payableFen: sum((t) => t.payableFen) };
}

/** A run the actor reaches (at, above or below its county), or 404. */
export async function mustGetRun(exec: Executor, actor: Actor, runId: number, forUpdate = false): Promise<PayrollRun> {
  const q = exec.select().from(payrollRuns).where(eq(payrollRuns.id, runId));
  const [run] = forUpdate ? await q.for('update') : await q;
  if (!run || !reachesCounty(actor, run.countyCode)) throw runNotFound();
  return run;
}

export interface RunView extends Omit<PayrollRun, 'summary'> {
  summary: PayrollSummary;
  /** the part of the county the figures cover: the county, or the actor's township or village */
  scope: string;
}

/** The run with its totals; staff below the county see the totals of their own part. */
export async function getRun(exec: Executor, actor: Actor, runId: number): Promise<RunView> {
  requirePayments(actor, 'payments:read');
  const run = await mustGetRun(exec, actor, runId);
  const scope = linePrefix(actor, run.countyCode);
  const summary = scope === run.countyCode
    ? (run.summary as PayrollSummary)
    : await summarise(exec, sql`${payrollLines.runId} = ${run.id} AND ${payrollLines.divisionCode} LIKE ${scope + '%'}`);
  return { ...run, summary, scope };
}

export async function listRuns(exec: Executor, actor: Actor, q: { month?: string; countyCode?: string }): Promise<PayrollRun[]> {
  requirePayments(actor, 'payments:read');
  const conds: SQL[] = [sql`(${payrollRuns.countyCode} LIKE ${actor.divisionCode + '%'} OR ${actor.divisionCode} LIKE ${payrollRuns.countyCode} || '%')`];
  if (q.month) conds.push(eq(payrollRuns.month, q.month));
  if (q.countyCode) conds.push(eq(payrollRuns.countyCode, q.countyCode));
  return exec.select().from(payrollRuns).where(and(...conds)).orderBy(sql`${payrollRuns.month} DESC`, asc(payrollRuns.countyCode)).limit(500);
}

export interface LineQuery {
  change?: ChangeKind;
  programme?: string;
  divisionCode?: string;
  held?: boolean;
  page: number;
  pageSize: number;
}

const maskAccount = (a: string | null) => (a ? `${a.slice(0, 4)} **** ${a.slice(-4)}` : null);

/** Lines for review, within the actor's scope, ID numbers and accounts masked. */
export async function listLines(exec: Executor, actor: Actor, runId: number, q: LineQuery) {
  requirePayments(actor, 'payments:read');
  const run = await mustGetRun(exec, actor, runId);
  const prefix = q.divisionCode && q.divisionCode.startsWith(linePrefix(actor, run.countyCode)) ? q.divisionCode : linePrefix(actor, run.countyCode);
  const conds: SQL[] = [eq(payrollLines.runId, run.id), sql`${payrollLines.divisionCode} LIKE ${prefix + '%'}`];
  if (q.change) conds.push(eq(payrollLines.change, q.change));
  if (q.programme) conds.push(eq(payrollLines.programme, q.programme));
  if (q.held != null) conds.push(q.held ? sql`${payrollLines.holdReason} IS NOT NULL` : sql`${payrollLines.holdReason} IS NULL`);
  const where = and(...conds);
  const [rows, [{ total }]] = [
    await exec.select().from(payrollLines).where(where)
      .orderBy(asc(payrollLines.householdId), asc(payrollLines.programme)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    await exec.select({ total: sql<number>`count(*)::int` }).from(payrollLines).where(where),
  ];
  return {
    total,
    items: rows.map((l) => ({
      id: l.id, householdId: l.householdId, programme: l.programme, programmeName: programmeName(l.programme),
      divisionCode: l.divisionCode, amountFen: l.amountFen, entitlementFen: l.entitlementFen, adjustmentFen: l.adjustmentFen,
      change: l.change as ChangeKind, previousAmountFen: l.previousAmountFen, stopReason: l.stopReason, holdReason: l.holdReason,
      headName: l.headName, headIdNumber: l.headIdNumber ? maskIdNumber(l.headIdNumber) : null,
      bankName: l.bankName, bankAccount: maskAccount(l.bankAccount),
    })),
  };
}

/** 签发: the county approver signs the draft; from then on it is immutable (the database refuses changes). */
export async function signPayroll(tx: Tx, actor: Actor, runId: number): Promise<PayrollRun> {
  requirePayments(actor, 'payments:run');
  const run = await mustGetRun(tx, actor, runId, true);
  if (!coversCounty(actor, run.countyCode)) throw runNotFound();
  if (run.status === 'signed') throw alreadySigned(run.month, run.countyCode);
  const [signed] = await tx.update(payrollRuns).set({ status: 'signed', signedBy: actor.userId || null, signedAt: new Date() })
    .where(eq(payrollRuns.id, run.id)).returning();
  const summary = signed.summary as PayrollSummary;
  await recordAudit(tx, actor, {
    action: 'payroll.signed', entityType: 'payroll_run', entityId: run.id, divisionCode: run.countyCode,
    after: { month: run.month, countyCode: run.countyCode, revision: run.revision, lines: summary.lines, totalFen: summary.totalFen, payableFen: summary.payableFen },
  });
  await emit<PayrollSignedPayload>(tx, {
    type: PAYROLL_SIGNED, aggregateType: 'payroll_run', aggregateId: run.id, divisionCode: run.countyCode,
    payload: {
      runId: run.id, month: run.month, countyCode: run.countyCode, lines: summary.lines, totalFen: summary.totalFen,
      payableFen: summary.payableFen, byProgramme: summary.byProgramme.map((t) => ({ programme: t.programme, lines: t.lines, totalFen: t.totalFen })),
    },
  });
  return signed;
}
