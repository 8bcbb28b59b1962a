/**
 * npm run cluster: several servers (REDIS_URL, PROTOCOL.md K5) on this machine, to see them
 * work and fail over without setting anything up: a throwaway PostgreSQL and Redis, two
 * servers built from this checkout on PORT+101 and PORT+102, HAProxy on PORT in front of them.
 * Open a demo link, type, kill -9 one server, keep typing. Ctrl-C stops everything it started
 * and removes its temporary data. It needs Debian's postgresql, redis-server and haproxy (the
 * tests' helpers start them the same way).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startPostgres, type TestPostgres } from '../tests/helpers/postgres.js';
import { startRedis, type TestRedis } from '../tests/helpers/redis.js';
import { HAPROXY, startLoadBalancer, type LoadBalancer } from './cluster/loadBalancer.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const POSTGRES_BIN_ROOT = '/usr/lib/postgresql';
const REDIS_SERVER = '/usr/bin/redis-server';
const INSTALL = 'apt-get install -y postgresql redis-server haproxy';
/** How long a server may take to answer /healthz after it was started. */
const START_DEADLINE_MS = 30_000;
/** A server that has not stopped this long after SIGTERM (it gives itself 15 s, main.ts) is killed. */
const STOP_DEADLINE_MS = 20_000;

interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  dataDir: string;
  exited: Promise<void>;
}

/** What is running, stopped in this order: the servers, HAProxy, Redis, PostgreSQL. */
const running: { instances: Instance[]; loadBalancer?: LoadBalancer; redis?: TestRedis; postgres?: TestPostgres } = { instances: [] };
let phase: 'starting' | 'running' | 'stopping' = 'starting';
/** Ctrl-C while starting: the start stops after the step under way, then everything started is stopped. */
let stopRequested = false;

process.umask(0o077);
const port = process.env.PORT ? Number(process.env.PORT) : 3000;
if (!Number.isInteger(port) || port < 1 || port > 65_535 - 102) {
  process.stderr.write(`PORT ${JSON.stringify(process.env.PORT)} cannot be used: npm run cluster takes PORT, PORT+101 and PORT+102\n`);
  process.exit(2);
}
const missing = missingTools();
if (missing.length > 0) {
  process.stderr.write(
    `npm run cluster needs Debian's postgresql, redis-server and haproxy (missing: ${missing.join(', ')}); run ${INSTALL}\n`,
  );
  process.exit(1);
}
const [taken] = await takenPorts([port, port + 101, port + 102]);
if (taken !== undefined) {
  process.stderr.write(
    `port ${taken} on 127.0.0.1 is already in use (npm run cluster takes PORT, PORT+101 and PORT+102); stop what listens there or set PORT\n`,
  );
  process.exit(1);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (phase === 'starting') stopRequested = true;
    else void stopAndExit(0);
  });
}
// Should this script end without stopping them, the servers (a process group of their own) go with it.
process.on('exit', () => {
  for (const { child } of running.instances) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

try {
  const { url, adminToken, databaseUrl, redisUrl } = await start();
  phase = 'running';
  printSummary(url, adminToken, databaseUrl, redisUrl);
} catch (error) {
  if (!stopRequested) process.stderr.write(`npm run cluster could not start: ${(error as Error).message}\n`);
  await stopAndExit(stopRequested ? 0 : 1);
}

/** Builds, then starts PostgreSQL, Redis, the two servers (one after the other) and HAProxy, each kept in `running` as it starts. */
async function start(): Promise<{ url: string; adminToken: string; databaseUrl: string; redisUrl: string }> {
  build();
  running.postgres = await startPostgres();
  const databaseUrl = await running.postgres.newDatabase();
  checkpoint();
  running.redis = await startRedis();
  checkpoint();
  const adminToken = process.env.ADMIN_TOKEN || randomBytes(24).toString('base64url');
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: running.redis.url, ADMIN_TOKEN: adminToken, PUBLIC_URL: `http://127.0.0.1:${port}` };
  // One after the other: the first creates the demo room, the second finds it.
  for (const [i, instancePort] of [port + 101, port + 102].entries()) {
    const instance = startInstance(`draftroom${i + 1}`, instancePort, env, i === 0);
    running.instances.push(instance);
    await answering(instance);
    checkpoint();
  }
  running.loadBalancer = await startLoadBalancer(
    port,
    running.instances.map((instance) => instance.url),
  );
  checkpoint();
  return { url: running.loadBalancer.url, adminToken, databaseUrl, redisUrl: running.redis.url };
}

/** Ends the start if Ctrl-C came during its last step (what that step started is already in `running`, to be stopped). */
function checkpoint(): void {
  if (stopRequested) throw new Error('stopped while starting');
}

/** The binaries the test helpers start, by their Debian package's name, for those not installed. */
function missingTools(): string[] {
  const versions = existsSync(POSTGRES_BIN_ROOT) ? readdirSync(POSTGRES_BIN_ROOT) : [];
  return [
    ...(versions.some((version) => existsSync(join(POSTGRES_BIN_ROOT, version, 'bin', 'initdb'))) ? [] : ['postgresql']),
    ...(existsSync(REDIS_SERVER) ? [] : ['redis-server']),
    ...(existsSync(HAPROXY) ? [] : ['haproxy']),
  ];
}

/** The ports of `ports` that something on 127.0.0.1 already listens on: said before anything is started. */
async function takenPorts(ports: number[]): Promise<number[]> {
  const taken = await Promise.all(
    ports.map(
      (candidate) =>
        new Promise<boolean>((resolve) => {
          const server = createServer();
          server.once('error', () => resolve(true));
          server.listen(candidate, '127.0.0.1', () => server.close(() => resolve(false)));
        }),
    ),
  );
  return ports.filter((_, i) => taken[i]);
}

/** What `npm start` builds first: only what changed since the last build. */
function build(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs', '--if-changed'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build failed (see above)');
}

