/**
 * The lock from the attacker's side: raw Yjs clients holding real expert tokens send what
 * the editor never would. After each attempt the locked paragraph is intact on the server,
 * every client has converged to the server's state, and legitimate edits in the same update stand.
 *
 * The whole suite runs twice: on one server, and on two servers sharing PostgreSQL and Redis
 * (PROTOCOL.md K5), where every lock is set through the first server (the room's owner) and
 * every attack comes through the second, which relays it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { api, blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { clusterPartsForFile } from '../helpers/clusterParts.js';
import { blockById, newParagraph, synced, textIn, blockTexts, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import type { LockState } from '../../shared/api.js';
import type { BlockSummary } from '../../shared/blocks.js';

let room: TestRoom;
/** The stock clients of the test, which must all converge to the server's text. */
let clients: TestClient[];
let notices: Array<{ client: TestClient; notice: any }>;

function join(role: 'expert' | 'observer' | 'moderator' = 'expert'): TestClient {
  const client = room.connect(room.invites[role].token, { name: `${role} client`, delegation: 'Testland' });
  client.provider.messageHandlers[100] = (_encoder, decoder) => {
    notices.push({ client, notice: JSON.parse(decoding.readVarString(decoder)) });
  };
  clients.push(client);
  return client;
}

async function serverBlocks(): Promise<BlockSummary[]> {
  return blocks(room.url, room.id, room.invites.observer.token);
}

