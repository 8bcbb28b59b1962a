/**
 * Scenario 9 (issue 15): several servers on one PostgreSQL and one Redis (PROTOCOL.md K5). Two
 * Draftroom processes (the built server, as every scenario starts it, each with its own
 * DATA_DIR) share one database and one Redis; 20 rooms of 50 people (1,000), half of each
 * room's people connected to each server, so half reach the room's owner directly and half
 * through the other server's relay; 10 people a room type 5 keystrokes/s each into their own
 * paragraph. Propagation is timed as in scenario 1 (the typist notes when it made clock c,
 * every other person when it first holds c), for the people on the room's owner and for the
 * relayed ones; and per keystroke, until every other person of the room has it. The same load
 * against one server on the same PostgreSQL (a database of its own, no Redis) is the
 * reference: what the relay adds to a keystroke, and the servers' CPU per keystroke (summed
 * over the servers).
 *
 * Then failover, everyone typing: the server that owns the most rooms is killed (SIGKILL).
 * Each person's client reconnects as the provider does, and one whose server cannot be
 * reached tries the other (failoverClient.ts: the client does what a load balancer in front
 * would). Measured: from the kill until every person of every room the dead server owned is
 * connected again and holds everything typed in its room before the kill; and whether the
 * new owner held every keystroke that some other person had before the kill, when its typist
 * came back (before the typist re-sent anything it had).
 *
 * The people are bare protocol clients that do not apply what they receive (as in scenario
 * 1); the typists type into a Y.Doc of their own. All of them run in this one process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { startPostgres } from '../../tests/helpers/postgres.js';
import { startRedis } from '../../tests/helpers/redis.js';
import { blockId, FRAGMENT, paragraphsUpdate, prose, seedRoom } from '../lib/documents.js';
import { FailoverClient } from '../lib/failoverClient.js';
import { machineBusySeconds } from '../lib/machine.js';
import { sampleProcess, selfCpuSeconds } from '../lib/proc.js';
import { RawClient } from '../lib/rawClient.js';
import type { TargetCheck } from '../lib/report.js';
import { createRoom, tokenFor, type Room } from '../lib/rooms.js';
import { scrapeMetrics, type RunningServer, type ServerKind, type StartOptions } from '../lib/servers.js';
import { distribution, fmt, Samples, settle, sleep, until, type Distribution } from '../lib/stats.js';

export interface ClusterOptions {
  /** Draftroom processes sharing the database and Redis. */
  servers: number;
  rooms: number;
  clientsPerRoom: number;
  typistsPerRoom: number;
  keysPerSecond: number;
  /** The measured typing, once on one server and once on the cluster. */
  typingSeconds: number;
  /** Paragraphs of the seeded document (at least one per typist: each types into its own). */
  paragraphs: number;
  /** Failover: typing before the kill, and the longest wait for the rooms to come back after it. */
  beforeKillSeconds: number;
  failoverTimeoutSeconds: number;
  settleMaxMs: number;
}

/** Issue 15's targets: a keystroke at every other person of its room within 50 ms (p99) through the servers; a dead owner's rooms back within 5 s. */
export const PROPAGATION_TARGET_MS = 50;
export const FAILOVER_TARGET_MS = 5_000;
const PARAGRAPH_CHARS = 300;
/** The typing's opening, reported apart: every typist's first keystrokes fall in it. */
const OPENING_MS = 1_000;
const POSTGRES_BIN = '/usr/lib/postgresql';
const REDIS_SERVER = '/usr/bin/redis-server';

/** Each keystroke's propagation, for every person, for those on the room's owner, for the relayed ones. */
export interface LatencySplit {
  all: Distribution;
  owner: Distribution;
  relayed: Distribution;
}

export interface TypingFigures {
  keystrokes: number;
  /** Keystrokes × other people of the room, and how many of those never arrived. */
  deliveries: number;
  missing: number;
  /** Each keystroke at each other person of its room. */
  perClient: LatencySplit;
  /** Each keystroke until every other person of its room (of that group) has it. */
  wholeRoom: LatencySplit;
  /**
   * The same for everyone, split by when the keystroke was typed: in the typing's first second
   * (everybody's first keystrokes: a session opening) and after it.
   */
  wholeRoomOpening: { firstSecond: Distribution; after: Distribution };
  serverCpuSeconds: number;
  perServerCpuSeconds: number[];
  serverCpuMsPerKeystroke: number;
  seconds: number;
  /** Each server's event-loop delay over the phase (its /metrics), p99 and max. */
  serverLoopDelayMs: Array<{ p99: number; max: number }>;
  /** The servers' writes of the rooms' updates to PostgreSQL (each waited for: the server's thread is blocked meanwhile). */
  persists: { count: number; meanMs: number; over10Ms: number };
  /** Websockets the servers relayed to an owner, at the end of the phase. */
  relayedConnections: number;
  loadGenCpuSeconds: number;
  loadGenLoopDelayP99Ms: number;
  /** PostgreSQL's CPU seconds meanwhile (all its processes). */
  postgresCpuSeconds: number;
  /** CPU seconds of everything else on the machine meanwhile (Redis included). */
  otherCpuSeconds: number;
  /** Connections closed during the phase (none expected). */
  closedConnections: number;
}

