/**
 * The export worker (see exportQueue.ts): renders one export at a time from a Yjs update of
 * the document and the export options, and answers with the file.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { exportDocument } from './index.js';
import type { WorkerReady, WorkerReply, WorkerRequest } from './exportQueue.js';

/**
 * The worker's CPU priority (nice), below the event loop's 0: on a busy machine the kernel
 * gives the thread that serves the rooms the CPU first and the export what is left. Without
 * it, a rendering on a loaded two-core machine kept the event loop off the CPU for 100 ms.
 */
const WORKER_NICE = 10;

lowerPriority();

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

// The export code is loaded (the imports above): the queue counts an export's time from here.
port.postMessage({ ready: true } satisfies WorkerReady);

/** Linux keeps a nice value per thread; this thread's id is the last part of /proc/thread-self. */
function lowerPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId)) setPriority(threadId, WORKER_NICE);
  } catch {
    // Not Linux, or not allowed: the export runs at the event loop's priority.
  }
}
