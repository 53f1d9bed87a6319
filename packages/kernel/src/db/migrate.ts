import { fileURLToPath } from 'node:url';
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './database';

const migrationsFolder = fileURLToPath(new URL('../../../../migrations', import.meta.url));

/** Applies every pending migration in `migrations/`; the same files run on PGlite and PostgreSQL. */
export async function migrate(db: Database): Promise<void> {
  await drizzleMigrate(db.orm, { migrationsFolder });
}
