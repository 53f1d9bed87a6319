// Signed payroll for reports: the runs and lines an actor may read (the same permission and reach as
// listRuns / listLines), as SQL for a report to aggregate in one statement instead of paging lines.
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '#kernel';
import { requirePayments } from './payments.access';
import { PROGRAMME_PARTS } from './programmes';

export interface SignedPayrollQuery {
  /** first and last month, inclusive (YYYY-MM) */
  from: string;
  to: string;
  /** a programme, with the parts paid under other keys (tekun takes tekun_care along) */
  programme?: string;
}

/**
 * `runs` (id, month, county_code): the signed runs of the months whose county concerns the actor;
 * `lines` (run_id, month, household_id, programme, division_code, amount_fen): their lines within the
 * actor's part of the county, stopped lines left out. Refuses an actor without payments:read.
 */
export function signedPayroll(actor: Actor, q: SignedPayrollQuery): { runs: SQL; lines: SQL } {
  requirePayments(actor, 'payments:read');
  const runs = sql`SELECT id, month, county_code FROM payments.payroll_runs
    WHERE status = 'signed' AND month >= ${q.from} AND month <= ${q.to}
      AND (county_code LIKE ${actor.divisionCode + '%'} OR ${actor.divisionCode} LIKE county_code || '%')`;
  const lines = sql`SELECT l.run_id, l.month, l.household_id, l.programme, l.division_code, l.amount_fen
    FROM payments.payroll_lines l JOIN (${runs}) r ON r.id = l.run_id
    WHERE l.change <> 'stopped'
      AND l.division_code LIKE (CASE WHEN length(${actor.divisionCode}) > length(r.county_code) THEN ${actor.divisionCode} ELSE r.county_code END) || '%'
      ${q.programme ? sql`AND l.programme IN (${sql.join(withParts(q.programme).map((k) => sql`${k}`), sql`, `)})` : sql``}`;
  return { runs, lines };
}

const withParts = (programme: string) => [programme, ...Object.keys(PROGRAMME_PARTS).filter((part) => PROGRAMME_PARTS[part] === programme)];
