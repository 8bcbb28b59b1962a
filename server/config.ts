/** Configuration from the environment (version-1 names: PORT, HOST, DATA_DIR, ADMIN_TOKEN; and DATABASE_URL). */
import { resolve } from 'node:path';
import type { WriteLimits } from './http/writeLimits.js';
import { StartupRefusal } from './store/dataDir.js';
import { FALLBACK_TIME_ZONE, canonicalTimeZone } from '../shared/timeZone.js';

export interface Config {
  port: number;
  host: string;
  /** Absolute; relative values are taken from the working directory (under npm scripts, the project's root). */
  dataDir: string;
  adminToken: string | undefined;
  /** postgres://… : the store is that PostgreSQL database instead of SQLite in DATA_DIR. */
  databaseUrl: string | undefined;
  /** redis://… : one of several servers on DATABASE_URL, rooms owned through leases in this Redis (K5). */
  redisUrl: string | undefined;
  /** Where the other servers reach this one (INSTANCE_URL); by default http://HOST:PORT as it listens. */
  instanceUrl: string | undefined;
  /** Base of the links the server prints and returns; defaults to http://HOST:PORT. */
  publicUrl: string | undefined;
  /** Extra origins allowed to open websockets (comma-separated), besides the server's own. */
  allowedOrigins: string[];
  logLevel: string;
  /** The time zone of rooms made without one (ROOM_TIME_ZONE, canonical IANA name; Europe/Vienna by default). */
  roomTimeZone: string;
  /** Overrides of the HTTP write allowances (tests, embedders); not read from the environment. */
  writeLimits?: Partial<WriteLimits>;
}

/** Reads the environment; throws StartupRefusal (one line, F5) for a value that cannot work. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new StartupRefusal(`PORT ${JSON.stringify(env.PORT)} is not a port number (0–65535); set PORT to one`);
  }
  const roomTimeZone = canonicalTimeZone(env.ROOM_TIME_ZONE || FALLBACK_TIME_ZONE);
  if (roomTimeZone === null) {
    throw new StartupRefusal(
      `ROOM_TIME_ZONE ${JSON.stringify(env.ROOM_TIME_ZONE)} is not an IANA time zone; set it to one such as Europe/Vienna, or leave it unset`,
    );
  }
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl !== undefined) {
    if (!/^rediss?:\/\//.test(redisUrl))
      throw new StartupRefusal('REDIS_URL must be a Redis URL (redis://host:port), or unset for a single server');
    if (!env.DATABASE_URL)
      throw new StartupRefusal('REDIS_URL needs DATABASE_URL: several servers share one PostgreSQL database; set DATABASE_URL too');
    if (!env.ADMIN_TOKEN)
      throw new StartupRefusal(
        'REDIS_URL needs ADMIN_TOKEN: every server of a cluster takes the same admin token; set ADMIN_TOKEN on each',
      );
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    adminToken: env.ADMIN_TOKEN || undefined,
    databaseUrl: databaseUrl(env.DATABASE_URL),
    redisUrl,
    instanceUrl: env.INSTANCE_URL?.replace(/\/$/, '') || undefined,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, '') || undefined,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    logLevel: env.LOG_LEVEL ?? 'info',
    roomTimeZone,
  };
}

/** DATABASE_URL, when set: a PostgreSQL connection URL, or a one-line refusal. */
function databaseUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^postgres(ql)?:\/\//.test(value)) {
    throw new StartupRefusal(
      'DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:port/database), or unset for SQLite in DATA_DIR',
    );
  }
  return value;
}
