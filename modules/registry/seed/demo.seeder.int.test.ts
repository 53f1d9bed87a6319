import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDbKind, type Database } from '../../../test/db';
import { DEFAULT_DIVISIONS_FILE, seedDemo } from './demo.seeder';
import { generateDemo, type DemoDivisions } from './demo.generator';

describe(`seedDemo (${testDbKind})`, () => {
  let db: Database;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.close());

  it('writes exactly the generated rows, reporting progress up to the total', async () => {
    const progress: number[] = [];
    const r = await seedDemo(db.pool, {
      persons: 3_000, seed: 5, batchHouseholds: 400, onProgress: (done) => progress.push(done),
    });
    expect(r.persons).toBe(3_000);
    expect(progress.at(-1)).toBe(3_000);
    expect(progress.length).toBeGreaterThan(1);

    const { rows: [counts] } = await db.pool.query(
      `SELECT (SELECT count(*)::int FROM registry.persons) AS persons,
              (SELECT count(*)::int FROM registry.households) AS households,
              (SELECT count(*)::int FROM registry.household_memberships) AS memberships`,
    );
    expect(counts).toEqual({ persons: 3_000, households: r.households, memberships: 3_000 });

    const divisions = JSON.parse(readFileSync(DEFAULT_DIVISIONS_FILE, 'utf8')) as DemoDivisions;
    const expected = generateDemo({ divisions, persons: 3_000, seed: 5 }).next().value!.persons[0];
    const { rows: [first] } = await db.pool.query(
      `SELECT id, id_number, name, gender, birth_date, health_conditions, household_id, relation, status
       FROM registry.persons ORDER BY id LIMIT 1`,
    );
    expect(first).toEqual({
      id: expected.id, id_number: expected.idNumber, name: expected.name, gender: expected.gender,
      birth_date: expected.birthDate, health_conditions: [...expected.healthConditions],
      household_id: expected.householdId, relation: expected.relation, status: expected.status,
    });
  });

  it('keeps health conditions as a real text[] and heads consistent with memberships', async () => {
    const { rows: [x] } = await db.pool.query(
      `SELECT count(*) FILTER (WHERE 'hypertension' = ANY (health_conditions))::int AS hypertension,
              count(*) FILTER (WHERE cardinality(health_conditions) > 1)::int AS several,
              (SELECT count(*)::int FROM registry.households h
                 JOIN registry.persons p ON p.id = h.head_person_id
                WHERE p.relation <> '02' OR p.household_id <> h.id) AS bad_heads
       FROM registry.persons`,
    );
    expect(x.hypertension).toBeGreaterThan(50);
    expect(x.several).toBeGreaterThan(0);
    expect(x.bad_heads).toBe(0);
  });

  it('moves the id sequences past the seeded rows', async () => {
    const { rows } = await db.pool.query<{ id: number }>(
      `INSERT INTO registry.households (division_code, urban_rural) VALUES ('140321100201', 'rural') RETURNING id`,
    );
    const { rows: [max] } = await db.pool.query<{ n: number }>(`SELECT max(id)::int AS n FROM registry.persons`);
    expect(rows[0].id).toBeGreaterThan(1_000);
    expect(max.n).toBe(3_000);
    await db.pool.query(`DELETE FROM registry.households WHERE id = $1`, [rows[0].id]);
  });

  it('refuses to seed a registry that already holds persons, and changes nothing', async () => {
    await expect(seedDemo(db.pool, { persons: 100 })).rejects.toThrow(/已有/);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM registry.persons`);
    expect(rows[0].n).toBe(3_000);
  });

  it('starts afresh with reset', async () => {
    const r = await seedDemo(db.pool, { persons: 1_000, reset: true });
    expect(r).toMatchObject({ persons: 1_000 });
    const { rows } = await db.pool.query(`SELECT min(id)::int AS lo, count(*)::int AS n FROM registry.persons`);
    expect(rows[0]).toEqual({ lo: 1, n: 1_000 });
  });
});