export interface FailoverFigures {
  /** Rooms each server owned just before the kill; the killed one is `killed`. */
  ownedBefore: number[];
  killed: number;
  killedRooms: number;
  affectedClients: number;
  /** Kill → every person of the dead server's rooms connected again and holding everything typed in its room before the kill (null: not within the timeout). */
  convergedMs: number | null;
  notConverged: number;
  /** Per person of those rooms: kill → converged. */
  personConvergedMs: Distribution;
  /**
   * Kill → synced again, per person: of those rooms, connected to the dead server (they move
   * to the other) or to the survivor (relayed: they reconnect to it); of the other rooms,
   * connected to the dead server (relayed by it to the survivor, which owns their room).
   */
  resyncedMs: { deadServer: Distribution; survivor: Distribution; otherRooms: Distribution };
  /** Kill → the surviving server owns the room (its /healthz), per room. */
  roomTakenMs: Distribution;
  /** Keystrokes of the dead server's rooms that another person had before the kill, and how many of them the new owner lacked when their typist came back. */
  echoedBeforeKill: number;
  missingOnNewOwner: number;
  /** Typists of those rooms that never came back (their keystrokes could not be checked). */
  typistsNotBack: number;
  /** The surviving servers from the kill to the end of the typing: CPU seconds and event-loop delay (p99, max). */
  survivorCpuSeconds: number;
  survivorLoopDelayMs: Array<{ p99: number; max: number }>;
  /** The kernel's count of connections dropped because a listening socket's queue was full (TcpExt ListenOverflows, whole machine), kill to end. */
  listenOverflows: number;
  /** After the typing stopped: people whose state differs from the owner's, typists whose paragraph on the owner is not what they typed. */
  finalNotConverged: number;
  finalParagraphsWrong: number;
  closeCodes: Record<string, number>;
}

export interface ClusterResult {
  options: ClusterOptions;
  single: TypingFigures;
  cluster: TypingFigures;
  /** Rooms each server owned during the measured typing. */
  ownedRooms: number[];
  failover: FailoverFigures;
  /** Warnings and errors the servers logged, by level and message. */
  serverLog: Record<string, number>;
}

/** Why the scenario cannot run here (a package it starts is missing), or null. */
export function clusterSkipReason(): string | null {
  const postgres =
    existsSync(POSTGRES_BIN) && readdirSync(POSTGRES_BIN).some((version) => existsSync(join(POSTGRES_BIN, version, 'bin', 'initdb')));
  if (!postgres) return 'postgresql not installed';
  if (!existsSync(REDIS_SERVER)) return 'redis-server not installed';
  return null;
}

interface RoomState {
  room: Room;
  people: Person[];
  typists: Typist[];
  /** Yjs client id of each typist → its index in `typists`. */
  byClientId: Map<number, number>;
  /** Index of the server that owns the room. */
  owner: number;
}

interface Person {
  room: RoomState;
  /** Index of the server it connects to first. */
  home: number;
  client: FailoverClient;
  typist: Typist | null;
  /** Per typist of its room: up to which clock this person's arrivals were counted in the phase measured. */
  seen: Int32Array;
  relayed: boolean;
}

interface Typist {
  /** Index among all typists, and within its room (its paragraph). */
  g: number;
  lt: number;
  person: Person;
  doc: Y.Doc;
  text: Y.XmlText;
  letters: string;
  typed: number;
}

interface World {
  servers: RunningServer[];
  rooms: RoomState[];
  people: Person[];
  typists: Typist[];
  /** What the phase under way does with each update a person receives. */
  onArrival: ((person: Person, to: Map<number, number>, at: number) => void) | null;
}

export async function runCluster(
  options: ClusterOptions,
  start: (kind: ServerKind, options: StartOptions) => Promise<RunningServer>,
  stop: (server: RunningServer) => Promise<void>,
  log: (line: string) => void,
): Promise<ClusterResult> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const seed = paragraphsUpdate(options.paragraphs, PARAGRAPH_CHARS);
  const stopped = new Set<RunningServer>();
  const serverLog: Record<string, number> = {};
  const stopServer = async (server: RunningServer) => {
    if (stopped.has(server)) return;
    stopped.add(server);
    await stop(server);
    countLog(server.output(), serverLog);
  };
  try {
    // The reference: one server on the same PostgreSQL, no Redis.
    let single: TypingFigures;
    const alone = await start('draftroom', { env: { DATABASE_URL: await postgres.newDatabase() } });
    try {
      const world = await setUp([alone], options, seed);
      try {
        single = await measureTyping(world, options, postgres.url);
      } finally {
        destroy(world);
      }
      log(`9 cluster, one server: ${typingLine(single)}`);
    } finally {
      await stopServer(alone);
    }

    // The cluster: started one after the other (the first creates the schema).
    const env = { DATABASE_URL: await postgres.newDatabase(), REDIS_URL: redis.url };
    const servers: RunningServer[] = [];
    try {
      for (let i = 0; i < options.servers; i++) servers.push(await start('draftroom', { env }));
      const world = await setUp(servers, options, seed);
      try {
        const ownedRooms = servers.map((_, i) => world.rooms.filter((r) => r.owner === i).length);
        const cluster = await measureTyping(world, options, postgres.url);
        log(`9 cluster, ${servers.length} servers (rooms owned ${ownedRooms.join('/')}): ${typingLine(cluster)}`);
        const failover = await runFailover(world, options, stopServer);
        log(`9 cluster, failover: ${failoverLine(failover)}`);
        return { options, single, cluster, ownedRooms, failover, serverLog };
      } finally {
        destroy(world);
      }
    } finally {
      for (const server of servers) await stopServer(server);
    }
  } finally {
    await Promise.all([postgres.stop(), redis.stop()]);
  }
}

