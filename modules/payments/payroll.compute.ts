// The set-based core of a payroll run: one INSERT … SELECT that writes a county's lines for month M
// into the run's own table. Every source of a line — M's entitlements (and those that ended with
// M−1, for the stop reason), M's adjustments and last month's signed lines — is read once into one
// aggregate per household and programme, so that the comparison with M−1 needs no join of its own;
// the payee's bank account is then joined from the registry's published view.
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Tx } from '#kernel';

export interface ComputeInput {
  runId: number;
  month: string;
  previousMonth: string;
  /** the county's division code */
  countyCode: string;
  /** last month's signed run of the county, if any */
  previousRunId: number | null;
}

/** Lines from this many entitlements up are planned as a large run (see withPlan). */
export const LARGE_RUN = 20_000;

/**
 * Planner settings for the statement that computes the lines, set for it alone. The lines come out
 * of a sorted aggregate rather than a hash table, so they are written in (household, programme) order
 * and the indexes built after the load sort presorted keys. The planner cannot see through the union
 * of the aggregate and guesses a few ten thousand groups; on a large county that guess makes it look
 * up every payee's account one by one, so a large run joins by hashing instead (a cheap probe that
 * stops at LARGE_RUN rows tells which it is). On PostgreSQL, no JIT: the statement runs once.
 */
async function withPlan<T>(db: Database, tx: Tx, input: ComputeInput, fn: () => Promise<T>): Promise<T> {
  const { rows } = await tx.execute(sql`SELECT count(*)::int AS n FROM (
      SELECT 1 FROM payments.entitlements WHERE ${activeEntitlements(input)} LIMIT ${LARGE_RUN}) x`);
  const large = (rows[0] as { n: number }).n >= LARGE_RUN;
  const settings = ['enable_hashagg', ...(large ? ['enable_nestloop'] : []), ...(db.kind === 'postgres' ? ['jit'] : [])];
  for (const s of settings) await tx.execute(sql.raw(`SET LOCAL ${s} = off`));
  const result = await fn();
  for (const s of settings) await tx.execute(sql.raw(`SET LOCAL ${s} TO DEFAULT`));
  return result;
}

function activeEntitlements({ month, previousMonth, countyCode }: ComputeInput): SQL {
  return sql`withdrawn_at IS NULL AND division_code LIKE ${`${countyCode}%`}
    AND from_month <= ${month} AND (to_month IS NULL OR to_month >= ${previousMonth})`;
}

/** Writes the run's lines into `lines` (an empty table shaped like payroll_lines); returns how many. */
export async function computeLines(db: Database, tx: Tx, lines: SQL, input: ComputeInput): Promise<number> {
  const { runId, month, previousMonth, countyCode, previousRunId } = input;
  const county = `${countyCode}%`;
  const result = await withPlan(db, tx, input, () => tx.execute(sql`
    INSERT INTO ${lines} (run_id, month, household_id, programme, division_code, amount_fen,
      entitlement_fen, adjustment_fen, change, previous_amount_fen, stop_reason, hold_reason,
      head_name, head_id_number, bank_name, bank_account, bank_account_name)
    SELECT ${runId}, ${month}, k.household_id, k.programme, k.division_code, k.amount_fen,
           k.entitlement_fen, k.adjustment_fen,
           CASE WHEN k.previous_amount_fen IS NULL THEN 'new'
                WHEN NOT k.due THEN 'stopped'
                WHEN k.amount_fen = k.previous_amount_fen THEN 'unchanged'
                ELSE 'changed' END,
           k.previous_amount_fen,
           CASE WHEN NOT k.due THEN coalesce(k.stop_reason, '本月无应发待遇') END,
           CASE WHEN NOT k.due THEN NULL
                WHEN a.household_id IS NULL THEN '家庭不存在'
                WHEN a.household_status <> 'active' THEN '家庭状态异常（' || a.household_status || '）'
                WHEN coalesce(a.bank_account, '') = '' THEN '未登记银行账号'
                WHEN k.amount_fen <= 0 THEN '本月应发金额不大于零' END,
           a.head_name, a.head_id_number, a.bank_name, a.bank_account, a.bank_account_name
    FROM (
      SELECT household_id, programme, due, previous_amount_fen, stop_reason,
             coalesce(division_code, previous_division_code) AS division_code,
             CASE WHEN due THEN coalesce(entitlement_fen, 0) + coalesce(adjustment_fen, 0) ELSE 0 END AS amount_fen,
             CASE WHEN due THEN coalesce(entitlement_fen, 0) ELSE 0 END AS entitlement_fen,
             CASE WHEN due THEN coalesce(adjustment_fen, 0) ELSE 0 END AS adjustment_fen
      FROM (
        -- source 1: entitlements in force in M (active) or ended with M−1 (for the stop reason);
        -- 2: M's adjustments (always due); 3: last month's signed lines that were paid or held
        SELECT household_id, programme,
               max(division_code) FILTER (WHERE source < 3) AS division_code,
               max(division_code) FILTER (WHERE source = 3) AS previous_division_code,
               sum(fen) FILTER (WHERE source = 1 AND active) AS entitlement_fen,
               sum(fen) FILTER (WHERE source = 2) AS adjustment_fen,
               coalesce(bool_or(active), false) AS due,
               max(ended) AS stop_reason,
               max(fen) FILTER (WHERE source = 3) AS previous_amount_fen
        FROM (
          SELECT 1 AS source, household_id, programme, division_code, monthly_amount_fen AS fen,
                 (to_month IS NULL OR to_month >= ${month}) AS active,
                 CASE WHEN to_month = ${previousMonth} THEN coalesce(stop_reason, '待遇期限届满') END AS ended
          FROM payments.entitlements WHERE ${activeEntitlements(input)}
          UNION ALL
          SELECT 2, household_id, programme, division_code, amount_fen, true, NULL
          FROM payments.adjustments WHERE month = ${month} AND division_code LIKE ${county}
          UNION ALL
          SELECT 3, household_id, programme, division_code, amount_fen, NULL, NULL
          FROM payments.payroll_lines WHERE run_id = ${previousRunId ?? -1} AND change <> 'stopped'
        ) x
        GROUP BY household_id, programme
      ) g
      WHERE due OR previous_amount_fen IS NOT NULL
    ) k
    LEFT JOIN registry.payment_accounts a ON a.household_id = k.household_id`));
  return result.rowCount ?? 0;
}
