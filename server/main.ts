/**
 * Starts Draftroom: reads the environment, builds the app, listens, prints where to go; stops
 * it gracefully on SIGTERM or SIGINT. Start-up that cannot serve prints one line on stderr
 * and exits 1, before anything says "running" (PROTOCOL.md F5).
 */
import type { FastifyInstance } from 'fastify';
import { readConfig, type Config } from './config.js';
import { buildApp, type BuiltApp } from './app.js';
import { ensureDemoRoom } from './rooms/demoRoom.js';
import { closeExportQueue } from './export/exportQueue.js';
import { StartupRefusal, codeOf, messageOf } from './store/dataDir.js';
import { databaseRefusal } from './store/openDatabase.js';
import { injectFaults } from './store/faultInjection.js';
import { SqliteStore } from './store/SqliteStore.js';
import { withoutPassword } from './store/postgres/postgresRefusal.js';
import { ROLE_LABELS } from '../shared/roles.js';

/** Connections the kernel may queue before the server accepts them. */
const LISTEN_BACKLOG = 4_096;

/** A stop that takes longer than this (a hung close) ends the process anyway, with exit code 1. */
const STOP_DEADLINE_MS = 15_000;

// Every file this process creates is its owner's only (F7); the store also sets explicit modes.
process.umask(0o077);

let app: FastifyInstance | undefined;
let config: Config | undefined;
try {
  config = readConfig();
  const built: BuiltApp = await buildApp(config);
  app = built.app;
  if (built.ctx.store instanceof SqliteStore) injectFaults(built.ctx.store, process.env, app.log);
  const demo = await ensureDemoRoom(built.ctx);
  // A room's clients all reconnect at once after a failover (K5) or a restart: past Node's
  // default queue of 511 waiting connections the kernel drops attempts, which TCP retries only
  // after 1, 3 and 7 s. The kernel's own cap (net.core.somaxconn) still applies.
  await app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
  printWelcome(config, built, demo);
} catch (error) {
  await app?.close().catch(() => undefined);
  process.stderr.write(`Draftroom cannot start: ${startupLine(config, error)}\n`);
  if (!(error instanceof StartupRefusal) && !isKnownStartupError(error)) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  process.exit(1);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void stop(signal));
}

/**
 * D5: every room persisted, every socket closed with 1012 and a reason, the export worker
 * stopped, the store closed and DATA_DIR's lock released; then exit 0. A second signal
 * while stopping ends the process at once (Node's default), a stuck stop after STOP_DEADLINE_MS.
 */
async function stop(signal: NodeJS.Signals): Promise<void> {
  app!.log.info({ signal }, 'stopping: saving every room and closing connections (1012)');
  setTimeout(() => {
    process.stderr.write(`Draftroom did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting anyway\n`);
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  try {
    // Exports still rendering are answered 503 (retry), so the HTTP server is not held up by a 30 s PDF.
    await closeExportQueue();
    await app!.close();
    app!.log.info('stopped');
    process.exit(0);
  } catch (error) {
    process.stderr.write(`Draftroom did not stop cleanly: ${messageOf(error)}\n`);
    process.exit(1);
  }
}

/** The one line for a start that failed: the refusal's own words, or what the error means for DATA_DIR or the port. */
function startupLine(config: Config | undefined, error: unknown): string {
  let line: string;
  if (error instanceof StartupRefusal) line = error.message;
  else if (config && codeOf(error).startsWith('SQLITE_')) line = databaseRefusal(config.dataDir, 'draftroom.sqlite', error).message;
  else if (config && codeOf(error) === 'EADDRINUSE')
    line = `port ${config.port} on ${config.host} is already in use; stop what listens there or set PORT`;
  else if (config && (codeOf(error) === 'EADDRNOTAVAIL' || codeOf(error) === 'EACCES'))
    line = `cannot listen on ${config.host}:${config.port} (${codeOf(error)}); set HOST and PORT to an address of this machine and a port this user may use`;
  else line = messageOf(error);
  return line.replace(/\s*\n\s*/g, ' ');
}

function isKnownStartupError(error: unknown): boolean {
  const code = codeOf(error);
  return code.startsWith('SQLITE_') || code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES';
}

function printWelcome(config: Config, built: BuiltApp, demo: Awaited<ReturnType<typeof ensureDemoRoom>>): void {
  const lines = [
    '',
    `Draftroom is running on http://${config.host}:${config.port}  (data in ${config.databaseUrl ? `PostgreSQL ${withoutPassword(config.databaseUrl)}` : config.dataDir})`,
    '',
    `Demo room: ${demo.title}`,
    `  Open this link to join as the Senior Adviser:`,
    `  ${demo.links.adviser}`,
    '',
    '  Other roles (open each in its own browser window to try them side by side):',
    ...(['moderator', 'expert', 'observer'] as const).map((role) => `  ${ROLE_LABELS[role].padEnd(10)} ${demo.links[role]}`),
    '',
    built.ctx.admin.file
      ? `Admin token (for POST /api/documents and /metrics) is kept in ${built.ctx.admin.file}`
      : 'Admin token: the ADMIN_TOKEN you set in the environment.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
