import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migrate';
import { divisionRows, loadDivisions, type DivisionsFile } from './loader';

const yangquan = fileURLToPath(new URL('../../../../data/divisions/1403.json', import.meta.url));
const migrations = fileURLToPath(new URL('../../../../migrations/meta/_journal.json', import.meta.url));

describe('divisionRows', () => {
  it('flattens Yangquan into province, city, 5 counties, 43 townships and 777 village-level units', async () => {
    const file = (await import(yangquan, { with: { type: 'json' } })).default as DivisionsFile;
    const rows = divisionRows(file);
    const byLevel = (l: number) => rows.filter((r) => r.level === l);
    expect(rows).toHaveLength(1 + 1 + 5 + 43 + 777);
    expect(byLevel(1)).toEqual([expect.objectContaining({ code: '14', parentCode: null })]);
    expect(byLevel(2)).toEqual([expect.objectContaining({ code: '1403', parentCode: '14' })]);
    expect(byLevel(5).filter((r) => r.kind === 'community')).toHaveLength(157);
    expect(byLevel(5).filter((r) => r.kind === 'village')).toHaveLength(620);
  });

  it('marks streets and communities urban, towns and villages rural', async () => {
    const file = (await import(yangquan, { with: { type: 'json' } })).default as DivisionsFile;
    const rows = new Map(divisionRows(file).map((r) => [r.code, r]));
    expect(rows.get('140302001')).toMatchObject({ name: '上站街道', urbanRural: 'urban' });
    expect(rows.get('140302100')).toMatchObject({ name: '义井镇', urbanRural: 'rural' });
    expect(rows.get('140302001001')).toMatchObject({ kind: 'community', urbanRural: 'urban' });
    expect(rows.get('140322205210')).toMatchObject({ name: '岑峰村委会', kind: 'village', urbanRural: 'rural' });
    expect(rows.get('140321')?.urbanRural).toBeNull();
  });

  it('refuses a unit whose parent is missing', () => {
    const file: DivisionsFile = {
      province: { code: '14', name: '山西省' },
      city: { code: '1403', name: '阳泉市' },
      counties: [],
      townships: [{ code: '140321100', name: '冠山镇', county: '140321' }],
      villages: [],
    };
    expect(() => divisionRows(file)).toThrow(/parent 140321/);
  });
});

describe('loadDivisions', () => {
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mz-divisions-'));
    db = await openDatabase({ dataDir: dir });
    if (existsSync(migrations)) {
      await migrate(db);
    } else {
      // Before the kernel's first migration exists: the table's DDL as the migration declares it.
      await db.pool.query(`CREATE SCHEMA IF NOT EXISTS kernel;
        CREATE TABLE IF NOT EXISTS kernel.divisions (code varchar(12) PRIMARY KEY, name text NOT NULL,
          level smallint NOT NULL, parent_code varchar(12), kind text, urban_rural text)`);
    }
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

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
  });
});
