import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idNumberCheckDigit } from '#kernel';
import { buildPlatform } from '../../../test/factories';
import type { Platform } from '../../../apps/server/src/platform';
import { scanWatchedFolder } from './watch.service';

let p: Platform;
let root: string;
beforeAll(async () => { p = await buildPlatform(); root = await mkdtemp(join(tmpdir(), 'mz-watch-')); });
afterAll(async () => { await p?.close(); await rm(root, { recursive: true, force: true }); });

const id = (first17: string) => first17 + idNumberCheckDigit(first17);

describe('the watched folder', () => {
  it('loads a good file and moves it to processed, and sets a bad one aside with its row errors', async () => {
    await mkdir(join(root, 'real_estate'), { recursive: true });
    await writeFile(join(root, 'real_estate', '2026-11.csv'), `身份证号,类别,编号,金额（元）\n${id('14032119800517001')},不动产,晋(2024)阳泉市不动产权第0000001号,300000\n`);
    await writeFile(join(root, 'real_estate', '2026-12.csv'), `身份证号,类别\n123,不动产\n`);
    const r = await scanWatchedFolder(p.db, root);
    expect(r).toEqual([{ file: '2026-11.csv', source: 'real_estate', rows: 1 }, { file: '2026-12.csv', source: 'real_estate', errors: 1 }]);
    expect(await readdir(join(root, 'real_estate', 'processed'))).toEqual(['2026-11.csv']);
    expect(await readFile(join(root, 'real_estate', 'failed', '2026-12.csv.errors.txt'), 'utf8')).toContain('第 2 行：身份证号应为18位');
    const { rows } = await p.db.pool.query(`select record_count, last_status, last_error from verification.sources where code = 'real_estate'`);
    expect(rows[0]).toMatchObject({ record_count: 1, last_status: 'error' });
    expect(rows[0].last_error).toContain('2026-12.csv');
  });
});