/** Rooms made (room r on server r mod n, which then owns it), seeded, and everyone connected and synced. */
async function setUp(servers: RunningServer[], options: ClusterOptions, seed: Uint8Array): Promise<World> {
  const world: World = { servers, rooms: [], people: [], typists: [], onArrival: null };
  const bases = servers.map((s) => s.wsBase);
  const stride = Math.floor(options.clientsPerRoom / options.typistsPerRoom);
  const letters = Math.ceil(
    options.keysPerSecond * (options.typingSeconds + options.beforeKillSeconds + options.failoverTimeoutSeconds + 10) + 100,
  );
  for (let r = 0; r < options.rooms; r++) {
    const creator = servers[r % servers.length]!;
    const room = await createRoom(creator, options.clientsPerRoom + 2, `Cluster bench ${r + 1}`);
    const holder = await seedRoom(room, seed, options.clientsPerRoom);
    const state: RoomState = { room, people: [], typists: [], byClientId: new Map(), owner: r % servers.length };
    for (let j = 0; j < options.clientsPerRoom; j++) {
      const home = j % servers.length;
      const person = { room: state, home, typist: null, seen: new Int32Array(options.typistsPerRoom), relayed: false } as unknown as Person;
      let doc: Y.Doc | undefined;
      if (j % stride === 0 && j / stride < options.typistsPerRoom) {
        doc = new Y.Doc();
        Y.applyUpdate(doc, seed);
        const lt = state.typists.length;
        const g = world.typists.length;
        const typist: Typist = { g, lt, person, doc, text: paragraphText(doc, lt), letters: prose(letters, 7_000 + g), typed: 0 };
        state.typists.push(typist);
        world.typists.push(typist);
        state.byClientId.set(doc.clientID, lt);
        person.typist = typist;
      }
      person.client = new FailoverClient({
        servers: [...bases.slice(home), ...bases.slice(0, home)],
        docId: room.name,
        token: tokenFor(room, j)!,
        name: `Delegate ${j + 1}`,
        doc,
        onUpdate: (_client, to, at) => world.onArrival?.(person, to, at),
      });
      state.people.push(person);
      world.people.push(person);
    }
    world.rooms.push(state);
    const synced = await Promise.all(state.people.map((p) => p.client.whenSynced(60_000)));
    holder.close();
    const late = synced.filter((s) => !s).length;
    if (late > 0) throw new Error(`room ${r + 1}: ${late} of ${options.clientsPerRoom} people not synced within 60 s`);
  }
  if (servers.length > 1) {
    const owned = await owners(servers);
    for (const state of world.rooms) {
      state.owner = owned.findIndex((list) => list.includes(state.room.name));
      if (state.owner === -1) throw new Error(`no server owns room ${state.room.name}`);
    }
  }
  for (const person of world.people) person.relayed = person.home !== person.room.owner;
  return world;
}

function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
  const block = doc
    .getXmlFragment(FRAGMENT)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.getAttribute('id') === blockId(index));
  if (!(block instanceof Y.XmlElement) || !(block.get(0) instanceof Y.XmlText)) throw new Error(`no paragraph ${blockId(index)}`);
  return block.get(0) as Y.XmlText;
}

/** The rooms each server owns now (its /healthz). */
async function owners(servers: RunningServer[]): Promise<string[][]> {
  return Promise.all(
    servers.map(async (server) => {
      const health = (await fetch(`${server.httpUrl}/healthz`).then((r) => r.json())) as { owns?: string[] };
      return health.owns ?? [];
    }),
  );
}

/** Each server's /metrics (empty when it does not answer). */
function metricsOf(servers: RunningServer[]): Promise<Array<Map<string, number>>> {
  return Promise.all(servers.map((server) => scrapeMetrics(server).catch(() => new Map<string, number>())));
}

/**
 * Each server's event-loop delay since the previous scrape of its /metrics (prom-client resets
 * the histogram at every scrape), p99 and max in ms.
 */
