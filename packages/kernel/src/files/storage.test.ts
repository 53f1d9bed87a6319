import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFilesDir, LocalDiskStorage } from './storage';

describe('LocalDiskStorage', () => {
  let root: string;
  beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'mz-files-')); });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes content once under ab/cd/<sha256> and reads it back', async () => {
    const s = new LocalDiskStorage(root);
    const sha = 'ab'.repeat(32);
    expect(await s.put(sha, Buffer.from('x'))).toBe(true);
    expect(await s.put(sha, Buffer.from('x'))).toBe(false);
    expect(s.pathOf(sha)).toBe(join(root, 'ab', 'ab', sha));
    expect(await readdir(join(root, 'ab', 'ab'))).toEqual([sha]); // no temporary files left
    expect((await s.get(sha))?.toString()).toBe('x');
    expect(await s.get('cd'.repeat(32))).toBeNull();
    await s.delete(sha);
    expect(await s.has(sha)).toBe(false);
  });

  it('finds its directory from FILES_DIR or DATA_DIR', () => {
    expect(defaultFilesDir({ FILES_DIR: '/srv/mz/files' })).toBe('/srv/mz/files');
    expect(defaultFilesDir({ DATA_DIR: '/srv/mz' })).toBe('/srv/mz/files');
    expect(defaultFilesDir({})).toMatch(/data\/files$/);
  });
});
