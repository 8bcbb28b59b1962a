import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Only with DRAFTROOM_TEST_ALL_ON_POSTGRES=1: one PostgreSQL for the whole run.
    globalSetup: ['tests/helpers/allOnPostgres.ts'],
    // Vitest's default is one file at a time on a 2-core machine (cores − 1). Many files spend
    // most of their time waiting (a 30 s socket timeout, a watchdog, a restarted server), so two
    // at once take the suite from ~710 s to ~460 s on such a machine; every file has its own
    // server, port (0) and DATA_DIR, so none shares state with another.
    maxWorkers: 2,
  },
});
