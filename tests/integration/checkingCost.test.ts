/**
 * What checking a change costs (shared/PROTOCOL.md L8): work proportional to the change and the
 * blocks it touches, never to the document. Measured as work, not time (speed is the
 * benchmarks' business, and a timed test flakes on a busy machine): while the server handles one
 * keystroke, every read of the room's text through Yjs (a block's attributes, its children, its
 * text, or the list of blocks itself) is noted with the top-level block it belongs to, and the
 * blocks read are counted. The same server holds a room of three paragraphs and a room at the
 * document caps (4,900 paragraphs of 400 characters, every tenth under lock); a typist types into
 * a paragraph in the middle of each, one keystroke accepted and one refused by a lock, and each
 * keystroke must read as many blocks at the caps as in three paragraphs. A check that walked the
 * document (its blocks, its locks, its text) would read thousands there.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { blocks } from '../helpers/api.js';
import { updateFrame, type RawSocket, type RawYClient } from '../helpers/rawSocket.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { ADMIN_TOKEN } from '../helpers/testServer.js';
import { waitFor } from '../helpers/waitFor.js';
import { blockById, textIn } from '../helpers/yClient.js';
import type { DocJson } from '../../server/rooms/createRoom.js';
import type { CreatedDocument } from '../../shared/api.js';
import { MAX_BLOCKS, MAX_DOCUMENT_CHARS } from '../../shared/limits.js';
import { MessageType } from '../../shared/protocol.js';

const LONG_PARAGRAPHS = 4_900;
const PARAGRAPH_CHARS = 400;
/** Keystrokes measured per room and kind (after one of each that is not: the first refusal numbers the paragraphs once). */
const SAMPLES = 5;

interface TypingRoom {
  name: string;
  id: string;
  typist: RawYClient;
  watcher: RawYClient;
  openId: string;
  lockedId: string;
}
/** The room at the caps, on a server that also holds the short one. */
let atCaps: TestRoom;
let short: TypingRoom;
let long: TypingRoom;

function document(paragraphs: number): DocJson {
  const at = new Date().toISOString();
  return {
    type: 'doc',
    content: Array.from({ length: paragraphs }, (_, i) => ({
      type: 'paragraph',
      attrs: i % 10 === 1 ? { locked: 'true', lockedBy: 'Maria Rossi (Chairmanship)', lockedAt: at, status: 'agreed' } : {},
      content: [{ type: 'text', text: `${i} `.padEnd(PARAGRAPH_CHARS, 'x') }],
    })),
  };
}

async function typingRoom(room: CreatedDocument, paragraphs: number): Promise<TypingRoom> {
  const name = room.title;
  const join = (token: string) => atCaps.rawYClient({ token, sendOwnChanges: false }, room.id);
  const typist = join(room.invites.expert.token);
  const watcher = join(room.invites.observer.token);
  await waitFor(() => typist.synced && watcher.synced, `${name}: typist and watcher to sync`, 30_000);
  const all = await blocks(atCaps.url, room.id, ADMIN_TOKEN);
  // Paragraphs in the middle of the document: one open, one under lock.
  const middle = Math.floor(paragraphs / 2 / 10) * 10;
  expect(all[middle + 1]!.locked).toBe(true);
  return { name, id: room.id, typist, watcher, openId: all[middle]!.id, lockedId: all[middle + 1]!.id };
}

/** Resolves when `client` next receives a frame that `matches`. */
function nextFrame(client: RawSocket, matches: (data: Uint8Array) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const listener = (data: Buffer, isBinary: boolean) => {
      if (!isBinary || !matches(new Uint8Array(data))) return;
      client.ws.off('message', listener);
      resolve();
    };
    client.ws.on('message', listener);
  });
}

const isUpdate = (data: Uint8Array) => data[0] === MessageType.sync && data[1] === 2;
const isNotice = (data: Uint8Array) => data[0] === MessageType.notice;

/**
 * One keystroke into `blockId`; returns once the server has handled it: the watcher holds the
 * room's change (the keystroke, or the restore that undid it) and, refused, the typist its notice.
 */
async function keystroke(room: TypingRoom, blockId: string, outcome: 'accepted' | 'refused'): Promise<void> {
  const before = Y.encodeStateVector(room.typist.doc);
  textIn(blockById(room.typist.fragment, blockId)!).insert(0, 'k');
  const frame = updateFrame(Y.encodeStateAsUpdate(room.typist.doc, before));
  const relayed = nextFrame(room.watcher, isUpdate);
  const refused = outcome === 'refused' ? nextFrame(room.typist, isNotice) : null;
  room.typist.send(frame);
  await Promise.all([relayed, refused]);
}

// ── reading the room's text, noted ──────────────────────────────────────────

/** The methods that read a Yjs XML type: a block's attributes, its children, its text; the list of blocks. */
const READERS: Array<[object, string[]]> = [
  [
    Y.XmlFragment.prototype,
    ['toArray', 'forEach', 'get', 'slice', 'toJSON', 'toString', 'toDOM', 'createTreeWalker', 'querySelector', 'querySelectorAll'],
  ],
  [Y.XmlElement.prototype, ['getAttribute', 'getAttributes', 'hasAttribute', 'toJSON', 'toString', 'toDOM', 'clone']],
  [Y.Text.prototype, ['toDelta', 'toString', 'toJSON', 'getAttribute', 'getAttributes']],
  [Y.XmlText.prototype, ['toDelta', 'toString', 'toJSON', 'toDOM']],
];

