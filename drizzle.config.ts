import { defineConfig } from 'drizzle-kit';

// One migration history for the whole platform; each module keeps its tables in its own
// PostgreSQL schema and its own schema.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./packages/kernel/src/db/pg-schemas.ts', './packages/kernel/src/**/schema.ts', './modules/*/schema.ts'],
  out: './migrations',
});
