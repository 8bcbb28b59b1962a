/** Sizes of every scenario: the full run (issue 6) and the quick smoke run (`-- --quick`, CI). */
import type { MeetingOptions } from './scenarios/meeting.js';
import type { BrowserOptions } from './scenarios/browser.js';
import type { LongAmendmentsOptions } from './scenarios/longAmendments.js';
import type { ClusterOptions } from './scenarios/cluster.js';

export interface BenchConfig {
  mode: 'full' | 'quick';
  meeting: MeetingOptions;
  /**
   * Traces to replay; a short one (about a second through a server) is replayed `repeats`
   * times, each in a fresh room, and so is its bare Y.Doc baseline: the median run counts, so
   * one busy moment of this shared machine does not decide the figure.
   */
  traces: Array<{ file: string; limit: number; repeats?: number }>;
  traceTimeoutMs: number;
  joinStorm: { clients: number; documentBytes: number };
  lockCost: { sizes: Array<{ paragraphs: number; authors: number }>; updates: number; refusedUpdates: number; rounds: number };
  memory: { count: number; settleMaxMs: number };
  browser: boolean;
  browserOptions: BrowserOptions;
  /** Scenario 7 (issue 10): the long-paragraph amendment case, Draftroom only. */
  longAmendments: LongAmendmentsOptions;
  /** Scenario 9 (issue 15): several servers on one PostgreSQL and one Redis, and one of them killed. */
  cluster: ClusterOptions;
  /** Fresh server processes per scenario group (full) or one per server for everything (quick). */
  freshServers: boolean;
  /** Start-up: how many times each server is started (the median counts). */
  startupRounds: number;
}

/** Issue 6: 1,000 paragraphs, 300 locked, 20 remote carets moving (each once a second). */
const BROWSER: BrowserOptions = {
  paragraphs: 1_000,
  locked: 300,
  remoteCarets: 20,
  caretMovesPerSecond: 1,
  keystrokes: 100,
  keystrokeIntervalMs: 150,
};

export function benchConfig(quick: boolean, realClients: boolean): BenchConfig {
  if (quick) {
    return {
      mode: 'quick',
      meeting: {
        clients: 20,
        typists: 2,
        keysPerSecond: 5,
        typingSeconds: 1,
        arrivalSeconds: 0.5,
        paragraphs: 20,
        lockedParagraphs: 4,
        realClients,
        pauseMs: 100,
        settleMaxMs: 1_000,
      },
      traces: [
        { file: 'automerge-paper.json.gz', limit: 1_500 },
        { file: 'friendsforever.json.gz', limit: 800 },
      ],
      traceTimeoutMs: 15_000,
      joinStorm: { clients: 16, documentBytes: 100_000 },
      lockCost: {
        sizes: [
          { paragraphs: 10, authors: 1 },
          { paragraphs: 1_000, authors: 1 },
          { paragraphs: 3_000, authors: 1 },
        ],
        updates: 100,
        refusedUpdates: 10,
        rounds: 2,
      },
      memory: { count: 6, settleMaxMs: 400 },
      browser: false,
      browserOptions: BROWSER,
      longAmendments: { paragraphWords: 800, replacementWords: 165, amendments: 3, people: 6, edits: 1 },
      cluster: {
        servers: 2,
        rooms: 2,
        clientsPerRoom: 10,
        typistsPerRoom: 2,
        keysPerSecond: 5,
        typingSeconds: 2,
        paragraphs: 4,
        beforeKillSeconds: 1,
        failoverTimeoutSeconds: 10,
        settleMaxMs: 500,
      },
      freshServers: false,
      startupRounds: 1,
    };
  }
  return {
    mode: 'full',
    meeting: {
      clients: 120,
      typists: 10,
      keysPerSecond: 5,
      typingSeconds: 30,
      arrivalSeconds: 3,
      paragraphs: 40,
      lockedParagraphs: 10,
      realClients,
      pauseMs: 1_000,
      settleMaxMs: 5_000,
    },
    // Each trace types one paragraph; Draftroom keeps a paragraph to MAX_BLOCK_CHARS (20,000,
    // PROTOCOL.md I3) and refuses what would pass it. So every trace stops before its text
    // does (19,000 characters): past it, Draftroom's figures would time refusals, not edits, and
    // its text would differ from the stock server's. automerge-paper ends at 104,852 characters,
    // so this is its first 29,000 transactions; the two others nearly whole.
    traces: [
      { file: 'automerge-paper.json.gz', limit: 29_000 },
      { file: 'friendsforever.json.gz', limit: 22_000, repeats: 5 },
      { file: 'clownschool.json.gz', limit: 20_000, repeats: 5 },
    ],
    traceTimeoutMs: 90_000,
    joinStorm: { clients: 150, documentBytes: 1_000_000 },
    lockCost: {
      sizes: [
        { paragraphs: 10, authors: 1 },
        { paragraphs: 1_000, authors: 1 },
        { paragraphs: 10_000, authors: 1 },
        { paragraphs: 10_000, authors: 1_000 },
      ],
      updates: 1_000,
      refusedUpdates: 50,
      rounds: 3,
    },
    memory: { count: 100, settleMaxMs: 5_000 },
    browser: true,
    browserOptions: BROWSER,
    // Issue 10: an 8,000-word paragraph, three replacements of ~1,650 words, a hall listing.
    longAmendments: { paragraphWords: 8_000, replacementWords: 1_650, amendments: 3, people: 120, edits: 5 },
    // Issue 15: 1,000 people in 20 rooms on two servers, half of each room relayed; then the
    // server owning the most rooms is killed while they type.
    cluster: {
      servers: 2,
      rooms: 20,
      clientsPerRoom: 50,
      typistsPerRoom: 10,
      keysPerSecond: 5,
      typingSeconds: 20,
      paragraphs: 20,
      beforeKillSeconds: 3,
      failoverTimeoutSeconds: 20,
      settleMaxMs: 5_000,
    },
    freshServers: true,
    startupRounds: 7,
  };
}
