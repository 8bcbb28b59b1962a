/** Configuration from the environment (version-1 names: PORT, HOST, DATA_DIR, ADMIN_TOKEN). */
import { resolve } from 'node:path';
import type { WriteLimits } from './http/writeLimits.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  adminToken: string | undefined;
  /** Base of the links the server prints and returns; defaults to http://HOST:PORT. */
  publicUrl: string | undefined;
  /** Extra origins allowed to open websockets (comma-separated), besides the server's own. */
  allowedOrigins: string[];
  logLevel: string;
  /** Overrides of the HTTP write allowances (tests, embedders); not read from the environment. */
  writeLimits?: Partial<WriteLimits>;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: env.PORT ? Number(env.PORT) : 3000,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    adminToken: env.ADMIN_TOKEN || undefined,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, '') || undefined,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
