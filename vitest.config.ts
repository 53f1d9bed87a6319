// Three projects, run as separate stages by `npm test` (scripts/test.ts):
//   unit         **/*.test.ts, pure code, no database
//   integration  **/*.int.test.ts, on PGlite or PostgreSQL (MZ_TEST_DB), one template per run
//   e2e          e2e/**/*.e2e.ts, a real server and Chromium
// `npx vitest run --project unit` works too.
import { defineConfig } from 'vitest/config';

const ignored = ['**/node_modules/**', '**/.git/**', 'apps/web/dist/**', 'data/**', 'test-output/**', 'bench-output/**'];

export default defineConfig({
  test: {
    pool: 'forks',
    // The reference machine has 2 cores; PGlite takes a core and ~300 MB per open database.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          pool: 'forks',
          include: ['**/*.test.ts'],
          exclude: [...ignored, '**/*.int.test.ts', 'e2e/**'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          pool: 'forks',
          include: ['**/*.int.test.ts'],
          exclude: [...ignored, 'e2e/**'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          pool: 'forks',
          include: ['e2e/**/*.e2e.ts'],
          exclude: ignored,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // one server + one browser at a time is what 2 cores carry
          maxWorkers: 1,
        },
      },
    ],
  },
});
