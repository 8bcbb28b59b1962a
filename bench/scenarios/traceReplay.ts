/**
 * Scenario 2, real typing: the trace's updates, one keystroke (trace transaction) per
 * frame, sent in trace order as fast as the server takes them; a second connection watches
 * the broadcasts and the clock stops when every author's final marker has come back.
 * Concurrent traces go through the same single sending connection: trace order is causal
 * order, and in a live room an author's edit never reaches the server before the edits it
 * was made on top of (the author received those from the server). Two sending sockets
 * would let the server read a dependent update first and park it as pending, which no
 * real room does. Throughput is compared with applying the same updates to a bare Y.Doc in
 * this process, the limit for any Yjs server.
 *
 * Draftroom caps the document updates one connection may send per window (shared/limits.ts:
 * 1,200 per 10 s): one connection replaying at full speed would be closed with 4429 after
 * that many frames. No person types that fast, so the replay moves to a fresh connection of
 * the same person (same invite: Yjs
 * client ids belong to the person who first wrote under them) every ROTATE_EVERY frames,
 * for every server alike. The next connection is opened while the current one sends; the
 * switch waits for the current one's close handshake, i.e. until the server has read all
 * its frames, so the server never sees two of the sender's sockets at once (order stays
 * causal, and Draftroom's 8 connections per invite are never reached). That costs one
 * round trip per ROTATE_EVERY frames, the same for every server.
 */
import * as Y from 'yjs';
import * as limits from '../../shared/limits.js';
import { RawClient } from '../lib/rawClient.js';
import { seedRoom } from '../lib/documents.js';
import { createRoom, type Room } from '../lib/rooms.js';
import { sampleProcess, selfCpuSeconds } from '../lib/proc.js';
import { machineBusySeconds } from '../lib/machine.js';
import type { RunningServer } from '../lib/servers.js';
import { medianBy, sleep, until } from '../lib/stats.js';
import { applyToBareDoc, textOfState, type BuiltTrace } from '../lib/traces.js';

/** Just under Draftroom's per-connection update budget (whichever limit this checkout has). */
export const ROTATE_EVERY = (limits.MAX_UPDATES_PER_WINDOW ?? limits.MAX_MESSAGES_PER_WINDOW) - 10;
const INVITES = 6;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface BareResult {
  ms: number;
  updatesPerSecond: number;
}

export interface ReplayResult {
  trace: string;
  updates: number;
  ms: number;
  updatesPerSecond: number;
  cpuSeconds: number;
  connections: number;
  closeCodes: number[];
  /** Final text read back from the server equals the trace's endContent (sequential full traces). */
  contentMatches: boolean | null;
  timedOut: boolean;
  loadGenCpuSeconds: number;
  otherCpuSeconds: number;
  /** The bare Y.Doc's throughput measured in this process right before this replay. */
  bareUpdatesPerSecond?: number;
  window: [number, number];
}

/** Applying the trace to a bare Y.Doc in this process; the median of `repeats` runs after a warm-up. */
export function bareThroughput(trace: BuiltTrace, repeats = 1): BareResult {
  applyToBareDoc(trace); // warm-up, same as the servers get from earlier work
  const runs = Array.from({ length: repeats }, () => bareRun(trace));
  return medianBy(runs, (run) => run.updatesPerSecond);
}

function bareRun(trace: BuiltTrace): BareResult {
  const { ms } = applyToBareDoc(trace);
  return { ms, updatesPerSecond: (trace.updates.length / ms) * 1000 };
}

/**
 * Replays the trace `repeats` times, each in a fresh room, each right after applying it to a
 * bare Y.Doc here, and returns the run whose share of its own bare figure is the median.
 * Paired this way the ratio holds still while the speed of this shared machine drifts (the
 * bare figure alone moved between 64k and 185k updates/s from one process to the next).
 */