async function lock(blockId: string): Promise<LockState> {
  const response = await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${blockId}/lock`, room.invites.moderator.token);
  expect(response.status).toBe(200);
  return response.json;
}

/** Sets up: three paragraphs, the middle one locked. Returns the attacker, a bystander, and ids. */
async function threeParagraphsMiddleLocked() {
  const attacker = join();
  const bystander = join();
  await Promise.all([synced(attacker), synced(bystander)]);
  textIn(attacker.fragment.get(0) as Y.XmlElement).insert(0, 'First paragraph.');
  attacker.fragment.insert(1, [newParagraph('Agreed paragraph.'), newParagraph('Third paragraph.')]);
  await waitFor(async () => (await serverBlocks()).length === 3 && bystander.fragment.length === 3, 'setup to reach the server');
  const ids = (await serverBlocks()).map((b) => b.id);
  await lock(ids[1]!);
  await waitFor(() => blockById(attacker.fragment, ids[1]!)?.getAttribute('locked') === 'true', 'attacker to see the lock');
  return { attacker, bystander, ids };
}

async function expectIntactAndConverged(ids: string[], lockedText = 'Agreed paragraph.') {
  await waitFor(
    async () => {
      const now = await serverBlocks();
      const locked = now.filter((b) => b.id === ids[1]);
      if (locked.length !== 1 || locked[0]!.text !== lockedText || !locked[0]!.locked) return false;
      const reference = blockTexts(clients[0]!.fragment).join('\n');
      return clients.every((c) => blockTexts(c.fragment).join('\n') === now.map((b) => b.text).join('\n')) && reference.length > 0;
    },
    'locked paragraph intact and every client converged to the server',
    3_000,
  );
}

const MODES = ['[one server]', '[K5] two servers: locks through the owner, attacks relayed through the other'] as const;

describe.each(MODES)('%s', (mode) => {
  const twoServers = mode !== MODES[0];
  const parts = twoServers ? clusterPartsForFile() : undefined;

  beforeEach(async () => {
    room = await openTestRoom({
      title: 'Lock attacks',
      ...(parts
        ? {
            server: { config: { databaseUrl: await parts.current.postgres.newDatabase(), redisUrl: parts.current.redis.url } },
            socketsThroughSecondServer: true,
          }
        : {}),
    });
    clients = [];
    notices = [];
  });

  describe('a locked paragraph cannot be changed by any client', () => {
    it('[L1] typing into a locked paragraph is undone, the sender converges and is told why', async () => {
      const { attacker, ids } = await threeParagraphsMiddleLocked();
      textIn(blockById(attacker.fragment, ids[1]!)!).insert(0, 'HACKED ');
      await expectIntactAndConverged(ids);
      await waitFor(
        () => notices.some((n) => n.client === attacker && n.notice.type === 'refused' && n.notice.reason === 'E_LOCKED'),
        'refusal notice',
      );
      const notice = notices.find((n) => n.notice.type === 'refused')!.notice;
      expect(notice.blockId).toBe(ids[1]);
      expect(notice.message).toMatch(/paragraph 2/);
    });

    it('[L7] the notice hands the author the words the lock refused, and them only', async () => {
      const { attacker, bystander, ids } = await threeParagraphsMiddleLocked();
      textIn(blockById(attacker.fragment, ids[1]!)!).insert('Agreed paragraph.'.length, ' With my offline addition.');
      await expectIntactAndConverged(ids);
      await waitFor(() => notices.some((n) => n.client === attacker && n.notice.reason === 'E_LOCKED'), 'refusal notice');
      const notice = notices.find((n) => n.client === attacker && n.notice.reason === 'E_LOCKED')!.notice;
      expect(notice.refusedText).toBe('Agreed paragraph. With my offline addition.');
      expect(notices.filter((n) => n.client === bystander && n.notice.type === 'refused')).toEqual([]);
    });

    it('[L1] a burst of frames mixing edits and attacks (applied by the server as one batch) restores the lock and keeps every edit', async () => {
      const { attacker, ids } = await threeParagraphsMiddleLocked();
      // One transaction per keystroke, all in one tick: the provider sends one frame each,
      // and they reach the server in one socket read.
      for (let i = 0; i < 40; i++) {
        textIn(blockById(attacker.fragment, ids[0]!)!).insert(0, 'a');
        if (i % 10 === 5) textIn(blockById(attacker.fragment, ids[1]!)!).insert(0, 'X');
        textIn(blockById(attacker.fragment, ids[2]!)!).insert(0, 'c');
      }
      attacker.fragment.delete(1, 1);
      await expectIntactAndConverged(ids);
      const texts = (await serverBlocks()).map((b) => b.text);
      expect(texts).toEqual([`${'a'.repeat(40)}First paragraph.`, 'Agreed paragraph.', `${'c'.repeat(40)}Third paragraph.`]);
      await waitFor(() => notices.some((n) => n.client === attacker && n.notice.reason === 'E_LOCKED'), 'refusal notice');
    });

    it('[L1] deleting a locked paragraph restores it in its place', async () => {
      const { attacker, ids } = await threeParagraphsMiddleLocked();
      attacker.fragment.delete(1, 1);
      await expectIntactAndConverged(ids);
      expect((await serverBlocks()).map((b) => b.id)).toEqual(ids);
    });

    it('[L1] deleting every paragraph keeps the locked one and drops the others', async () => {
      const { attacker, ids } = await threeParagraphsMiddleLocked();
      attacker.fragment.delete(0, attacker.fragment.length);
      await expectIntactAndConverged(ids);
      expect((await serverBlocks()).map((b) => b.id)).toEqual([ids[1]]);
    });

    it('[L1] reformatting a locked paragraph (bold, heading) is undone', async () => {
      const { attacker, ids } = await threeParagraphsMiddleLocked();
      textIn(blockById(attacker.fragment, ids[1]!)!).format(0, 6, { bold: {} });
      blockById(attacker.fragment, ids[1]!)!.setAttribute('level', '1');
      await expectIntactAndConverged(ids);
      const delta = textIn(blockById(clients[1]!.fragment, ids[1]!)!).toDelta();
      expect(delta).toEqual([{ insert: 'Agreed paragraph.' }]);
      expect(blockById(clients[1]!.fragment, ids[1]!)!.getAttribute('level')).toBeUndefined();
    });

    it('[L1] removing or rewriting the lock attributes from a client is undone', async () => {
      const { attacker, ids } = await threeParagraphsMiddleLocked();
      const element = blockById(attacker.fragment, ids[1]!)!;
      const lockedBy = element.getAttribute('lockedBy');
      attacker.doc.transact(() => {
        element.removeAttribute('locked');
        element.setAttribute('lockedBy', 'Nobody');
      });
      await expectIntactAndConverged(ids);
      const restored = blockById(clients[1]!.fragment, ids[1]!)!;
      expect(restored.getAttribute('locked')).toBe('true');
      expect(restored.getAttribute('lockedBy')).toBe(lockedBy);
      // and the lock really still holds
      textIn(blockById(attacker.fragment, ids[1]!)!).insert(0, 'again ');
      await expectIntactAndConverged(ids);
    });

    it('[L1] changing the id of a locked paragraph is undone', async () => {
      const { attacker, ids } = await threeParagraphsMiddleLocked();
      blockById(attacker.fragment, ids[1]!)!.setAttribute('id', 'renamed');
      await expectIntactAndConverged(ids);
      expect((await serverBlocks()).map((b) => b.id)).toEqual(ids);
    });

    it('[L1] moving a locked paragraph (delete + re-insert elsewhere) leaves it where it stood; the copy is an ordinary paragraph', async () => {
      const { attacker, ids } = await threeParagraphsMiddleLocked();
      attacker.doc.transact(() => {
        attacker.fragment.delete(1, 1);
        attacker.fragment.insert(2, [newParagraph('Agreed paragraph.', { id: ids[1]!, locked: 'true', lockedBy: 'x', lockedAt: 'y' })]);
      });
      await waitFor(async () => (await serverBlocks()).length === 4, 'server to hold the restored block and the copy');
      await expectIntactAndConverged(ids);
      const now = await serverBlocks();
      expect(now[1]!.id).toBe(ids[1]);
      const copy = now[3]!;
      expect(copy.id).not.toBe(ids[1]);
      expect(copy.locked).toBe(false);
      expect(now.filter((b) => b.id === ids[1])).toHaveLength(1);
    });

    it('[L1] forging a new paragraph carrying the locked id gives the forgery a fresh id', async () => {
      const { attacker, ids } = await threeParagraphsMiddleLocked();
      attacker.fragment.insert(0, [newParagraph('Forged text.', { id: ids[1]!, locked: 'true' })]);
      await waitFor(async () => (await serverBlocks()).length === 4, 'forgery to land');
      await expectIntactAndConverged(ids);
      const now = await serverBlocks();
      expect(now[0]!.text).toBe('Forged text.');
      expect(now[0]!.id).not.toBe(ids[1]);
      expect(now[0]!.locked).toBe(false);
    });

    it('[L2] a client setting lock attributes on an unlocked paragraph is undone', async () => {
      const { attacker, ids } = await threeParagraphsMiddleLocked();
      blockById(attacker.fragment, ids[0]!)!.setAttribute('locked', 'true');
      await waitFor(() => notices.some((n) => n.notice.reason === 'E_SERVER_ATTRIBUTE'), 'refusal notice');
      await waitFor(() => blockById(attacker.fragment, ids[0]!)!.getAttribute('locked') === undefined, 'attacker to converge');
      expect((await serverBlocks())[0]!.locked).toBe(false);
    });

    it('[L3] edits outside the locked paragraph in the same update stand', async () => {
      const { attacker, bystander, ids } = await threeParagraphsMiddleLocked();
      attacker.doc.transact(() => {
        textIn(blockById(attacker.fragment, ids[0]!)!).insert(0, 'Amended: ');
        textIn(blockById(attacker.fragment, ids[1]!)!).insert(0, 'HACKED ');
        attacker.fragment.insert(3, [newParagraph('A new fourth paragraph.')]);
      });
      await waitFor(async () => (await serverBlocks()).length === 4, 'the new paragraph to land');
      await expectIntactAndConverged(ids);
      expect(blockTexts(bystander.fragment)).toEqual([
        'Amended: First paragraph.',
        'Agreed paragraph.',
        'Third paragraph.',
        'A new fourth paragraph.',
      ]);
    });

    it('[L3] an offline client whose paragraph was locked meanwhile keeps its other offline edits', async () => {
      const { attacker, ids } = await threeParagraphsMiddleLocked();
      await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${ids[1]}/unlock`, room.invites.moderator.token);
      await waitFor(() => blockById(attacker.fragment, ids[1]!)!.getAttribute('locked') === undefined, 'unlock to arrive');
      attacker.provider.disconnect();
      textIn(blockById(attacker.fragment, ids[1]!)!).insert(0, 'Offline edit to 2. ');
      textIn(blockById(attacker.fragment, ids[2]!)!).insert(0, 'Offline edit to 3. ');
      await lock(ids[1]!);
      attacker.provider.connect();
      await expectIntactAndConverged(ids);
      expect((await serverBlocks())[2]!.text).toBe('Offline edit to 3. Third paragraph.');
      expect(notices.some((n) => n.client === attacker && n.notice.reason === 'E_LOCKED')).toBe(true);
    });

    it('[L1] after unlock the paragraph can be edited again', async () => {
      const { attacker, ids } = await threeParagraphsMiddleLocked();
      const response = await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${ids[1]}/unlock`, room.invites.moderator.token);
      expect(response.status).toBe(200);
      expect(response.json.locked).toBe(false);
      await waitFor(() => blockById(attacker.fragment, ids[1]!)!.getAttribute('locked') === undefined, 'unlock to arrive');
      textIn(blockById(attacker.fragment, ids[1]!)!).insert(0, 'Reopened: ');
      await waitFor(async () => (await serverBlocks())[1]!.text === 'Reopened: Agreed paragraph.', 'edit to land');
    });
  });

  describe('observers', () => {
    it('[R1] an observer’s write is undone whole and the observer converges', async () => {
      const { ids } = await threeParagraphsMiddleLocked();
      const observer = join('observer');
      await synced(observer);
      observer.doc.transact(() => {
        textIn(blockById(observer.fragment, ids[0]!)!).insert(0, 'Observer was here ');
        observer.fragment.delete(2, 1);
        observer.fragment.insert(0, [newParagraph('Observer paragraph')]);
      });
      await waitFor(() => notices.some((n) => n.client === observer && n.notice.reason === 'E_READ_ONLY'), 'read-only notice');
      await waitFor(
        () => blockTexts(observer.fragment).join('|') === 'First paragraph.|Agreed paragraph.|Third paragraph.',
        'observer to converge back',
      );
      expect((await serverBlocks()).map((b) => b.text)).toEqual(['First paragraph.', 'Agreed paragraph.', 'Third paragraph.']);
      expect((await serverBlocks())[1]!.locked).toBe(true);
    });
  });

  describe('the lock call', () => {
    it('[L5] locking while an expert types without pause: the text when the call returns is final, also after a restart', async () => {
      const typist = join();
      await synced(typist);
      const [first] = await serverBlocks();
      let typing = true;
      let typed = 0;
      const loop = (async () => {
        while (typing) {
          textIn(blockById(typist.fragment, first!.id)!).insert(0, 'x');
          typed++;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await waitFor(async () => (await serverBlocks())[0]!.text.length > 20, 'typing to reach the server');
      const locked = await lock(first!.id);
      const atLock = (await serverBlocks())[0]!.text;
      expect(locked.locked).toBe(true);
      await waitFor(() => typed > atLock.length + 20, 'the typist to keep typing after the lock');
      typing = false;
      await loop;
      await waitFor(() => blockTexts(typist.fragment)[0] === atLock, 'typist to converge to the locked text');
      expect((await serverBlocks())[0]!.text).toBe(atLock);
      clients = []; // closed by the restart
      await room.restart();
      const after = await serverBlocks();
      expect(after[0]!.text).toBe(atLock);
      expect(after[0]!.locked).toBe(true);
    });

    it('[L6] lock and unlock answer 404 for an unknown block and 409 when already in that state', async () => {
      const [first] = await serverBlocks();
      const token = room.invites.moderator.token;
      expect((await api(room.url, 'POST', `/api/documents/${room.id}/blocks/nope/lock`, token)).status).toBe(404);
      expect((await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${first!.id}/unlock`, token)).status).toBe(409);
      expect((await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${first!.id}/lock`, token)).status).toBe(200);
      const again = await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${first!.id}/lock`, token);
      expect(again.status).toBe(409);
      expect(again.json.error.code).toBe('E_CONFLICT');
    });
  });
});
