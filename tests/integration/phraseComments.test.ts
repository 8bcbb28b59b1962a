/**
 * Comments on a phrase (PROTOCOL.md C4): anchored with Yjs relative positions, so they stay on
 * their words through edits, a restart and compaction; and from the attacker's side, every
 * position the page could not have made is refused, again and again, with the room intact.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { blockById, blockTexts, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';

let room: TestRoom;

const FIRST_TEXT = ['Participating States should share information on cybercrime regularly.', 'A second paragraph.'];

beforeEach(async () => {
  room = await openTestRoom({
    title: 'Phrase comments',
    document: { type: 'doc', content: FIRST_TEXT.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) },
  });
});

function encoded(position: Y.RelativePosition): string {
  return Buffer.from(Y.encodeRelativePosition(position)).toString('base64');
}

/** The anchor of the characters [from, to) of a paragraph's text, as the page makes it from a selection. */
function anchorIn(client: TestClient, blockId: string, from: number, to: number) {
  const text = textIn(blockById(client.fragment, blockId)!);
  return {
    start: encoded(Y.createRelativePositionFromTypeIndex(text, from)),
    // The end sticks to the last character of the phrase, so typing right after it stays outside.
    end: encoded(Y.createRelativePositionFromTypeIndex(text, to, -1)),
  };
}

/** The words an anchor holds now in `client`'s copy. */
function phraseNow(client: TestClient, anchor: { start: string; end: string }): string {
  const start = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(anchor.start, 'base64')), client.doc)!;
  const end = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(anchor.end, 'base64')), client.doc)!;
  return (start.type as Y.XmlText).toString().slice(start.index, end.index);
}

async function comment(body: unknown, token = room.invites.expert.token) {
  return api(room.url, 'POST', `/api/documents/${room.id}/comments`, token, body);
}

/** A stock client that ignores the room's notices (type 100), which stock providers do not know. */
function connectAs(role: 'expert' | 'moderator', name: string, delegation: string): TestClient {
  const client = room.connect(room.invites[role].token, { name, delegation });
  client.provider.messageHandlers[100] = () => undefined;
  return client;
}

async function joined(): Promise<{ client: TestClient; ids: string[] }> {
  const client = connectAs('expert', 'Anna', 'Austria');
  await synced(client);
  const ids = (await room.blocks()).map((b) => b.id);
  return { client, ids };
}

describe('[C4] a comment on a phrase', () => {
  it('keeps its words and stays on them while people type before, inside and after them, through a restart', async () => {
    const { client, ids } = await joined();
    const from = FIRST_TEXT[0]!.indexOf('share information');
    const to = from + 'share information'.length;
    const created = await comment({ blockId: ids[0], text: 'Which information?', anchor: anchorIn(client, ids[0]!, from, to) });
    expect(created.status).toBe(201);
    expect(created.json.anchor.quote).toBe('share information');

    const text = textIn(blockById(client.fragment, ids[0]!)!);
    text.insert(0, 'All ');
    text.insert(text.toString().indexOf('information') + 'information'.length, ' promptly');
    text.insert(text.toString().indexOf('share'), 'freely ');
    await waitFor(async () => (await room.blocks())[0]!.text === blockTexts(client.fragment)[0], 'the edits to reach the server');
    expect(phraseNow(client, created.json.anchor)).toBe('share information');

    await room.restart();
    const after = connectAs('moderator', 'Marta', 'Malta');
    await synced(after);
    const [listed] = (await api(room.url, 'GET', `/api/documents/${room.id}/comments`, room.invites.moderator.token)).json;
    expect(listed.anchor).toEqual(created.json.anchor);
    expect(phraseNow(after, listed.anchor)).toBe('share information');
    expect(blockTexts(after.fragment)[0]).toBe(
      'All Participating States should freely share information promptly on cybercrime regularly.',
    );
  });

  it('paragraph comments and replies carry no anchor; a reply with one is refused', async () => {
    const { client, ids } = await joined();
    const plain = await comment({ blockId: ids[1], text: 'On the whole paragraph.' });
    expect(plain.status).toBe(201);
    expect(plain.json.anchor).toBeNull();
    const reply = await comment({ blockId: ids[1], text: 'A reply.', parentId: plain.json.id });
    expect(reply.json.anchor).toBeNull();
    const anchoredReply = await comment({
      blockId: ids[1],
      text: 'A reply on words.',
      parentId: plain.json.id,
      anchor: anchorIn(client, ids[1]!, 0, 8),
    });
    expect(anchoredReply.status).toBe(400);
  });
});

