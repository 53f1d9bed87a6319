import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/transaction';
import { DomainError } from '../errors';
import { files } from './schema';
import { fileStorage, type FileStorage } from './storage';

export type FileRow = typeof files.$inferSelect;

/** What citizens and caseworkers upload: scans, photos, office documents, OFD e-documents. */
export const DEFAULT_ALLOWED_TYPES: readonly string[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'application/ofd',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
  'application/vnd.ms-excel',
  'text/plain',
  'text/csv',
];

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export interface StoreFileInput {
  bytes?: Uint8Array;
  stream?: Readable | AsyncIterable<Uint8Array>;
  filename: string;
  mimeType: string;
  uploadedBy?: number | null;
}

export interface FileOptions {
  storage?: FileStorage;
  /** default 20 MiB; a stream is read into memory up to this size */
  maxBytes?: number;
  /** exact types or 'image/*'; default DEFAULT_ALLOWED_TYPES */
  allowedTypes?: readonly string[];
}

export interface StoredFile {
  sha256: string;
  size: number;
  mimeType: string;
  originalName: string;
  /** true when the same content was already stored (its first name and type are kept) */
  deduplicated: boolean;
}

// Magic numbers of the declared types we can check, so a renamed executable is not taken for a photo.
const SIGNATURES: Record<string, (b: Uint8Array) => boolean> = {
  'application/pdf': (b) => starts(b, [0x25, 0x50, 0x44, 0x46, 0x2d]),
  'image/jpeg': (b) => starts(b, [0xff, 0xd8, 0xff]),
  'image/png': (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/webp': (b) => starts(b, [0x52, 0x49, 0x46, 0x46]) && starts(b.subarray(8), [0x57, 0x45, 0x42, 0x50]),
  'image/heic': (b) => starts(b.subarray(4), [0x66, 0x74, 0x79, 0x70]),
  'application/ofd': zip,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': zip,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': zip,
  'application/msword': ole,
  'application/vnd.ms-excel': ole,
};

function starts(b: Uint8Array, sig: number[]): boolean {
  return b.length >= sig.length && sig.every((x, i) => b[i] === x);
}
function zip(b: Uint8Array) { return starts(b, [0x50, 0x4b, 0x03, 0x04]); }
function ole(b: Uint8Array) { return starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]); }
const executable = (b: Uint8Array) => starts(b, [0x4d, 0x5a, 0x90, 0x00]) || starts(b, [0x7f, 0x45, 0x4c, 0x46]);

const SHA256 = /^[0-9a-f]{64}$/;

function fileError(code: string, message: string, status = 422) {
  return new DomainError(code, message, { status });
}

function cleanName(name: string): string {
  // keep only the last path segment and drop control characters; names are shown, never used as paths
  const base = String(name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  if (!clean) throw fileError('FILE_NAME_INVALID', '文件名不能为空');
  return clean;
}

function allowed(type: string, list: readonly string[]): boolean {
  return list.some((a) => a === type || (a.endsWith('/*') && type.startsWith(a.slice(0, -1))));
}

async function readAll(source: Readable | AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += buf.length;
    if (size > maxBytes) {
      if ('destroy' in source && typeof source.destroy === 'function') source.destroy();
      throw tooLarge(maxBytes);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}

const tooLarge = (maxBytes: number) =>
  fileError('FILE_TOO_LARGE', `文件超过大小上限 ${(maxBytes / 1048576).toFixed(maxBytes % 1048576 ? 2 : 0)} MB`, 413);

/**
 * Stores an attachment by content: the SHA-256 of its bytes is its id, identical content is kept once.
 * The bytes are written before the metadata row; if the caller's transaction rolls back, an unreferenced
 * blob may remain, which is harmless (same content, same name) and can be swept later.
 */
export async function storeFile(exec: Executor, input: StoreFileInput, opts: FileOptions = {}): Promise<StoredFile> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const storage = opts.storage ?? fileStorage();
  const originalName = cleanName(input.filename);
  const mimeType = String(input.mimeType ?? '').split(';')[0].trim().toLowerCase();
  if (!allowed(mimeType, opts.allowedTypes ?? DEFAULT_ALLOWED_TYPES)) {
    throw fileError('FILE_TYPE_NOT_ALLOWED', `不支持上传该类型的文件（${mimeType || '未知类型'}）`, 415);
  }
  let bytes: Uint8Array;
  if (input.bytes) {
    if (input.bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
    bytes = input.bytes;
  } else if (input.stream) {
    bytes = await readAll(input.stream, maxBytes);
  } else {
    throw fileError('FILE_EMPTY', '没有收到文件内容');
  }
  if (bytes.byteLength === 0) throw fileError('FILE_EMPTY', '文件内容为空');
  const check = SIGNATURES[mimeType];
  if ((check && !check(bytes)) || executable(bytes)) {
    throw fileError('FILE_TYPE_MISMATCH', `文件“${originalName}”的内容与其类型（${mimeType}）不符`);
  }

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await storage.put(sha256, bytes);
  const inserted = await exec
    .insert(files)
    .values({ sha256, size: bytes.byteLength, mimeType, originalName, createdBy: input.uploadedBy ?? null })
    .onConflictDoNothing()
    .returning({ sha256: files.sha256 });
  if (inserted.length) return { sha256, size: bytes.byteLength, mimeType, originalName, deduplicated: false };
  const existing = (await getFileInfo(exec, sha256))!;
  return { sha256, size: existing.size, mimeType: existing.mimeType, originalName: existing.originalName, deduplicated: true };
}

function notFound(sha256: string) {
  return new DomainError('FILE_NOT_FOUND', '文件不存在', { status: 404, detail: sha256 });
}

export async function getFileInfo(exec: Executor, sha256: string): Promise<FileRow | null> {
  if (!SHA256.test(sha256)) return null;
  const [row] = await exec.select().from(files).where(eq(files.sha256, sha256));
  return row ?? null;
}

/** The stored bytes, verified against their hash. */
export async function readFile(sha256: string, opts: { storage?: FileStorage } = {}): Promise<Buffer> {
  if (!SHA256.test(sha256)) throw notFound(sha256);
  const bytes = await (opts.storage ?? fileStorage()).get(sha256);
  if (!bytes) throw notFound(sha256);
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
    throw new DomainError('FILE_CORRUPTED', '文件已损坏，请联系管理员', { status: 500, detail: sha256 });
  }
  return bytes;
}

/** A stream of the stored bytes, for large downloads (not re-verified). */
export async function openFileStream(sha256: string, opts: { storage?: FileStorage } = {}): Promise<Readable> {
  const storage = opts.storage ?? fileStorage();
  if (!SHA256.test(sha256) || !(await storage.has(sha256))) throw notFound(sha256);
  return storage.createReadStream(sha256);
}
