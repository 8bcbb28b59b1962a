/**
 * The wire from the attacker's side (docs/ARCHITECTURE.md, "Interfaces (version 1)"): a frame over
 * MAX_FRAME_BYTES closes that socket with 1009, a malformed frame closes it with 4400, and in
 * every case the server stays up, the document is untouched and the other clients carry on.
 *
 * Rules cited are those of shared/PROTOCOL.md: W3 (oversized and malformed frames), L4 (ids).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { ADMIN_TOKEN } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { blockTexts, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  awarenessFrame,
  closeOf,
  destroyRaw,
  handmadeAwarenessUpdate,
  openRaw,
  openRawYClient,
  updateFrame,
  type RawSocket,
} from '../helpers/rawSocket.js';
import { MAX_FRAME_BYTES, PRESENCE_BROADCAST_INTERVAL_MS } from '../../shared/limits.js';
import { CloseCode, MessageType } from '../../shared/protocol.js';
import type { BlockSummary } from '../../shared/blocks.js';

let room: TestRoom;
let alice: TestClient;
let bob: TestClient;
/** Each test's own raw sockets, closed when it ends (the room and Alice and Bob stay for the next). */
const raws: RawSocket[] = [];
let round = 0;

beforeAll(async () => {
  room = await openTestRoom({ title: 'Wire' });
  return room.close;
});
beforeAll(async () => {
  alice = room.connect(room.invites.expert.token, { name: 'Alice' });
  bob = room.connect(room.invites.moderator.token, { name: 'Bob' });
  await Promise.all([synced(alice), synced(bob)]);
  textIn(alice.fragment.get(0) as Y.XmlElement).insert(0, 'The agreed preamble.');
  await waitFor(() => blockTexts(bob.fragment)[0] === 'The agreed preamble.', 'bob to see the preamble');
});
afterEach(() => {
  for (const raw of raws.splice(0)) destroyRaw(raw);
});

const serverBlocks = (): Promise<BlockSummary[]> => blocks(room.url, room.id, ADMIN_TOKEN);

function attacker(): RawSocket {
  const raw = openRaw(room.wsUrl, room.id, { token: room.invites.expert.token });
  raws.push(raw);
  return raw;
}

/** After an attack: the server answers, the text is what it was, and Alice's next edit reaches Bob. */
async function expectUnharmed(before: BlockSummary[]): Promise<void> {
  expect((await api(room.url, 'GET', '/healthz')).status).toBe(200);
  expect(await serverBlocks()).toEqual(before);
  expect(alice.closes).toEqual([]);
  expect(bob.closes).toEqual([]);
  const line = `Still syncing ${++round}.`;
  alice.fragment.insert(alice.fragment.length, [newParagraph(line)]);
  await waitFor(() => blockTexts(bob.fragment).includes(line), 'alice’s next edit to reach bob');
}

/** A masked binary websocket frame with a zero mask key, built by hand (payload < 126 bytes). */
function rawBinaryFrame(payload: number[]): Buffer {
  if (payload.length >= 126) throw new Error('short frames only');
  return Buffer.from([0x82, 0x80 | payload.length, 0, 0, 0, 0, ...payload]);
}

function syncFrame(subType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, subType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A real update (one paragraph of text), then cut short, with its length prefix telling the truth. */
function truncatedRealUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment('default').insert(0, [newParagraph('A paragraph that will arrive cut in half.')]);
  const update = Y.encodeStateAsUpdate(doc);
  return updateFrame(update.slice(0, Math.floor(update.length / 2)));
}

