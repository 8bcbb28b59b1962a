/**
 * Document updates in batches (shared/PROTOCOL.md B1), seen from the wire and the store: the
 * frames one connection delivers together (here: one TCP write, so one socket read on the
 * server) are applied as one change — one entry in the update log, one frame to everyone else,
 * one policy check (a paragraph under lock touched three times in the burst is refused once) —
 * while a keystroke that arrives alone is a batch of its own.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { api, blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { updateFrame, type RawSocket, type RawYClient } from '../helpers/rawSocket.js';
import { ADMIN_TOKEN } from '../helpers/testServer.js';
import { waitFor } from '../helpers/waitFor.js';
import { blockById, blockTexts, newParagraph, textIn } from '../helpers/yClient.js';
import { MessageType, type ServerNotice } from '../../shared/protocol.js';

let room: TestRoom;

beforeEach(async () => {
  room = await openTestRoom({ title: 'Batches' });
});

function rawClient(token: string): RawYClient {
  // Its own changes are sent only as the test chooses (sendFrames), never by the helper.
  return room.rawYClient({ token, sendOwnChanges: false });
}

/** Entries in the room's update log (no compaction runs this early: COMPACT_AFTER_UPDATES is 500). */
const logged = () => room.server.ctx.store.updateLogLength(room.id).count;

/** Document updates the server sent to `client` after its `from`-th message. */
function updateFramesSince(client: RawSocket, from: number): Uint8Array[] {
  return client.messages
    .slice(from)
    .filter(({ data, isBinary }) => isBinary && data[0] === MessageType.sync && data[1] === 2)
    .map(({ data }) => data);
}

function noticesOf(client: RawSocket): ServerNotice[] {
  return client.messages
    .filter(({ data, isBinary }) => isBinary && data[0] === MessageType.notice)
    .map(({ data }) => {
      const decoder = decoding.createDecoder(data);
      decoding.readVarUint(decoder);
      return JSON.parse(decoding.readVarString(decoder)) as ServerNotice;
    });
}

/** One keystroke at the end of a paragraph, as its own Yjs update in its own frame (as an editor sends it). */
function keystroke(client: RawYClient, blockId: string, letter: string): Uint8Array {
  const before = Y.encodeStateVector(client.doc);
  const text = textIn(blockById(client.fragment, blockId)!);
  text.insert(text.length, letter);
  return updateFrame(Y.encodeStateAsUpdate(client.doc, before));
}

/** A masked binary websocket frame (zero mask key), as a browser would put it on the wire. */
function websocketFrame(payload: Uint8Array): Buffer {
  const length = payload.length < 126 ? [0x80 | payload.length] : [0x80 | 126, payload.length >> 8, payload.length & 0xff];
  if (payload.length >= 0x10000) throw new Error('frames under 64 KiB only');
  return Buffer.concat([Buffer.from([0x82, ...length, 0, 0, 0, 0]), Buffer.from(payload)]);
}

/** Writes the frames to the socket in one write: they reach the server in one read. */
function sendTogether(client: RawSocket, frames: Uint8Array[]): void {
  (client.ws as unknown as { _socket: { write(data: Buffer): void } })._socket.write(Buffer.concat(frames.map(websocketFrame)));
}

/** A typist (expert) and a watcher (observer), both synced, over an open paragraph and one under lock. */
async function typistWatcherAndALock() {
  const seed = rawClient(room.invites.expert.token);
  await waitFor(() => seed.synced, 'the seeding client to sync');
  const before = Y.encodeStateVector(seed.doc);
  textIn(seed.fragment.get(0) as Y.XmlElement).insert(0, 'Open paragraph.');
  seed.fragment.insert(1, [newParagraph('Agreed paragraph.')]);
  seed.send(updateFrame(Y.encodeStateAsUpdate(seed.doc, before)));
  await waitFor(async () => (await blocks(room.url, room.id, ADMIN_TOKEN)).length === 2, 'the two paragraphs to reach the server');
  const [open, agreed] = await blocks(room.url, room.id, ADMIN_TOKEN);
  expect((await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${agreed!.id}/lock`, room.invites.moderator.token)).status).toBe(
    200,
  );

  const typist = rawClient(room.invites.expert.token);
  const watcher = rawClient(room.invites.observer.token);
  await waitFor(() => typist.synced && watcher.synced, 'typist and watcher to sync');
  await waitFor(() => blockById(typist.fragment, agreed!.id)?.getAttribute('locked') === 'true', 'the typist to hold the lock');
  return { typist, watcher, openId: open!.id, lockedId: agreed!.id };
}

describe('document updates one connection delivers together', () => {
  it('[B1] forty keystrokes in one read, three of them into a locked paragraph, are one log entry, one frame to the others and one refusal', async () => {
    const { typist, watcher, openId, lockedId } = await typistWatcherAndALock();
    const loggedBefore = logged();
    const watcherBefore = watcher.messages.length;

    const frames: Uint8Array[] = [];
    let typedOpen = '';
    for (let i = 0; i < 40; i++) {
      const intoLock = i === 5 || i === 18 || i === 31;
      const letter = String.fromCharCode(97 + (i % 26));
      frames.push(keystroke(typist, intoLock ? lockedId : openId, letter));
      if (!intoLock) typedOpen += letter;
    }
    sendTogether(typist, frames);

    await waitFor(() => blockTexts(watcher.fragment)[0] === `Open paragraph.${typedOpen}`, 'the 37 keystrokes to reach the watcher');
    await waitFor(() => noticesOf(typist).some((n) => n.type === 'refused'), 'the refusal to reach the typist');
    await waitFor(() => blockTexts(typist.fragment)[1] === 'Agreed paragraph.', 'the typist to converge on the locked paragraph');

    expect(blockTexts(watcher.fragment)).toEqual([`Open paragraph.${typedOpen}`, 'Agreed paragraph.']);
    expect((await blocks(room.url, room.id, ADMIN_TOKEN)).map((b) => b.text)).toEqual([`Open paragraph.${typedOpen}`, 'Agreed paragraph.']);
    expect(updateFramesSince(watcher, watcherBefore), 'update frames the watcher received for the burst').toHaveLength(1);
    expect(logged() - loggedBefore, 'log entries written for the burst').toBe(1);
    const refusals = noticesOf(typist).filter((n) => n.type === 'refused');
    expect(refusals, 'refusals for three keystrokes into one locked paragraph').toHaveLength(1);
    expect(refusals[0]).toMatchObject({ reason: 'E_LOCKED', blockId: lockedId });
    expect(typist.close).toBeUndefined();
  });

  it('[B1] a keystroke that arrives alone is its own batch: five sent one after another are five log entries and five frames', async () => {
    const { typist, watcher, openId } = await typistWatcherAndALock();
    const loggedBefore = logged();
    const watcherBefore = watcher.messages.length;
    let typed = '';
    for (const letter of 'abcde') {
      typist.send(keystroke(typist, openId, letter));
      typed += letter;
      // Nothing else follows until it has reached the watcher: the server must not hold it back for company.
      await waitFor(() => blockTexts(watcher.fragment)[0] === `Open paragraph.${typed}`, `keystroke “${letter}” to reach the watcher`);
    }
    expect(updateFramesSince(watcher, watcherBefore), 'update frames the watcher received').toHaveLength(5);
    expect(logged() - loggedBefore, 'log entries written').toBe(5);
    expect(noticesOf(typist)).toEqual([]);
  });
});
