/**
 * Pen-holder mode (PROTOCOL.md E1) from the attacker's side: with the mode on, an expert's raw
 * Yjs client (a real expert token) sends every kind of change to the text the editor would
 * never send. Each is undone in place, the sender converges and is told why with its words,
 * its socket stays open, and the chair's team's edits in the same moments stand.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { api, blocks } from '../helpers/api.js';
import { expectRoomHealthy } from '../helpers/roomHealth.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { blockById, blockTexts, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { ADMIN_TOKEN } from '../helpers/testServer.js';
import type { BlockSummary } from '../../shared/blocks.js';
import type { EditMode } from '../../shared/editMode.js';

let room: TestRoom;
let clients: TestClient[];
let notices: Array<{ client: TestClient; notice: any }>;

const FIRST_TEXT = ['First paragraph.', 'Second paragraph.', 'Third paragraph.'];

function join(role: 'expert' | 'moderator' | 'adviser' | 'observer', name = `${role} client`): TestClient {
  const client = room.connect(room.invites[role].token, { name, delegation: 'Testland' });
  client.provider.messageHandlers[100] = (_encoder, decoder) => {
    notices.push({ client, notice: JSON.parse(decoding.readVarString(decoder)) });
  };
  clients.push(client);
  return client;
}

async function setEditMode(editMode: EditMode, token = room.invites.adviser.token) {
  return api(room.url, 'PATCH', `/api/documents/${room.id}`, token, { editMode });
}

async function serverBlocks(): Promise<BlockSummary[]> {
  return room.blocks(room.invites.observer.token);
}

/** The server's text is `expected`, and every client shows exactly the server's text. */
async function expectConverged(expected: string[]) {
  await waitFor(
    async () => {
      const now = (await serverBlocks()).map((b) => b.text);
      return (
        JSON.stringify(now) === JSON.stringify(expected) &&
        clients.every((c) => JSON.stringify(blockTexts(c.fragment)) === JSON.stringify(now))
      );
    },
    `server and every client at ${JSON.stringify(expected)}`,
    5_000,
  );
}

function refusalsTo(client: TestClient) {
  return notices
    .filter((n) => n.client === client && n.notice.type === 'refused' && n.notice.reason === 'E_PEN_HOLDER')
    .map((n) => n.notice);
}

beforeEach(async () => {
  room = await openTestRoom({
    title: 'Pen-holder',
    document: { type: 'doc', content: FIRST_TEXT.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) },
  });
  clients = [];
  notices = [];
});

describe('[E1] the setting', () => {
  it('the adviser switches it on and off; it is in the document info, the session info and a room event, and survives a restart', async () => {
    const expert = join('expert');
    await synced(expert);
    const before = await api(room.url, 'GET', `/api/documents/${room.id}`, room.invites.expert.token);
    expect(before.json.editMode).toBe('open');

    const on = await setEditMode('pen-holder');
    expect(on.status).toBe(200);
    expect(on.json.editMode).toBe('pen-holder');
    await waitFor(
      () =>
        notices.some(
          (n) =>
            n.client === expert &&
            n.notice.type === 'room-event' &&
            n.notice.event.kind === 'room-settings' &&
            n.notice.event.detail.editMode === 'pen-holder',
        ),
      'the room-settings event with the mode',
    );
    const session = await api(room.url, 'GET', '/api/session', room.invites.expert.token);
    expect(session.json.editMode).toBe('pen-holder');

    await room.restart();
    const after = await api(room.url, 'GET', `/api/documents/${room.id}`, room.invites.expert.token);
    expect(after.json.editMode).toBe('pen-holder');
    expect((await setEditMode('open')).json.editMode).toBe('open');
  });

  it('only the adviser (or the admin) sets it; a mode that does not exist is refused, every time', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await setEditMode('pen-holder', room.invites.expert.token)).status).toBe(403);
      expect((await setEditMode('pen-holder', room.invites.moderator.token)).status).toBe(403);
      expect((await setEditMode('pen-holder', room.invites.observer.token)).status).toBe(403);
      expect((await setEditMode('anarchy' as EditMode)).status).toBe(400);
      expect((await api(room.url, 'PATCH', `/api/documents/${room.id}`, room.invites.adviser.token, { editMode: 7 })).status).toBe(400);
    }
    expect((await api(room.url, 'GET', `/api/documents/${room.id}`, room.invites.adviser.token)).json.editMode).toBe('open');
    expect((await setEditMode('pen-holder', ADMIN_TOKEN)).status).toBe(200);
  });
});

