// The registry facts verification needs in bulk (the persons of many households, with their ID
// numbers as the departments' key), read set-based through the registry's published view
// registry.person_facts (as are the signals in monitoring/signals.sql.ts), never its tables.
import { sql } from 'drizzle-orm';
import type { Executor } from '#kernel';

/** Fills a batch run's subjects with the living persons of the given households, in one statement. */
export async function fillBatchSubjects(exec: Executor, runId: number, households: { householdId: number; standardFen: number }[]): Promise<number> {
  if (households.length === 0) return 0;
  const ids = `{${households.map((h) => h.householdId).join(',')}}`;
  const standards = `{${households.map((h) => h.standardFen).join(',')}}`;
  const r = await exec.execute(sql`
    insert into verification.batch_subjects (run_id, person_id, household_id, id_number, name, division_code, standard_fen)
    select ${runId}, p.person_id, p.household_id, p.id_number, p.name, p.division_code, s.standard_fen
    from unnest(${ids}::bigint[], ${standards}::bigint[]) as s(household_id, standard_fen)
    join registry.person_facts p on p.household_id = s.household_id and p.status = 'living'`);
  return r.rowCount ?? 0;
}

/** The person and household behind an ID number (for a department's push), or null. */
export async function personByIdNumber(exec: Executor, idNumber: string): Promise<{ id: number; name: string; householdId: number | null; divisionCode: string; status: string } | null> {
  const r = await exec.execute<{ id: number; name: string; household_id: number | null; division_code: string; status: string }>(sql`
    select person_id as id, name, household_id, division_code, status from registry.person_facts where id_number = ${idNumber}`);
  const row = r.rows[0];
  return row ? { id: Number(row.id), name: row.name, householdId: row.household_id == null ? null : Number(row.household_id), divisionCode: row.division_code, status: row.status } : null;
}
