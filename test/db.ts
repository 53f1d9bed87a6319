// Test databases for integration tests (`*.int.test.ts`).
//
//   import { createTestDatabase } from '../../../test/db';
//   let db: Database;
//   beforeAll(async () => { db = await createTestDatabase(); });
//   afterAll(() => db?.close());
//
// Every call returns a fresh, migrated, private database; close() deletes it.
//   MZ_TEST_DB=pglite (default): a copy of this run's migrated PGlite template directory.
//   MZ_TEST_DB=postgres: CREATE DATABASE mz_t_… TEMPLATE <this run's migrated template> on the
//     server at MZ_TEST_PG_URL; close() drops it.
// The template is made once per run by test/global-setup.ts; outside of it (a file run under
// another config) each worker process makes its own on first use.
import { rmSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase, type Database } from '../packages/kernel/src/db/database';
import {
  adminQuery, adminUrl, createTemplate, randomTag, testDbKindFromEnv, withDatabase,
  type TemplateRef, type TestDbKind,
} from './template';

export type { Database } from '../packages/kernel/src/db/database';

/** Which database the integration tests run on in this process. */
export const testDbKind: TestDbKind = testDbKindFromEnv();

export interface TestDatabaseOptions {
  /** false: an empty database with no migrations applied (for tests of the migrations themselves). */
  migrated?: boolean;
  /** PostgreSQL pool size (default 5). PGlite always has one connection. */
  poolSize?: number;
}

let fallback: Promise<TemplateRef> | undefined;

async function templateRef(): Promise<TemplateRef> {
  try {
    const { inject } = await import('vitest');
    const ref = inject('mzTestTemplate');
    if (ref && ref.kind === testDbKind) return ref;
  } catch {
    // not inside a vitest worker, or nothing provided
  }
  fallback ??= createTemplate(testDbKind).then((t) => {
    process.once('exit', () => {
      // best effort: synchronous removal of the PGlite folder when the worker ends
      if (t.ref.root) rmSync(t.ref.root, { recursive: true, force: true });
    });
    return t.ref;
  });
  return fallback;
}

export async function createTestDatabase(opts: TestDatabaseOptions = {}): Promise<Database> {
  const migrated = opts.migrated ?? true;
  const ref = await templateRef();

  if (ref.kind === 'pglite') {
    const dir = join(ref.root, `db-${randomTag()}`);
    if (migrated) await cp(ref.template, dir, { recursive: true });
    else await mkdir(dir);
    let db: Database;
    try {
      db = await openDatabase({ dataDir: dir });
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    return closingThen(db, () => rm(dir, { recursive: true, force: true }));
  }

  const name = `${ref.prefix}${randomTag()}`;
  await createDatabaseFrom(name, migrated ? ref.template : null);
  let db: Database;
  try {
    db = await openDatabase({ url: withDatabase(adminUrl(), name), poolSize: opts.poolSize ?? 5 });
  } catch (e) {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    throw e;
  }
  return closingThen(db, () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function createDatabaseFrom(name: string, template: string | null): Promise<void> {
  // Two workers cloning at the same instant can see "source database is being accessed by other users".
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
      return;
    } catch (e) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    mzTestTemplate: TemplateRef;
  }
}

/** close() once closes the database and then removes it, whatever happened while closing. */
function closingThen(db: Database, cleanUp: () => Promise<unknown>): Database {
  const close = db.close.bind(db);
  let closed = false;
  db.close = async () => {
    if (closed) return;
    closed = true;
    try { await close(); } finally { await cleanUp(); }
  };
  return db;
}
