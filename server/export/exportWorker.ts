/**
 * The export worker (see exportQueue.ts): renders one export at a time from a Yjs update of
 * the document and the export options, and answers with the file.
 */
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { exportDocument } from './index.js';
import type { WorkerReply, WorkerRequest } from './exportQueue.js';

const port = parentPort!;

port.on('message', async ({ state, options }: WorkerRequest) => {
  const doc = new Y.Doc();
  let reply: WorkerReply;
  try {
    Y.applyUpdate(doc, state);
    const file = await exportDocument(doc, options);
    // A copy of exactly the file's bytes (a Buffer may sit in a larger shared one), handed over without another copy.
    const body = typeof file.body === 'string' ? file.body : new Uint8Array(file.body);
    reply = { ok: true, body, contentType: file.contentType, fileName: file.fileName };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  } finally {
    doc.destroy();
  }
  port.postMessage(reply, reply.ok && typeof reply.body !== 'string' ? [reply.body.buffer as ArrayBuffer] : []);
});
