// 回盘: the bank's answer to a disbursement file. Failed lines become payment failures to follow up;
// rows that match no line (unknown account, other amount) are reported by row. Matching is set-based:
// the file's rows go to a temporary table and are paired with the payroll's payable lines in SQL.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { type Actor, type Database, type Executor, type Tx, DomainError, fenToYuan, inTransaction, notFound, recordAudit } from '#kernel';
import { paymentFailures } from './schema';
import { coversCounty, requirePayments } from './payments.access';
import { mustGetRun } from './payroll.service';
import { notSigned, runNotFound } from './payments.errors';
import { readBankReturn, ReturnFileError, type ReturnProblem } from './bank-return.reader';
import { programmeName } from './programmes';

export type PaymentFailure = typeof paymentFailures.$inferSelect;

export interface ReturnReport {
  runId: number;
  rows: number;
  succeeded: number;
  failed: number;
  /** failures recorded by this import (a failure already recorded is not recorded twice) */
  flagged: number;
  alreadyFlagged: number;
  /** payable lines the file does not mention */
  unreported: number;
  problems: ReturnProblem[];
}

const BATCH = 5000;

export async function importBankReturn(db: Database, actor: Actor, runId: number, file: Buffer, fileName: string): Promise<ReturnReport> {
  requirePayments(actor, 'payments:bank');
  const run = await mustGetRun(db.orm, actor, runId);
  if (!coversCounty(actor, run.countyCode)) throw runNotFound();
  if (run.status !== 'signed') throw notSigned();
  let read;
  try {
    read = await readBankReturn(file, fileName);
  } catch (e) {
    if (e instanceof ReturnFileError) throw new DomainError('RETURN_FILE_INVALID', e.message, { status: 422 });
    throw e;
  }
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`CREATE TEMP TABLE bank_return (row_no int, account text, amount_fen bigint, failed boolean, reason text) ON COMMIT DROP`);
    for (let i = 0; i < read.rows.length; i += BATCH) {
      const batch = read.rows.slice(i, i + BATCH).map((r) => ({ row_no: r.row, account: r.account, amount_fen: r.amountFen, failed: r.failed, reason: r.reason }));
      await tx.execute(sql`INSERT INTO bank_return SELECT * FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
        AS x(row_no int, account text, amount_fen bigint, failed boolean, reason text)`);
    }
    // The k-th return row for an account and amount answers the k-th payable line with them.
    await tx.execute(sql`CREATE TEMP TABLE bank_match ON COMMIT DROP AS
      WITH r AS (
        SELECT *, row_number() OVER (PARTITION BY account, amount_fen ORDER BY row_no) AS k FROM bank_return
      ), l AS (
        SELECT id, household_id, programme, month, division_code, bank_account, amount_fen,
               row_number() OVER (PARTITION BY bank_account, amount_fen ORDER BY household_id, programme) AS k
        FROM payments.payroll_lines
        WHERE run_id = ${run.id} AND change <> 'stopped' AND hold_reason IS NULL AND amount_fen > 0
          AND bank_account IN (SELECT account FROM bank_return)
      )
      SELECT r.row_no, r.account, r.amount_fen, r.failed, r.reason, l.id AS line_id, l.household_id, l.programme,
             l.month, l.division_code
      FROM r LEFT JOIN l ON l.bank_account = r.account AND l.amount_fen = r.amount_fen AND l.k = r.k`);
    const { rows: flaggedRows } = await tx.execute(sql`
      INSERT INTO payments.payment_failures (line_id, run_id, household_id, programme, month, division_code, bank_account, amount_fen, reason, created_by)
      SELECT line_id, ${run.id}, household_id, programme, month, division_code, account, amount_fen, coalesce(reason, '银行未说明原因'), ${actor.userId || null}
      FROM bank_match WHERE failed AND line_id IS NOT NULL
      ON CONFLICT (line_id) DO NOTHING RETURNING id`);
    const { rows: unmatched } = await tx.execute(sql`
      SELECT m.row_no, m.account, m.amount_fen,
             (SELECT string_agg(DISTINCT (l.amount_fen)::text, ',') FROM payments.payroll_lines l
               WHERE l.run_id = ${run.id} AND l.bank_account = m.account AND l.change <> 'stopped' AND l.hold_reason IS NULL AND l.amount_fen > 0) AS expected
      FROM bank_match m WHERE m.line_id IS NULL ORDER BY m.row_no`);
    const [{ matched, succeeded, failed }] = (await tx.execute(sql`
      SELECT count(*) FILTER (WHERE line_id IS NOT NULL)::int AS matched,
             count(*) FILTER (WHERE line_id IS NOT NULL AND NOT failed)::int AS succeeded,
             count(*) FILTER (WHERE line_id IS NOT NULL AND failed)::int AS failed
      FROM bank_match`)).rows as { matched: number; succeeded: number; failed: number }[];
    const [{ payable }] = (await tx.execute(sql`SELECT count(*)::int AS payable FROM payments.payroll_lines
      WHERE run_id = ${run.id} AND change <> 'stopped' AND hold_reason IS NULL AND amount_fen > 0`)).rows as { payable: number }[];
    const problems: ReturnProblem[] = [...read.problems];
    for (const u of unmatched as { row_no: number; account: string; amount_fen: number; expected: string | null }[]) {
      problems.push(u.expected == null
        ? { row: u.row_no, code: 'UNKNOWN_ACCOUNT', message: `第${u.row_no}行：账号 ${u.account} 不在本月发放名册中` }
        : { row: u.row_no, code: 'AMOUNT_MISMATCH', message: `第${u.row_no}行：账号 ${u.account} 回盘金额 ${fenToYuan(Number(u.amount_fen))} 元，名册应发 ${u.expected.split(',').map((f) => fenToYuan(Number(f))).join('、')} 元` });
    }
    problems.sort((a, b) => a.row - b.row);
    const report: ReturnReport = {
      runId: run.id, rows: read.rows.length + read.problems.length, succeeded, failed,
      flagged: flaggedRows.length, alreadyFlagged: failed - flaggedRows.length, unreported: payable - matched, problems,
    };
    await recordAudit(tx, actor, {
      action: 'payroll.bank_return_imported', entityType: 'payroll_run', entityId: run.id, divisionCode: run.countyCode, reason: fileName,
      after: { ...report, problems: report.problems.length },
    });
    return report;
  });
}

