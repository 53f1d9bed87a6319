import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../../../test/db';
import { inTransaction } from '../db/transaction';
import { mulFenByRatio } from '../money/money';
import { loadParameterFiles } from './parameters.loader';
import {
  findParameter, getParameter, loadParameterTable, parameterHistory, setParameter,
} from './parameters.service';

const dataDir = fileURLToPath(new URL('../../../../data/parameters', import.meta.url));

describe('dated parameters', () => {
  let db: Database;
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(() => db?.close());
  beforeEach(async () => { await db.orm.execute(sql`delete from kernel.parameters`); });

  const set = (input: Parameters<typeof setParameter>[1]) => inTransaction(db, (tx) => setParameter(tx, input));

  it('returns the value in force on each side of a date boundary', async () => {
    await set({ key: 'dibao.standard.urban', divisionCode: '1403', effectiveFrom: '2016-01-01', value: 45200 });
    const r = await set({ key: 'dibao.standard.urban', divisionCode: '1403', effectiveFrom: '2020-01-01', value: 58700 });
    expect(r.action).toBe('inserted');
    expect(r.closed).toEqual([{ id: expect.any(Number), effectiveTo: '2019-12-31' }]);

    const at = (date: string) => findParameter<number>(db.orm, 'dibao.standard.urban', { divisionCode: '140321100201', date });
    expect(await at('2015-12-31')).toBeNull();
    expect((await at('2016-01-01'))?.value).toBe(45200);
    expect((await at('2019-12-31'))?.value).toBe(45200);
    expect((await at('2020-01-01'))?.value).toBe(58700);
    expect((await at('2030-06-30'))?.row).toMatchObject({ effectiveFrom: '2020-01-01', effectiveTo: null, divisionCode: '1403' });
  });

  it('lets the most specific division win and explains which row it used', async () => {
    await set({ key: 'tekun.care.share', divisionCode: '', effectiveFrom: '2021-01-01', value: '0.10' });
    await set({ key: 'tekun.care.share', divisionCode: '14', effectiveFrom: '2021-01-01', value: '0.20' });
    await set({ key: 'tekun.care.share', divisionCode: '140321', effectiveFrom: '2021-01-01', value: '0.25', source: '盂县文件' });
    const q = (divisionCode: string) => getParameter<string>(db.orm, 'tekun.care.share', { divisionCode, date: '2022-05-01' });
    expect((await q('140321100201')).value).toBe('0.25');
    expect((await q('140321100201')).row).toMatchObject({ divisionCode: '140321', source: '盂县文件' });
    expect((await q('140302')).value).toBe('0.20');
    expect((await q('1101')).value).toBe('0.10');
    expect((await q('')).value).toBe('0.10');

    const table = await loadParameterTable(db.orm, 'tekun.care.share', '2022-05-01');
    for (const d of ['140321100201', '140302', '1101', '', '14']) {
      expect(table.find('tekun.care.share', d)).toEqual(await findParameter(db.orm, 'tekun.care.share', { divisionCode: d, date: '2022-05-01' }));
    }
  });

  it('refuses overlapping ranges for the same key and division, and changes nothing', async () => {
    await set({ key: 'dibao.taper.maxMonths', effectiveFrom: '2021-01-01', effectiveTo: '2021-12-31', value: 6 });
    await set({ key: 'dibao.taper.maxMonths', effectiveFrom: '2023-01-01', value: 3 });
    await expect(set({ key: 'dibao.taper.maxMonths', effectiveFrom: '2021-06-01', effectiveTo: '2022-06-30', value: 4 }))
      .rejects.toMatchObject({ code: 'PARAMETER_OVERLAP', status: 409 });
    await expect(set({ key: 'dibao.taper.maxMonths', effectiveFrom: '2022-01-01', effectiveTo: '2023-01-01', value: 4 }))
      .rejects.toMatchObject({ code: 'PARAMETER_OVERLAP' });
    // a gap may be filled exactly; open-ended it stops before the next value
    const filled = await set({ key: 'dibao.taper.maxMonths', effectiveFrom: '2022-01-01', value: 5 });
    expect(filled.row.effectiveTo).toBe('2022-12-31');
    // another division is a different series
    await set({ key: 'dibao.taper.maxMonths', divisionCode: '1403', effectiveFrom: '2021-06-01', value: 4 });
    expect((await parameterHistory(db.orm, 'dibao.taper.maxMonths')).map((r) => [r.divisionCode, r.effectiveFrom, r.effectiveTo, r.value]))
      .toEqual([
        ['', '2021-01-01', '2021-12-31', 6],
        ['', '2022-01-01', '2022-12-31', 5],
        ['', '2023-01-01', null, 3],
        ['1403', '2021-06-01', null, 4],
      ]);
  });

  it('keeps ranges apart when two administrators write at the same time', async () => {
    const key = 'dibao.review.intervalMonths.stable';
    const writes = ['2021-01-01', '2022-01-01', '2023-01-01', '2021-07-01'].map((effectiveFrom, i) =>
      set({ key, divisionCode: '1403', effectiveFrom, value: 12 - i }),
    );
    await Promise.all(writes);
    const rows = (await parameterHistory(db.orm, key)).map((r) => [r.effectiveFrom, r.effectiveTo]);
    expect(rows).toEqual([
      ['2021-01-01', '2021-06-30'],
      ['2021-07-01', '2021-12-31'],
      ['2022-01-01', '2022-12-31'],
      ['2023-01-01', null],
    ]);
  });

  it('corrects a value with the same start date instead of adding one', async () => {
    await set({ key: 'dibao.publicNotice.days', effectiveFrom: '2021-07-01', value: 5 });
    expect((await set({ key: 'dibao.publicNotice.days', effectiveFrom: '2021-07-01', value: 7 })).action).toBe('updated');
    expect((await set({ key: 'dibao.publicNotice.days', effectiveFrom: '2021-07-01', value: 7 })).action).toBe('unchanged');
    expect(await parameterHistory(db.orm, 'dibao.publicNotice.days')).toHaveLength(1);
  });

  it('validates keys, divisions and ranges', async () => {
    await expect(set({ key: 'Dibao standard', effectiveFrom: '2021-01-01', value: 1 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED', errors: [{ field: 'key', code: 'PARAMETER_KEY_INVALID' }],
    });
    await expect(set({ key: 'a.b', divisionCode: '14031', effectiveFrom: '2021-01-01', value: 1 })).rejects.toMatchObject({
      errors: [{ code: 'DIVISION_CODE_INVALID' }],
    });
    await expect(set({ key: 'a.b', effectiveFrom: '2021-01-01', effectiveTo: '2020-01-01', value: 1 })).rejects.toMatchObject({
      errors: [{ code: 'PARAMETER_RANGE_INVALID' }],
    });
    await expect(getParameter(db.orm, 'a.b', { divisionCode: '1403', date: '2021-01-01' })).rejects.toMatchObject({
      code: 'PARAMETER_NOT_SET',
    });
  });

  it('loads the shipped YAML idempotently with Yangquan\'s published standards', async () => {
    const first = await inTransaction(db, (tx) => loadParameterFiles(tx, dataDir));
    expect(first.files).toContain('social-assistance.yaml');
    expect(first.inserted).toBeGreaterThan(20);
    expect(first.updated + first.unchanged).toBe(0);
    const again = await inTransaction(db, (tx) => loadParameterFiles(tx, dataDir));
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: first.inserted });

    const v = async (key: string, date: string, divisionCode = '140302001001') =>
      getParameter<number>(db.orm, key, { divisionCode, date });
    expect((await v('dibao.standard.urban', '2016-06-01')).value).toBe(45200);
    expect((await v('dibao.standard.urban', '2020-12-31')).value).toBe(58700);
    expect((await v('dibao.standard.urban', '2020-12-31')).row.isSample).toBe(false);
    expect((await v('dibao.standard.urban', '2021-01-01')).row.isSample).toBe(true);
    expect((await v('dibao.standard.rural', '2019-12-31')).value).toBe(26800);
    expect((await v('dibao.standard.rural', '2020-01-01')).value).toBe(41800);
    expect((await v('tekun.basicStandard.urban', '2020-07-01')).value).toBe(920000);
    expect((await v('tekun.basicStandard.ruralHomeBased', '2020-07-01')).value).toBe(670000);
    expect((await v('tekun.basicStandard.ruralInstitutional', '2020-07-01')).value).toBe(910000);
    expect((await v('dibao.deadline.decision', '2025-01-01')).value).toBe(30);
    expect((await v('dibao.review.intervalMonths.irregularIncome', '2025-01-01')).value).toBe(6);
    // every 2021+ amount of Yangquan is a sample
    const { rows } = await db.pool.query(
      `select count(*)::int as n from kernel.parameters where division_code = '1403' and effective_from >= '2021-01-01' and not is_sample`,
    );
    expect(rows[0].n).toBe(0);
    // the published tekun standards respect the 1.3 × annualised dibao floor
    const multiple = (await getParameter<string>(db.orm, 'tekun.basicStandard.minMultipleOfDibao', { date: '2020-07-01' })).value;
    expect(multiple).toBe('1.3');
    const floor = async (dibaoKey: string, tekunKey: string, date: string) => [
      (await v(tekunKey, date)).value,
      mulFenByRatio((await v(dibaoKey, date)).value * 12, multiple, 'up'),
    ];
    for (const date of ['2020-07-01', '2021-07-01']) {
      const [urban, urbanFloor] = await floor('dibao.standard.urban', 'tekun.basicStandard.urban', date);
      expect(urban).toBeGreaterThanOrEqual(urbanFloor);
      const [rural, ruralFloor] = await floor('dibao.standard.rural', 'tekun.basicStandard.ruralHomeBased', date);
      expect(rural).toBeGreaterThanOrEqual(ruralFloor);
    }
  });

  it('refuses a malformed file and floats in values', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mz-params-'));
    try {
      await writeFile(join(dir, 'a.yaml'), `parameters:\n  - key: x.y\n    title: t\n    values:\n      - { from: '2021-01-01', value: 1.3 }\n`);
      await expect(loadParameterFiles(db.orm, dir)).rejects.toMatchObject({ code: 'PARAMETER_FILE_INVALID' });
      await writeFile(join(dir, 'a.yaml'), `parameters:\n  - key: x.y\n    title: t\n    values:\n      - { from: '2021-01-01' }\n`);
      await expect(loadParameterFiles(db.orm, dir)).rejects.toThrow(/value 或 yuan/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