export async function replayTraceMedian(server: RunningServer, trace: BuiltTrace, timeoutMs: number, repeats = 1): Promise<ReplayResult> {
  const runs: ReplayResult[] = [];
  for (let i = 0; i < repeats; i++) {
    const bare = bareRun(trace);
    const run = await replayTrace(server, trace, timeoutMs);
    runs.push({ ...run, bareUpdatesPerSecond: bare.updatesPerSecond });
  }
  return medianBy(runs, (run) => run.updatesPerSecond / run.bareUpdatesPerSecond!);
}

export async function replayTrace(server: RunningServer, trace: BuiltTrace, timeoutMs: number): Promise<ReplayResult> {
  const room = await createRoom(server, INVITES, `Trace ${trace.name}`);
  const holder = await seedRoom(room, trace.setup, 0);
  const authors = trace.clientIds.length;
  const seenClock = new Array<number>(authors).fill(0);
  const observer = await RawClient.open(room, 2, {
    onUpdate: (update) => {
      const to = Y.parseUpdateMeta(update).to;
      for (let a = 0; a < authors; a++) {
        const clock = to.get(trace.clientIds[a]!);
        if (clock !== undefined && clock > seenClock[a]!) seenClock[a] = clock;
      }
    },
  });
  const done = () => seenClock.every((clock, a) => clock >= trace.finalClocks[a]!);

  const SENDER = 3;
  const openSender = () => RawClient.open(room, SENDER);
  let sender = await openSender();
  let nextSender = openSender();
  let sentOnCurrent = 0;
  const retired: RawClient[] = [];
  let connections = 1;

  const before = sampleProcess(server.pid);
  const loadGenBefore = selfCpuSeconds();
  const machineBefore = machineBusySeconds();
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  let timedOut = false;
  for (let i = 0; i < trace.updates.length; i++) {
    if (sentOnCurrent === ROTATE_EVERY) {
      retired.push(sender);
      await sender.closeAndWait();
      sender = await nextSender;
      connections++;
      nextSender = openSender();
      sentOnCurrent = 0;
    }
    sender.sendUpdate(trace.updates[i]!);
    sentOnCurrent++;
    if (i % 256 === 255) {
      // Let replies and the observer run; keep the client-side send buffer bounded.
      await new Promise((resolve) => setImmediate(resolve));
      while (sender.bufferedAmount > MAX_BUFFERED_BYTES) await sleep(2);
      if (Date.now() > deadline) {
        timedOut = true;
        break;
      }
    }
  }
  if (!timedOut) timedOut = !(await until(done, Math.max(1_000, deadline - Date.now()), 2));
  const ms = performance.now() - started;
  const after = sampleProcess(server.pid);
  const loadGenCpuSeconds = selfCpuSeconds() - loadGenBefore;
  const otherCpuSeconds = machineBusySeconds() - machineBefore - (after.cpuSeconds - before.cpuSeconds) - loadGenCpuSeconds;

  let contentMatches: boolean | null = null;
  if (!timedOut && trace.endContent !== null) {
    let state: Uint8Array | null = null;
    const reader = await RawClient.open(room, 1, {
      onUpdate: (update, kind) => {
        if (kind === 'step2') state = update;
      },
    });
    reader.sendStep1();
    await until(() => state !== null, 10_000);
    contentMatches = state !== null && textOfState(state) === trace.endContent;
    reader.close();
  }
  const closeCodes = [...retired, sender].flatMap((s) => s.closeCodes).filter((code) => code !== 1000 && code !== 1005);
  sender.close();
  void nextSender.then(
    (s) => s.close(),
    () => undefined,
  );
  observer.close();
  holder.close();
  await sleep(200);
  return {
    trace: trace.name,
    updates: trace.updates.length,
    ms,
    updatesPerSecond: (trace.updates.length / ms) * 1000,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    connections,
    closeCodes,
    contentMatches,
    timedOut,
    loadGenCpuSeconds,
    otherCpuSeconds,
    window: [started, started + ms],
  };
}

export type { Room };
