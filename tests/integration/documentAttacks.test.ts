/**
 * The document from the attacker's side (PROTOCOL.md I1–I5, R1, R2): raw Yjs clients with
 * real invites send what the editor never would, to make the document unloadable, the
 * server slow, or someone's copy differ. After every attempt (the first, the second and the
 * hundredth) the room stays healthy: /healthz answers within 100 ms, a fresh stock client
 * loads the document through the editor's schema, every export answers 200, and every
 * client holds the server's text. Legitimate edits in the same update stand.
 */
import { statSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { blockById, blockTexts, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { awarenessFrame, closeOf, handmadeAwarenessUpdate, updateFrame, type RawSocket } from '../helpers/rawSocket.js';
import { collectNotices } from '../helpers/notices.js';
import { nestedElementsUpdate } from '../helpers/forgedUpdates.js';
import { expectRoomHealthy } from '../helpers/roomHealth.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  MAX_AWARENESS_CLIENTS_PER_CONNECTION,
  MAX_BLOCK_CHARS,
  MAX_BLOCK_DEPTH,
  MAX_BLOCKS,
  MAX_DOCUMENT_CHARS,
} from '../../shared/limits.js';
import { CloseCode, type ServerNotice } from '../../shared/protocol.js';
import type { BlockSummary } from '../../shared/blocks.js';

let room: TestRoom;
/** The stock clients of the test, which must all hold the server's text (healthy()). */
let clients: TestClient[];

beforeEach(async () => {
  room = await openTestRoom({ title: 'Document attacks' });
  clients = [];
});

function join(role: 'expert' | 'observer' = 'expert'): TestClient & { notices: ServerNotice[] } {
  const client = room.connect(room.invites[role].token, {
    name: `${role} ${clients.length + 1}`,
    delegation: 'Testland',
  });
  clients.push(client);
  return Object.assign(client, { notices: collectNotices(client) });
}

function raw(role: 'expert' | 'observer' = 'expert'): RawSocket {
  return room.raw({ token: room.invites[role].token });
}

/** The room as the server holds it (read in process: polling a 2 MB document over HTTP would be the slow part). */
function liveRoom() {
  return room.server.ctx.rooms.open(room.id)!;
}

async function serverBlocks(): Promise<BlockSummary[]> {
  return blocks(room.url, room.id, room.invites.observer.token);
}

async function healthy(): Promise<void> {
  await expectRoomHealthy(room.url, room.wsUrl, room, { clients });
}

/** An attacker and a bystander, both synced, over three paragraphs. */
async function threeParagraphs() {
  const attacker = join();
  const bystander = join();
  await Promise.all([synced(attacker), synced(bystander)]);
  textIn(attacker.fragment.get(0) as Y.XmlElement).insert(0, 'First paragraph.');
  attacker.fragment.insert(1, [newParagraph('Second paragraph.'), newParagraph('Third paragraph.')]);
  await waitFor(
    async () => (await serverBlocks()).length === 3 && bystander.fragment.length === 3,
    'the three paragraphs on the server and the bystander',
  );
  const ids = (await serverBlocks()).map((b) => b.id);
  return { attacker, bystander, ids };
}

function refusedWith(client: { notices: ServerNotice[] }, reason: string): boolean {
  return client.notices.some((n) => n.type === 'refused' && n.reason === reason);
}

describe('[I2] nesting', () => {
  it.each([3_000, 12_000])(
    'a blockquote nested %i levels deep is refused whole (4400), the second time too, and touches nothing',
    async (depth) => {
      const { bystander } = await threeParagraphs();
      const before = blockTexts(bystander.fragment);
      for (let attempt = 0; attempt < 2; attempt++) {
        const socket = raw();
        await socket.opened;
        socket.send(updateFrame(nestedElementsUpdate(900_000 + attempt, depth)));
        const closed = await closeOf(socket);
        expect(closed.code).toBe(CloseCode.malformed);
        expect(closed.reason).toMatch(/nested at most 64/);
      }
      expect(bystander.provider.wsconnected).toBe(true);
      expect(blockTexts(bystander.fragment)).toEqual(before);
      await healthy();
    },
  );

  it(`quotes nested past ${MAX_BLOCK_DEPTH} levels (within what an update may build) are removed in the same turn, and the sender is told`, async () => {
    const { attacker, ids } = await threeParagraphs();
    let quote = new Y.XmlElement('blockquote');
    const outer = quote;
    for (let i = 1; i < MAX_BLOCK_DEPTH + 4; i++) {
      const inner = new Y.XmlElement('blockquote');
      quote.insert(0, [inner]);
      quote = inner;
    }
    quote.insert(0, [newParagraph('deep')]);
    attacker.doc.transact(() => {
      attacker.fragment.insert(3, [outer]);
      textIn(blockById(attacker.fragment, ids[0]!)!).insert(0, 'Kept. ');
    });
    await waitFor(() => refusedWith(attacker, 'E_INVALID'), 'the E_INVALID notice');
    await waitFor(() => attacker.fragment.length === 3, 'the attacker to converge');
    expect((await serverBlocks()).map((b) => b.text)).toEqual(['Kept. First paragraph.', 'Second paragraph.', 'Third paragraph.']);
    await healthy();
  });
});

describe('[I1] the document schema', () => {
  const attacks: Array<[string, (paragraph: Y.XmlElement, fragment: Y.XmlFragment) => void]> = [
    ['an element the editor does not know inside a paragraph', (p) => p.insert(0, [new Y.XmlElement('script')])],
    ['an attribute the editor does not know', (p) => p.setAttribute('onclick', 'alert(1)')],
    [
      'a heading level the editor does not have',
      (_p, fragment) => {
        const heading = new Y.XmlElement('heading');
        heading.setAttribute('level', 9 as never);
        heading.insert(0, [new Y.XmlText('Level nine')]);
        fragment.insert(1, [heading]);
      },
    ],
    ['a mark the editor does not know', (p) => textIn(p).format(0, 5, { link: { href: 'javascript:alert(1)' } })],
    ['an embedded object in the text', (p) => textIn(p).insertEmbed(0, { image: 'x' })],
    ['raw JSON among the elements', (p) => (p as unknown as Y.Array<unknown>).insert(0, [{ evil: true }])],
    ['text straight under the document', (_p, fragment) => fragment.insert(0, [new Y.XmlText('loose text')])],
    [
      'a list item at the top level',
      (_p, fragment) => {
        const item = new Y.XmlElement('listItem');
        item.insert(0, [newParagraph('orphan')]);
        fragment.insert(0, [item]);
      },
    ],
    ['an empty list', (_p, fragment) => fragment.insert(0, [new Y.XmlElement('bulletList')])],
    ['a paragraph inside a paragraph', (p) => p.insert(0, [newParagraph('inner')])],
    ['an id full of markup', (p) => p.setAttribute('id', '"><img src=x onerror=alert(1)>')],
  ];

  it.each(attacks)('%s is undone in the same turn; the edit beside it stands; twice over', async (_what, attack) => {
    const { attacker, ids } = await threeParagraphs();
    for (let attempt = 1; attempt <= 2; attempt++) {
      attacker.notices.length = 0;
      attacker.doc.transact(() => {
        attack(blockById(attacker.fragment, ids[1]!)!, attacker.fragment);
        textIn(blockById(attacker.fragment, ids[2]!)!).insert(0, `Kept ${attempt}. `);
      });
      await waitFor(() => refusedWith(attacker, 'E_INVALID'), 'the E_INVALID notice');
      await waitFor(
        async () => (await serverBlocks()).map((b) => b.text).join('|') === blockTexts(attacker.fragment).join('|'),
        'the attacker to converge',
      );
      const texts = (await serverBlocks()).map((b) => b.text);
      expect(texts).toEqual(['First paragraph.', 'Second paragraph.', `${attempt === 2 ? 'Kept 2. ' : ''}Kept 1. Third paragraph.`]);
      expect((await serverBlocks()).map((b) => b.id)).toEqual(ids);
      await healthy();
    }
  });

  it('raw JSON in place of an emptied paragraph’s text is undone (it is not an empty text); twice over', async () => {
    const { attacker, ids } = await threeParagraphs();
    const second = () => blockById(attacker.fragment, ids[1]!)!;
    textIn(second()).delete(0, textIn(second()).length);
    await waitFor(async () => (await serverBlocks())[1]?.text === '', 'the second paragraph emptied');
    for (let attempt = 1; attempt <= 2; attempt++) {
      attacker.notices.length = 0;
      attacker.doc.transact(() => {
        second().delete(0, second().length);
        (second() as unknown as Y.Array<unknown>).insert(0, [{ evil: attempt }]);
      });
      await waitFor(() => refusedWith(attacker, 'E_INVALID'), 'the E_INVALID notice');
      await waitFor(
        () =>
          second()
            .toArray()
            .every((child) => child instanceof Y.XmlText),
        'the attacker to converge',
      );
      expect((await serverBlocks()).map((b) => b.text)).toEqual(['First paragraph.', '', 'Third paragraph.']);
      await healthy();
    }
  });
});

describe("[I5] a paragraph's language", () => {
  const listWith = (lang: unknown): Y.XmlElement => {
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    item.setAttribute('lang', lang as never);
    item.insert(0, [newParagraph('item')]);
    list.insert(0, [item]);
    return list;
  };
  const attacks: Array<[string, (paragraph: Y.XmlElement, fragment: Y.XmlFragment) => void]> = [
    ['a language not on the list', (p) => p.setAttribute('lang', 'xx')],
    ['a tag with a region the list does not name', (p) => p.setAttribute('lang', 'en-US')],
    ['a tag in capitals', (p) => p.setAttribute('lang', 'RU')],
    ['markup as a language', (p) => p.setAttribute('lang', '"><img src=x onerror=alert(1)>')],
    ['a number as a language', (p) => p.setAttribute('lang', 7 as never)],
    [
      'a bad language on a new heading',
      (_p, fragment) => {
        const heading = new Y.XmlElement('heading');
        heading.setAttribute('level', 2 as never);
        heading.setAttribute('lang', 'klingon');
        heading.insert(0, [new Y.XmlText('Heading')]);
        fragment.insert(1, [heading]);
      },
    ],
    ['a bad language on a list item', (_p, fragment) => fragment.insert(1, [listWith('zz')])],
  ];

  it.each(attacks)('%s is undone in the same turn (E_INVALID); the edit beside it stands', async (_what, attack) => {
    const { attacker, ids } = await threeParagraphs();
    attacker.doc.transact(() => {
      attack(blockById(attacker.fragment, ids[1]!)!, attacker.fragment);
      textIn(blockById(attacker.fragment, ids[2]!)!).insert(0, 'Kept. ');
    });
    await waitFor(() => refusedWith(attacker, 'E_INVALID'), 'the E_INVALID notice');
    await waitFor(
      async () => (await serverBlocks()).map((b) => b.text).join('|') === blockTexts(attacker.fragment).join('|'),
      'the attacker to converge',
    );
    expect((await serverBlocks()).map((b) => b.text)).toEqual(['First paragraph.', 'Second paragraph.', 'Kept. Third paragraph.']);
    expect(blockById(attacker.fragment, ids[1]!)!.getAttribute('lang')).toBeUndefined();
    await healthy();
  });

  it('a language from the list stands on a paragraph, a heading and a list item, and can be taken off again', async () => {
    const { attacker, bystander, ids } = await threeParagraphs();
    const notices = attacker.notices.length;
    attacker.doc.transact(() => {
      blockById(attacker.fragment, ids[1]!)!.setAttribute('lang', 'ru');
      attacker.fragment.insert(3, [listWith('ka')]);
    });
    await waitFor(
      () => blockById(bystander.fragment, ids[1]!)?.getAttribute('lang') === 'ru' && bystander.fragment.length === 4,
      'the languages at the bystander',
    );
    blockById(attacker.fragment, ids[1]!)!.removeAttribute('lang');
    await waitFor(
      () => blockById(bystander.fragment, ids[1]!)!.getAttribute('lang') === undefined,
      'the language taken off at the bystander',
    );
    expect(attacker.notices.length).toBe(notices);
    await healthy();
  });
});

describe('[I3] size', () => {
  it(`a paragraph of 3 MiB is refused, twenty times over, and the database does not grow`, async () => {
    const { attacker, bystander } = await threeParagraphs();
    const big = 'x'.repeat(3 * 1024 * 1024);
    for (let attempt = 0; attempt < 20; attempt++) {
      attacker.notices.length = 0;
      attacker.fragment.insert(3, [newParagraph(big)]);
      await waitFor(() => refusedWith(attacker, 'E_TOO_LARGE'), 'the E_TOO_LARGE notice');
      await waitFor(() => attacker.fragment.length === 3, 'the attacker to converge');
    }
    expect(bystander.fragment.length).toBe(3);
    expect((await serverBlocks()).length).toBe(3);
    const file = joinPath(room.server.dataDir, 'draftroom.sqlite');
    const bytes = statSync(file).size + statSync(`${file}-wal`).size;
    expect(bytes, 'database and log bytes after 60 MiB of refused text').toBeLessThan(8 * 1024 * 1024);
    await healthy();
  });

  it('typing a paragraph past its cap puts it back as it was before the change', async () => {
    const { attacker, ids } = await threeParagraphs();
    textIn(blockById(attacker.fragment, ids[1]!)!).insert(0, 'y'.repeat(MAX_BLOCK_CHARS));
    await waitFor(() => refusedWith(attacker, 'E_TOO_LARGE'), 'the E_TOO_LARGE notice');
    await waitFor(() => blockTexts(attacker.fragment)[1] === 'Second paragraph.', 'the attacker to converge');
    await healthy();
  });

  it(`the document stops at ${MAX_DOCUMENT_CHARS.toLocaleString('en')} characters: the change that passes it is undone whole`, {
    timeout: 120_000,
  }, async () => {
    const { attacker } = await threeParagraphs();
    const paragraph = 'z'.repeat(MAX_BLOCK_CHARS - 100);
    const perChange = 10;
    const fitting = Math.floor(MAX_DOCUMENT_CHARS / (paragraph.length + 2) / perChange);
    for (let change = 0; change <= fitting; change++) {
      attacker.fragment.insert(
        attacker.fragment.length,
        Array.from({ length: perChange }, () => newParagraph(paragraph)),
      );
      // One change at a time: frames arriving together are applied together (B1).
      if (change < fitting)
        await waitFor(() => liveRoom().fragment.length === 3 + (change + 1) * perChange, `change ${change + 1} to land`);
    }
    await waitFor(() => refusedWith(attacker, 'E_TOO_LARGE'), 'the E_TOO_LARGE notice');
    await waitFor(
      () => liveRoom().fragment.length === 3 + fitting * perChange && attacker.fragment.length === 3 + fitting * perChange,
      'the last change undone, the others kept',
    );
    expect(liveRoom().rules.documentSize).toBeLessThanOrEqual(MAX_DOCUMENT_CHARS);
    await healthy();
  });

  it(`at most ${MAX_BLOCKS.toLocaleString('en')} blocks`, async () => {
    const { attacker } = await threeParagraphs();
    attacker.fragment.insert(
      3,
      Array.from({ length: MAX_BLOCKS }, () => new Y.XmlElement('paragraph')),
    );
    await waitFor(() => refusedWith(attacker, 'E_TOO_LARGE'), 'the E_TOO_LARGE notice');
    await waitFor(() => attacker.fragment.length === 3, 'the attacker to converge');
    await healthy();
  });
});

describe('[R1] read-only', () => {
  it('an observer who types converges after every attempt, the hundredth as the first, and nobody else holds a byte of it', async () => {
    const { bystander } = await threeParagraphs();
    const observer = join('observer');
    await synced(observer);
    for (let attempt = 1; attempt <= 100; attempt++) {
      // Two separate transactions, as two keystrokes are.
      textIn(observer.fragment.get(0) as Y.XmlElement).insert(0, 'a');
      textIn(observer.fragment.get(0) as Y.XmlElement).insert(0, 'b');
      await waitFor(
        () => blockTexts(observer.fragment)[0] === 'First paragraph.',
        `the observer to converge after attempt ${attempt}`,
        1_000,
      );
    }
    expect(refusedWith(observer, 'E_READ_ONLY')).toBe(true);
    expect(Y.decodeStateVector(Y.encodeStateVector(bystander.doc)).has(observer.doc.clientID)).toBe(false);
    expect(blockTexts(bystander.fragment)[0]).toBe('First paragraph.');
    await healthy();
  });

  it('an observer who deletes the room’s text is disconnected (4403) and the room keeps its text', async () => {
    const { bystander } = await threeParagraphs();
    const observer = join('observer');
    await synced(observer);
    observer.fragment.delete(0, 1);
    await waitFor(() => observer.closes.some((c) => c.code === CloseCode.forbidden), 'the observer to be closed with 4403');
    // Its text reads as the room's again before the close, and it was told why.
    expect(blockTexts(observer.fragment)).toEqual(['First paragraph.', 'Second paragraph.', 'Third paragraph.']);
    expect(refusedWith(observer, 'E_READ_ONLY')).toBe(true);
    expect(blockTexts(bystander.fragment)).toEqual(['First paragraph.', 'Second paragraph.', 'Third paragraph.']);
    await healthy();
  });
});

describe('[R2] presence', () => {
  it(`a connection flooding presence under new client ids gets at most ${MAX_AWARENESS_CLIENTS_PER_CONNECTION} of them relayed`, async () => {
    const { bystander } = await threeParagraphs();
    const socket = raw();
    await socket.opened;
    for (let frame = 0; frame < 20; frame++) {
      const entries = Array.from({ length: 250 }, (_, i) => ({
        clientId: 5_000_000 + frame * 250 + i,
        clock: 1,
        state: { note: 'x'.repeat(3_000) },
      }));
      socket.send(awarenessFrame(handmadeAwarenessUpdate(entries)));
    }
    // The flood's last frame went out before this marker; once the marker is relayed, so is anything of the flood.
    socket.send(awarenessFrame(handmadeAwarenessUpdate([{ clientId: 5_000_000, clock: 2, state: { marker: true } }])));
    await waitFor(
      () => (bystander.provider.awareness.getStates().get(5_000_000) as { marker?: boolean } | undefined)?.marker === true,
      'the marker to reach the bystander',
    );
    const phantoms = [...bystander.provider.awareness.getStates().keys()].filter((id) => id >= 5_000_000 && id < 5_010_000);
    expect(phantoms.length).toBeLessThanOrEqual(MAX_AWARENESS_CLIENTS_PER_CONNECTION);
    await healthy();
  });
});

describe('[I4] changes anchored on text the room does not have', () => {
  it('are dropped rather than kept waiting, and a later honest edit still lands', async () => {
    const { attacker, bystander, ids } = await threeParagraphs();
    // An update whose items hang off a parent (client 123, clock 5) that nobody ever sent.
    const orphanParent = nestedElementsUpdate(123_456, 6, 'blockquote');
    const orphans = Y.diffUpdate(orphanParent, Y.encodeStateVectorFromUpdate(nestedElementsUpdate(123_456, 5, 'blockquote')));
    const socket = raw();
    await socket.opened;
    socket.send(updateFrame(orphans));
    textIn(blockById(attacker.fragment, ids[0]!)!).insert(0, 'Later. ');
    await waitFor(() => blockTexts(bystander.fragment)[0] === 'Later. First paragraph.', 'the honest edit to land');
    expect(liveRoom().doc.store.pendingStructs).toBeNull();
    await healthy();
  });
});

describe('a sequence of different attacks, twice', () => {
  it('leaves the room healthy, with every export opening in LibreOffice and pdftotext', async () => {
    const { attacker, ids } = await threeParagraphs();
    for (let round = 0; round < 2; round++) {
      const socket = raw();
      await socket.opened;
      socket.send(updateFrame(nestedElementsUpdate(800_000 + round, 5_000)));
      await closeOf(socket);
      attacker.doc.transact(() => blockById(attacker.fragment, ids[1]!)!.insert(0, [new Y.XmlElement('iframe')]));
      attacker.fragment.insert(3, [newParagraph('w'.repeat(MAX_BLOCK_CHARS + 1))]);
      textIn(blockById(attacker.fragment, ids[0]!)!).insert(0, '\uFFFF\u202E');
      attacker.doc.transact(() => blockById(attacker.fragment, ids[2]!)!.setAttribute('status', 'agreed'));
      await waitFor(
        () => refusedWith(attacker, 'E_INVALID') && refusedWith(attacker, 'E_TOO_LARGE') && refusedWith(attacker, 'E_SERVER_ATTRIBUTE'),
        'the three refusals',
      );
      attacker.notices.length = 0;
    }
    await expectRoomHealthy(room.url, room.wsUrl, room, { clients, openExports: true });
  });
});