function loopDelays(metrics: Array<Map<string, number>>): Array<{ p99: number; max: number }> {
  return metrics.map((m) => ({
    p99: (m.get('nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000,
    max: (m.get('nodejs_eventloop_lag_max_seconds') ?? NaN) * 1000,
  }));
}

/** The servers' writes to the store between two scrapes: how many, their mean, how many took over 10 ms. */
function persists(before: Array<Map<string, number>>, after: Array<Map<string, number>>): TypingFigures['persists'] {
  let count = 0;
  let seconds = 0;
  let upTo10Ms = 0;
  after.forEach((m, i) => {
    const d = (name: string) => (m.get(name) ?? 0) - (before[i]!.get(name) ?? 0);
    count += d('draftroom_persist_seconds_count');
    seconds += d('draftroom_persist_seconds_sum');
    upTo10Ms += d('draftroom_persist_seconds_bucket{le="0.01"}');
  });
  return { count, meanMs: count ? (seconds / count) * 1000 : NaN, over10Ms: count - upTo10Ms };
}

/**
 * CPU seconds PostgreSQL has used: the postmaster listening on `url`'s port (with its exited
 * children) and its live processes, from /proc.
 */
function postgresCpuSeconds(url: string): number {
  const port = new URL(url).port;
  const pids = (command: string, args: string[]) =>
    spawnSync(command, args, { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
  const postmaster = pids('pgrep', ['-f', `bin/postgres -D .* -p ${port} `])[0];
  if (postmaster === undefined) return NaN;
  let ticks = 0;
  for (const pid of [postmaster, ...pids('pgrep', ['-P', String(postmaster)])]) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // utime, stime, cutime, cstime: fields 14 to 17, counted after the command name's ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + (pid === postmaster ? Number(fields[13]) + Number(fields[14]) : 0);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / CLOCK_TICKS;
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** The kernel's TcpExt ListenOverflows counter (whole machine): connections dropped because a listening socket's queue was full. */
function listenOverflows(): number {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const names = lines.find((l) => l.startsWith('TcpExt:'))?.split(' ');
  const values = lines.filter((l) => l.startsWith('TcpExt:'))[1]?.split(' ');
  const at = names?.indexOf('ListenOverflows') ?? -1;
  return at > 0 && values ? Number(values[at]) : NaN;
}

function destroy(world: World): void {
  world.onArrival = null;
  for (const person of world.people) person.client.destroy();
  for (const typist of world.typists) typist.doc.destroy();
}

/**
 * Every typist types one character at the end of its paragraph every 1/keysPerSecond s (from
 * a random offset) while `more(typist, k)`; `before` runs right before keystroke k.
 */
async function type(
  typists: Typist[],
  keysPerSecond: number,
  more: (typist: Typist, k: number) => boolean,
  before?: (typist: Typist, k: number) => void,
): Promise<void> {
  const intervalMs = 1000 / keysPerSecond;
  const start = performance.now() + 50;
  await Promise.all(
    typists.map(async (typist) => {
      const offset = Math.random() * intervalMs;
      for (let k = 0; more(typist, k); k++) {
        const wait = start + offset + k * intervalMs - performance.now();
        if (wait > 0) await sleep(wait);
        if (!more(typist, k)) break;
        before?.(typist, k);
        typist.text.insert(typist.text.length, typist.letters[typist.typed % typist.letters.length]!);
        typist.typed++;
      }
    }),
  );
}

/** What a typist has typed since the room was seeded. */
function typedText(typist: Typist): string {
  let text = '';
  for (let k = 0; k < typist.typed; k++) text += typist.letters[k % typist.letters.length];
  return text;
}

async function measureTyping(world: World, options: ClusterOptions, postgresUrl: string): Promise<TypingFigures> {
  const { servers, typists, people } = world;
  await Promise.all(servers.map((s) => settle(s.pid, options.settleMaxMs)));
  const perTypist = Math.round(options.keysPerSecond * options.typingSeconds);
  const keystrokes = typists.length * perTypist;
  const base = Int32Array.from(typists, (t) => Y.getState(t.doc.store, t.doc.clientID));
  const sentAt = new Float64Array(keystrokes);
  // Per group (0: on the owner, 1: relayed) and keystroke: how many people have it, and when the last of them got it.
  const count = [new Uint16Array(keystrokes), new Uint16Array(keystrokes)] as const;
  const last = [new Float64Array(keystrokes), new Float64Array(keystrokes)] as const;
  const deliveries = keystrokes * (options.clientsPerRoom - 1);
  const samples = [new Samples(deliveries), new Samples(1024)] as const;
  let received = 0;
  for (const person of people) for (const typist of person.room.typists) person.seen[typist.lt] = base[typist.g]!;
  world.onArrival = (person, to, at) => {
    const room = person.room;
    const group = person.relayed ? 1 : 0;
    for (const [id, upTo] of to) {
      const lt = room.byClientId.get(id);
      if (lt === undefined) continue;
      const typist = room.typists[lt]!;
      const from = person.seen[lt]!;
      if (typist.person === person || upTo <= from) continue;
      person.seen[lt] = upTo;
      const first = typist.g * perTypist - base[typist.g]!;
      for (let clock = from; clock < upTo && clock - base[typist.g]! < perTypist; clock++) {
        const i = first + clock;
        samples[group].push(at - sentAt[i]!);
        count[group][i]!++;
        if (at > last[group][i]!) last[group][i] = at;
        received++;
      }
    }
  };
  const closesBefore = people.map((p) => p.client.closes.length);
  const metricsBefore = await metricsOf(servers);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpuBefore = servers.map((s) => sampleProcess(s.pid).cpuSeconds);
  const loadGenBefore = selfCpuSeconds();
  const machineBefore = machineBusySeconds();
  const postgresBefore = postgresCpuSeconds(postgresUrl);
  const started = performance.now();
  await type(
    typists,
    options.keysPerSecond,
    (_typist, k) => k < perTypist,
    (typist, k) => {
      sentAt[typist.g * perTypist + k] = performance.now();
    },
  );
  // Drain: until every keystroke reached everyone, or nothing more arrived for 2 s.
  let lastCount = -1;
  let lastProgress = performance.now();
  await until(() => {
    if (received !== lastCount) {
      lastCount = received;
      lastProgress = performance.now();
    }
    return received >= deliveries || performance.now() - lastProgress > 2_000;
  }, 30_000);
  const cpuAfter = servers.map((s) => sampleProcess(s.pid).cpuSeconds);
  const loadGenAfter = selfCpuSeconds();
  const machineAfter = machineBusySeconds();
  const postgresSeconds = postgresCpuSeconds(postgresUrl) - postgresBefore;
  const ended = performance.now();
  loop.disable();
  world.onArrival = null;
  const metricsAfter = await metricsOf(servers);

  const whole = [new Samples(keystrokes), new Samples(keystrokes), new Samples(keystrokes)] as const;
  const opening = [new Samples(keystrokes), new Samples(keystrokes)] as const;
  for (const typist of typists) {
    const others = typist.person.room.people.filter((p) => p !== typist.person);
    const expected = [others.filter((p) => !p.relayed).length, others.filter((p) => p.relayed).length];
    for (let k = 0; k < perTypist; k++) {
      const i = typist.g * perTypist + k;
      const complete = [count[0][i] === expected[0], count[1][i] === expected[1]];
      if (complete[0] && complete[1]) {
        const latency = Math.max(last[0][i]!, last[1][i]!) - sentAt[i]!;
        whole[0].push(latency);
        opening[sentAt[i]! - started < OPENING_MS ? 0 : 1].push(latency);
      }
      if (expected[0]! > 0 && complete[0]) whole[1].push(last[0][i]! - sentAt[i]!);
      if (expected[1]! > 0 && complete[1]) whole[2].push(last[1][i]! - sentAt[i]!);
    }
  }
  const both = new Float64Array(samples[0].length + samples[1].length);
  both.set(samples[0].values());
  both.set(samples[1].values(), samples[0].length);
  const perServerCpuSeconds = cpuAfter.map((after, i) => after - cpuBefore[i]!);
  const serverCpuSeconds = perServerCpuSeconds.reduce((a, b) => a + b, 0);
  return {
    keystrokes,
    deliveries,
    missing: deliveries - received,
    perClient: { all: distribution(both), owner: distribution(samples[0].values()), relayed: distribution(samples[1].values()) },
    wholeRoom: { all: distribution(whole[0].values()), owner: distribution(whole[1].values()), relayed: distribution(whole[2].values()) },
    wholeRoomOpening: { firstSecond: distribution(opening[0].values()), after: distribution(opening[1].values()) },
    serverCpuSeconds,
    perServerCpuSeconds,
    serverCpuMsPerKeystroke: (serverCpuSeconds * 1000) / keystrokes,
    seconds: (ended - started) / 1000,
    serverLoopDelayMs: loopDelays(metricsAfter),
    persists: persists(metricsBefore, metricsAfter),
    relayedConnections: metricsAfter.reduce((sum, m) => sum + (m.get('draftroom_relayed_connections') ?? 0), 0),
    loadGenCpuSeconds: loadGenAfter - loadGenBefore,
    loadGenLoopDelayP99Ms: loop.percentile(99) / 1e6,
    postgresCpuSeconds: postgresSeconds,
    otherCpuSeconds: machineAfter - machineBefore - serverCpuSeconds - (loadGenAfter - loadGenBefore) - postgresSeconds,
    closedConnections: people.reduce((sum, p, i) => sum + p.client.closes.length - closesBefore[i]!, 0),
  };
}

async function runFailover(
  world: World,
  options: ClusterOptions,
  stop: (server: RunningServer) => Promise<void>,
): Promise<FailoverFigures> {
  const { servers, rooms, people, typists } = world;
  let typing = true;
  const typingDone = type(typists, options.keysPerSecond, () => typing);
  await sleep(options.beforeKillSeconds * 1000);
  const owned = await owners(servers);
  const ownedBefore = owned.map((list) => list.length);
  const killed = ownedBefore.indexOf(Math.max(...ownedBefore));
  const victim = servers[killed]!;
  const survivors = servers.filter((s) => s !== victim);
  const killedRooms = rooms.filter((r) => owned[killed]!.includes(r.room.name));
  await metricsOf(survivors);
  const survivorCpuBefore = survivors.map((s) => sampleProcess(s.pid).cpuSeconds);
  const affected = new Set(killedRooms.flatMap((r) => r.people));
  const others = people.filter((p) => !affected.has(p) && p.home === killed);

  // From here to the kill, nothing waits: what everyone holds is taken at the moment of the kill.
  const typedAtKill = typists.map((t) => Y.getState(t.doc.store, t.doc.clientID));
  // Per typist: how far another person of its room has its keystrokes (the server committed and sent them).
  const echoed = typists.map((t) =>
    Math.max(0, ...t.person.room.people.filter((p) => p !== t.person).map((p) => p.client.known.get(t.doc.clientID) ?? 0)),
  );
  const overflowsBefore = listenOverflows();
  const killAt = performance.now();
  const convergedAt = new Map<Person, number>();
  const converged = (person: Person): boolean => {
    const client = person.client;
    if (!client.synced || (client.opens.at(-1) ?? 0) < killAt) return false;
    return person.room.typists.every((t) => (client.known.get(t.doc.clientID) ?? 0) >= typedAtKill[t.g]!);
  };
  world.onArrival = (person, _to, at) => {
    if (affected.has(person) && !convergedAt.has(person) && converged(person)) convergedAt.set(person, at);
  };
  process.kill(victim.pid, 'SIGKILL');
  // Called at once, so that it sees the process exit (it sends a SIGTERM that finds it dead).
  const victimStopped = stop(victim);

  const timeoutMs = options.failoverTimeoutSeconds * 1000;
  const takenAt = new Map<string, number>();
  const polling = (async () => {
    while (takenAt.size < killedRooms.length && performance.now() - killAt < timeoutMs) {
      const lists = await owners(survivors).catch(() => [] as string[][]);
      const now = performance.now();
      for (const room of killedRooms)
        if (!takenAt.has(room.room.name) && lists.some((l) => l.includes(room.room.name))) takenAt.set(room.room.name, now);
      await sleep(100);
    }
  })();
  await until(() => convergedAt.size === affected.size, timeoutMs);
  const notConverged = affected.size - convergedAt.size;
  const convergedMs = notConverged === 0 ? Math.max(0, ...[...convergedAt.values()].map((at) => at - killAt)) : null;
  await polling;
  await sleep(1_000); // typing goes on a little on the new owners
  typing = false;
  await typingDone;
  await victimStopped;
  const survivorCpuSeconds = survivors.reduce((sum, s, i) => sum + sampleProcess(s.pid).cpuSeconds - survivorCpuBefore[i]!, 0);
  const survivorLoopDelayMs = loopDelays(await metricsOf(survivors));
  const overflows = listenOverflows() - overflowsBefore;

  // Drain: until every person holds everything typed in its room (at most 15 s). Those not
  // converged by the timeout still count in personConvergedMs when they do.
  const holdsAll = (p: Person) => p.room.typists.every((t) => (p.client.known.get(t.doc.clientID) ?? 0) >= t.typed);
  await until(() => people.every(holdsAll), 15_000);
  world.onArrival = null;

  // The new owner's document, read by a connection of its own: every state alike, every paragraph as typed.
  let finalNotConverged = 0;
  let finalParagraphsWrong = 0;
  for (const state of rooms) {
    const doc = await readRoom({ ...state.room, server: survivors[0]! }, options.clientsPerRoom + 1);
    const ownerState = Y.decodeStateVector(Y.encodeStateVector(doc));
    for (const person of state.people) {
      const ids = new Set([...ownerState.keys(), ...person.client.known.keys()]);
      if ([...ids].some((id) => (ownerState.get(id) ?? 0) !== (person.client.known.get(id) ?? 0))) finalNotConverged++;
    }
    for (const typist of state.typists) {
      if (paragraphText(doc, typist.lt).toString() !== prose(PARAGRAPH_CHARS, typist.lt + 1) + typedText(typist)) finalParagraphsWrong++;
    }
    doc.destroy();
  }

  // Durability: each typist of those rooms, as it came back: did the new owner hold what others had seen?
  let echoedBeforeKill = 0;
  let missingOnNewOwner = 0;
  let typistsNotBack = 0;
  for (const room of killedRooms) {
    for (const typist of room.typists) {
      echoedBeforeKill += echoed[typist.g]!;
      const back = typist.person.client.serverHeld.find((h) => h.at > killAt);
      if (back === undefined) typistsNotBack++;
      else missingOnNewOwner += Math.max(0, echoed[typist.g]! - back.clock);
    }
  }
  const firstAfter = (times: number[]) => times.find((t) => t > killAt);
  const resynced = (list: Person[]) => list.map((p) => firstAfter(p.client.syncs)).flatMap((at) => (at === undefined ? [] : [at - killAt]));
  const closeCodes: Record<string, number> = {};
  for (const person of people) {
    for (const close of person.client.closes) if (close.at > killAt) closeCodes[close.code] = (closeCodes[close.code] ?? 0) + 1;
  }
  return {
    ownedBefore,
    killed,
    killedRooms: killedRooms.length,
    affectedClients: affected.size,
    convergedMs,
    notConverged,
    personConvergedMs: distribution([...convergedAt.values()].map((at) => at - killAt)),
    resyncedMs: {
      deadServer: distribution(resynced([...affected].filter((p) => p.home === killed))),
      survivor: distribution(resynced([...affected].filter((p) => p.home !== killed))),
      otherRooms: distribution(resynced(others)),
    },
    roomTakenMs: distribution([...takenAt.values()].map((at) => at - killAt)),
    echoedBeforeKill,
    missingOnNewOwner,
    typistsNotBack,
    survivorCpuSeconds,
    survivorLoopDelayMs,
    listenOverflows: overflows,
    finalNotConverged,
    finalParagraphsWrong,
    closeCodes,
  };
}

/** The room's whole document as its server holds it now. */
async function readRoom(room: Room, index: number): Promise<Y.Doc> {
  const doc = new Y.Doc();
  let read = false;
  const reader = await RawClient.open(room, index, {
    onUpdate: (update, kind) => {
      if (kind !== 'step2') return;
      Y.applyUpdate(doc, update);
      read = true;
    },
  });
  reader.sendStep1();
  const ok = await until(() => read, 15_000);
  reader.close();
  if (!ok) throw new Error(`room ${room.name} could not be read back within 15 s`);
  return doc;
}

/** Counts the servers' log lines (LOG_LEVEL=warn: warnings and errors, JSON lines) by level and message. */
function countLog(output: string, into: Record<string, number>): void {
  const levels: Record<number, string> = { 40: 'warn', 50: 'error', 60: 'fatal' };
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue; // the start-up banner
    let entry: { level?: number; msg?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if ((entry.level ?? 0) < 40) continue;
    const key = `${levels[entry.level!] ?? `level ${entry.level}`}: ${entry.msg ?? ''}`;
    into[key] = (into[key] ?? 0) + 1;
  }
}

function typingLine(f: TypingFigures): string {
  const d = (x: Distribution) => `${fmt(x.p50)}/${fmt(x.p99)}`;
  return (
    `keystroke at each other person p50/p99 ${d(f.perClient.all)} ms (on the owner ${d(f.perClient.owner)}, relayed ${d(f.perClient.relayed)}); ` +
    `to the whole room ${d(f.wholeRoom.all)} ms (first second ${d(f.wholeRoomOpening.firstSecond)}, after ${d(f.wholeRoomOpening.after)}); ${f.missing} of ${f.deliveries} deliveries missing; server CPU ${f.serverCpuSeconds.toFixed(2)} s ` +
    `(${f.serverCpuMsPerKeystroke.toFixed(3)} ms per keystroke); load generator ${f.loadGenCpuSeconds.toFixed(1)} s CPU, event-loop delay p99 ${f.loadGenLoopDelayP99Ms.toFixed(0)} ms`
  );
}

function failoverLine(f: FailoverFigures): string {
  const s = (ms: number | null) => (ms === null ? 'not within the timeout' : `${(ms / 1000).toFixed(2)} s`);
  return (
    `killed the server owning ${f.killedRooms} rooms (${f.affectedClients} people); all back and converged after ${s(f.convergedMs)}` +
    (f.convergedMs === null ? ` (${f.notConverged} not by then; the last after ${s(f.personConvergedMs.max)})` : '') +
    ` (rooms taken p50 ${s(f.roomTakenMs.p50)}, max ${s(f.roomTakenMs.max)}; people synced again max ${s(Math.max(f.resyncedMs.deadServer.max, f.resyncedMs.survivor.max))});` +
    ` ${f.missingOnNewOwner} of ${f.echoedBeforeKill} echoed keystrokes missing on the new owner; after: ${f.finalNotConverged} people differ from the owner,` +
    ` ${f.finalParagraphsWrong} paragraphs not as typed`
  );
}

/** The scenario's tables: propagation and CPU on one server and through the servers, then the failover. */
export function clusterTable(r: ClusterResult): string {
  const o = r.options;
  const { single, cluster, failover: f } = r;
  const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : '–');
  const diff = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) ? `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(1)}` : '–');
  const row = (label: string, one: number, many: number, digits = 1) =>
    `| ${label} | ${fmt(one, digits)} | ${fmt(many, digits)} | ${diff(many, one)} | ${ratio(many, one)} |`;
  const delays = (list: Array<{ p99: number; max: number }>) => list.map((d) => `${fmt(d.p99, 0)} / ${fmt(d.max, 0)}`).join(', ');
  const writes = (w: TypingFigures['persists']) => `${w.count.toLocaleString('en')}, ${fmt(w.meanMs, 2)}, ${w.over10Ms}`;
  const seconds = (value: number | null) => (value === null ? 'not within the timeout' : (value / 1000).toFixed(2));
  const clients = o.rooms * o.clientsPerRoom;
  return [
    `| 9 cluster: ${o.servers} servers on one PostgreSQL and one Redis, ${o.rooms} rooms × ${o.clientsPerRoom} people (${clients.toLocaleString('en')}), ${o.typistsPerRoom} typists a room at ${o.keysPerSecond} keys/s for ${o.typingSeconds} s | one server | ${o.servers} servers | ${o.servers} servers − one | ${o.servers} servers / one |`,
    '|---|--:|--:|--:|--:|',
    row('keystroke at each other person, all: p50 (ms)', single.perClient.all.p50, cluster.perClient.all.p50),
    row('keystroke at each other person on the room’s owner: p50 (ms)', single.perClient.all.p50, cluster.perClient.owner.p50),
    row('keystroke at each other person, relayed: p50 (ms)', single.perClient.all.p50, cluster.perClient.relayed.p50),
    row('keystroke at each other person, all: p99 (ms)', single.perClient.all.p99, cluster.perClient.all.p99),
    row('keystroke at each other person on the room’s owner: p99 (ms)', single.perClient.all.p99, cluster.perClient.owner.p99),
    row('keystroke at each other person, relayed: p99 (ms)', single.perClient.all.p99, cluster.perClient.relayed.p99),
    `| the relay within the same run: relayed − on the owner, p50 / p99 (ms) | | ${diff(cluster.perClient.relayed.p50, cluster.perClient.owner.p50)} / ${diff(cluster.perClient.relayed.p99, cluster.perClient.owner.p99)} | | |`,
    row('keystroke at every other person of its room: p50 (ms)', single.wholeRoom.all.p50, cluster.wholeRoom.all.p50),
    row(
      `keystroke at every other person of its room: p99 (ms; target < ${PROPAGATION_TARGET_MS})`,
      single.wholeRoom.all.p99,
      cluster.wholeRoom.all.p99,
    ),
    row(
      'of them, typed in the first second of the typing (everybody’s first keystrokes): p99 (ms)',
      single.wholeRoomOpening.firstSecond.p99,
      cluster.wholeRoomOpening.firstSecond.p99,
    ),
    row('of them, typed after the first second: p99 (ms)', single.wholeRoomOpening.after.p99, cluster.wholeRoomOpening.after.p99),
    row('server CPU per keystroke, all servers (ms)', single.serverCpuMsPerKeystroke, cluster.serverCpuMsPerKeystroke, 3),
    `| server CPU (s), per server | ${single.perServerCpuSeconds.map((c) => c.toFixed(2)).join(' + ')} | ${cluster.perServerCpuSeconds.map((c) => c.toFixed(2)).join(' + ')} | | |`,
    `| deliveries missing (of keystrokes × other people) | ${single.missing} of ${single.deliveries.toLocaleString('en')} | ${cluster.missing} of ${cluster.deliveries.toLocaleString('en')} | | |`,
    `| servers' event-loop delay, p99 / max (ms) | ${delays(single.serverLoopDelayMs)} | ${delays(cluster.serverLoopDelayMs)} | | |`,
    `| writes to PostgreSQL: count, mean (ms), over 10 ms | ${writes(single.persists)} | ${writes(cluster.persists)} | | |`,
    `| websockets relayed to the owner | ${single.relayedConnections} | ${cluster.relayedConnections} | | |`,
    `| load generator: CPU (s), event-loop delay p99 (ms) | ${single.loadGenCpuSeconds.toFixed(1)}, ${single.loadGenLoopDelayP99Ms.toFixed(0)} | ${cluster.loadGenCpuSeconds.toFixed(1)}, ${cluster.loadGenLoopDelayP99Ms.toFixed(0)} | | |`,
    `| PostgreSQL CPU (s) | ${single.postgresCpuSeconds.toFixed(1)} | ${cluster.postgresCpuSeconds.toFixed(1)} | | |`,
    `| CPU of other processes (s) | ${Math.max(0, single.otherCpuSeconds).toFixed(1)} | ${Math.max(0, cluster.otherCpuSeconds).toFixed(1)} | | |`,
    `| rooms owned, per server | ${o.rooms} | ${r.ownedRooms.join(' + ')} | | |`,
    '',
    `| 9 failover: SIGKILL of the server owning ${f.killedRooms} of ${o.rooms} rooms (${f.affectedClients} people in them), everyone typing | |`,
    '|---|--:|',
    `| kill → every person of those rooms reconnected and holding all typed before the kill (s; target ≤ ${FAILOVER_TARGET_MS / 1000}) | ${
      f.convergedMs === null
        ? `not within ${o.failoverTimeoutSeconds} s (${f.notConverged} of ${f.affectedClients} people)`
        : seconds(f.convergedMs)
    } |`,
    `| kill → each of them so: p50, max (s) | ${seconds(f.personConvergedMs.p50)}, ${seconds(f.personConvergedMs.max)} |`,
    `| kill → synced again, those on the dead server (${f.resyncedMs.deadServer.count}): p50, max (s) | ${seconds(f.resyncedMs.deadServer.p50)}, ${seconds(f.resyncedMs.deadServer.max)} |`,
    `| kill → synced again, those relayed by the survivor (${f.resyncedMs.survivor.count}): p50, max (s) | ${seconds(f.resyncedMs.survivor.p50)}, ${seconds(f.resyncedMs.survivor.max)} |`,
    `| kill → the other server owns each room: p50, max (s) | ${seconds(f.roomTakenMs.p50)}, ${seconds(f.roomTakenMs.max)} |`,
    `| people of the other rooms relayed by the dead server (${f.resyncedMs.otherRooms.count}): kill → synced again, p50, max (s) | ${seconds(f.resyncedMs.otherRooms.p50)}, ${seconds(f.resyncedMs.otherRooms.max)} |`,
    `| keystrokes another person had before the kill: missing on the new owner as their typist came back | ${f.missingOnNewOwner} of ${f.echoedBeforeKill.toLocaleString('en')}${f.typistsNotBack ? ` (${f.typistsNotBack} typists never came back)` : ''} |`,
    `| surviving server from the kill to the end of the typing: CPU (s), event-loop delay p99 / max (ms) | ${f.survivorCpuSeconds.toFixed(1)}, ${delays(f.survivorLoopDelayMs)} |`,
    `| connections the kernel dropped, a listening queue full (TcpExt ListenOverflows, whole machine) | ${f.listenOverflows} |`,
    `| after the typing: people whose state differs from the owner’s; paragraphs not as typed | ${f.finalNotConverged}; ${f.finalParagraphsWrong} |`,
    `| connections closed after the kill, by code | ${
      Object.entries(f.closeCodes)
        .map(([code, n]) => `${code}: ${n}`)
        .join(', ') || 'none'
    } |`,
    ...(Object.keys(r.serverLog).length
      ? [
          '',
          `Server log (warnings and errors, by message): ${Object.entries(r.serverLog)
            .map(([line, n]) => `${line} (${n})`)
            .join('; ')}.`,
        ]
      : []),
  ].join('\n');
}

/** Issue 15's targets for this scenario. */
export function clusterTargets(r: ClusterResult): TargetCheck[] {
  const { single, cluster, failover: f } = r;
  return [
    {
      id: '9',
      target: `through ${r.options.servers} servers, a keystroke at every other person of its room within ${PROPAGATION_TARGET_MS} ms (p99)`,
      measured: `p99 ${fmt(cluster.wholeRoom.all.p99)} ms (one server ${fmt(single.wholeRoom.all.p99)} ms); each other person p99 ${fmt(cluster.perClient.all.p99)} ms, relayed ${fmt(cluster.perClient.relayed.p99)} ms`,
      met: cluster.wholeRoom.all.count > 0 && cluster.missing === 0 ? cluster.wholeRoom.all.p99 < PROPAGATION_TARGET_MS : false,
    },
    {
      id: '9',
      target: `a killed server's rooms back, every person reconnected and converged, within ${FAILOVER_TARGET_MS / 1000} s`,
      measured:
        f.convergedMs === null
          ? `${f.notConverged} of ${f.affectedClients} people not back within ${r.options.failoverTimeoutSeconds} s`
          : `${(f.convergedMs / 1000).toFixed(2)} s for ${f.affectedClients} people in ${f.killedRooms} rooms (rooms taken after ${(f.roomTakenMs.max / 1000).toFixed(2)} s at most)`,
      met: f.convergedMs !== null && f.convergedMs <= FAILOVER_TARGET_MS,
    },
    {
      id: '9',
      target: 'no keystroke another person had before the kill is lost',
      measured: `${f.missingOnNewOwner} of ${f.echoedBeforeKill.toLocaleString('en')} missing on the new owner; after the typing ${f.finalNotConverged} people differ from the owner, ${f.finalParagraphsWrong} paragraphs not as typed`,
      met: f.missingOnNewOwner === 0 && f.typistsNotBack === 0 && f.finalNotConverged === 0 && f.finalParagraphsWrong === 0,
    },
  ];
}
