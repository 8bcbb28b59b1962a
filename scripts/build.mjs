// Builds what `npm start` runs: the client (vite, into dist/client) and the server (esbuild,
// into dist/server: main.js and the workers exportWorker.js and postgresWorker.js, one bundle each; see
// buildServer for which packages each carries). Plain JavaScript, so building needs no tsx.
//
//   node scripts/build.mjs                  build both (npm run build)
//   node scripts/build.mjs --if-changed     build only what changed since its last build (npm start)
//   node scripts/build.mjs client|server    build one of them
//   node scripts/build.mjs server --server-outdir=<dir>   the server bundles into <dir> (a test), no stamp
//
// What changed: each part's fingerprint is a SHA-256 of the path and content of every file it is
// built from (its `inputs` below: sources, build configuration, package-lock.json, this script).
// A build writes it to dist/<part>.stamp; --if-changed rebuilds a part when its stamp is missing
// or different, or an output is missing. Content, not modification times: a checkout or a touch
// that leaves the text as it was does not rebuild, and an edit always does. Hashing the ~3 MB of
// inputs takes a few tens of milliseconds.
//
// The server process never loads this script, vite or esbuild: `npm start` runs this in its own
// process, then `node dist/server/main.js`.
import { createHash } from 'node:crypto';
import { rmSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkNode } from './checkNode.mjs';
import { SERVER_BUNDLE_OPTIONS } from './serverBundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');

const PARTS = {
  client: {
    inputs: ['client', 'shared', 'vite.config.ts', 'tsconfig.base.json', 'package-lock.json', 'patches', 'scripts/build.mjs'],
    outputs: ['dist/client/index.html'],
    build: buildClient,
  },
  server: {
    inputs: [
      'server',
      'shared',
      'tsconfig.json',
      'tsconfig.base.json',
      'package-lock.json',
      'scripts/build.mjs',
      'scripts/serverBundle.mjs',
    ],
    outputs: ['dist/server/main.js', 'dist/server/exportWorker.js', 'dist/server/postgresWorker.js'],
    build: () => buildServer(join(DIST, 'server')),
  },
};

async function buildClient() {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

/**
 * The server and its export worker as two ESM bundles in `outdir` (which must be inside the
 * project, so node_modules is found).
 *
 * The server's bundle carries its packages too: one file to load instead of some 450 from
 * node_modules is most of what halved its start-up (BENCHMARKS.md section 6). Left as imports: better-sqlite3 (a native addon) and pino with its transports,
 * which start worker threads from files found next to their own code. What the server loads
 * on first use (the draft import's converters) is split into dist/server/chunks. The export worker's
 * bundle leaves every package as an import (PDFKit reads its font metrics from its own folder),
 * and its start-up is not on the server's.
 */
async function buildServer(outdir) {
  const esbuild = await import('esbuild');
  const common = { ...SERVER_BUNDLE_OPTIONS, absWorkingDir: ROOT, outdir, sourcemap: true };
  // Chunks are named by their content: the last build's would pile up beside the new ones.
  rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
  await esbuild.build({
    ...common,
    entryPoints: { main: 'server/main.ts' },
    external: ['better-sqlite3', 'pino', 'pino-pretty', 'thread-stream'],
    // What the server imports on first use (a draft's converters) goes into chunks of its own, off the start-up.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  });
  await esbuild.build({
    ...common,
    entryPoints: { exportWorker: 'server/export/exportWorker.ts', postgresWorker: 'server/store/postgres/postgresWorker.ts' },
    packages: 'external',
  });
}

/** SHA-256 over the relative path and content of every file under `inputs`, in a fixed order. */
function fingerprint(inputs) {
  const hash = createHash('sha256');
  const add = (path) => {
    const full = join(ROOT, path);
    if (!existsSync(full)) return void hash.update(`missing ${path}\0`);
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) add(`${path}/${entry}`);
      return;
    }
    const content = readFileSync(full);
    hash.update(`${path}\0${content.length}\0`);
    hash.update(content);
  };
  for (const input of inputs) add(input);
  return hash.digest('hex');
}

function say(line) {
  process.stdout.write(`[build] ${line}\n`);
}

async function main(args) {
  process.chdir(ROOT);
  checkNode();
  const ifChanged = args.includes('--if-changed');
  const serverOutdir = args.find((arg) => arg.startsWith('--server-outdir='))?.slice('--server-outdir='.length);
  const unknown = args.filter((arg) => !(arg in PARTS) && arg !== '--if-changed' && !arg.startsWith('--server-outdir='));
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}; see the top of scripts/build.mjs`);
  const names = args.filter((arg) => arg in PARTS);

  if (serverOutdir !== undefined) {
    const started = performance.now();
    await buildServer(resolve(serverOutdir));
    say(`server: bundled into ${serverOutdir} in ${seconds(started)}`);
    return;
  }

  for (const name of names.length > 0 ? names : Object.keys(PARTS)) {
    const part = PARTS[name];
    const started = performance.now();
    // Taken before building, so an edit made while it builds is built next time.
    const print = fingerprint(part.inputs);
    const stampFile = join(DIST, `${name}.stamp`);
    const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : null;
    const outputsThere = part.outputs.every((output) => existsSync(join(ROOT, output)));
    if (ifChanged && stamp === print && outputsThere) {
      say(`${name}: sources unchanged since its last build, not rebuilt (checked in ${Math.round(performance.now() - started)} ms)`);
      continue;
    }
    const why = !ifChanged
      ? 'a full build'
      : stamp === null || !outputsThere
        ? 'no earlier build'
        : 'its sources changed since the last build';
    say(`${name}: building (${why})…`);
    await part.build();
    mkdirSync(DIST, { recursive: true });
    writeFileSync(stampFile, `${print}\n`);
    say(`${name}: built in ${seconds(started)}`);
  }
}

function seconds(started) {
  return `${((performance.now() - started) / 1000).toFixed(2)} s`;
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`[build] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
