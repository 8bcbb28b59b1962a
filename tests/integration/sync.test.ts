/** Live co-drafting over the stock y-websocket provider: convergence, late joiners, durability. */
import { beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { startServerProcess, tempDataDir, removeDataDir } from '../helpers/testServer.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { createRoom, blocks } from '../helpers/api.js';
import { connect, synced, blockTexts, textIn, newParagraph } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';

describe('sync through the server', () => {
  let room: TestRoom;
  const join = (token = room.invites.expert.token) => room.connect(token, { name: 'Test', delegation: 'Testland' });

  beforeEach(async () => {
    room = await openTestRoom({ title: 'Sync test' });
  });

  it('two stock providers editing different and the same paragraph converge', async () => {
    const alice = join();
    const bob = join();
    await Promise.all([synced(alice), synced(bob)]);
    alice.fragment.insert(1, [newParagraph('Second paragraph from Alice.')]);
    await waitFor(() => bob.fragment.length === 2, 'bob to see the new paragraph');
    textIn(alice.fragment.get(0) as Y.XmlElement).insert(0, 'Alice ');
    textIn(bob.fragment.get(0) as Y.XmlElement).insert(0, 'Bob ');
    textIn(bob.fragment.get(1) as Y.XmlElement).insert(0, 'Edited: ');
    await waitFor(
      () => alice.fragment.toString() === bob.fragment.toString() && blockTexts(alice.fragment)[1]!.startsWith('Edited'),
      'convergence',
    );
    expect(blockTexts(alice.fragment)[0]).toMatch(/^(Alice Bob |Bob Alice )$/);
    const serverBlocks = await blocks(room.url, room.id, room.invites.observer.token);
    expect(serverBlocks.map((b) => b.text)).toEqual(blockTexts(alice.fragment));
  });

  it('a late joiner receives the full state', async () => {
    const alice = join();
    await synced(alice);
    for (let i = 0; i < 20; i++) alice.fragment.insert(alice.fragment.length, [newParagraph(`Paragraph ${i}`)]);
    await waitFor(async () => (await blocks(room.url, room.id, room.invites.observer.token)).length === 21, 'server to hold 21 blocks');
    const late = join(room.invites.observer.token);
    await synced(late);
    expect(blockTexts(late.fragment)).toEqual(blockTexts(alice.fragment));
  });

  it('every top-level block gets a unique id from the server, even when a client sends none or a duplicate', async () => {
    const alice = join();
    await synced(alice);
    const firstId = (alice.fragment.get(0) as Y.XmlElement).getAttribute('id')!;
    alice.fragment.insert(1, [newParagraph('no id'), newParagraph('copied id', { id: firstId })]);
    await waitFor(() => {
      const ids = alice.fragment.toArray().map((node) => (node as Y.XmlElement).getAttribute('id'));
      return ids.every((id) => typeof id === 'string' && id.length > 0) && new Set(ids).size === 3;
    }, 'ids to be unique on the client');
    expect((alice.fragment.get(0) as Y.XmlElement).getAttribute('id')).toBe(firstId);
  });
});

describe('durability', () => {
  /** Types into a server process, stops it with `signal` once a second client holds every keystroke, and reads the text after a restart. */
  async function survivesRestart(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const dataDir = tempDataDir();
    let server = await startServerProcess(dataDir);
    const room = await createRoom(server.url, 'Durability');
    const writer = connect(server.wsUrl, room.id, room.invites.expert.token);
    await synced(writer);
    for (let i = 0; i < 30; i++) textIn(writer.fragment.get(0) as Y.XmlElement).insert(i, String(i % 10));
    const expected = blockTexts(writer.fragment);
    // Everything the server broadcast reaches a second client; only then kill it.
    const watcher = connect(server.wsUrl, room.id, room.invites.observer.token);
    await waitFor(() => JSON.stringify(blockTexts(watcher.fragment)) === JSON.stringify(expected), 'watcher to see every keystroke');
    writer.destroy();
    watcher.destroy();
    await server.stop(signal);
    server = await startServerProcess(dataDir);
    try {
      const after = await blocks(server.url, room.id, room.invites.observer.token);
      expect(after.map((b) => b.text)).toEqual(expected);
    } finally {
      await server.stop('SIGTERM');
      removeDataDir(dataDir);
    }
  }

  it('[D2] a server killed with SIGKILL restarts with every update it had broadcast', () => survivesRestart('SIGKILL'));
  it('[D5] a server stopped with SIGTERM restarts with every update it had broadcast', () => survivesRestart('SIGTERM'));
});
