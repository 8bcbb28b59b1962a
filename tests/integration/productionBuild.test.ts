/**
 * The production build (`npm start`): scripts/build.mjs bundles the server and its export
 * worker, and the bundle runs with plain Node. Built here into a folder of its own under dist/
 * (inside the project, so node_modules is found; beside dist/client, as dist/server is), started
 * as `npm start` starts dist/server/main.js, and watched by a module-resolution hook: the process
 * and its export worker must load the compiled code and never tsx, vite or esbuild.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { api, createRoom } from '../helpers/api.js';
import { ADMIN_TOKEN, answeringPort, removeDataDir, tempDataDir } from '../helpers/testServer.js';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Loaded with --import: writes each thread's execArgv and every module it resolves to PROBE_LOG,
 * imported (a resolve hook) or required (the bundle requires Node's modules and its external
 * packages through createRequire).
 */
const PROBE = `import { createRequire, register } from 'node:module';
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
const log = process.env.PROBE_LOG;
appendFileSync(log, 'thread ' + threadId + ' execArgv ' + JSON.stringify(process.execArgv) + '\\n');
const Module = createRequire(import.meta.url)('node:module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolveFilename.apply(this, args);
  appendFileSync(log, 'module ' + threadId + ' ' + (file.startsWith('/') ? pathToFileURL(file).href : 'node:' + file.replace(/^node:/, '')) + '\\n');
  return file;
};
// Resolve hooks run on a thread of their own: told which thread they resolve for.
register('data:text/javascript,' + encodeURIComponent(
  "import { appendFileSync } from 'node:fs';" +
  'let forThread;' +
  'export function initialize(data) { forThread = data.threadId; }' +
  'export async function resolve(specifier, context, next) {' +
  '  const resolved = await next(specifier, context);' +
  '  appendFileSync(' + JSON.stringify(log) + ", 'module ' + forThread + ' ' + resolved.url + '\\\\n');" +
  '  return resolved;' +
  '}'), { data: { threadId } });
`;

describe('production build', () => {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const outdir = mkdtempSync(join(ROOT, 'dist', 'test-build-'));
  const dataDir = tempDataDir();
  const probeLog = join(outdir, 'modules.log');
  let server: ChildProcess | undefined;

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((done) => server!.once('exit', done));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(outdir, { recursive: true, force: true });
    removeDataDir(dataDir);
  });

  it('the bundled server answers, exports through the bundled worker, and loads no tsx, vite or esbuild', async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', 'server', `--server-outdir=${outdir}`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);

    writeFileSync(join(outdir, 'probe.mjs'), PROBE);
    let output = '';
    server = spawn(process.execPath, ['--import', pathToFileURL(join(outdir, 'probe.mjs')).href, join(outdir, 'main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_TOKEN,
        LOG_LEVEL: 'warn',
        PROBE_LOG: probeLog,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk) => (output += String(chunk)));
    server.stderr!.on('data', (chunk) => (output += String(chunk)));
    const url = `http://127.0.0.1:${await answeringPort(server, () => output)}`;

    const room = await createRoom(url, 'Built');
    const exported = await api(url, 'GET', `/api/documents/${room.id}/export?format=md`, room.invites.adviser.token);
    expect(exported.status, exported.text).toBe(200);
    expect(exported.text).toContain('# Built');

    const log = readFileSync(probeLog, 'utf8').split('\n');
    const threads = log.filter((line) => line.startsWith('thread '));
    // 'module <thread> <url>'; thread 0 is the server's main thread.
    const loads = log.filter((line) => line.startsWith('module ')).map((line) => line.split(' '));
    const modules = loads.map(([, , url]) => url ?? '');
    const mainThreadModules = loads.filter(([, thread]) => thread === '0').map(([, , url]) => url ?? '');
    // The main thread and the export worker, both without a TypeScript loader.
    expect(threads).toHaveLength(2);
    for (const thread of threads) expect(thread).not.toMatch(/tsx/);
    expect(modules).toContain(pathToFileURL(join(outdir, 'main.js')).href);
    expect(modules).toContain(pathToFileURL(join(outdir, 'exportWorker.js')).href);
    expect(modules.filter((module) => /\/node_modules\/(tsx|vite|esbuild|rolldown|@rolldown)\//.test(module))).toEqual([]);
    expect(modules.filter((module) => module.endsWith('.ts') || module.endsWith('.mts'))).toEqual([]);
    // The server's packages are inside its bundle, apart from the native SQLite binding and the
    // logger (the export worker's are not: it imports them).
    const packagesLoaded = new Set(mainThreadModules.flatMap((module) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module)?.[1] ?? []));
    expect(packagesLoaded).toContain('better-sqlite3');
    expect(packagesLoaded).toContain('pino');
    expect(packagesLoaded).not.toContain('fastify');
    expect(packagesLoaded).not.toContain('yjs');
  });
});
