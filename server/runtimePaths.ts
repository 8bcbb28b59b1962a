/**
 * The files the server loads by path at run time, found both ways it runs:
 *
 * - from TypeScript (`npm run dev` through tsx, and the tests through vitest): this module is
 *   server/runtimePaths.ts, the built client is dist/client, and the export worker is
 *   server/export/exportWorker.ts, started through exportWorkerBoot.mjs, which registers tsx in
 *   the worker;
 * - compiled (`npm start`): scripts/build.mjs bundles the server into dist/server/main.js and
 *   the export worker into dist/server/exportWorker.js, both with this module inside, so
 *   import.meta.url is the bundle's own: the client is ../client from there and the worker is
 *   plain JavaScript beside it, started directly (no tsx anywhere in the process).
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

export const EXPORT_WORKER: WorkerStart = COMPILED
  ? { entry: new URL('./exportWorker.js', import.meta.url), workerData: {} }
  : {
      entry: new URL('./export/exportWorkerBoot.mjs', import.meta.url),
      workerData: { module: new URL('./export/exportWorker.ts', import.meta.url).href },
    };
