/**
 * Scenario 1, meeting scale: 120 people in one room, 10 of them typing 5 keystrokes/s each
 * into their own paragraph; (a) text only, (b) with a caret (awareness) update on every
 * keystroke as TipTap's CollaborationCaret sends it. Propagation is measured per keystroke
 * and per receiving client: the typist records when it made keystroke (client, clock), and
 * every other client records when its document first holds that clock.
 * People arrive all at once (measured, then they leave) and over a few seconds (then type).
 *
 * The typists are real providers with real Y.Docs (y-websocket's, or HocuspocusProvider).
 * The others are bare clients that behave on the wire like those providers (see
 * rawClient.ts) but do not apply what they receive: one load-generator process applying
 * every keystroke 110 times would measure itself. `realClients` makes everyone a provider.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { connectClient, type SimClient } from '../lib/providers.js';
import { RawClient } from '../lib/rawClient.js';
import { blockId, FRAGMENT, paragraphsUpdate, prose, seedRoom } from '../lib/documents.js';
import { createRoom, lockBlock, type Room } from '../lib/rooms.js';
import { resetPeakRss, sampleProcess, selfCpuSeconds } from '../lib/proc.js';
import { machineBusySeconds } from '../lib/machine.js';
import { scrapeMetrics, type RunningServer } from '../lib/servers.js';
import { distribution, Samples, settle, sleep, until, type Distribution } from '../lib/stats.js';
import { metricDelta, type DraftroomCounters } from '../lib/draftroomMetrics.js';

export interface MeetingOptions {
  clients: number;
  typists: number;
  keysPerSecond: number;
  typingSeconds: number;
  arrivalSeconds: number;
  paragraphs: number;
  lockedParagraphs: number;
  /** Everyone a full provider with its own Y.Doc (heavier on the load generator). */
  realClients: boolean;
  /** Diagnostic: the bare listeners do not echo awareness (unlike y-websocket 3.1's provider). */
  noEcho?: boolean;
  /** Pause between phases, and the longest wait for the server to go idle before typing. */
  pauseMs: number;
  settleMaxMs: number;
}

export interface ConnectResult {
  mode: 'all at once' | 'over a few seconds';
  joinMs: Distribution;
  notSynced: number;
  cpuSeconds: number;
  peakRssBytes: number;
  /** performance.now() at the start and end of the phase (for profile windows). */
  window: [number, number];
}

export interface TypingResult {
  carets: boolean;
  latencyMs: Distribution;
  keystrokes: number;
  expected: number;
  missing: number;
  cpuSeconds: number;
  peakRssBytes: number;
  loadGenCpuSeconds: number;
  loadGenLoopDelayP99Ms: number;
  closeCodes: number[];
  /** Seconds into the typing phase when the server closed the first connection (null: none closed). */
  firstCloseAfterSeconds: number | null;
  /** CPU seconds other processes on the machine used meanwhile (not server, not load generator). */
  otherCpuSeconds: number;
  window: [number, number];
  draftroom?: DraftroomCounters;
}

export interface MeetingResult {
  burst: ConnectResult;
  gradual: ConnectResult;
  text: TypingResult;
  carets: TypingResult;
}

export async function runMeeting(server: RunningServer, options: MeetingOptions, log: (line: string) => void): Promise<MeetingResult> {
  // +2: the connection that holds the seeded document open, and the one that checks it.
  const room = await createRoom(server, options.clients + 2, 'Meeting-scale bench');
  const holder = await seedRoom(room, paragraphsUpdate(options.paragraphs, 300), options.clients);
  if (server.kind === 'draftroom') {
    // Agreed paragraphs are locked in a closing session; the typists' own paragraphs are not.
    for (let i = 0; i < options.lockedParagraphs; i++) await lockBlock(room, blockId(options.typists + i));
  }
  try {
    const burst = await connectPhase(room, options, 0);
    log(`  arrival all at once: p50 ${burst.result.joinMs.p50.toFixed(0)} ms, p99 ${burst.result.joinMs.p99.toFixed(0)} ms`);
    for (const client of burst.clients) client.destroy();
    await sleep(options.pauseMs);
    const gradual = await connectPhase(room, options, options.arrivalSeconds * 1000);
    log(
      `  arrival over ${options.arrivalSeconds} s: p50 ${gradual.result.joinMs.p50.toFixed(0)} ms, p99 ${gradual.result.joinMs.p99.toFixed(0)} ms`,
    );
    await sleep(options.pauseMs);
    const text = await typingPhase(server, gradual.clients, options, false);
    log(`  1a text: p50/p95/p99/max ${fmtLatency(text.latencyMs)} ms, server CPU ${text.cpuSeconds.toFixed(2)} s`);
    await sleep(options.pauseMs);
    const carets = await typingPhase(server, gradual.clients, options, true);
    log(`  1b carets: p50/p95/p99/max ${fmtLatency(carets.latencyMs)} ms, server CPU ${carets.cpuSeconds.toFixed(2)} s`);
    for (const client of gradual.clients) client.destroy();
    return { burst: burst.result, gradual: gradual.result, text, carets };
  } finally {
    holder.close();
  }
}

