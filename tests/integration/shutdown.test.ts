/**
 * Stopping and being stopped (PROTOCOL.md D5, D6), with real server processes and stock
 * y-websocket providers: SIGTERM closes every socket with 1012, persists everything, exits
 * 0, and the providers come back by themselves to the restarted server; SIGKILL at random
 * moments while the update log is being compacted loses no acknowledged update.
 *
 * "Acknowledged" is what another client received: the server persists an update before it
 * broadcasts it (D1), so what an observer holds was committed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { blocks, createRoom } from '../helpers/api.js';
import { blockTexts, connect, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { ADMIN_TOKEN, removeDataDir } from '../helpers/testServer.js';
import { waitFor } from '../helpers/waitFor.js';
import { startLiveServer, type LiveServer } from '../helpers/serverProcess.js';
import { closeWords } from '../../shared/closeWords.js';
import { english } from '../../server/englishWords.js';
import type { CreatedDocument } from '../../shared/api.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-stop-'));
  cleanups.push(() => removeDataDir(dir));
  return dir;
}

async function live(dataDir: string, options: { port?: number; env?: Record<string, string> } = {}): Promise<LiveServer> {
  const server = await startLiveServer(dataDir, options);
  cleanups.push(() => server.stop('SIGKILL'));
  return server;
}

function client(server: LiveServer, room: CreatedDocument, role: 'expert' | 'moderator' | 'observer', name: string): TestClient {
  const joined = connect(server.wsUrl, room.id, room.invites[role].token, { name, delegation: 'Testland' });
  cleanups.push(() => joined.destroy());
  return joined;
}

/** Types `text` into block `index` of `who`, one character per call of the returned step. */
function typist(who: TestClient, index: number, prefix: string): { step(): void; typed(): number } {
  let count = 0;
  return {
    step() {
      const paragraph = who.fragment.get(index) as Y.XmlElement;
      const text = textIn(paragraph);
      text.insert(text.length, `${prefix}${count++} `);
    },
    typed: () => count,
  };
}

/** True when `bigger` already holds every insertion and deletion of `smaller` (applying it changes nothing). */
function contains(bigger: Y.Doc, smaller: Uint8Array): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(bigger));
  let changed = false;
  copy.on('update', () => (changed = true));
  Y.applyUpdate(copy, smaller);
  copy.destroy();
  return !changed;
}

/** A fresh client's copy of the room as the server has it now. */
async function serverCopy(server: LiveServer, room: CreatedDocument): Promise<TestClient> {
  const reader = client(server, room, 'observer', 'Reader');
  await synced(reader);
  return reader;
}

