// A worker thread's entry when the server runs from TypeScript (`npm run dev`, the tests; see
// runtimePaths.ts): the export worker and the PostgreSQL worker. Plain JavaScript, because
// Node 20 does not apply a TypeScript loader the main thread preloads (`node --import tsx`,
// which a worker inherits in its execArgv) to a worker's own entry file: it fails with
// ERR_UNKNOWN_FILE_EXTENSION. So tsx is registered here, in the worker, before the TypeScript
// worker module is loaded. The compiled server (`npm start`) starts its bundled workers
// directly and never loads this file or tsx.
import { workerData } from 'node:worker_threads';

(await import('tsx/esm/api')).register();
await import(workerData.module);
