/**
 * When people wrote and who edited which paragraph (PROTOCOL.md U2, U3): the marks that date
 * every character to the minute, and the stretches of editing per person and paragraph that
 * the activity log shows. Both survive a restart; refused changes leave no stretch.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { blockById, blockTexts, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import type { ClientAuthor, EditStretch } from '../../shared/workflow.js';

let room: TestRoom;
const FIRST_TEXT = ['First paragraph.', 'Second paragraph.', 'Third paragraph.'];

beforeEach(async () => {
  room = await openTestRoom({
    title: 'Edit times',
    document: { type: 'doc', content: FIRST_TEXT.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) },
  });
});

function join(role: 'expert' | 'moderator', name: string, delegation: string): TestClient {
  const client = room.connect(room.invites[role].token, { name, delegation });
  client.provider.messageHandlers[100] = () => undefined;
  return client;
}

async function edits(blockId?: string): Promise<EditStretch[]> {
  const query = blockId === undefined ? '' : `?blockId=${blockId}`;
  const answer = await api(room.url, 'GET', `/api/documents/${room.id}/edits${query}`, room.invites.observer.token);
  expect(answer.status).toBe(200);
  return answer.json;
}

async function reached(client: TestClient) {
  await waitFor(
    async () => JSON.stringify((await room.blocks()).map((b) => b.text)) === JSON.stringify(blockTexts(client.fragment)),
    'the edits on the server',
  );
}

describe('[U3] who edited which paragraph when', () => {
  it('one stretch per person and paragraph, extended by further changes, newest first, filtered by paragraph, through a restart', async () => {
    const startedAt = new Date().toISOString();
    const anna = join('expert', 'Anna Novak', 'Austria');
    const marta = join('moderator', 'Marta Borg', 'Malta');
    await Promise.all([synced(anna), synced(marta)]);
    const ids = (await room.blocks()).map((b) => b.id);

    textIn(blockById(anna.fragment, ids[0]!)!).insert(0, 'A');
    await reached(anna);
    textIn(blockById(anna.fragment, ids[0]!)!).insert(1, 'B');
    await reached(anna);
    textIn(blockById(marta.fragment, ids[1]!)!).insert(0, 'M');
    await reached(marta);

    const all = await edits();
    expect(all.map(({ blockId, name, delegation, changes }) => ({ blockId, name, delegation, changes }))).toEqual([
      { blockId: ids[1], name: 'Marta Borg', delegation: 'Malta', changes: 1 },
      { blockId: ids[0], name: 'Anna Novak', delegation: 'Austria', changes: 2 },
    ]);
    for (const stretch of all) {
      expect(stretch.firstAt >= startedAt).toBe(true);
      expect(stretch.lastAt >= stretch.firstAt).toBe(true);
    }
    expect((await edits(ids[0])).map((s) => s.name)).toEqual(['Anna Novak']);
    expect(await edits(ids[2])).toEqual([]);

    await room.restart();
    expect((await edits()).map((s) => s.name)).toEqual(['Marta Borg', 'Anna Novak']);
  });

  it('a refused change leaves no stretch: a locked paragraph, and pen-holder mode', async () => {
    const anna = join('expert', 'Anna Novak', 'Austria');
    await synced(anna);
    const ids = (await room.blocks()).map((b) => b.id);
    expect((await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${ids[0]}/lock`, room.invites.moderator.token)).status).toBe(200);
    await waitFor(() => blockById(anna.fragment, ids[0]!)?.getAttribute('locked') === 'true', 'the lock to reach Anna');
    textIn(blockById(anna.fragment, ids[0]!)!).insert(0, 'Refused ');
    await waitFor(async () => blockTexts(anna.fragment)[0] === FIRST_TEXT[0], 'Anna’s copy put back');
    expect((await api(room.url, 'PATCH', `/api/documents/${room.id}`, room.invites.adviser.token, { editMode: 'pen-holder' })).status).toBe(
      200,
    );
    textIn(blockById(anna.fragment, ids[1]!)!).insert(0, 'Suggested ');
    await waitFor(async () => blockTexts(anna.fragment)[1] === FIRST_TEXT[1], 'Anna’s copy put back in pen-holder mode');
    expect(await edits()).toEqual([]);
  });
});

describe('[U2] when each character was written', () => {
  it('each client id that wrote carries a mark from its first written clock, at the time it wrote; it survives a restart', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const anna = join('expert', 'Anna Novak', 'Austria');
    await synced(anna);
    const ids = (await room.blocks()).map((b) => b.id);
    const clockBefore = Y.getState(anna.doc.store, anna.doc.clientID);
    textIn(blockById(anna.fragment, ids[2]!)!).insert(0, 'Dated ');
    await reached(anna);
    const after = new Date(Date.now() + 1000).toISOString();

    const authors = async (): Promise<ClientAuthor[]> =>
      (await api(room.url, 'GET', `/api/documents/${room.id}/authors`, room.invites.observer.token)).json;
    const mine = (await authors()).find((a) => a.clientId === anna.doc.clientID)!;
    expect(mine.name).toBe('Anna Novak');
    expect(mine.since).toHaveLength(1);
    expect(mine.since[0]!.clock).toBe(clockBefore);
    expect(mine.since[0]!.at >= before && mine.since[0]!.at <= after).toBe(true);
    // The server's own first text is dated too.
    expect((await authors()).every((a) => a.since.length >= 1)).toBe(true);

    // Asked from a time, only the marks made since: every id still listed, the older marks left out.
    const from = async (marksFrom: string): Promise<ClientAuthor[]> =>
      (
        await api(
          room.url,
          'GET',
          `/api/documents/${room.id}/authors?marksFrom=${encodeURIComponent(marksFrom)}`,
          room.invites.observer.token,
        )
      ).json;
    expect((await from(mine.since[0]!.at)).find((a) => a.clientId === anna.doc.clientID)!.since).toEqual(mine.since);
    const later = await from(new Date(Date.now() + 60_000).toISOString());
    expect(later.map((a) => a.clientId).sort()).toEqual((await authors()).map((a) => a.clientId).sort());
    expect(later.every((a) => a.since.length === 0)).toBe(true);

    await room.restart();
    expect((await authors()).find((a) => a.clientId === anna.doc.clientID)!.since).toEqual(mine.since);
  });
});

describe('[U1] who wrote what, in compare', () => {
  it('with authors=true each block of the newer side comes with runs of client ids covering its text: the words added since are the adder’s', async () => {
    const anna = join('expert', 'Anna Novak', 'Austria');
    const marta = join('moderator', 'Marta Borg', 'Malta');
    await Promise.all([synced(anna), synced(marta)]);
    const ids = (await room.blocks()).map((b) => b.id);
    textIn(blockById(anna.fragment, ids[0]!)!).insert(0, 'Anna’s ');
    await reached(anna);
    const rev1 = await api(room.url, 'POST', `/api/documents/${room.id}/revisions`, room.invites.adviser.token, { note: 'First reading' });
    expect(rev1.status).toBe(201);
    const first = textIn(blockById(marta.fragment, ids[0]!)!);
    first.insert(first.length, ' Marta’s ending.');
    await reached(marta);

    const compared = await api(
      room.url,
      'GET',
      `/api/documents/${room.id}/compare?from=${rev1.json.n}&to=live&authors=true`,
      room.invites.observer.token,
    );
    expect(compared.status).toBe(200);
    const block = compared.json.blocks.find((b: { id: string }) => b.id === ids[0]);
    expect(block.change).toBe('changed');
    const runs: Array<{ clientId: number | null; length: number }> = block.authors;
    expect(runs.reduce((sum, run) => sum + run.length, 0)).toBe(block.to.text.length);
    // Character by character: whose is each.
    const owners: Array<number | null> = runs.flatMap((run) => Array<number | null>(run.length).fill(run.clientId));
    const text: string = block.to.text;
    const ownerOf = (fragment: string) => new Set(owners.slice(text.indexOf(fragment), text.indexOf(fragment) + fragment.length));
    expect(ownerOf('Anna’s ')).toEqual(new Set([anna.doc.clientID]));
    expect(ownerOf(' Marta’s ending.')).toEqual(new Set([marta.doc.clientID]));
    expect(ownerOf('First paragraph.').has(anna.doc.clientID)).toBe(false);

    // Against a reading on the other side too, and without the flag nothing extra.
    const back = await api(
      room.url,
      'GET',
      `/api/documents/${room.id}/compare?from=live&to=${rev1.json.n}&authors=true`,
      room.invites.observer.token,
    );
    const old = back.json.blocks.find((b: { id: string }) => b.id === ids[0]);
    expect(old.authors.reduce((sum: number, run: { length: number }) => sum + run.length, 0)).toBe(old.to.text.length);
    const plain = await api(room.url, 'GET', `/api/documents/${room.id}/compare?from=${rev1.json.n}&to=live`, room.invites.observer.token);
    expect(plain.json.blocks.every((b: { authors?: unknown }) => b.authors === undefined)).toBe(true);
  });
});
