/**
 * Exports are rendered off the event loop that serves the rooms, in one worker thread, one
 * at a time. Laying out a room at the document cap takes seconds (PDF); done on the event
 * loop, it held up /healthz and every room for that long (PROTOCOL.md X4).
 *
 * The worker is fed the document as a Yjs update and the export options, and answers with
 * the file. Requests for the same file of the same text, arriving while it is waiting or
 * being rendered, share that one rendering (a room of 120 people exporting the agreed text
 * at the end of a session makes one PDF). Other requests wait in a queue of at most
 * MAX_EXPORTS_WAITING, MAX_EXPORTS_WAITING_PER_ROOM of them from one room; past that an
 * export is refused as busy. A rendering that runs past EXPORT_TIMEOUT_MS is stopped with
 * its worker, and a worker that runs out of its EXPORT_WORKER_HEAP_MB heap fails only the
 * export it was rendering: the next export starts a fresh worker.
 */
import { Worker } from 'node:worker_threads';
import {
  EXPORT_TIMEOUT_MS,
  EXPORT_WORKER_HEAP_MB,
  EXPORT_WORKER_IDLE_MS,
  MAX_EXPORTS_WAITING,
  MAX_EXPORTS_WAITING_PER_ROOM,
} from '../../shared/limits.js';
import { FALLBACK_TIME_ZONE } from '../../shared/timeZone.js';
import { EXPORT_WORKER } from '../runtimePaths.js';
import { exportDay } from './header.js';
import type { ExportOptions, ExportResult } from './index.js';

/** One export to render: a room's document (a Yjs update of its whole state) and what to make of it. */
export interface ExportRequest {
  docId: string;
  state: Uint8Array;
  /** Names the state (equal states, equal hashes), so requests for the same file can share a rendering. */
  stateHash: string;
  options: ExportOptions;
}

/** Main thread → worker. */
export interface WorkerRequest {
  state: Uint8Array;
  options: ExportOptions;
}

/** Worker → main thread: the file (its body as bytes or text), or why there is none. */
export type WorkerReply = { ok: true; body: Uint8Array | string; contentType: string; fileName: string } | { ok: false; message: string };

/** Worker → main thread, once, when it has loaded the export code and takes work. */
export interface WorkerReady {
  ready: true;
}

/** The queue is full: try again in a few seconds. */
export class ExportBusyError extends Error {}

/** The rendering took longer than EXPORT_TIMEOUT_MS and was stopped. */
export class ExportTimeoutError extends Error {}

interface Job {
  key: string;
  docId: string;
  request: WorkerRequest;
  /** What every request for this rendering waits on. */
  result: Promise<ExportResult>;
  resolve(result: ExportResult): void;
  reject(error: Error): void;
}

/** Loading the export code takes a fresh worker about a second; one that takes this long is stuck, and is stopped. */
const WORKER_START_LIMIT_MS = 30_000;

/** The bounds of a queue; the process's queue takes them from shared/limits.ts. */
export interface ExportQueueLimits {
  waiting: number;
  waitingPerRoom: number;
  timeoutMs: number;
  heapMb: number;
  idleMs: number;
}

const LIMITS: ExportQueueLimits = {
  waiting: MAX_EXPORTS_WAITING,
  waitingPerRoom: MAX_EXPORTS_WAITING_PER_ROOM,
  timeoutMs: EXPORT_TIMEOUT_MS,
  heapMb: EXPORT_WORKER_HEAP_MB,
  idleMs: EXPORT_WORKER_IDLE_MS,
};