/**
 * `node dist/server/main.js` on `instancePort` with a DATA_DIR of its own. Its own process group,
 * so that Ctrl-C reaches this script alone and the servers are stopped before what they use.
 */
function startInstance(name: string, instancePort: number, env: Record<string, string>, showWelcome: boolean): Instance {
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
  const url = `http://127.0.0.1:${instancePort}`;
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(instancePort), HOST: '127.0.0.1', DATA_DIR: dataDir, INSTANCE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  relayOutput(child.stdout!, name, showWelcome);
  relayOutput(child.stderr!, name, false);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (phase === 'running') reportExit(name, code, signal);
      resolve();
    }),
  );
  return { name, url, child, dataDir, exited };
}

/**
 * A server's output, each line after its name. Its welcome block (main.ts printWelcome, from
 * "Draftroom is running on" to "Admin token…") is shown whole for the first server, for its demo
 * links, and left out for the others: it names the same room and links.
 */
function relayOutput(stream: Readable, name: string, showWelcome: boolean): void {
  let inWelcome = false;
  createInterface({ input: stream }).on('line', (line) => {
    if (line.startsWith('Draftroom is running on ')) {
      inWelcome = true;
      if (showWelcome) process.stdout.write('\n');
    }
    if (inWelcome) {
      if (showWelcome) process.stdout.write(`${line}\n`);
      if (line.startsWith('Admin token')) inWelcome = false;
      return;
    }
    if (line.trim() !== '') process.stdout.write(`[${name}] ${line}\n`);
  });
}

/** A server that ended by itself (or was killed): the others keep serving, which is what a failover shows. */
function reportExit(name: string, code: number | null, signal: NodeJS.Signals | null): void {
  const others = running.instances.filter(
    (instance) => instance.name !== name && instance.child.exitCode === null && instance.child.signalCode === null,
  );
  process.stdout.write(
    `[${name}] exited (${signal ?? `code ${code}`}). ` +
      (others.length > 0
        ? `${others.map((instance) => instance.name).join(', ')} takes its rooms once their leases run out (3 s); pages reconnect through the load balancer.\n`
        : 'No server is left; Ctrl-C stops the rest.\n'),
  );
}

/** Resolves once the server answers GET /healthz with 200; throws if it exits or takes too long. */
async function answering(instance: Instance): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  for (;;) {
    if (stopRequested) return;
    if (instance.child.exitCode !== null || instance.child.signalCode !== null)
      throw new Error(`${instance.name} exited while starting (see above)`);
    const response = await fetch(`${instance.url}/healthz`).catch(() => null);
    if (response?.status === 200) return;
    if (Date.now() > deadline)
      throw new Error(`${instance.name} did not answer ${instance.url}/healthz within ${START_DEADLINE_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function printSummary(url: string, adminToken: string, databaseUrl: string, redisUrl: string): void {
  const [first, second] = running.instances as [Instance, Instance];
  const lines = [
    'Two servers on one PostgreSQL and one Redis, HAProxy in front:',
    '',
    `  Open            ${url}  (the links above go through it)`,
    ...running.instances.map(
      (instance) =>
        `  ${instance.name.padEnd(14)}  ${instance.url}  pid ${instance.child.pid}  (${instance.url}/healthz: the rooms it owns)`,
    ),
    `  Admin token     ${adminToken}`,
    `  PostgreSQL      ${databaseUrl}`,
    `  Redis           ${redisUrl}`,
    '',
    `Failover: open a link, type, then kill -9 ${first.child.pid} (${first.name}) or kill -9 ${second.child.pid} (${second.name}).`,
    'The other server takes the room within ~5 s; the page reconnects through the load balancer and keeps what was typed.',
    'Ctrl-C stops everything and removes its temporary data.',
    '',
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

/** Stops what runs, servers first (SIGTERM, then waiting for them), then HAProxy, Redis and PostgreSQL; removes the DATA_DIRs. */
async function stopAndExit(code: number): Promise<void> {
  if (phase === 'stopping') return;
  phase = 'stopping';
  process.stdout.write('\nStopping the servers, HAProxy, Redis and PostgreSQL…\n');
  const attempt = async (what: string, stop: () => Promise<void> | undefined) => {
    try {
      await stop();
    } catch (error) {
      process.stderr.write(`could not stop ${what}: ${(error as Error).message}\n`);
      code = 1;
    }
  };
  await Promise.all(running.instances.map((instance) => attempt(instance.name, () => stopInstance(instance))));
  await attempt('HAProxy', () => running.loadBalancer?.stop());
  await attempt('Redis', () => running.redis?.stop());
  await attempt('PostgreSQL', () => running.postgres?.stop());
  for (const { dataDir } of running.instances) rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write('Stopped.\n');
  process.exit(code);
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  instance.child.kill('SIGTERM');
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), STOP_DEADLINE_MS);
  await instance.exited;
  clearTimeout(timer);
}
