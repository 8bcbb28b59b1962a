/**
 * What the tests of several servers (PROTOCOL.md K5) share: a throwaway PostgreSQL and Redis for
 * a test file, and which of its servers owns a room by their /healthz.
 */
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from './postgres.js';
import { startRedis, type TestRedis } from './redis.js';

export interface ClusterParts {
  postgres: TestPostgres;
  redis: TestRedis;
}

/** Starts PostgreSQL and Redis before the file's tests and stops them after; read the parts inside a test or hook. */
export function clusterPartsForFile(): { readonly current: ClusterParts } {
  let parts: ClusterParts | undefined;
  beforeAll(async () => {
    const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    parts = { postgres, redis };
  });
  afterAll(async () => {
    await Promise.all([parts?.postgres.stop(), parts?.redis.stop()]);
  });
  return {
    get current() {
      if (parts === undefined) throw new Error('PostgreSQL and Redis start in beforeAll');
      return parts;
    },
  };
}

/** The server among `servers` whose /healthz says it owns the room; a server that does not answer within 500 ms (paused, dead) owns nothing. */
export async function ownerAmong<S extends { url: string }>(servers: S[], docId: string): Promise<S | undefined> {
  for (const server of servers) {
    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(500) })
      .then((response) => response.json() as Promise<{ owns?: string[] }>)
      .catch(() => null);
    if (health?.owns?.includes(docId)) return server;
  }
  return undefined;
}