describe('[E1] an expert’s change to the text is undone over the wire while the mode is on', () => {
  async function penHolderRoom() {
    const expert = join('expert');
    const moderator = join('moderator');
    const observer = join('observer');
    await Promise.all([synced(expert), synced(moderator), synced(observer)]);
    expect((await setEditMode('pen-holder')).status).toBe(200);
    const ids = (await serverBlocks()).map((b) => b.id);
    return { expert, moderator, ids };
  }

  it('typing, deleting, splitting, adding, formatting and forging attributes are each undone, again and again; the socket stays open', async () => {
    const { expert, ids } = await penHolderRoom();
    const attacks: Array<[string, () => void]> = [
      ['typing', () => textIn(blockById(expert.fragment, ids[0]!)!).insert(0, 'HACKED ')],
      ['deleting words', () => textIn(blockById(expert.fragment, ids[1]!)!).delete(0, 7)],
      ['deleting a paragraph', () => expert.fragment.delete(2, 1)],
      ['adding a paragraph', () => expert.fragment.insert(1, [newParagraph('An expert’s own paragraph.')])],
      ['formatting', () => textIn(blockById(expert.fragment, ids[0]!)!).format(0, 5, { bold: {} })],
      ['a block attribute', () => blockById(expert.fragment, ids[1]!)!.setAttribute('language', 'fr')],
      [
        'a paragraph replaced by a copy with other words',
        () => {
          expert.fragment.delete(0, 1);
          expert.fragment.insert(0, [newParagraph('Rewritten first paragraph.', { id: ids[0]! })]);
        },
      ],
      [
        'everything at once',
        () =>
          expert.doc.transact(() => {
            textIn(blockById(expert.fragment, ids[0]!)!).insert(0, 'X');
            expert.fragment.delete(1, 2);
            expert.fragment.insert(0, [newParagraph('Mine.')]);
          }),
      ],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [what, attack] of attacks) {
        const refusedBefore = refusalsTo(expert).length;
        attack();
        await expectConverged(FIRST_TEXT);
        await waitFor(() => refusalsTo(expert).length > refusedBefore, `a pen-holder refusal for ${what} (round ${round + 1})`);
      }
    }
    // The same ids in the same order, each paragraph where it stood.
    expect((await serverBlocks()).map((b) => b.id)).toEqual(ids);
    expect(expert.closes).toEqual([]);
    expect(expert.provider.wsconnected).toBe(true);
  });

  it('the refusal hands the expert their words, to propose as an amendment; nobody else hears of it', async () => {
    const { expert, moderator, ids } = await penHolderRoom();
    textIn(blockById(expert.fragment, ids[1]!)!).insert('Second paragraph.'.length, ' With my addition.');
    await expectConverged(FIRST_TEXT);
    await waitFor(() => refusalsTo(expert).length > 0, 'the refusal');
    const [notice] = refusalsTo(expert);
    expect(notice.blockId).toBe(ids[1]);
    expect(notice.refusedText).toBe('Second paragraph. With my addition.');
    expect(notice.message).toMatch(/pen-holder/);
    expect(notices.filter((n) => n.client === moderator && n.notice.type === 'refused')).toEqual([]);
  });

  it('a paragraph the expert deleted comes back with its id, status and place', async () => {
    const { expert, ids } = await penHolderRoom();
    const status = await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${ids[1]}/status`, room.invites.moderator.token, {
      status: 'discussion',
    });
    expect(status.status).toBe(200);
    await waitFor(() => blockById(expert.fragment, ids[1]!)?.getAttribute('status') === 'discussion', 'the expert to see the status');
    expert.fragment.delete(1, 1);
    await expectConverged(FIRST_TEXT);
    const now = await serverBlocks();
    expect(now.map((b) => b.id)).toEqual(ids);
    expect(now[1]!.status).toBe('discussion');
    // The restored paragraph is a paragraph like any other: the moderator can lock it by its id.
    const lock = await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${ids[1]}/lock`, room.invites.moderator.token);
    expect(lock.status).toBe(200);
  });

  it('the chair’s team edits as before, in the same moments as the expert’s refused typing', async () => {
    const { expert, moderator, ids } = await penHolderRoom();
    const adviser = join('adviser');
    await synced(adviser);
    for (let i = 0; i < 10; i++) {
      textIn(blockById(expert.fragment, ids[0]!)!).insert(0, 'x');
      textIn(blockById(moderator.fragment, ids[1]!)!).insert(0, 'm');
      textIn(blockById(adviser.fragment, ids[2]!)!).insert(0, 'a');
    }
    moderator.fragment.insert(3, [newParagraph('The chair’s new paragraph.')]);
    await expectConverged([
      FIRST_TEXT[0]!,
      `${'m'.repeat(10)}${FIRST_TEXT[1]}`,
      `${'a'.repeat(10)}${FIRST_TEXT[2]}`,
      'The chair’s new paragraph.',
    ]);
  });

  it('switched off, the same connection’s typing stands again; the observer stays read-only throughout', async () => {
    const { expert, ids } = await penHolderRoom();
    textIn(blockById(expert.fragment, ids[0]!)!).insert(0, 'Refused ');
    await expectConverged(FIRST_TEXT);
    expect((await setEditMode('open')).status).toBe(200);
    textIn(blockById(expert.fragment, ids[0]!)!).insert(0, 'Kept ');
    await expectConverged([`Kept ${FIRST_TEXT[0]}`, FIRST_TEXT[1]!, FIRST_TEXT[2]!]);
    expect(expert.closes).toEqual([]);
  });

  it('a room that was never switched is open: experts type as before', async () => {
    const expert = join('expert');
    await synced(expert);
    const ids = (await serverBlocks()).map((b) => b.id);
    textIn(blockById(expert.fragment, ids[2]!)!).insert(0, 'Open ');
    await expectConverged([FIRST_TEXT[0]!, FIRST_TEXT[1]!, `Open ${FIRST_TEXT[2]}`]);
  });
});

