// Bulk-loads the demo population into the registry tables. Each batch of households is one
// statement (data-modifying CTEs over unnest'ed column arrays): one round trip, one transaction,
// the same SQL on PostgreSQL and PGlite. Generation of the next batch overlaps the database's work
// on the current one.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { DEFAULT_SEED, generateDemo, type DemoBatch, type DemoDivisions } from './demo.generator';

export const DEFAULT_DIVISIONS_FILE = fileURLToPath(new URL('../../../data/divisions/1403.json', import.meta.url));

export interface SeedOptions {
  persons: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  /** Empty the registry's tables first. Without it, seeding a non-empty registry is refused. */
  reset?: boolean;
  /** data/divisions/<city>.json; Yangquan's by default. */
  divisionsFile?: string;
  /** Households per statement (default 5,000). */
  batchHouseholds?: number;
  /** Statements in flight on separate connections, at most the pool's size (default 2). */
  connections?: number;
}

export interface SeedResult {
  persons: number;
  households: number;
  ms: number;
}

const INSERT_BATCH = `
WITH h AS (
  INSERT INTO registry.households
    (id, head_person_id, division_code, urban_rural, address, bank_name, bank_account, bank_account_name, status)
  SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::varchar[], $4::text[], $5::text[], $6::text[],
                       $7::text[], $8::text[], $9::text[])
), p AS (
  INSERT INTO registry.persons
    (id, id_number, name, gender, birth_date, ethnicity, phone, division_code, urban_rural,
     residence_division_code, address, disability_category, disability_grade, disability_cert_no,
     health_conditions, labour_capacity, status, death_date, household_id, relation)
  SELECT id, id_number, name, gender, birth_date, ethnicity, phone, division_code, urban_rural,
         residence_division_code, address, disability_category, disability_grade, disability_cert_no,
         health_conditions::text[], labour_capacity, status, death_date, household_id, relation
  FROM unnest($10::bigint[], $11::varchar[], $12::text[], $13::varchar[], $14::date[], $15::varchar[],
              $16::varchar[], $17::varchar[], $18::text[], $19::varchar[], $20::text[], $21::text[],
              $22::smallint[], $23::text[], $24::text[], $25::text[], $26::text[], $27::date[],
              $28::bigint[], $29::varchar[])
    AS t(id, id_number, name, gender, birth_date, ethnicity, phone, division_code, urban_rural,
         residence_division_code, address, disability_category, disability_grade, disability_cert_no,
         health_conditions, labour_capacity, status, death_date, household_id, relation)
)
INSERT INTO registry.household_memberships (household_id, person_id, relation, joined_on, left_on, reason)
SELECT * FROM unnest($30::bigint[], $31::bigint[], $32::varchar[], $33::date[], $34::date[], $35::text[])`;

/** Column arrays of one batch, in the order of INSERT_BATCH's parameters. */
export function batchParams(b: DemoBatch): unknown[] {
  const { households: h, persons: p, memberships: m } = b;
  const col = <T, K extends keyof T>(rows: T[], k: K) => rows.map((r) => r[k]);
  return [
    col(h, 'id'), col(h, 'headPersonId'), col(h, 'divisionCode'), col(h, 'urbanRural'), col(h, 'address'),
    col(h, 'bankName'), col(h, 'bankAccount'), col(h, 'bankAccountName'), col(h, 'status'),
    col(p, 'id'), col(p, 'idNumber'), col(p, 'name'), col(p, 'gender'), col(p, 'birthDate'),
    col(p, 'ethnicity'), col(p, 'phone'), col(p, 'divisionCode'), col(p, 'urbanRural'),
    col(p, 'residenceDivisionCode'), col(p, 'address'), col(p, 'disabilityCategory'),
    col(p, 'disabilityGrade'), col(p, 'disabilityCertNo'),
    // A text[] per person cannot travel inside unnest (it would flatten); send array literals.
    p.map((r) => (r.healthConditions.length ? `{${r.healthConditions.join(',')}}` : '{}')),
    col(p, 'labourCapacity'), col(p, 'status'), col(p, 'deathDate'), col(p, 'householdId'), col(p, 'relation'),
    col(m, 'householdId'), col(m, 'personId'), col(m, 'relation'), col(m, 'joinedOn'), col(m, 'leftOn'),
    col(m, 'reason'),
  ];
}

