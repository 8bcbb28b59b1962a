/**
 * Who wrote what (PROTOCOL.md U1): the server records whose each Yjs client id is the first
 * time someone writes under it, so every character of a paragraph can be credited to a
 * person, after a restart and a compaction too; the server's own writes (an accepted
 * amendment) are credited to Draftroom.
 */
import { beforeEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { MAX_WRITING_CLIENTS_PER_CONNECTION } from '../../shared/limits.js';
import { CloseCode } from '../../shared/protocol.js';
import { closeOf, updateFrame } from '../helpers/rawSocket.js';
import { expectRoomHealthy } from '../helpers/roomHealth.js';
import { api } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { blockById, blockTexts, synced, textIn } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { ADMIN_TOKEN } from '../helpers/testServer.js';

let room: TestRoom;

beforeEach(async () => {
  room = await openTestRoom({ title: 'Authorship', document: { type: 'doc', content: [{ type: 'paragraph' }] } });
});

async function authorsOf(blockId: string, token = room.token('observer')) {
  const answer = await api(room.url, 'GET', `/api/documents/${room.id}/blocks/${blockId}/authors`, token);
  expect(answer.status, answer.text).toBe(200);
  return answer.json as { authors: Array<{ name: string; delegation: string; chars: number }>; unknownChars: number };
}

it('[U1] each character is credited to whoever typed it, under any of their client ids; it survives a restart and compaction; the server’s own writes are Draftroom’s', async () => {
  const anna = room.connect(room.token('expert'), { name: 'Anna Novak', delegation: 'Austria' });
  const jean = room.connect(room.token('expert'), { name: 'Jean Dupont', delegation: 'France' });
  await Promise.all([synced(anna), synced(jean)]);
  const blockId = (await room.blocks())[0]!.id;
  textIn(blockById(anna.fragment, blockId)!).insert(0, 'The participants welcomed');
  await waitFor(() => blockTexts(jean.fragment)[0] === 'The participants welcomed', 'Anna’s words to reach Jean');
  textIn(blockById(jean.fragment, blockId)!).insert('The participants welcomed'.length, ' the report');
  await waitFor(async () => (await room.blocks())[0]!.text === 'The participants welcomed the report', 'both to reach the server');
  // Anna again, from a second tab (another client id): still Anna.
  const annaAgain = room.connect(room.token('expert'), { name: 'Anna Novak', delegation: 'Austria' });
  await synced(annaAgain);
  await waitFor(() => blockTexts(annaAgain.fragment)[0] === 'The participants welcomed the report', 'the second tab to hold the text');
  textIn(blockById(annaAgain.fragment, blockId)!).insert(0, 'All ');
  await waitFor(async () => (await room.blocks())[0]!.text.startsWith('All '), 'the second tab’s words to reach the server');

  const expected = {
    authors: [
      { name: 'Anna Novak', delegation: 'Austria', chars: 'All The participants welcomed'.length },
      { name: 'Jean Dupont', delegation: 'France', chars: ' the report'.length },
    ],
    unknownChars: 0,
  };
  expect(await authorsOf(blockId)).toMatchObject(expected);

  // The room unloads (its log folded into a snapshot) and the server restarts: the same answer.
  await room.restart();
  expect(await authorsOf(blockId)).toMatchObject(expected);

  // An accepted amendment is the server's change: its words are Draftroom's.
  const adviser = room.token('adviser');
  const proposed = await api(room.url, 'POST', `/api/documents/${room.id}/amendments`, ADMIN_TOKEN, {
    blockId,
    kind: 'replace',
    text: 'All The participants warmly welcomed the report',
  });
  expect(proposed.status, proposed.text).toBe(201);
  expect((await api(room.url, 'POST', `/api/documents/${room.id}/amendments/${proposed.json.id}/accept`, adviser)).status).toBe(200);
  const after = await authorsOf(blockId);
  expect(after.authors).toContainEqual({ name: 'Draftroom', delegation: '', chars: 'warmly '.length });
  expect(after.authors.find((a) => a.name === 'Anna Novak')?.chars).toBe(expected.authors[0]!.chars);

  // The room's client ids and whose they are, for colouring the text: each of Anna's tabs, Jean, and the server.
  const ids = (await api(room.url, 'GET', `/api/documents/${room.id}/authors`, room.token('observer'))).json as Array<{
    clientId: number;
    name: string;
    color: string;
  }>;
  const byId = new Map(ids.map((a) => [a.clientId, a]));
  expect(byId.get(anna.doc.clientID)).toMatchObject({ name: 'Anna Novak', color: expect.stringMatching(/^#[0-9a-f]{6}$/i) });
  expect(byId.get(annaAgain.doc.clientID)?.name).toBe('Anna Novak');
  expect(byId.get(jean.doc.clientID)?.name).toBe('Jean Dupont');
  expect(ids.filter((a) => a.name === 'Draftroom').length).toBeGreaterThan(0);

  const missing = await api(room.url, 'GET', `/api/documents/${room.id}/blocks/no-such-block/authors`, room.token('observer'));
  expect(missing.status).toBe(404);
});

it('[U1][U2][U3] a session opening: twelve people’s first words, typed in the same moment, are each credited at once', async () => {
  const people = Array.from({ length: 12 }, (_, i) => ({ name: `Delegate ${i + 1}`, delegation: `State ${i + 1}` }));
  const clients = people.map((person) => room.connect(room.token('expert'), person));
  await Promise.all(clients.map((client) => synced(client)));
  const blockId = (await room.blocks())[0]!.id;
  // Everyone's first keystrokes in one turn of this process: they reach the server together.
  clients.forEach((client, i) => {
    textIn(blockById(client.fragment, blockId)!).insert(0, `[${i + 1}]`);
  });
  await waitFor(async () => {
    const text = (await room.blocks())[0]!.text;
    return people.every((_, i) => text.includes(`[${i + 1}]`));
  }, 'everyone’s words on the server');

  // Asked right away (no waiting): every person is named, as author, with a time, and as an editor of the paragraph.
  const authors = (await api(room.url, 'GET', `/api/documents/${room.id}/authors`, room.token('observer'))).json as Array<{
    name: string;
    since: unknown[];
  }>;
  for (const person of people) expect(authors.find((a) => a.name === person.name)?.since, person.name).toHaveLength(1);
  expect((await authorsOf(blockId)).authors.map((a) => a.name).sort()).toEqual(people.map((p) => p.name).sort());
  const edits = (await api(room.url, 'GET', `/api/documents/${room.id}/edits?blockId=${blockId}`, room.token('observer'))).json as Array<{
    name: string;
    changes: number;
  }>;
  expect(edits.map((e) => e.name).sort()).toEqual(people.map((p) => p.name).sort());
  expect(edits.every((e) => e.changes >= 1)).toBe(true);
});

it('[U1] from the attacker’s side: a connection writing under more than 64 client ids is closed, every time, and the room stays healthy', async () => {
  const reader = room.connect(room.token('observer'), { name: 'Reader' });
  await synced(reader);
  const base = Y.encodeStateAsUpdate(reader.doc);
  const minted = (count: number) =>
    Y.mergeUpdates(
      Array.from({ length: count }, () => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, base);
        const before = Y.encodeStateVector(doc);
        textIn(doc.getXmlFragment('default').get(0) as Y.XmlElement).insert(0, 'x');
        return Y.encodeStateAsUpdate(doc, before);
      }),
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    const socket = room.raw({ token: room.token('expert'), query: { name: `Mallory ${attempt}` } });
    await waitFor(() => socket.ws.readyState === WebSocket.OPEN, 'the socket to open');
    socket.ws.send(updateFrame(minted(MAX_WRITING_CLIENTS_PER_CONNECTION + 1)));
    expect((await closeOf(socket)).code).toBe(CloseCode.forbidden);
  }
  // Within the bound, one socket may bring an offline copy's several ids.
  const honest = room.raw({ token: room.token('expert'), query: { name: 'Anna Novak' } });
  await waitFor(() => honest.ws.readyState === WebSocket.OPEN, 'the socket to open');
  honest.ws.send(updateFrame(minted(3)));
  await waitFor(async () => (await room.blocks())[0]!.text === 'xxx', 'the three ids’ words to land');
  expect(honest.close).toBeUndefined();
  await expectRoomHealthy(room.url, room.wsUrl, room, { clients: [reader] });
});
