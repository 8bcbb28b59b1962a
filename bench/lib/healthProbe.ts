/**
 * Asks a server's /healthz back to back from a worker thread until stopped, and times each
 * answer: how long anyone waits for the server while something else keeps it busy. In a
 * thread of its own, so the caller's work (parsing large answers, driving clients) does not
 * add to the figures.
 */
import { Worker } from 'node:worker_threads';

/** One answer: when it was asked (ms since the epoch) and how long it took (ms). */
export interface HealthSample {
  at: number;
  ms: number;
}

/**
 * The worker (plain JavaScript, run with `eval`): one request to open the connection and
 * warm the client up, not counted, then requests back to back until told to stop.
 */
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
let running = true;
parentPort.once('message', () => { running = false; });
(async () => {
  const samples = [];
  let failures = 0;
  await fetch(workerData.url).then((r) => r.text(), () => undefined);
  parentPort.postMessage('ready');
  while (running) {
    const started = performance.now();
    try {
      const response = await fetch(workerData.url);
      await response.text();
      if (response.ok) samples.push({ at: performance.timeOrigin + started, ms: performance.now() - started });
      else failures++;
    } catch {
      failures++;
    }
  }
  parentPort.postMessage({ samples, failures });
})();
`;

export interface HealthProbe {
  /** Stops asking; every answer, in order, and how many requests failed. */
  stop(): Promise<{ samples: HealthSample[]; failures: number }>;
}

/** Starts asking `baseUrl`/healthz; resolves once the probe is under way. */
export async function probeHealth(baseUrl: string): Promise<HealthProbe> {
  const worker = new Worker(PROBE, { eval: true, workerData: { url: `${baseUrl}/healthz` } });
  const messages: unknown[] = [];
  const waiting: Array<(message: unknown) => void> = [];
  worker.on('message', (message: unknown) => {
    const next = waiting.shift();
    if (next) next(message);
    else messages.push(message);
  });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  const nextMessage = () =>
    Promise.race([failed, new Promise<unknown>((resolve) => (messages.length ? resolve(messages.shift()) : waiting.push(resolve)))]);
  await nextMessage(); // 'ready'
  let stopped: Promise<{ samples: HealthSample[]; failures: number }> | null = null;
  return {
    stop: () => {
      stopped ??= (async () => {
        worker.postMessage('stop');
        const figures = (await nextMessage()) as { samples: HealthSample[]; failures: number };
        await worker.terminate();
        return figures;
      })();
      return stopped;
    },
  };
}
