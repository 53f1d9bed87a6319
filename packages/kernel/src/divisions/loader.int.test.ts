import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../../../test/db';
import { loadDivisions } from './loader';

const yangquan = fileURLToPath(new URL('../../../../data/divisions/1403.json', import.meta.url));

describe('loadDivisions', () => {
  let db: Database;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.close());

  it('loads every row once and changes nothing on a second run', async () => {
    await db.pool.query('DELETE FROM kernel.divisions');
    expect(await loadDivisions(db.pool, yangquan)).toEqual({ inserted: 827, updated: 0, total: 827 });
    expect(await loadDivisions(db.pool, yangquan)).toEqual({ inserted: 0, updated: 0, total: 827 });
    const { rows } = await db.pool.query(
      `SELECT level, count(*)::int AS n, count(*) FILTER (WHERE urban_rural = 'urban')::int AS urban
       FROM kernel.divisions WHERE code LIKE '14%' GROUP BY level ORDER BY level`,
    );
    expect(rows).toEqual([
      { level: 1, n: 1, urban: 0 },
      { level: 2, n: 1, urban: 0 },
      { level: 3, n: 5, urban: 0 },
      { level: 4, n: 43, urban: 11 },
      { level: 5, n: 777, urban: 157 },
    ]);
  });

  it('repairs a row that was changed by hand', async () => {
    await db.pool.query(`UPDATE kernel.divisions SET name = 'x' WHERE code = '140321100'`);
    expect(await loadDivisions(db.pool, yangquan)).toEqual({ inserted: 0, updated: 1, total: 827 });
    const { rows } = await db.pool.query(`SELECT name FROM kernel.divisions WHERE code = '140321100'`);
    expect(rows).toEqual([{ name: '冠山镇' }]);
  });
});
