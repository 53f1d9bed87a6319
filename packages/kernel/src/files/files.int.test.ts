import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../../../test/db';
import { getFileInfo, openFileStream, readFile, storeFile } from './files.service';
import { LocalDiskStorage, type FileStorage } from './storage';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdf = Buffer.from('%PDF-1.7\n% 低保申请书 扫描件\n1 0 obj << >> endobj\n%%EOF\n');
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

describe('content-addressed files', () => {
  let db: Database;
  let root: string;
  let storage: LocalDiskStorage;
  beforeAll(async () => {
    db = await createTestDatabase();
    root = await mkdtemp(join(tmpdir(), 'mz-files-'));
    storage = new LocalDiskStorage(root);
  });
  afterAll(async () => {
    await db?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('stores bytes under their SHA-256 and records the metadata', async () => {
    const stored = await storeFile(db.orm, { bytes: pdf, filename: '申请书.pdf', mimeType: 'application/pdf', uploadedBy: 3 }, { storage });
    expect(stored).toEqual({ sha256: sha(pdf), size: pdf.length, mimeType: 'application/pdf', originalName: '申请书.pdf', deduplicated: false });
    expect(existsSync(join(root, stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256))).toBe(true);
    expect(await getFileInfo(db.orm, stored.sha256)).toMatchObject({ size: pdf.length, mimeType: 'application/pdf', originalName: '申请书.pdf', createdBy: 3 });
    expect(await readFile(stored.sha256, { storage })).toEqual(pdf);
    const chunks: Buffer[] = [];
    for await (const c of await openFileStream(stored.sha256, { storage })) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(pdf);
  });

  it('keeps identical content once', async () => {
    const a = await storeFile(db.orm, { bytes: png, filename: '户口本.png', mimeType: 'image/png' }, { storage });
    const b = await storeFile(db.orm, { stream: Readable.from([png.subarray(0, 10), png.subarray(10)]), filename: 'C:\\scans\\copy.PNG', mimeType: 'IMAGE/PNG' }, { storage });
    expect(b).toEqual({ ...a, deduplicated: true });
    const { rows } = await db.pool.query('select count(*)::int as n from kernel.files where sha256 = $1', [a.sha256]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses files that are too large, of a type not allowed, empty, or not what they claim to be', async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(2048)]);
    await expect(storeFile(db.orm, { bytes: big, filename: 'a.pdf', mimeType: 'application/pdf' }, { storage, maxBytes: 1024 }))
      .rejects.toMatchObject({ code: 'FILE_TOO_LARGE', status: 413 });
    let pulled = 0;
    async function* endless() { for (;;) { pulled++; yield Buffer.alloc(512); } }
    await expect(storeFile(db.orm, { stream: endless(), filename: 'a.txt', mimeType: 'text/plain' }, { storage, maxBytes: 4096 }))
      .rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(pulled).toBeLessThanOrEqual(9);
    await expect(storeFile(db.orm, { bytes: pdf, filename: 'a.exe', mimeType: 'application/x-msdownload' }, { storage }))
      .rejects.toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED', status: 415 });
    await expect(storeFile(db.orm, { bytes: png, filename: 'a.pdf', mimeType: 'application/pdf' }, { storage }))
      .rejects.toMatchObject({ code: 'FILE_TYPE_MISMATCH' });
    await expect(storeFile(db.orm, { bytes: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 3]), filename: 'a.txt', mimeType: 'text/plain' }, { storage }))
      .rejects.toMatchObject({ code: 'FILE_TYPE_MISMATCH' });
    await expect(storeFile(db.orm, { bytes: Buffer.alloc(0), filename: 'a.txt', mimeType: 'text/plain' }, { storage }))
      .rejects.toMatchObject({ code: 'FILE_EMPTY' });
    await expect(storeFile(db.orm, { bytes: pdf, filename: '  ', mimeType: 'application/pdf' }, { storage }))
      .rejects.toMatchObject({ code: 'FILE_NAME_INVALID' });
    await expect(storeFile(db.orm, { bytes: png, filename: 'a.png', mimeType: 'image/png' }, { storage, allowedTypes: ['image/*'] }))
      .resolves.toMatchObject({ mimeType: 'image/png' });
  });

  it('answers FILE_NOT_FOUND for unknown or malformed ids, and detects corruption', async () => {
    await expect(readFile('0'.repeat(64), { storage })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', status: 404 });
    await expect(readFile('../../etc/passwd', { storage })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(openFileStream('0'.repeat(64), { storage })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(await getFileInfo(db.orm, 'nope')).toBeNull();
    const memory = new Map<string, Buffer>();
    const broken: FileStorage = {
      has: async (k) => memory.has(k),
      put: async (k) => { memory.set(k, Buffer.from('tampered')); return true; },
      get: async (k) => memory.get(k) ?? null,
      createReadStream: (k) => Readable.from([memory.get(k)!]),
      delete: async (k) => { memory.delete(k); },
    };
    const s = await storeFile(db.orm, { bytes: Buffer.from('核对报告'), filename: 'r.txt', mimeType: 'text/plain' }, { storage: broken });
    await expect(readFile(s.sha256, { storage: broken })).rejects.toMatchObject({ code: 'FILE_CORRUPTED' });
  });
});
