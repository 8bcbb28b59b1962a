/**
 * The three servers under test, each started as its own process so that CPU seconds and
 * peak RSS are its own, and each as compiled JavaScript under plain Node: Draftroom as
 * `npm start` runs it (`node dist/server/main.js`, built by scripts/build.mjs, with auth,
 * lock checks and SQLite on), the stock Yjs server and Hocuspocus bundled the same way
 * (esbuild, packages left in node_modules), so start-up compares servers, not loaders.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats.js';
import { SERVER_BUNDLE_OPTIONS } from '../../scripts/serverBundle.mjs';

export type ServerKind = 'draftroom' | 'yws' | 'hocuspocus';
export const SERVER_KINDS: ServerKind[] = ['draftroom', 'yws', 'hocuspocus'];
export const SERVER_LABELS: Record<ServerKind, string> = {
  draftroom: 'Draftroom',
  yws: 'stock Yjs (@y/websocket-server 0.1.1)',
  hocuspocus: 'Hocuspocus 4.7.0',
};

export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The reference servers' bundles: inside the project, so their imports find node_modules. */
const REFERENCES_DIR = join(ROOT, 'dist', 'bench');
const ENTRY: Record<ServerKind, string> = {
  draftroom: join(ROOT, 'dist', 'server', 'main.js'),
  yws: join(REFERENCES_DIR, 'ywsServer.js'),
  hocuspocus: join(REFERENCES_DIR, 'hocuspocusServer.js'),
};

/**
 * Builds what the servers run: Draftroom's bundle as `npm start` would (only when its sources
 * changed), and the two reference servers. Once per bench run, before the first start.
 */
export async function buildServers(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs', 'server', '--if-changed'], { cwd: ROOT, stdio: 'ignore' });
  const esbuild = await import('esbuild');
  await esbuild.build({
    // Their packages inside the bundle, as Draftroom's server bundle carries its own.
    ...SERVER_BUNDLE_OPTIONS,
    absWorkingDir: ROOT,
    entryPoints: { ywsServer: 'bench/servers/ywsServer.ts', hocuspocusServer: 'bench/servers/hocuspocusServer.ts' },
    outdir: REFERENCES_DIR,
    // A native addon (the stock server's optional LevelDB persistence, loaded though unused).
    external: ['leveldown'],
  });
}

export interface RunningServer {
  kind: ServerKind;
  pid: number;
  port: number;
  httpUrl: string;
  /** Base URL for providers: y-websocket appends `/<room>`; Hocuspocus uses it as is. */
  wsBase: string;
  /** performance.now() in the bench process when the server process was spawned. */
  spawnedAt: number;
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Write a V8 CPU profile of the server into this directory (node --cpu-prof). */
  cpuProfDir?: string;
  /** Start with the inspector on (memory scenario: forced GC before each reading). */
  inspect?: boolean;
  /** More environment (scenario 8: DATABASE_URL). */
  env?: Record<string, string>;
}

export async function startServer(kind: ServerKind, options: StartOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const profile = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  if (options.inspect) profile.push('--inspect=127.0.0.1:0');
  let dataDir: string | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1' };
  if (kind === 'draftroom') {
    dataDir = mkdtempSync(join(tmpdir(), 'draftroom-bench-'));
    Object.assign(env, { DATA_DIR: dataDir, ADMIN_TOKEN, LOG_LEVEL: 'warn' });
  }
  Object.assign(env, options.env);
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...profile, ENTRY[kind]], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += String(chunk);
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const httpUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} server exited during start:\n${output}`);
    const up = await fetch(kind === 'draftroom' ? `${httpUrl}/healthz` : httpUrl).then(
      (r) => r.ok || r.status < 500,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${kind} server did not answer within 30 s:\n${output}`);
    }
    await sleep(50);
  }
  return {
    kind,
    pid: child.pid!,
    port,
    spawnedAt,
    httpUrl,
    wsBase: kind === 'draftroom' ? `ws://127.0.0.1:${port}/collab` : `ws://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
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

/** Scrapes Draftroom's GET /metrics (admin token) into name{labels} → value. */
export async function scrapeMetrics(server: RunningServer): Promise<Map<string, number>> {
  const response = await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!response.ok) throw new Error(`/metrics: ${response.status}`);
  const values = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}
