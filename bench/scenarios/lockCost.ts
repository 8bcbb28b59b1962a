/**
 * Scenario 4, lock checks: the cost per keystroke update of Draftroom's policy on 10 /
 * 1,000 / 10,000-paragraph documents with every other paragraph locked, in this process,
 * side by side with a bare Y.Doc applying the same updates.
 *
 *  - bare:     Y.applyUpdate on a Y.Doc holding the same document.
 *  - checked:  what the pipeline does for an editor's update: apply with the connection as
 *              origin, findTouchedBlocks, LockPolicy.enforce — in one transaction (Room).
 *  - pipeline: a lone keystroke through the whole pipeline: handleFrame (rate check,
 *              decode, validation, queue) and the end of its turn, room.incoming.drain() (apply,
 *              checks, persist to SQLite, broadcast to the room's one connection).
 *  - refused:  the same for a keystroke into a locked paragraph (undone, the sender told),
 *              with the block numbers the notice names already worked out (steady state).
 * The sizes
 * are measured in interleaved rounds after a warm-up; each figure is the median round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { FastifyBaseLogger } from 'fastify';
import { Room } from '../../server/collab/Room.js';
import { SqliteStore } from '../../server/store/SqliteStore.js';
import { handleFrame } from '../../server/collab/updatePipeline.js';
import { findTouchedBlocks } from '../../server/collab/touchedBlocks.js';
import { Connection } from '../../server/collab/Connection.js';
import type { WebSocket } from 'ws';
import { FRAGMENT, blockId, prose } from '../lib/documents.js';

export interface LockCostRow {
  paragraphs: number;
  authors: number;
  locked: number;
  bareUs: number;
  checkedUs: number;
  pipelineUs: number;
  refusedUs: number;
}

const silentLog = {
  level: 'silent',
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  trace: () => {},
  fatal: () => {},
  silent: () => {},
  child() {
    return this;
  },
} as unknown as FastifyBaseLogger;

/** A real Connection on a socket that discards what it is sent, with the rate limits off (the bench sends thousands of updates). */
function fakeConnection(): Connection {
  const socket = { readyState: 1, OPEN: 1, bufferedAmount: 0, send: () => {}, close: () => {} };
  const session = { docId: 'bench', inviteId: 'bench', role: 'expert' as const, name: 'Bench', delegation: '', expiresAt: null };
  return Object.assign(new Connection(socket as unknown as WebSocket, session, silentLog), {
    admitFrame: () => true,
    admitUpdate: () => true,
    admitOwnAwareness: () => true,
  });
}

/** The document as one update, its paragraphs written by `authors` different Yjs clients. */
function documentUpdate(paragraphs: number, authors: number): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(FRAGMENT);
  const perAuthor = Math.ceil(paragraphs / authors);
  for (let a = 0; a < authors; a++) {
    doc.clientID = 10_000 + a;
    doc.transact(() => {
      const blocks: Y.XmlElement[] = [];
      for (let i = a * perAuthor; i < Math.min(paragraphs, (a + 1) * perAuthor); i++) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.setAttribute('id', blockId(i));
        const text = new Y.XmlText();
        text.insert(0, prose(150, i + 1));
        paragraph.insert(0, [text]);
        blocks.push(paragraph);
      }
      fragment.insert(fragment.length, blocks);
    });
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** `count` one-character updates typed by a fresh client into paragraph `index`. */
function keystrokes(state: Uint8Array, index: number, count: number, clientId: number): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  Y.applyUpdate(doc, state);
  const paragraph = doc.getXmlFragment(FRAGMENT).get(index) as Y.XmlElement;
  const text = paragraph.get(0) as Y.XmlText;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let k = 0; k < count; k++) text.insert(Math.min(text.length, 20 + k), 'x');
  doc.destroy();
  return updates;
}

