/**
 * What checking a change costs (shared/PROTOCOL.md L8), as a typist in a long document sees it:
 * time proportional to the change and the blocks it touches, never to the document. The same
 * server holds a room of three paragraphs and a room at the document caps (4,900 paragraphs of
 * 400 characters, every tenth under lock); a typist in each types one keystroke at a time into
 * a paragraph in the middle, alternately, each keystroke waiting until the last has come back,
 * and so does an attacker typing into a locked paragraph. The time from a keystroke to the
 * watcher holding it (or, refused, to its sender holding the refusal) is compared room by room:
 * the long document may not be slower by more than noise. A check that walked the document (its
 * blocks, its locks, its text) would add milliseconds to every keystroke there.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { blocks } from '../helpers/api.js';
import { destroyRaw, openRawYClient, updateFrame, type RawSocket, type RawYClient } from '../helpers/rawSocket.js';
import { ADMIN_TOKEN, removeDataDir, startServer, type RunningServer } from '../helpers/testServer.js';
import { waitFor } from '../helpers/waitFor.js';
import { blockById, textIn } from '../helpers/yClient.js';
import { createRoom as createRoomOnServer, type DocJson } from '../../server/rooms/createRoom.js';
import { MAX_BLOCKS, MAX_DOCUMENT_CHARS } from '../../shared/limits.js';
import { MessageType } from '../../shared/protocol.js';
import type { CreatedDocument } from '../../shared/api.js';

const LONG_PARAGRAPHS = 4_900;
const PARAGRAPH_CHARS = 400;
/** Keystrokes per room and kind; the medians are compared. */
const SAMPLES = 200;
/**
 * How much slower the typical keystroke at the caps may be: half as slow again, plus half a
 * millisecond of noise. The typical keystroke takes about half a millisecond in either room. A
 * check that read no more than the length of each of the 4,900 paragraphs adds most of a
 * millisecond there (and fails, narrowly); one that compared the locked paragraphs with their
 * copies adds about 8 ms, one that read the text 15 ms (measured by wrapping the room's check).
 */
const ALLOWED_RATIO = 1.5;
const ALLOWED_NOISE_MS = 0.5;

let server: RunningServer;
const raws: RawSocket[] = [];

interface TypingRoom {
  name: string;
  id: string;
  typist: RawYClient;
  watcher: RawYClient;
  openId: string;
  lockedId: string;
}
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

async function typingRoom(name: string, paragraphs: number): Promise<TypingRoom> {
  const room = (await createRoomOnServer(server.ctx.store, server.ctx.invites, name, document(paragraphs))) as CreatedDocument;
  const join = (token: string) => {
    const client = openRawYClient(server.wsUrl, room.id, { token, sendOwnChanges: false });
    raws.push(client);
    return client;
  };
  const typist = join(room.invites.expert.token);
  const watcher = join(room.invites.observer.token);
  await waitFor(() => typist.synced && watcher.synced, `${name}: typist and watcher to sync`, 30_000);
  const all = await blocks(server.url, room.id, ADMIN_TOKEN);
  // Paragraphs in the middle of the document: one open, one under lock.
  const middle = Math.floor(paragraphs / 2 / 10) * 10;
  expect(all[middle + 1]!.locked).toBe(true);
  return { name, id: room.id, typist, watcher, openId: all[middle]!.id, lockedId: all[middle + 1]!.id };
}

/** Resolves with the time at which `client` next receives a frame that `matches`. */
function nextFrame(client: RawSocket, matches: (data: Uint8Array) => boolean): Promise<number> {
  return new Promise((resolve) => {
    const listener = (data: Buffer, isBinary: boolean) => {
      if (!isBinary || !matches(new Uint8Array(data))) return;
      client.ws.off('message', listener);
      resolve(performance.now());
    };
    client.ws.on('message', listener);
  });
}

const isUpdate = (data: Uint8Array) => data[0] === MessageType.sync && data[1] === 2;
const isNotice = (data: Uint8Array) => data[0] === MessageType.notice;

/**
 * One keystroke into `blockId`. Accepted, it is timed until the watcher receives it; refused, until
 * the typist receives the refusal. Either way it returns once the watcher has the room's change.
 */
async function keystroke(room: TypingRoom, blockId: string, outcome: 'accepted' | 'refused'): Promise<number> {
  const before = Y.encodeStateVector(room.typist.doc);
  textIn(blockById(room.typist.fragment, blockId)!).insert(0, 'k');
  const frame = updateFrame(Y.encodeStateAsUpdate(room.typist.doc, before));
  const relayed = nextFrame(room.watcher, isUpdate);
  const refused = outcome === 'refused' ? nextFrame(room.typist, isNotice) : null;
  const sent = performance.now();
  room.typist.send(frame);
  const answered = await (refused ?? relayed);
  await relayed;
  return answered - sent;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

beforeAll(async () => {
  server = await startServer();
  short = await typingRoom('Three paragraphs', 3);
  long = await typingRoom('At the caps', LONG_PARAGRAPHS);
}, 120_000);
afterAll(async () => {
  for (const raw of raws.splice(0)) destroyRaw(raw);
  await server.close();
  removeDataDir(server.dataDir);
});

describe('checking a change in a document at the caps', () => {
  it('[L8] a keystroke, accepted or refused by a lock, takes no longer in a document at the caps than in one of three paragraphs', {
    timeout: 120_000,
  }, async () => {
    // The premise: the long room is at the caps (within 5 %) and loaded whole.
    expect(server.ctx.rooms.peek(long.id)!.fragment.length).toBe(LONG_PARAGRAPHS);
    expect(LONG_PARAGRAPHS).toBeLessThanOrEqual(MAX_BLOCKS);
    expect(LONG_PARAGRAPHS * (PARAGRAPH_CHARS + 1)).toBeLessThanOrEqual(MAX_DOCUMENT_CHARS);
    expect(LONG_PARAGRAPHS * (PARAGRAPH_CHARS + 1)).toBeGreaterThan(0.95 * MAX_DOCUMENT_CHARS);

    const times = { accepted: { short: [] as number[], long: [] as number[] }, refused: { short: [] as number[], long: [] as number[] } };
    for (let i = 0; i < SAMPLES; i++) {
      for (const [key, room] of [
        ['short', short],
        ['long', long],
      ] as const) {
        times.accepted[key].push(await keystroke(room, room.openId, 'accepted'));
        times.refused[key].push(await keystroke(room, room.lockedId, 'refused'));
      }
    }
    const report = Object.entries(times)
      .map(
        ([kind, rooms]) =>
          `${kind}: median ${median(rooms.short).toFixed(2)} ms in three paragraphs, ${median(rooms.long).toFixed(2)} ms at the caps`,
      )
      .join('; ');
    for (const kind of ['accepted', 'refused'] as const) {
      const shortMedian = median(times[kind].short);
      expect(median(times[kind].long), `${kind} keystrokes: ${report}`).toBeLessThan(ALLOWED_RATIO * shortMedian + ALLOWED_NOISE_MS);
    }
    // Every accepted keystroke landed, every refused one was put back.
    for (const room of [short, long]) {
      await waitFor(async () => {
        const now = await blocks(server.url, room.id, ADMIN_TOKEN);
        return (
          now.find((b) => b.id === room.openId)!.text.startsWith('k'.repeat(SAMPLES)) &&
          !now.find((b) => b.id === room.lockedId)!.text.startsWith('k')
        );
      }, `${room.name}: the server to hold every accepted keystroke and none refused`);
    }
  });
});