describe('a frame over MAX_FRAME_BYTES', () => {
  it('[W3] closes that socket with 1009, which the client really receives, and nothing else is touched', async () => {
    const before = await serverBlocks();
    const raw = attacker();
    await raw.opened;
    raw.send(new Uint8Array(MAX_FRAME_BYTES + 1));
    const closed = await closeOf(raw, 10_000);
    expect(closed.code).toBe(CloseCode.messageTooBig);
    await expectUnharmed(before);
  });

  it('[W3] a frame just over the bound, binary or text, is 1009 too, the third time as the first', async () => {
    const before = await serverBlocks();
    for (let round = 1; round <= 3; round++) {
      for (const [what, frame] of [
        ['binary', new Uint8Array(MAX_FRAME_BYTES + 1)],
        ['text', 'x'.repeat(MAX_FRAME_BYTES + 1)],
      ] as const) {
        const raw = attacker();
        await raw.opened;
        raw.send(frame);
        expect((await closeOf(raw, 10_000)).code, `${what}, round ${round}`).toBe(CloseCode.messageTooBig);
      }
    }
    await expectUnharmed(before);
  });

  it('[W3] a stock provider pasting more than the limit is closed with 1009; the others carry on', async () => {
    const before = await serverBlocks();
    const paster = room.connect(room.invites.expert.token, { name: 'Paster' });
    try {
      await synced(paster);
      textIn(paster.fragment.get(0) as Y.XmlElement).insert(0, 'x'.repeat(MAX_FRAME_BYTES + 1024));
      await waitFor(() => paster.closes.length > 0, 'the paster to be closed', 10_000);
      expect(paster.closes[0]!.code).toBe(CloseCode.messageTooBig);
    } finally {
      paster.destroy();
    }
    await expectUnharmed(before);
  });

  it('[W3] a valid update just under the limit is read, not closed: its text then meets the size rules (I3)', async () => {
    const raw = openRawYClient(room.wsUrl, room.id, { token: room.invites.expert.token });
    raws.push(raw);
    await waitFor(() => raw.synced, 'raw client to sync');
    const before = blockTexts(raw.fragment);
    const big = 'y'.repeat(MAX_FRAME_BYTES - 4096);
    raw.fragment.insert(raw.fragment.length, [newParagraph(big)]);
    // Over the block cap: undone in the same turn, and the sender converges, still connected.
    await waitFor(() => blockTexts(raw.fragment).join('|') === before.join('|'), 'the sender to converge back', 10_000);
    expect(raw.close).toBeUndefined();
    expect((await serverBlocks()).some((b) => b.text === big)).toBe(false);
  });
});

describe('a malformed frame closes that socket with 4400', () => {
  const cases: Array<[string, () => Uint8Array | string]> = [
    ['garbage bytes', () => new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x13, 0x37, 0x00, 0xff, 0x42])],
    ['an empty binary frame', () => new Uint8Array(0)],
    ['an unknown message type', () => new Uint8Array([7, 0, 0])],
    ['an unknown sync message', () => new Uint8Array([MessageType.sync, 9, 0])],
    ['a sync update whose length prefix runs past the frame', () => new Uint8Array([MessageType.sync, 2, 100, 1, 2, 3])],
    ['a sync update that is not a Yjs update', () => syncFrame(2, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]))],
    ['a real Yjs update cut in half', truncatedRealUpdate],
    ['a sync step 1 with a broken state vector', () => syncFrame(0, new Uint8Array([5, 0x80]))],
    [
      'an awareness update that is not JSON',
      () => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarUint(encoder, 1234);
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarString(encoder, '{not json');
        return awarenessFrame(encoding.toUint8Array(encoder));
      },
    ],
    ['an awareness state that is not an object', () => awarenessFrame(handmadeAwarenessUpdate([{ clientId: 4321, clock: 1, state: 42 }]))],
    ['a text frame', () => 'hello, server'],
  ];

  it.each(cases)('[W3] %s: 4400, the server stays up, the text is intact, the others keep syncing', async (_name, build) => {
    const before = await serverBlocks();
    const raw = attacker();
    await raw.opened;
    raw.send(build());
    const closed = await closeOf(raw);
    expect(closed.code).toBe(CloseCode.malformed);
    expect(closed.reason).toMatch(/^E_MALFORMED: /);
    await expectUnharmed(before);
  });

  it('[W3] a truncated update closes with 4400 even when the next frame arrives in the same packet', async () => {
    // The server must read a frame's payload from that frame only: with two frames in one TCP
    // packet, an update whose length prefix runs past its frame must not borrow the bytes of
    // the frame behind it (or of any other buffer) and pass for an empty update.
    const before = await serverBlocks();
    const raw = attacker();
    await raw.opened;
    await waitFor(() => raw.messages.length > 0, 'the server’s sync step 1');
    const truncated = rawBinaryFrame([MessageType.sync, 2, 20, 0, 0]);
    const next = rawBinaryFrame([MessageType.queryAwareness, ...new Array<number>(40).fill(0)]);
    (raw.ws as unknown as { _socket: { write(data: Buffer): void } })._socket.write(Buffer.concat([truncated, next]));
    const closed = await closeOf(raw, 2_000);
    expect(closed.code).toBe(CloseCode.malformed);
    await expectUnharmed(before);
  });
});