/** A queue of exports and the one worker that renders them. The server uses one per process (renderExport). */
export class ExportQueue {
  private worker: Worker | null = null;
  /** The worker has loaded the export code: the running job's time counts from here. */
  private ready = false;
  private running: Job | null = null;
  private deadline: NodeJS.Timeout | null = null;
  private readonly waiting: Job[] = [];
  /** Jobs waiting or running, by what they render. */
  private readonly jobs = new Map<string, Job>();
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly limits: ExportQueueLimits = LIMITS) {}

  /** Renders `request`, or shares the rendering of the same file already waiting or running. */
  run(request: ExportRequest): Promise<ExportResult> {
    const key = jobKey(request);
    const same = this.jobs.get(key);
    if (same) return same.result;
    const { waiting, waitingPerRoom } = this.limits;
    if (this.waiting.length >= waiting) {
      throw new ExportBusyError(`${waiting} exports are already waiting; try again in a few seconds`);
    }
    if (this.waiting.filter((job) => job.docId === request.docId).length >= waitingPerRoom) {
      throw new ExportBusyError(`${waitingPerRoom} exports of this room are already waiting; try again in a few seconds`);
    }
    let settle!: Pick<Job, 'resolve' | 'reject'>;
    const result = new Promise<ExportResult>((resolve, reject) => (settle = { resolve, reject }));
    // The worker gets its own copy, transferred rather than copied again.
    const job: Job = {
      key,
      docId: request.docId,
      request: { state: Uint8Array.from(request.state), options: request.options },
      result,
      ...settle,
    };
    this.jobs.set(key, job);
    this.waiting.push(job);
    this.next();
    return result;
  }

  private next(): void {
    if (this.running !== null) return;
    const job = this.waiting.shift();
    if (job === undefined) {
      this.idle();
      return;
    }
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.running = job;
    this.worker ??= this.startWorker();
    this.worker.postMessage(job.request satisfies WorkerRequest, [job.request.state.buffer as ArrayBuffer]);
    this.startClock();
  }

  /**
   * The running job's deadline: EXPORT_TIMEOUT_MS of rendering, counted once the worker is
   * ready (a fresh worker first loads the export code), or WORKER_START_LIMIT_MS to get ready.
   */
  private startClock(): void {
    if (this.deadline !== null) clearTimeout(this.deadline);
    const limitMs = this.ready ? this.limits.timeoutMs : WORKER_START_LIMIT_MS;
    const what = this.ready ? 'the export took longer than' : 'the export worker did not start within';
    this.deadline = setTimeout(() => {
      this.deadline = null;
      this.stopWorker();
      this.finish(new ExportTimeoutError(`${what} ${limitMs / 1000} s and was stopped`));
    }, limitMs);
  }

  /** Settles the running job and starts the next. */
  private finish(outcome: ExportResult | Error): void {
    const job = this.running;
    if (job === null) return;
    if (this.deadline !== null) clearTimeout(this.deadline);
    this.deadline = null;
    this.running = null;
    this.jobs.delete(job.key);
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
    this.next();
  }

  private startWorker(): Worker {
    // The compiled worker (dist/server/exportWorker.js), or the TypeScript one through tsx (runtimePaths.ts).
    const worker = new Worker(EXPORT_WORKER.entry, {
      workerData: EXPORT_WORKER.workerData,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb },
    });
    this.ready = false;
    // An idle worker never keeps the process alive.
    worker.unref();
    worker.on('message', (reply: WorkerReply | WorkerReady) => {
      if (worker !== this.worker) return;
      if ('ready' in reply) {
        this.ready = true;
        if (this.running !== null) this.startClock();
        return;
      }
      if (!reply.ok) return this.finish(new Error(`the export failed: ${reply.message}`));
      const body =
        typeof reply.body === 'string' ? reply.body : Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength);
      this.finish({ body, contentType: reply.contentType, fileName: reply.fileName });
    });
    // The worker failed or stopped (its heap ran out, or an error escaped it): only the export it was rendering fails.
    const lost = (error: Error) => {
      if (worker !== this.worker) return; // one we stopped
      this.stopWorker();
      this.finish(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the export worker stopped (exit code ${code})`)));
    return worker;
  }

  /** Ends the worker; whatever it still reports is ignored, and the next export starts a fresh one. */
  private stopWorker(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) void worker.terminate();
  }

  /** Without exports for EXPORT_WORKER_IDLE_MS, the worker ends and gives back its memory. */
  private idle(): void {
    if (this.worker === null || this.idleTimer !== null) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.stopWorker();
    }, this.limits.idleMs);
    this.idleTimer.unref();
  }

  /** Ends the worker now and refuses what waits (for tests and shutdown). */
  async close(): Promise<void> {
    for (const job of this.waiting.splice(0)) {
      this.jobs.delete(job.key);
      job.result.catch(() => undefined); // nobody may be waiting for it any more
      job.reject(new ExportBusyError('the export queue was closed'));
    }
    this.running?.result.catch(() => undefined);
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker;
    this.stopWorker();
    this.finish(new ExportBusyError('the export queue was closed'));
    if (worker !== null) await worker.terminate();
  }
}

/** What a rendering depends on: the room, its exact state and the options (the date as the day it names in the room's zone). */
function jobKey(request: ExportRequest): string {
  const options = {
    ...request.options,
    date: exportDay(request.options.date ?? new Date(), request.options.timeZone ?? FALLBACK_TIME_ZONE),
  };
  return `${request.docId}:${request.stateHash}:${JSON.stringify(options)}`;
}

/** The process's one export queue and worker. */
const queue = new ExportQueue();

/**
 * Renders an export in the export worker. Throws ExportBusyError at once when too many are
 * waiting; rejects with ExportTimeoutError when the rendering ran too long.
 */
export function renderExport(request: ExportRequest): Promise<ExportResult> {
  return queue.run(request);
}

/** Stops the process's export worker and refuses what waits (a stopping server, PROTOCOL.md D5). */
export function closeExportQueue(): Promise<void> {
  return queue.close();
}