function fmtLatency(d: Distribution): string {
  return [d.p50, d.p95, d.p99, d.max].map((v) => v.toFixed(1)).join('/');
}

/** One person in the room: a typist (provider) or a listener (provider or bare client). */
interface Person {
  index: number;
  startedAt: number;
  syncedAt: number | null;
  closeCodes: number[];
  closeTimes: number[];
  /** Present for providers (typists always). */
  sim?: SimClient;
  /** Called for every document update a bare client receives. */
  onUpdate?: (update: Uint8Array) => void;
  raw?: RawClient;
  destroy(): void;
}

function isTypist(options: MeetingOptions, index: number): boolean {
  const stride = Math.floor(options.clients / options.typists);
  return index % stride === 0 && index / stride < options.typists;
}

async function connectPhase(room: Room, options: MeetingOptions, spreadMs: number): Promise<{ clients: Person[]; result: ConnectResult }> {
  const pid = room.server.pid;
  resetPeakRss(pid);
  const before = sampleProcess(pid);
  const people: Person[] = [];
  const opening: Promise<unknown>[] = [];
  const started = performance.now();
  for (let i = 0; i < options.clients; i++) {
    const due = started + (spreadMs * i) / options.clients;
    if (spreadMs > 0 && due > performance.now()) await sleep(due - performance.now());
    if (options.realClients || isTypist(options, i)) {
      const sim = connectClient(room, i);
      sim.awareness.setLocalStateField('user', { name: `Delegate ${i + 1}`, color: '#1f6feb' });
      people.push({
        index: i,
        sim,
        get startedAt() {
          return sim.startedAt;
        },
        get syncedAt() {
          return sim.syncedAt;
        },
        closeCodes: sim.closeCodes,
        closeTimes: sim.closeTimes,
        destroy: () => sim.destroy(),
      });
    } else {
      const person: Person = { index: i, startedAt: performance.now(), syncedAt: null, closeCodes: [], closeTimes: [], destroy: () => {} };
      people.push(person);
      opening.push(
        RawClient.open(room, i, {
          asProvider: { name: `Delegate ${i + 1}`, noEcho: options.noEcho },
          onUpdate: (update) => person.onUpdate?.(update),
        }).then(
          (raw) => {
            person.raw = raw;
            Object.defineProperty(person, 'syncedAt', { get: () => raw.syncedAt });
            person.startedAt = raw.startedAt;
            person.closeCodes = raw.closeCodes;
            person.closeTimes = raw.closeTimes;
            person.destroy = () => raw.close();
          },
          () => undefined,
        ),
      );
    }
  }
  await Promise.all(opening);
  const ready = (p: Person) =>
    p.syncedAt !== null && (p.sim === undefined || p.sim.doc.getXmlFragment(FRAGMENT).length >= options.paragraphs);
  await until(() => people.every(ready), 60_000);
  const after = sampleProcess(pid);
  const joins = people.filter((p) => p.syncedAt !== null).map((p) => p.syncedAt! - p.startedAt);
  return {
    clients: people,
    result: {
      mode: spreadMs === 0 ? 'all at once' : 'over a few seconds',
      joinMs: distribution(joins),
      notSynced: people.filter((p) => !ready(p)).length,
      cpuSeconds: after.cpuSeconds - before.cpuSeconds,
      peakRssBytes: after.peakRssBytes,
      window: [started, performance.now()],
    },
  };
}