describe('[D5] a stopping server', () => {
  it('[D5] SIGTERM closes every socket with 1012 and a reason, persists everything and exits 0; stock providers reconnect to the restarted server by themselves and nothing is lost', {
    timeout: 90_000,
  }, async () => {
    const dataDir = join(tempDir(), 'data');
    let server = await live(dataDir);
    const room = await createRoom(server.url, 'Restart');
    const anna = client(server, room, 'expert', 'Anna');
    const jonas = client(server, room, 'moderator', 'Jonas');
    const watcher = client(server, room, 'observer', 'Watcher');
    await Promise.all([synced(anna), synced(jonas), synced(watcher)]);
    anna.fragment.insert(1, [newParagraph('Jonas writes here: ')]);
    await waitFor(() => blockTexts(jonas.fragment).length === 2, "Jonas to see Anna's second paragraph");
    const annaTypes = typist(anna, 0, 'a');
    const jonasTypes = typist(jonas, 1, 'j');
    for (let i = 0; i < 40; i++) {
      annaTypes.step();
      jonasTypes.step();
    }
    await waitFor(
      () =>
        blockTexts(watcher.fragment).join('|') === blockTexts(anna.fragment).join('|') &&
        blockTexts(anna.fragment).join('|') === blockTexts(jonas.fragment).join('|'),
      'every keystroke to reach everyone',
    );

    // Typing goes on while the signal arrives.
    const typing = setInterval(() => {
      annaTypes.step();
      jonasTypes.step();
    }, 3);
    await waitFor(() => annaTypes.typed() > 60, 'more typing under way');
    const stopped = await server.stop('SIGTERM');
    clearInterval(typing);
    expect(stopped, `server output:\n${server.output()}`).toEqual({ code: 0, signal: null });
    for (const [who, joined] of [
      ['Anna', anna],
      ['Jonas', jonas],
      ['Watcher', watcher],
    ] as const) {
      expect(joined.closes[0], `${who}'s first close`).toMatchObject({ code: 1012 });
      expect(joined.closes[0]!.reason, who).toMatch(/^E_RESTARTING: the server is restarting/);
      // What the Draftroom client shows meanwhile: not an error.
      expect(english(closeWords(joined.closes[0]!.code, joined.closes[0]!.reason))).toBe('The server is restarting — reconnecting…');
    }
    const heardBeforeStop = Y.encodeStateAsUpdate(watcher.doc);

    // Written while the server is down: kept by the provider, sent when it is back.
    anna.fragment.insert(anna.fragment.length, [newParagraph('Written while the server restarted.')]);

    server = await live(dataDir, { port: server.port });
    await waitFor(
      () => anna.provider.wsconnected && jonas.provider.wsconnected && watcher.provider.wsconnected,
      'the stock providers to reconnect by themselves',
      20_000,
    );
    await waitFor(
      () =>
        blockTexts(watcher.fragment).join('|') === blockTexts(anna.fragment).join('|') &&
        blockTexts(anna.fragment).join('|') === blockTexts(jonas.fragment).join('|'),
      'everyone to converge after the restart',
      20_000,
    );
    expect(blockTexts(watcher.fragment)).toContain('Written while the server restarted.');
    const saved = (await blocks(server.url, room.id, ADMIN_TOKEN)).map((b) => b.text);
    expect(saved).toEqual(blockTexts(anna.fragment));
    const reader = await serverCopy(server, room);
    expect(contains(reader.doc, heardBeforeStop), 'everything broadcast before the stop is on the restarted server').toBe(true);
    expect(contains(reader.doc, Y.encodeStateAsUpdate(anna.doc)), "Anna's whole document").toBe(true);
    expect(contains(reader.doc, Y.encodeStateAsUpdate(jonas.doc)), "Jonas's whole document").toBe(true);
  });

  it('[D5] SIGINT stops the same way (exit 0), and the next server starts on the released DATA_DIR', { timeout: 60_000 }, async () => {
    const dataDir = join(tempDir(), 'data');
    const server = await live(dataDir);
    const room = await createRoom(server.url, 'Ctrl-C');
    const anna = client(server, room, 'expert', 'Anna');
    await synced(anna);
    textIn(anna.fragment.get(0) as Y.XmlElement).insert(0, 'Saved at Ctrl-C.');
    await waitFor(async () => (await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text === 'Saved at Ctrl-C.', 'the sentence to be saved');
    expect(await server.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(anna.closes[0]).toMatchObject({ code: 1012 });
    anna.destroy();
    const next = await live(dataDir);
    expect((await blocks(next.url, room.id, ADMIN_TOKEN))[0]?.text).toBe('Saved at Ctrl-C.');
  });
});

describe('[D6] a server killed while it compacts', () => {
  const ITERATIONS = 6;
  /** Even iterations: every compaction is held open this long before it commits (server/store/faultInjection.ts). */
  const HOLD_MS = 1_500;

  it(`[D6] SIGKILL inside the compaction's transaction and at random moments around compactions (${ITERATIONS} times, three people typing into a 600 kB document): every acknowledged update is there after each restart`, {
    timeout: 240_000,
  }, async () => {
    const dataDir = join(tempDir(), 'data');
    // Debug logs carry 'compacted update log' (Room.compactIfDue, after the commit).
    const envFor = (iteration: number) => ({
      LOG_LEVEL: 'debug',
      DRAFTROOM_TEST_COMPACTION_PAUSE_MS: iteration % 2 === 0 ? String(HOLD_MS) : '',
    });
    let server = await live(dataDir, { env: envFor(1) });
    const room = await createRoom(server.url, 'Compaction');
    const seed = client(server, room, 'expert', 'Seed');
    await synced(seed);
    // A large document, so each compaction encodes and writes a large snapshot.
    seed.doc.transact(() => {
      for (let i = 0; i < 150; i++)
        seed.fragment.insert(seed.fragment.length, [newParagraph(`Paragraph ${i}: ${'lorem ipsum dolor '.repeat(220)}`)]);
    });
    await waitFor(async () => (await blocks(server.url, room.id, ADMIN_TOKEN)).length === 151, 'the large document to be saved', 20_000);
    seed.destroy();
    await server.stop('SIGTERM');

    let committedCompactions = 0;
    let killedInside = 0;
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      server = await live(dataDir, { env: envFor(iteration) });
      const typists = ['Anna', 'Jonas', 'Karl'].map((name, index) => {
        const joined = client(server, room, 'expert', `${name} ${iteration}`);
        return { joined, types: typist(joined, index * 50 + iteration, `${name[0]}${iteration}.`) };
      });
      const watcher = client(server, room, 'observer', `Watcher ${iteration}`);
      await Promise.all([...typists.map((t) => synced(t.joined)), synced(watcher)]);
      const typing = setInterval(() => {
        for (const t of typists) t.types.step();
      }, 2);
      const count = (line: string) => server.output().split(line).length - 1;
      const typed = () => typists.reduce((sum, t) => sum + t.types.typed(), 0);
      const holding = iteration % 2 === 0;
      if (holding) {
        // Inside the transaction: snapshot written, log deleted, not committed; then a random number of keystrokes later.
        await waitFor(
          () => count('compaction written, held open before commit') >= 1,
          `iteration ${iteration}: a compaction held open`,
          30_000,
        );
      } else {
        await waitFor(() => count('compacted update log') >= 1, `iteration ${iteration}: a compaction under typing`, 30_000);
      }
      const killAt = typed() + Math.floor(Math.random() * (holding ? 150 : 900));
      await waitFor(() => typed() >= killAt, `iteration ${iteration}: ${killAt} keystrokes`, 30_000);
      await server.stop('SIGKILL');
      clearInterval(typing);
      const output = server.output();
      committedCompactions += count('compacted update log');
      if (holding && output.lastIndexOf('held open before commit') > output.lastIndexOf('compacted update log')) killedInside++;
      // Everything the watcher received had been committed before it was broadcast.
      const acknowledged = Y.encodeStateAsUpdate(watcher.doc);
      const acknowledgedTexts = blockTexts(watcher.fragment);
      // The typists leave with whatever was not acknowledged: nobody can send it again.
      for (const t of typists) t.joined.destroy();
      watcher.destroy();

      // The restarted server checks the database (quick_check) before it serves: starting is part of the proof.
      const restarted = await live(dataDir);
      const reader = await serverCopy(restarted, room);
      expect(contains(reader.doc, acknowledged), `iteration ${iteration}: every acknowledged update after the restart`).toBe(true);
      const restored = blockTexts(reader.fragment);
      for (const [index, text] of acknowledgedTexts.entries()) {
        expect(restored[index]!.startsWith(text), `iteration ${iteration}, block ${index}`).toBe(true);
      }
      reader.destroy();
      await restarted.stop('SIGTERM');
    }
    expect(killedInside, 'kills that landed inside a compaction transaction').toBe(ITERATIONS / 2);
    expect(committedCompactions, 'compactions committed in the random-moment iterations').toBeGreaterThanOrEqual(ITERATIONS / 2);
  });
});