/**
 * Notes, until the returned function is called, every top-level block of `fragment` whose
 * content or attributes are read through Yjs. Reading the list of blocks itself counts every
 * block it hands out (all of them for a whole walk, one for `get`).
 */
function noteBlocksRead(fragment: Y.XmlFragment, read: Set<unknown>): () => void {
  let noting = true;
  const topLevel = (type: Y.AbstractType<unknown>): unknown => {
    let node: Y.AbstractType<unknown> = type;
    while (node._item !== null && node._item.parent !== fragment) node = node._item.parent as Y.AbstractType<unknown>;
    return node._item === null ? null : node;
  };
  const spies = READERS.flatMap(([prototype, names]) =>
    names
      .filter((name) => Object.hasOwn(prototype, name))
      .map((name) => {
        const original = (prototype as Record<string, (...args: unknown[]) => unknown>)[name]!;
        return vi.spyOn(prototype as Record<string, (...args: unknown[]) => unknown>, name).mockImplementation(function (
          this: Y.AbstractType<unknown>,
          ...args: unknown[]
        ) {
          const result = original.apply(this, args);
          if (noting && this.doc === fragment.doc) {
            noting = false; // the noting below reads too
            try {
              if (this === fragment) {
                if (name === 'get') read.add(result);
                else if (name === 'toArray' || name === 'slice') for (const node of result as unknown[]) read.add(node);
                else for (const node of fragment.toArray()) read.add(node);
              } else {
                const block = topLevel(this);
                if (block !== null) read.add(block);
              }
            } finally {
              noting = true;
            }
          }
          return result;
        });
      }),
  );
  return () => {
    noting = false;
    for (const spy of spies) spy.mockRestore();
  };
}

/** How many blocks of `room` the server reads while it handles one keystroke into `blockId`. */
async function blocksReadFor(room: TypingRoom, blockId: string, outcome: 'accepted' | 'refused'): Promise<number> {
  const live = atCaps.server.ctx.rooms.peek(room.id)!;
  const read = new Set<unknown>();
  const stop = noteBlocksRead(live.fragment, read);
  try {
    await keystroke(room, blockId, outcome);
  } finally {
    stop();
  }
  return read.size;
}

beforeAll(async () => {
  atCaps = await openTestRoom({ title: 'At the caps', document: document(LONG_PARAGRAPHS) });
  return atCaps.close;
}, 120_000);
beforeAll(async () => {
  short = await typingRoom(await atCaps.another('Three paragraphs', document(3)), 3);
  long = await typingRoom(atCaps, LONG_PARAGRAPHS);
}, 120_000);

describe('checking a change in a document at the caps', () => {
  it('[L8] a keystroke, accepted or refused by a lock, reads no more of the document at the caps than in one of three paragraphs', {
    timeout: 120_000,
  }, async () => {
    // The premise: the long room is at the caps (within 5 %) and loaded whole.
    expect(atCaps.server.ctx.rooms.peek(long.id)!.fragment.length).toBe(LONG_PARAGRAPHS);
    expect(LONG_PARAGRAPHS).toBeLessThanOrEqual(MAX_BLOCKS);
    expect(LONG_PARAGRAPHS * (PARAGRAPH_CHARS + 1)).toBeLessThanOrEqual(MAX_DOCUMENT_CHARS);
    expect(LONG_PARAGRAPHS * (PARAGRAPH_CHARS + 1)).toBeGreaterThan(0.95 * MAX_DOCUMENT_CHARS);

    const counts = { accepted: { short: [] as number[], long: [] as number[] }, refused: { short: [] as number[], long: [] as number[] } };
    const first: Record<string, number> = {};
    for (const [key, room] of [
      ['short', short],
      ['long', long],
    ] as const) {
      // Not counted: the first refusal works out the paragraph numbers its notice names, once.
      first[`accepted ${key}`] = await blocksReadFor(room, room.openId, 'accepted');
      first[`refused ${key}`] = await blocksReadFor(room, room.lockedId, 'refused');
      for (let i = 0; i < SAMPLES; i++) {
        counts.accepted[key].push(await blocksReadFor(room, room.openId, 'accepted'));
        counts.refused[key].push(await blocksReadFor(room, room.lockedId, 'refused'));
      }
    }
    const report = `blocks read per keystroke: ${JSON.stringify(counts)}; first keystrokes: ${JSON.stringify(first)}`;
    console.info(report);
    for (const kind of ['accepted', 'refused'] as const) {
      // The measure sees the check at all: the touched paragraph is read.
      expect(Math.min(...counts[kind].short), `${kind}: ${report}`).toBeGreaterThan(0);
      expect(Math.max(...counts[kind].long), `${kind}: ${report}`).toBeLessThanOrEqual(Math.max(...counts[kind].short));
    }
    // Every accepted keystroke landed, every refused one was put back.
    for (const room of [short, long]) {
      await waitFor(async () => {
        const now = await blocks(atCaps.url, room.id, ADMIN_TOKEN);
        return (
          now.find((b) => b.id === room.openId)!.text.startsWith('k'.repeat(SAMPLES + 1)) &&
          !now.find((b) => b.id === room.lockedId)!.text.startsWith('k')
        );
      }, `${room.name}: the server to hold every accepted keystroke and none refused`);
    }
  });
});
