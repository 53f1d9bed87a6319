// Photos of documents, compressed on the phone and stored content-hashed by the kernel's files
// service. A household may refer only to files it uploaded itself.
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { DomainError, getFileInfo, readFile, recordAudit, storeFile, type Executor } from '#kernel';
import { uploads } from '../schema';
import type { OwnHousehold } from '../household/household.service';

/** A phone photo compressed to JPEG is 100–500 KB; 5 MB leaves room for an uncompressed one. */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;
export const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export async function storeUpload(tx: Executor, own: OwnHousehold, file: { stream: Readable | AsyncIterable<Uint8Array>; filename: string; mimeType: string }) {
  const stored = await storeFile(tx, { stream: file.stream, filename: file.filename || 'photo.jpg', mimeType: file.mimeType }, {
    maxBytes: UPLOAD_MAX_BYTES, allowedTypes: UPLOAD_TYPES,
  });
  await tx.insert(uploads).values({
    sha256: stored.sha256, personId: own.citizen.personId, householdId: own.householdId, size: stored.size, mimeType: stored.mimeType,
  }).onConflictDoNothing();
  await recordAudit(tx, own.reader, { action: 'citizen.file_uploaded', entityType: 'file', entityId: stored.sha256, divisionCode: own.divisionCode, after: { size: stored.size, mimeType: stored.mimeType } });
  return { sha256: stored.sha256, size: stored.size, mimeType: stored.mimeType };
}

export async function ownsUpload(exec: Executor, householdId: number, sha256: string): Promise<boolean> {
  const [row] = await exec.select({ id: uploads.id }).from(uploads).where(and(eq(uploads.householdId, householdId), eq(uploads.sha256, sha256)));
  return !!row;
}

/** The bytes of one of the household's own uploads; anything else is 'not found'. */
export async function readUpload(exec: Executor, householdId: number, sha256: string) {
  const info = /^[0-9a-f]{64}$/.test(sha256) && (await ownsUpload(exec, householdId, sha256)) ? await getFileInfo(exec, sha256) : null;
  if (!info) throw new DomainError('FILE_NOT_FOUND', '文件不存在', { status: 404 });
  return { bytes: await readFile(sha256), mimeType: info.mimeType };
}