async function typingPhase(server: RunningServer, people: Person[], options: MeetingOptions, carets: boolean): Promise<TypingResult> {
  await settle(server.pid, options.settleMaxMs);
  const typists = people.filter((p) => isTypist(options, p.index)).map((p, t) => ({ t, client: p.sim! }));
  const texts = typists.map(({ t, client }) => {
    const block = client.doc
      .getXmlFragment(FRAGMENT)
      .toArray()
      .find((node) => node instanceof Y.XmlElement && node.getAttribute('id') === blockId(t));
    if (!(block instanceof Y.XmlElement) || !(block.get(0) instanceof Y.XmlText))
      throw new Error(`typist ${t} cannot find paragraph ${blockId(t)}`);
    return block.get(0) as Y.XmlText;
  });
  const perTypist = Math.round(options.keysPerSecond * options.typingSeconds);
  const ids = typists.map(({ client }) => client.doc.clientID);
  const base = typists.map(({ client }) => Y.getState(client.doc.store, client.doc.clientID));
  const sentAt = typists.map(() => new Float64Array(perTypist + 1));
  const latencies = new Samples(perTypist * options.typists * people.length);
  const closesBefore = people.map((p) => p.closeCodes.length);

  // Everyone (typists too, for the others' keystrokes) records when each keystroke arrives:
  // keystroke k of typist t is the item at clock base[t] + k of t's Y client id.
  const detach: Array<() => void> = [];
  for (const person of people) {
    const seen = ids.map((_, t) => base[t]!);
    const own = person.sim ? ids.indexOf(person.sim.doc.clientID) : -1;
    const arrived = (t: number, upTo: number, now: number) => {
      for (let clock = seen[t]!; clock < upTo; clock++) latencies.push(now - sentAt[t]![clock - base[t]!]!);
      if (upTo > seen[t]!) seen[t] = upTo;
    };
    if (person.sim) {
      const doc = person.sim.doc;
      const onUpdate = (_update: Uint8Array, origin: unknown) => {
        if (origin === null || origin === undefined) return;
        const now = performance.now();
        for (let t = 0; t < ids.length; t++) if (t !== own) arrived(t, Y.getState(doc.store, ids[t]!), now);
      };
      doc.on('update', onUpdate);
      detach.push(() => doc.off('update', onUpdate));
    } else {
      person.onUpdate = (update) => {
        const now = performance.now();
        const to = Y.parseUpdateMeta(update).to;
        for (let t = 0; t < ids.length; t++) {
          const upTo = to.get(ids[t]!);
          if (upTo !== undefined) arrived(t, upTo, now);
        }
      };
      detach.push(() => (person.onUpdate = undefined));
    }
  }

  const metricsBefore = server.kind === 'draftroom' ? await scrapeMetrics(server) : undefined;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  resetPeakRss(server.pid);
  const serverBefore = sampleProcess(server.pid);
  const loadGenBefore = selfCpuSeconds();
  const machineBefore = machineBusySeconds();
  const intervalMs = 1000 / options.keysPerSecond;
  const start = performance.now() + 50;
  const typed = typists.map(() => 0);
  await Promise.all(
    typists.map(async ({ t, client }) => {
      const offset = Math.random() * intervalMs;
      const letters = prose(perTypist + 8, 1000 + t);
      for (let k = 0; k < perTypist; k++) {
        const due = start + offset + k * intervalMs;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const text = texts[t]!;
        sentAt[t]![Y.getState(client.doc.store, ids[t]!) - base[t]!] = performance.now();
        text.insert(text.length, letters[k]!);
        typed[t]!++;
        if (carets) {
          const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length));
          client.awareness.setLocalStateField('cursor', { anchor: at, head: at });
        }
      }
    }),
  );
  const keystrokes = typed.reduce((a, b) => a + b, 0);
  const expected = keystrokes * (people.length - 1);
  // Drain: until every keystroke reached everyone, or nothing more arrived for 2 s.
  let lastCount = -1;
  let lastProgress = performance.now();
  await until(
    () => {
      if (latencies.length !== lastCount) {
        lastCount = latencies.length;
        lastProgress = performance.now();
      }
      return latencies.length >= expected || performance.now() - lastProgress > 2_000;
    },
    15_000,
    20,
  );
  const serverAfter = sampleProcess(server.pid);
  const loadGenAfter = selfCpuSeconds();
  const machineAfter = machineBusySeconds();
  const ended = performance.now();
  loop.disable();
  for (const off of detach) off();
  const metricsAfter = metricsBefore ? await scrapeMetrics(server) : undefined;
  return {
    carets,
    latencyMs: distribution(latencies.values()),
    keystrokes,
    expected,
    missing: expected - latencies.length,
    cpuSeconds: serverAfter.cpuSeconds - serverBefore.cpuSeconds,
    peakRssBytes: serverAfter.peakRssBytes,
    loadGenCpuSeconds: loadGenAfter - loadGenBefore,
    loadGenLoopDelayP99Ms: loop.percentile(99) / 1e6,
    closeCodes: people.flatMap((p, i) => p.closeCodes.slice(closesBefore[i])),
    firstCloseAfterSeconds: (() => {
      const times = people.flatMap((p, i) => p.closeTimes.slice(closesBefore[i]));
      return times.length ? (Math.min(...times) - start) / 1000 : null;
    })(),
    otherCpuSeconds: machineAfter - machineBefore - (serverAfter.cpuSeconds - serverBefore.cpuSeconds) - (loadGenAfter - loadGenBefore),
    window: [start, ended],
    draftroom: metricsBefore && metricsAfter ? metricDelta(metricsBefore, metricsAfter) : undefined,
  };
}
