/** A real Draftroom server for tests: in-process on port 0, or as a child process that can be killed. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { buildApp, type BuiltApp } from '../../server/app.js';
import { readConfig, type Config } from '../../server/config.js';
import type { FastifyServerOptions } from 'fastify';
import { waitFor } from './waitFor.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface RunningServer extends BuiltApp {
  url: string;
  wsUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'draftroom-test-'));
}

export interface ServerOptions {
  config?: Partial<Config>;
  logger?: FastifyServerOptions['logger'];
}

export async function startServer(dataDir = tempDataDir(), options: ServerOptions = {}): Promise<RunningServer> {
  // A port chosen up front, so the invite links the server hands out point at it.
  const port = options.config?.port ?? (await freePort());
  const config: Config = { ...readConfig({}), port, dataDir, adminToken: ADMIN_TOKEN, logLevel: 'silent', ...options.config };
  const built = await buildApp(config, { logger: options.logger ?? false });
  await built.app.listen({ port, host: '127.0.0.1' });
  return {
    ...built,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    dataDir,
    close: async () => {
      await built.app.close();
    },
  };
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface ServerProcess {
  url: string;
  wsUrl: string;
  child: ChildProcess;
  output: () => string;
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Runs `server/main.ts` as its own process, as `npm start` does (without the build). */
export async function startServerProcess(dataDir: string, port?: number): Promise<ServerProcess> {
  const chosenPort = port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(chosenPort), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_TOKEN, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const url = `http://127.0.0.1:${chosenPort}`;
  await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok, 'server process to answer /healthz', 20_000, 50);
  return {
    url,
    wsUrl: `ws://127.0.0.1:${chosenPort}/collab`,
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