export async function seedDemo(pool: pg.Pool, opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  if (!Number.isSafeInteger(opts.persons) || opts.persons < 1) {
    throw new Error(`人数应为正整数，收到 ${opts.persons}`);
  }
  const divisions = JSON.parse(
    await readFile(opts.divisionsFile ?? DEFAULT_DIVISIONS_FILE, 'utf8'),
  ) as DemoDivisions;

  // Dedicated connections throughout: a query on an idle client is written to the socket at once,
  // so the database works on batch n while this process generates batch n + 1. On PostgreSQL two
  // writers keep the server busy while this process generates; PGlite has one connection.
  const poolMax = (pool as unknown as { options?: { max?: number } }).options?.max ?? 1;
  const writers = Math.max(1, Math.min(opts.connections ?? 2, poolMax));
  const clients: pg.PoolClient[] = [await pool.connect()];
  const client = clients[0];
  const pending: (Promise<void> | null)[] = [];
  let persons = 0;
  let households = 0;
  try {
    if (opts.reset) {
      await client.query(
        'TRUNCATE registry.household_memberships, registry.persons, registry.households RESTART IDENTITY',
      );
    } else {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM (SELECT 1 FROM registry.persons LIMIT 1) x',
      );
      if (rows[0].n > 0) {
        throw new Error('登记库中已有人员数据：演示人口只能生成到空库中（或用 reset 先清空）');
      }
    }
    const { rows: [ids] } = await client.query<{ h: number; p: number }>(
      `SELECT (SELECT coalesce(max(id), 0) + 1 FROM registry.households)::int AS h,
              (SELECT coalesce(max(id), 0) + 1 FROM registry.persons)::int AS p`,
    );
    while (clients.length < writers) clients.push(await pool.connect());
    // unnest of twenty column arrays materialises its rows; keep that in memory, not in temp files.
    for (const c of clients) await c.query(`SET work_mem = '64MB'`);

    const perStatement = opts.batchHouseholds ?? 5_000;
    let acc: DemoBatch = { households: [], persons: [], memberships: [] };
    let sent = 0;
    const send = async () => {
      const batch = acc;
      acc = { households: [], persons: [], memberships: [] };
      const params = batchParams(batch);
      const slot = sent++ % clients.length;
      if (pending[slot]) await pending[slot];
      const done = clients[slot].query(INSERT_BATCH, params).then(() => {
        persons += batch.persons.length;
        households += batch.households.length;
        opts.onProgress?.(persons, opts.persons);
      });
      done.catch(() => {}); // awaited later; a failure must not surface as an unhandled rejection first
      pending[slot] = done;
    };
    // Generated in slices with a turn of the event loop between them: a statement's parameters are
    // megabytes, and the socket only drains them to the server while this loop lets go.
    for (const slice of generateDemo({
      divisions,
      persons: opts.persons,
      seed: opts.seed ?? DEFAULT_SEED,
      firstHouseholdId: ids.h,
      firstPersonId: ids.p,
      batchHouseholds: 250,
    })) {
      acc.households.push(...slice.households);
      acc.persons.push(...slice.persons);
      acc.memberships.push(...slice.memberships);
      if (acc.households.length >= perStatement) await send();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (acc.households.length > 0) await send();
    for (const p of pending) await p;

    for (const table of ['households', 'persons', 'household_memberships']) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('registry.${table}', 'id'),
                       greatest((SELECT max(id) FROM registry.${table}), 1))`,
      );
    }
    await client.query('ANALYZE registry.households, registry.persons, registry.household_memberships');
  } finally {
    await Promise.allSettled(pending);
    for (const c of clients) {
      await c.query('RESET work_mem').catch(() => {});
      c.release();
    }
  }
  return { persons, households, ms: Math.round(performance.now() - started) };
}