describe('[C4] positions the page could not have made are refused, every time, and the room stays as it was', () => {
  it('garbage, a root name, another paragraph, reversed, empty, too long, blank, unknown items, and a deleted phrase', async () => {
    const { client, ids } = await joined();
    const elsewhere = new Y.Doc();
    elsewhere.getXmlFragment('default').insert(0, [new Y.XmlText('Text of another document entirely.')]);
    const otherText = elsewhere.getXmlFragment('default').get(0) as Y.XmlText;
    const first = anchorIn(client, ids[0]!, 0, 5);
    const second = anchorIn(client, ids[1]!, 2, 8);
    const attacks: Array<[string, unknown]> = [
      ['not base64', { start: '!!!!not base64', end: first.end }],
      ['base64 of nothing Yjs reads', { start: 'AAAAAAAA', end: 'AAAAAAAA' }],
      ['a position by root name', { start: encoded(Y.createRelativePositionFromTypeIndex(elsewhere.getText('evil'), 0)), end: first.end }],
      ['ends in two paragraphs', { start: first.start, end: second.end }],
      ['the end before the start', { start: anchorIn(client, ids[0]!, 10, 12).start, end: anchorIn(client, ids[0]!, 0, 4).end }],
      ['an empty phrase', { start: first.start, end: anchorIn(client, ids[0]!, 0, 0).start }],
      [
        'items the room does not have',
        {
          start: encoded(Y.createRelativePositionFromTypeIndex(otherText, 0)),
          end: encoded(Y.createRelativePositionFromTypeIndex(otherText, 5)),
        },
      ],
      ['an overlong position', { start: 'A'.repeat(400), end: first.end }],
      ['extra fields', { start: first.start, end: first.end, type: 'evil' }],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [what, anchor] of attacks) {
        const answer = await comment({ blockId: ids[0], text: `Attack: ${what}.`, anchor });
        if (what === 'extra fields') {
          // Unknown fields are dropped, as everywhere in the API: the anchor itself is sound.
          expect(answer.status, what).toBe(201);
          continue;
        }
        expect(answer.status, `${what} (round ${round + 1})`).toBe(400);
        expect(answer.json.error.code).toBe('E_BAD_REQUEST');
      }
    }
    // Blank and overlong phrases, made honestly from text that has them.
    const text = textIn(blockById(client.fragment, ids[1]!)!);
    text.insert(0, '     ');
    text.insert(text.length, ` ${'word '.repeat(120)}`);
    await waitFor(async () => (await room.blocks())[1]!.text === blockTexts(client.fragment)[1], 'the new words to reach the server');
    expect((await comment({ blockId: ids[1], text: 'Blank.', anchor: anchorIn(client, ids[1]!, 0, 5) })).status).toBe(400);
    expect((await comment({ blockId: ids[1], text: 'Long.', anchor: anchorIn(client, ids[1]!, 0, text.length) })).status).toBe(400);
    // A phrase whose words were deleted before the comment arrived.
    const doomed = anchorIn(client, ids[1]!, 5, 12);
    text.delete(5, 7);
    await waitFor(async () => (await room.blocks())[1]!.text === blockTexts(client.fragment)[1], 'the deletion to reach the server');
    expect((await comment({ blockId: ids[1], text: 'Gone.', anchor: doomed })).status).toBe(400);

    // The room is as it was: the text intact, and a sound phrase comment still goes through.
    expect((await room.blocks())[0]!.text).toBe(FIRST_TEXT[0]);
    expect((await comment({ blockId: ids[0], text: 'Sound.', anchor: anchorIn(client, ids[0]!, 0, 13) })).json.anchor.quote).toBe(
      'Participating',
    );
    const health = await fetch(`${room.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
