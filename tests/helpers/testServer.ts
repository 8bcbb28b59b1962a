/** A real Draftroom server for tests: in-process or as a child process that can be killed, each on the port the OS gives it. */
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { buildApp, type BuiltApp } from '../../server/app.js';
import { readConfig, type Config } from '../../server/config.js';
import { TokenSigner } from '../../server/auth/tokens.js';
import { InviteIssuer } from '../../server/rooms/invites.js';
import type { FastifyServerOptions } from 'fastify';
import { createDatabase } from './postgres.js';
import { waitFor } from './waitFor.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface RunningServer extends BuiltApp {
  /** The port the server listens on (the one the OS gave it, unless the test chose one). */
  port: number;
  url: string;
  wsUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'draftroom-test-'));
}

export interface ServerOptions {
  /** `port` left out is 0: the OS gives a free port as the server binds it (choosing one first and binding it later races). */
  config?: Partial<Config>;
  logger?: FastifyServerOptions['logger'];
  /** The base of the links the server hands out, given the port it got (default http://127.0.0.1:<port>); for port 0 only. */
  publicUrl?: (port: number) => string;
}

export async function startServer(dataDir = tempDataDir(), options: ServerOptions = {}): Promise<RunningServer> {
  const config: Config = { ...readConfig({}), port: 0, dataDir, adminToken: ADMIN_TOKEN, logLevel: 'silent', ...options.config };
  if (process.env.DRAFTROOM_TEST_ALL_ON_POSTGRES === '1' && config.databaseUrl === undefined)
    config.databaseUrl = await databaseFor(dataDir);
  const built = await buildApp(config, { logger: options.logger ?? false });
  await built.app.listen({ port: config.port, host: '127.0.0.1' });
  const port = (built.app.server.address() as AddressInfo).port;
  if (config.port === 0 && config.publicUrl === undefined) linkToPort(built, options.publicUrl?.(port) ?? `http://127.0.0.1:${port}`);
  return {
    ...built,
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    dataDir,
    close: async () => {
      await built.app.close();
    },
  };
}

/**
 * The server builds its links from the port it was configured with, before it listens
 * (server/app.ts); on port 0 that is not the port it got. Until it takes the base from the
 * address it listens on, the test gives the routes (which read ctx.invites per request) an
 * issuer whose links name that port: the same class, store and signing secret, so the same
 * tokens and the same links a server configured with that port makes.
 */
function linkToPort(built: BuiltApp, publicUrl: string): void {
  built.ctx.invites = new InviteIssuer(built.ctx.store, new TokenSigner(built.ctx.store), publicUrl);
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * The TCP port a child process listens on, read from the OS (Linux /proc): its socket inodes
 * (/proc/<pid>/fd) matched with the sockets in state LISTEN of /proc/<pid>/net/tcp and tcp6.
 * Null while it listens on none. A server started with PORT=0 is asked for its port this way.
 */
export function listeningPort(pid: number): number | null {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return null; // the process is gone
  }
  for (const fd of fds) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket) inodes.add(socket[1]!);
    } catch {
      // closed while listed
    }
  }
  for (const table of ['tcp', 'tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (state === '0A' && inode !== undefined && inodes.has(inode) && local !== undefined) {
        return Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
      }
    }
  }
  return null;
}

/** Waits until `child` listens on a TCP port and answers /healthz there; returns the port. */
export async function answeringPort(child: ChildProcess, output: () => string, timeoutMs = 20_000): Promise<number> {
  let port: number | null = null;
  await waitFor(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`the server exited (${child.exitCode ?? child.signalCode}): ${output()}`);
      port ??= listeningPort(child.pid!);
      return port !== null && (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok;
    },
    'the server process to listen and answer /healthz',
    timeoutMs,
    50,
  );
  return port!;
}

export interface ServerProcess {
  url: string;
  wsUrl: string;
  child: ChildProcess;
  output: () => string;
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Runs `server/main.ts` as its own process, as `npm start` does (without the build), on `port` or the one the OS gives it. */
export async function startServerProcess(dataDir: string, port = 0): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_TOKEN, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const bound = await answeringPort(child, () => output);
  return {
    url: `http://127.0.0.1:${bound}`,
    wsUrl: `ws://127.0.0.1:${bound}/collab`,
    child,
    output: () => output,
    stop: (signal) =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/**
 * DRAFTROOM_TEST_ALL_ON_POSTGRES=1 runs every in-process server of the suites on PostgreSQL:
 * the run's one throwaway cluster (allOnPostgres.ts, vitest's global set-up), one database per
 * DATA_DIR (a restart on the same DATA_DIR finds its database again). A way to run the whole
 * suite against the other engine.
 */
const databases = new Map<string, string>();
async function databaseFor(dataDir: string): Promise<string> {
  const known = databases.get(dataDir);
  if (known) return known;
  const clusterUrl = process.env.DRAFTROOM_TEST_POSTGRES_URL;
  if (!clusterUrl) throw new Error('DRAFTROOM_TEST_ALL_ON_POSTGRES=1 needs the global set-up of vitest.config.ts');
  const url = await createDatabase(clusterUrl, `test_${process.pid}_${databases.size + 1}_${Date.now()}`);
  databases.set(dataDir, url);
  return url;
}
