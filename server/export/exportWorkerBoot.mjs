// The export worker's entry (see exportQueue.ts). Plain JavaScript, because Node 20 does not
// apply a TypeScript loader the main thread preloads (`node --import tsx`, which a worker
// inherits in its execArgv) to a worker's own entry file: it fails with
// ERR_UNKNOWN_FILE_EXTENSION. So tsx is registered here, in the worker, before the worker
// module is loaded; a compiled server (a .js module) needs no loader.
import { workerData } from 'node:worker_threads';

if (workerData.module.endsWith('.ts')) (await import('tsx/esm/api')).register();
await import(workerData.module);