function frameOf(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function timePerItem<T>(items: T[], action: (item: T) => void): number {
  const started = performance.now();
  for (const item of items) action(item);
  return ((performance.now() - started) * 1000) / items.length;
}

interface Prepared {
  paragraphs: number;
  authors: number;
  room: Room;
  bare: Y.Doc;
  store: SqliteStore;
  dataDir: string;
  /** Per round: keystrokes for the bare/checked comparison (A) and for the pipeline (B). */
  rounds: Array<{ a: Uint8Array[]; b: Uint8Array[] }>;
  refused: Uint8Array[];
}

function prepare(paragraphs: number, authors: number, updates: number, rounds: number, refusedUpdates: number): Prepared {
  const dataDir = mkdtempSync(join(tmpdir(), 'draftroom-lockcost-'));
  const store = new SqliteStore(dataDir);
  const docId = 'bench-lock-cost';
  store.createDocument({ id: docId, title: 'Lock cost', createdAt: new Date().toISOString() });
  store.appendUpdate(docId, documentUpdate(paragraphs, authors));
  const room = new Room(docId, 'Lock cost', store, silentLog);
  // Every other paragraph locked (even indexes), as the lock endpoint does it.
  const at = new Date().toISOString();
  room.serverAction(() => {
    for (let i = 0; i < paragraphs; i += 2) room.policy.lock(blockId(i), 'Bench Moderator', at);
  });
  const state = Y.encodeStateAsUpdate(room.doc);
  const unlocked = (Math.floor(paragraphs / 2) | 1) % paragraphs;
  const locked = Math.floor(paragraphs / 2) & ~1;
  const typed = keystrokes(state, unlocked, updates * 2 * rounds, 900_001);
  const bare = new Y.Doc();
  Y.applyUpdate(bare, state);
  return {
    paragraphs,
    authors,
    room,
    bare,
    store,
    dataDir,
    rounds: Array.from({ length: rounds }, (_, r) => ({
      a: typed.slice(2 * r * updates, (2 * r + 1) * updates),
      b: typed.slice((2 * r + 1) * updates, (2 * r + 2) * updates),
    })),
    refused: keystrokes(state, locked, refusedUpdates, 900_002).map(frameOf),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Measures every size in `sizes`, interleaving the sizes round by round (so a slow moment
 * of the machine does not land on one size only), and reports the median round per size.
 */
export function measureLockCosts(
  sizes: Array<{ paragraphs: number; authors: number }>,
  updates: number,
  refusedUpdates: number,
  rounds = 5,
): LockCostRow[] {
  const prepared = sizes.map(({ paragraphs, authors }) => prepare(paragraphs, authors, updates, rounds, refusedUpdates));
  const connection = fakeConnection();
  const timings = prepared.map(() => ({ bare: [] as number[], checked: [] as number[], pipeline: [] as number[] }));
  try {
    for (let r = 0; r < rounds; r++) {
      prepared.forEach((p, i) => {
        const { a, b } = p.rounds[r]!;
        const bareA = timePerItem(a, (u) => Y.applyUpdate(p.bare, u));
        const bareB = timePerItem(b, (u) => Y.applyUpdate(p.bare, u));
        const checked = timePerItem(a, (update) => {
          p.room.doc.transact((transaction) => {
            Y.applyUpdate(p.room.doc, update, connection);
            p.room.policy.enforce(transaction, findTouchedBlocks(transaction, p.room.fragment));
          }, connection);
        });
        p.room.flush();
        const frames = b.map(frameOf);
        const pipeline = timePerItem(frames, (frame) => throughPipeline(p.room, connection, frame));
        timings[i]!.bare.push((bareA + bareB) / 2);
        timings[i]!.checked.push(checked);
        timings[i]!.pipeline.push(pipeline);
      });
    }
    return prepared.map((p, i) => {
      // Steady state: a notice names "paragraph n", and the numbers are worked out once per
      // change of the block list (the first refusal after one pays a walk of the list).
      p.room.blockNumber(blockId(0));
      const refusedUs = timePerItem(p.refused, (frame) => throughPipeline(p.room, connection, frame));
      return {
        paragraphs: p.paragraphs,
        authors: p.authors,
        locked: p.room.policy.lockedCount,
        bareUs: median(timings[i]!.bare),
        checkedUs: median(timings[i]!.checked),
        pipelineUs: median(timings[i]!.pipeline),
        refusedUs,
      };
    });
  } finally {
    for (const p of prepared) {
      p.room.destroy();
      p.bare.destroy();
      p.store.close();
      rmSync(p.dataDir, { recursive: true, force: true });
    }
  }
}

/** One keystroke's frame, received and then taken through the end of its turn. */
function throughPipeline(room: Room, connection: Connection, frame: Uint8Array): void {
  handleFrame(room, connection, frame);
  room.incoming.drain();
}
