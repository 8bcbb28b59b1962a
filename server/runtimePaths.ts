/**
 * The files the server loads by path at run time, found both ways it runs:
 *
 * - from TypeScript (`npm run dev` through tsx, and the tests through vitest): this module is
 *   server/runtimePaths.ts, the built client is dist/client, and each worker (the export's,
 *   PostgreSQL's) is its TypeScript module, started through workerBoot.mjs, which registers tsx
 *   in the worker;
 * - compiled (`npm start`): scripts/build.mjs bundles the server into dist/server/main.js and
 *   the workers into dist/server/exportWorker.js and postgresWorker.js, each with this module
 *   inside, so import.meta.url is the bundle's own: the client is ../client from there and each
 *   worker is plain JavaScript beside it, started directly (no tsx anywhere in the process).
 *
 * Packages (fonts from dejavu-fonts-ttf, pdfkit's fontkit) are resolved by Node from
 * import.meta.url upwards, which finds the project's node_modules from either place.
 */
import { fileURLToPath } from 'node:url';

/** True when running from the bundle scripts/build.mjs writes (a .js file); false from the TypeScript sources. */
export const COMPILED = import.meta.url.endsWith('.js');

/** The built client (vite build's output), served when it exists. */
export const CLIENT_DIST = fileURLToPath(new URL(COMPILED ? '../client' : '../dist/client', import.meta.url));

/** How to start the export worker thread: its entry file, and the data the entry needs. */
export interface WorkerStart {
  entry: URL;
  workerData: { module?: string };
}

/** The export worker (export/exportWorker.ts) and the PostgreSQL worker (store/postgres/postgresWorker.ts). */
export const EXPORT_WORKER = workerStart('exportWorker', './export/exportWorker.ts');
export const POSTGRES_WORKER = workerStart('postgresWorker', './store/postgres/postgresWorker.ts');

function workerStart(bundle: string, source: string): WorkerStart {
  return COMPILED
    ? { entry: new URL(`./${bundle}.js`, import.meta.url), workerData: {} }
    : { entry: new URL('./workerBoot.mjs', import.meta.url), workerData: { module: new URL(source, import.meta.url).href } };
}
