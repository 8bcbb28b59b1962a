/**
 * Vitest's global set-up for DRAFTROOM_TEST_ALL_ON_POSTGRES=1 (see testServer.ts): one
 * throwaway PostgreSQL for the whole run, started before the test files and stopped after
 * them, its address handed to every worker in DRAFTROOM_TEST_POSTGRES_URL. Without the
 * variable it does nothing.
 */
import { startPostgres } from './postgres.js';

export default async function allOnPostgres(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.DRAFTROOM_TEST_ALL_ON_POSTGRES !== '1') return undefined;
  const cluster = await startPostgres();
  process.env.DRAFTROOM_TEST_POSTGRES_URL = cluster.url;
  return () => cluster.stop();
}
