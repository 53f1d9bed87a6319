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
import { programmeName, reportingProgrammeSql } from './programmes';

export type PaymentFailure = typeof paymentFailures.$inferSelect;

export interface ReturnReport {
  runId: number;
  rows: number;
  succeeded: number;
  failed: number;
  /** failures recorded by this import (a failure already recorded is not recorded twice) */
  flagged: number;
  alreadyFlagged: number;
  /** payable rows of the bank file that the return does not mention */
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
    // The bank file's rows: a household's payable lines of one programme, its parts summed (tekun's care
    // standard goes with tekun). The k-th return row for an account and amount answers the k-th of them.
    const programme = sql.raw(reportingProgrammeSql('programme'));
    await tx.execute(sql`CREATE TEMP TABLE bank_rows ON COMMIT DROP AS
      SELECT household_id, ${programme} AS programme, bank_account, sum(amount_fen)::bigint AS amount_fen, array_agg(id) AS line_ids
      FROM payments.payroll_lines
      WHERE run_id = ${run.id} AND change <> 'stopped' AND hold_reason IS NULL AND amount_fen > 0
      GROUP BY household_id, ${programme}, bank_account`);
    await tx.execute(sql`CREATE TEMP TABLE bank_match ON COMMIT DROP AS
      WITH r AS (
        SELECT *, row_number() OVER (PARTITION BY account, amount_fen ORDER BY row_no) AS k FROM bank_return
      ), l AS (
        SELECT line_ids, bank_account, amount_fen,
               row_number() OVER (PARTITION BY bank_account, amount_fen ORDER BY household_id, programme) AS k
        FROM bank_rows WHERE bank_account IN (SELECT account FROM bank_return)
      )
      SELECT r.row_no, r.account, r.amount_fen, r.failed, r.reason, l.line_ids
      FROM r LEFT JOIN l ON l.bank_account = r.account AND l.amount_fen = r.amount_fen AND l.k = r.k`);
    // A failed row flags each of its lines (a part is followed up with its own amount).
    const [{ flagged }] = (await tx.execute(sql`
      WITH ins AS (
        INSERT INTO payments.payment_failures (line_id, run_id, household_id, programme, month, division_code, bank_account, amount_fen, reason, created_by)
        SELECT pl.id, ${run.id}, pl.household_id, pl.programme, pl.month, pl.division_code, m.account, pl.amount_fen, coalesce(m.reason, '银行未说明原因'), ${actor.userId || null}
        FROM bank_match m JOIN payments.payroll_lines pl ON pl.run_id = ${run.id} AND pl.id = ANY (m.line_ids)
        WHERE m.failed
        ON CONFLICT (line_id) DO NOTHING RETURNING line_id
      )
      SELECT count(DISTINCT m.row_no)::int AS flagged FROM bank_match m JOIN ins ON ins.line_id = ANY (m.line_ids)`)).rows as { flagged: number }[];
    const { rows: unmatched } = await tx.execute(sql`
      SELECT m.row_no, m.account, m.amount_fen,
             (SELECT string_agg(DISTINCT (b.amount_fen)::text, ',') FROM bank_rows b WHERE b.bank_account = m.account) AS expected
      FROM bank_match m WHERE m.line_ids IS NULL ORDER BY m.row_no`);
    const [{ matched, succeeded, failed }] = (await tx.execute(sql`
      SELECT count(*) FILTER (WHERE line_ids IS NOT NULL)::int AS matched,
             count(*) FILTER (WHERE line_ids IS NOT NULL AND NOT failed)::int AS succeeded,
             count(*) FILTER (WHERE line_ids IS NOT NULL AND failed)::int AS failed
      FROM bank_match`)).rows as { matched: number; succeeded: number; failed: number }[];
    const [{ payable }] = (await tx.execute(sql`SELECT count(*)::int AS payable FROM bank_rows`)).rows as { payable: number }[];
    const problems: ReturnProblem[] = [...read.problems];
    for (const u of unmatched as { row_no: number; account: string; amount_fen: number; expected: string | null }[]) {
      problems.push(u.expected == null
        ? { row: u.row_no, code: 'UNKNOWN_ACCOUNT', message: `第${u.row_no}行：账号 ${u.account} 不在本月发放名册中` }
        : { row: u.row_no, code: 'AMOUNT_MISMATCH', message: `第${u.row_no}行：账号 ${u.account} 回盘金额 ${fenToYuan(Number(u.amount_fen))} 元，名册应发 ${u.expected.split(',').map((f) => fenToYuan(Number(f))).join('、')} 元` });
    }
    problems.sort((a, b) => a.row - b.row);
    const report: ReturnReport = {
      runId: run.id, rows: read.rows.length + read.problems.length, succeeded, failed,
      flagged, alreadyFlagged: failed - flagged, unreported: payable - matched, problems,
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