describe('the server’s own writes', () => {
  it('[L4] fixing a client’s change (a duplicate block id) does not make the server take a new Yjs client id', async () => {
    const live = room.server.ctx.rooms.peek(room.id)!;
    const clientIdBefore = live.doc.clientID;
    const firstId = (alice.fragment.get(0) as Y.XmlElement).getAttribute('id')!;
    alice.fragment.insert(1, [newParagraph('Pasted copy.', { id: firstId })]);
    await waitFor(async () => {
      const now = await serverBlocks();
      return now.some((b) => b.text === 'Pasted copy.' && b.id !== firstId);
    }, 'the copy to get a fresh id');
    // A new client id per fix would grow every state vector (and sync message) by one entry
    // per refusal or id fix for the life of the room.
    expect(live.doc.clientID).toBe(clientIdBefore);
    const index = blockTexts(alice.fragment).indexOf('Pasted copy.');
    alice.fragment.delete(index, 1);
    await waitFor(async () => !(await serverBlocks()).some((b) => b.text === 'Pasted copy.'), 'the copy to go');
  });
});

describe('presence leaves the room in batches', () => {
  /** The awareness entries for `clientId` in the frames a raw socket received. */
  function presenceOf(raw: RawSocket, clientId: number): Array<{ clock: number; state: any }> {
    const seen = [];
    for (const { data } of raw.messages) {
      if (data[0] !== MessageType.awareness) continue;
      const decoder = decoding.createDecoder(data);
      decoding.readVarUint(decoder);
      const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
      const count = decoding.readVarUint(update);
      for (let i = 0; i < count; i++) {
        const id = decoding.readVarUint(update);
        const clock = decoding.readVarUint(update);
        const state = JSON.parse(decoding.readVarString(update));
        if (id === clientId) seen.push({ clock, state });
      }
    }
    return seen;
  }

  it('[B2] twenty caret moves over 100 ms reach a watcher as a few frames, ending at the last position', async () => {
    const mover = attacker();
    const watcher = attacker();
    await Promise.all([mover.opened, watcher.opened]);
    const clientId = 4_000_000 + round;
    // A typist's caret: one move every 5 ms (the rhythm under test), each its own frame in its own event-loop turn.
    const started = performance.now();
    for (let clock = 1; clock <= 20; clock++) {
      mover.send(awarenessFrame(handmadeAwarenessUpdate([{ clientId, clock, state: { cursor: { head: clock } } }])));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(() => presenceOf(watcher, clientId).at(-1)?.state.cursor.head === 20, 'the last caret position to reach the watcher');
    const elapsedMs = performance.now() - started;
    const frames = presenceOf(watcher, clientId);
    // One frame per PRESENCE_BROADCAST_INTERVAL_MS (50 ms) and the first at once: about 3 when
    // the moves take 100 ms; on a loaded machine they take longer, and the bound follows.
    expect(frames.length).toBeLessThanOrEqual(Math.min(Math.ceil(elapsedMs / PRESENCE_BROADCAST_INTERVAL_MS) + 2, 19));
    expect(frames.at(-1)).toMatchObject({ clock: 20, state: { cursor: { head: 20 }, user: { role: 'expert' } } });
    expect(mover.close).toBeUndefined();
  });
});
