// The test databases themselves: what every integration test relies on, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDbKind, type Database } from './db';

describe(`test database (${testDbKind})`, () => {
  let db: Database;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.close());

  it('is the kind that MZ_TEST_DB asks for', () => {
    expect(db.kind).toBe(testDbKind);
  });

  it('has the migrations applied: schemas kernel and registry exist', async () => {
    const { rows } = await db.pool.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname IN ('kernel', 'registry') ORDER BY nspname`,
    );
    expect(rows.map((r) => r.nspname)).toEqual(['kernel', 'registry']);
    const { rows: applied } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    );
    expect(applied[0].n).toBeGreaterThan(0);
  });

  it('rolls a transaction back on error', async () => {
    await db.pool.query(`CREATE TABLE public.t_rollback (id int PRIMARY KEY)`);
    await expect(
      db.orm.transaction(async (tx) => {
        await tx.execute(`INSERT INTO public.t_rollback VALUES (1)`);
        await tx.execute(`INSERT INTO public.t_rollback VALUES (1)`); // duplicate key
      }),
    ).rejects.toSatisfy((e: Error & { cause?: { code?: string } }) => e.cause?.code === '23505');
    const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM public.t_rollback`);
    expect(rows[0].n).toBe(0);
    // and the connection is usable afterwards (not stuck in an aborted transaction)
    await db.pool.query(`INSERT INTO public.t_rollback VALUES (2)`);
    expect((await db.pool.query(`SELECT id FROM public.t_rollback`)).rows).toEqual([{ id: 2 }]);
  });

  it('returns int8 as a JS number', async () => {
    const { rows } = await db.pool.query(
      `SELECT count(*) AS n, 9007199254740991::bigint AS max_safe, 12345::int8 AS fen`,
    );
    expect(rows[0]).toEqual({ n: 1, max_safe: Number.MAX_SAFE_INTEGER, fen: 12345 });
    expect(typeof rows[0].n).toBe('number');
  });

  it('refuses an int8 beyond the safe integer range instead of rounding it', async () => {
    // Its own database: a parser error leaves the failing connection unusable for the next query.
    const own = await createTestDatabase();
    try {
      await expect(own.pool.query(`SELECT 9007199254740993::bigint AS big`)).rejects.toThrow(/safe integer/);
    } finally {
      await own.close();
    }
  });

  it("returns date as a 'YYYY-MM-DD' string", async () => {
    const { rows } = await db.pool.query(`SELECT DATE '2024-02-29' AS d, DATE '1949-10-01' AS founding`);
    expect(rows[0]).toEqual({ d: '2024-02-29', founding: '1949-10-01' });
  });

  it('sorts text by code point and keeps time in UTC on both databases', async () => {
    const { rows } = await db.pool.query<{ x: string }>(
      `SELECT x FROM (VALUES ('b'), ('B'), ('a'), ('阳泉'), ('平定')) v(x) ORDER BY x`,
    );
    expect(rows.map((r) => r.x)).toEqual(['B', 'a', 'b', '平定', '阳泉']);
    const { rows: tz } = await db.pool.query(`SELECT current_setting('TimeZone') AS tz`);
    expect(tz[0].tz).toBe('UTC');
  });

  it('gives every test its own database', async () => {
    const other = await createTestDatabase();
    try {
      await db.pool.query(`CREATE TABLE public.t_mine (x int)`);
      const { rows } = await other.pool.query(`SELECT to_regclass('public.t_mine') AS t`);
      expect(rows[0].t).toBeNull();
    } finally {
      await other.close();
    }
  });
});
