// 救助对象与支出: households, persons and money by division and month, from the SIGNED payroll
// (what was actually decided to be paid), read through the payments module's signedPayroll, which
// applies the actor's reach as listRuns / listLines do. Persons are the members counted on the household's approved
// application for the programme; a paid household without one counts as one person.
import { sql } from 'drizzle-orm';
import { type Actor, type DivisionDirectory, type Executor } from '#kernel';
import { PROGRAMME_PARTS, programmeName, signedPayroll } from '#payments';

export type GroupBy = 'county' | 'township';

export interface CaseloadQuery {
  from: string;
  to: string;
  groupBy: GroupBy;
  programme?: string;
}

export interface CaseloadRow {
  month: string;
  divisionCode: string;
  divisionName: string | null;
  households: number;
  persons: number;
  spendingFen: number;
}

export interface CaseloadReport {
  from: string;
  to: string;
  groupBy: GroupBy;
  programme: string | null;
  programmeName: string | null;
  /** the actor's jurisdiction the figures cover */
  scope: string;
  rows: CaseloadRow[];
  /** one per month: every division together */
  totals: Omit<CaseloadRow, 'divisionCode' | 'divisionName'>[];
  /** one per month and programme paid that month: every division together (for the lines by programme) */
  byProgramme: (Omit<CaseloadRow, 'divisionCode' | 'divisionName'> & { programme: string; programmeName: string })[];
  /** households paid that had no approved application (counted as one person each) */
  householdsWithoutApplication: number;
  signedRuns: number;
}

/**
 * One statement: the signed lines in the actor's reach, each (household, programme) weighed by the
 * members counted on its latest approved application (1 without one), aggregated by month and
 * division, and by month and programme.
 */
export async function caseloadReport(exec: Executor, actor: Actor, divisions: DivisionDirectory, q: CaseloadQuery): Promise<CaseloadReport> {
  const width = q.groupBy === 'county' ? 6 : 9;
  const signed = signedPayroll(actor, { from: q.from, to: q.to, ...(q.programme ? { programme: q.programme } : {}) });
  // a programme paid in parts (tekun's care standard) is reported with the programme it is part of
  const parts = Object.entries(PROGRAMME_PARTS);
  const reported = parts.length
    ? sql`CASE l.programme ${sql.join(parts.map(([part, whole]) => sql`WHEN ${part} THEN ${whole}`), sql` `)} ELSE l.programme END`
    : sql`l.programme`;
  const { rows } = await exec.execute(sql`
    WITH l AS (${signed.lines}),
    a AS (
      SELECT DISTINCT ON (household_id, programme) household_id, programme,
             (SELECT count(*) FROM jsonb_array_elements(members) m WHERE (m->>'included')::boolean)::int AS persons
      FROM assistance.applications
      WHERE decision = 'approved' AND household_id IN (SELECT household_id FROM l)
      ORDER BY household_id, programme, id DESC
    ),
    lp AS (SELECT l.month, l.division_code, l.household_id, l.amount_fen, ${reported} AS programme FROM l),
    k AS (
      SELECT l.month, substr(l.division_code, 1, ${width}) AS division, l.programme, l.household_id,
             sum(l.amount_fen)::bigint AS fen, coalesce(max(a.persons), 1)::int AS persons, bool_and(a.household_id IS NULL) AS no_app
      FROM lp l LEFT JOIN a ON a.household_id = l.household_id AND a.programme = l.programme
      GROUP BY 1, 2, 3, 4
    )
    SELECT 'cell' AS kind, month, division AS key, count(*)::int AS households, sum(persons)::int AS persons, sum(fen)::bigint AS fen
    FROM k GROUP BY month, division
    UNION ALL
    SELECT 'programme', month, programme, count(*)::int, sum(persons)::int, sum(fen)::bigint
    FROM (SELECT month, programme, household_id, max(persons) AS persons, sum(fen) AS fen FROM k GROUP BY 1, 2, 3) kp
    GROUP BY month, programme
    UNION ALL
    SELECT 'meta', NULL, NULL, (SELECT count(DISTINCT (household_id, programme)) FROM k WHERE no_app)::int, (SELECT count(*) FROM (${signed.runs}) r)::int, 0`);
  const out = (rows as { kind: string; month: string; key: string; households: number; persons: number; fen: string | number }[])
    .map((r) => ({ ...r, households: Number(r.households), persons: Number(r.persons), fen: Number(r.fen) }));
  const meta = out.find((r) => r.kind === 'meta')!;
  const rowsOut: CaseloadRow[] = out.filter((r) => r.kind === 'cell')
    .map((r) => ({ month: r.month, divisionCode: r.key, divisionName: divisions.name(r.key), households: r.households, persons: r.persons, spendingFen: r.fen }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.divisionCode.localeCompare(b.divisionCode));
  const byMonth = new Map<string, { month: string; households: number; persons: number; spendingFen: number }>();
  for (const r of rowsOut) {
    const t = byMonth.get(r.month) ?? { month: r.month, households: 0, persons: 0, spendingFen: 0 };
    t.households += r.households; t.persons += r.persons; t.spendingFen += r.spendingFen;
    byMonth.set(r.month, t);
  }
  return {
    from: q.from, to: q.to, groupBy: q.groupBy, programme: q.programme ?? null, programmeName: q.programme ? programmeName(q.programme) : null,
    scope: actor.divisionCode, rows: rowsOut, totals: [...byMonth.values()], householdsWithoutApplication: meta.households, signedRuns: meta.persons,
    byProgramme: out.filter((r) => r.kind === 'programme')
      .map((r) => ({ month: r.month, programme: r.key, programmeName: programmeName(r.key), households: r.households, persons: r.persons, spendingFen: r.fen }))
      .sort((a, b) => a.month.localeCompare(b.month) || a.programme.localeCompare(b.programme)),
  };
}