export interface FailureQuery {
  status?: 'open' | 'resolved';
  householdId?: number;
  runId?: number;
  page: number;
  pageSize: number;
}

export async function listFailures(exec: Executor, actor: Actor, q: FailureQuery) {
  requirePayments(actor, 'payments:read');
  const conds: SQL[] = [sql`${paymentFailures.divisionCode} LIKE ${actor.divisionCode + '%'}`];
  if (q.status) conds.push(eq(paymentFailures.status, q.status));
  if (q.householdId) conds.push(eq(paymentFailures.householdId, q.householdId));
  if (q.runId) conds.push(eq(paymentFailures.runId, q.runId));
  const where = and(...conds);
  const items = await exec.select().from(paymentFailures).where(where).orderBy(desc(paymentFailures.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await exec.select({ total: sql<number>`count(*)::int` }).from(paymentFailures).where(where);
  return { total, items: items.map((f) => ({ ...f, programmeName: programmeName(f.programme), bankAccount: f.bankAccount ? `${f.bankAccount.slice(0, 4)} **** ${f.bankAccount.slice(-4)}` : null })) };
}

/** Closes a failure once it is followed up (account corrected and paid by adjustment, or otherwise). */
export async function resolveFailure(tx: Tx, actor: Actor, id: number, resolution: string): Promise<PaymentFailure> {
  requirePayments(actor, 'payments:adjust');
  const [f] = await tx.select().from(paymentFailures).where(eq(paymentFailures.id, id)).for('update');
  if (!f || !f.divisionCode.startsWith(actor.divisionCode)) throw notFound('发放失败记录', 'PAYMENT_FAILURE_NOT_FOUND');
  if (f.status === 'resolved') throw new DomainError('PAYMENT_FAILURE_RESOLVED', '该发放失败记录已处理', { status: 409 });
  const [row] = await tx.update(paymentFailures).set({ status: 'resolved', resolution: resolution.trim(), resolvedBy: actor.userId || null, resolvedAt: new Date() })
    .where(eq(paymentFailures.id, id)).returning();
  await recordAudit(tx, actor, { action: 'payment_failure.resolved', entityType: 'payment_failure', entityId: id, divisionCode: f.divisionCode, reason: resolution, before: { status: 'open' }, after: { status: 'resolved' } });
  return row;
}
