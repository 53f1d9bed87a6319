import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

/** Where attachment bytes live, keyed by their SHA-256. Implementations must make put() idempotent. */
export interface FileStorage {
  has(sha256: string): Promise<boolean>;
  /** Stores the bytes unless that content is already there; true when it was written now. */
  put(sha256: string, bytes: Uint8Array): Promise<boolean>;
  /** null when the content is not stored */
  get(sha256: string): Promise<Buffer | null>;
  createReadStream(sha256: string): Readable;
  delete(sha256: string): Promise<void>;
}

/** Local disk: <root>/ab/cd/<sha256>, written to a temporary name first and renamed into place. */
export class LocalDiskStorage implements FileStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return access(this.pathOf(sha256)).then(() => true, () => false);
  }

  async put(sha256: string, bytes: Uint8Array): Promise<boolean> {
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return false;
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, target); // atomic: readers never see a half-written file
    } finally {
      await rm(tmp, { force: true });
    }
    return true;
  }

  async get(sha256: string): Promise<Buffer | null> {
    return readFile(this.pathOf(sha256)).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
  }

  createReadStream(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}

/** FILES_DIR, else DATA_DIR/files, else ./data/files. */
export function defaultFilesDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.FILES_DIR || join(env.DATA_DIR || 'data', 'files'));
}

let configured: FileStorage | undefined;

/** The process-wide storage: local disk at defaultFilesDir() unless configured otherwise. */
export function fileStorage(): FileStorage {
  configured ??= new LocalDiskStorage(defaultFilesDir());
  return configured;
}

export function setFileStorage(storage: FileStorage): void {
  configured = storage;
}