describe('[L9] what the server writes back for refused changes is bounded per connection', () => {
  it('deleting the whole text over and over in pen-holder mode closes the socket with 4429 within a window, every time; the text stays whole and the room healthy', async () => {
    // Ten paragraphs of 5,000 characters: each deletion of everything costs the server 50,000 to put back.
    const long = Array.from(
      { length: 10 },
      (_, i) => `${i + 1}. ${'Participating States should share information. '.repeat(107).slice(0, 5_000)}`,
    );
    const big = await room.another('Big text', {
      type: 'doc',
      content: long.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
    });
    expect((await api(room.url, 'PATCH', `/api/documents/${big.id}`, ADMIN_TOKEN, { editMode: 'pen-holder' })).status).toBe(200);
    const expertToken = big.invites.expert.token;
    for (let attempt = 0; attempt < 3; attempt++) {
      const attacker = room.connect(expertToken, { name: `Attacker ${attempt}`, delegation: 'Nowhere' }, { docId: big.id });
      attacker.provider.messageHandlers[100] = () => undefined;
      await synced(attacker);
      let deletions = 0;
      while (attacker.closes.length === 0 && deletions < 20) {
        attacker.fragment.delete(0, attacker.fragment.length);
        deletions++;
        // Each restore comes back before the next deletion (or the socket closes).
        await waitFor(() => attacker.fragment.length === 10 || attacker.closes.length > 0, 'the text put back or the socket closed');
      }
      expect(attacker.closes[0]?.code, `attempt ${attempt + 1}`).toBe(4429);
      // The allowance is four whole restores (200,000 / 50,000 and a bit): the fifth goes over.
      expect(deletions).toBeLessThanOrEqual(5);
      attacker.provider.shouldConnect = false;
      attacker.destroy();
    }
    const now = await blocks(room.url, big.id, ADMIN_TOKEN);
    expect(now.map((b) => b.text)).toEqual(long);
    await expectRoomHealthy(room.url, room.wsUrl, big);
  });

  it('one large honest restore (an offline copy’s changes to many agreed paragraphs) stays within it', async () => {
    const expert = join('expert');
    await synced(expert);
    const ids = (await serverBlocks()).map((b) => b.id);
    expect((await setEditMode('pen-holder')).status).toBe(200);
    expert.doc.transact(() => {
      for (const id of ids) textIn(blockById(expert.fragment, id)!).insert(0, 'Offline words. ');
    });
    await expectConverged(FIRST_TEXT);
    expect(expert.closes).toEqual([]);
  });
});

describe('[E1] a change inside a character', () => {
  it('an expert’s change anchored between the halves of an emoji, in pen-holder mode, is refused whole (4400) before it can spoil the character, every time', async () => {
    const moderator = join('moderator');
    await synced(moderator);
    const ids = (await serverBlocks()).map((b) => b.id);
    textIn(blockById(moderator.fragment, ids[0]!)!).insert(0, '🇪🇺 ');
    await expectConverged([`🇪🇺 ${FIRST_TEXT[0]}`, FIRST_TEXT[1]!, FIRST_TEXT[2]!]);
    expect((await setEditMode('pen-holder')).status).toBe(200);
    for (let attempt = 0; attempt < 3; attempt++) {
      const expert = room.connect(room.invites.expert.token, { name: `Expert ${attempt}`, delegation: 'Nowhere' });
      expert.provider.messageHandlers[100] = () => undefined;
      await synced(expert);
      // Offset 1 and 3 fall inside the two flags' surrogate pairs; a deletion of one unit does too.
      if (attempt === 0) textIn(blockById(expert.fragment, ids[0]!)!).insert(1, 'x');
      else if (attempt === 1) textIn(blockById(expert.fragment, ids[0]!)!).insert(3, 'y');
      else textIn(blockById(expert.fragment, ids[0]!)!).delete(1, 1);
      await waitFor(() => expert.closes.length > 0, 'the socket closed');
      expect(expert.closes[0]!.code).toBe(4400);
      expert.provider.shouldConnect = false;
      expert.destroy();
      expect((await serverBlocks())[0]!.text).toBe(`🇪🇺 ${FIRST_TEXT[0]}`);
    }
    expect(blockTexts(moderator.fragment)[0]).toBe(`🇪🇺 ${FIRST_TEXT[0]}`);
  });
});
