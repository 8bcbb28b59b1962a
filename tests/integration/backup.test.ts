/**
 * Backups a secretariat can run while the rooms are live, and restoring one (PROTOCOL.md D4):
 * `npm run backup` beside a running server under typing, `npm run restore` into a fresh
 * DATA_DIR and over a stopped server's, refused while a server holds DATA_DIR.
 *
 * "Acknowledged" is what another client received: the server persists an update before it
 * broadcasts it (D1), so what an observer holds when the backup starts was committed before.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { blocks, createRoom } from '../helpers/api.js';
import { blockTexts, connect, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { ADMIN_TOKEN, removeDataDir } from '../helpers/testServer.js';
import { waitFor } from '../helpers/waitFor.js';
import { backupCommand, modeOf, restoreCommand, startLiveServer, type LiveServer } from '../helpers/serverProcess.js';
import type { CreatedDocument } from '../../shared/api.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-backup-'));
  cleanups.push(() => removeDataDir(dir));
  return dir;
}

async function live(dataDir: string): Promise<LiveServer> {
  const server = await startLiveServer(dataDir);
  cleanups.push(() => server.stop('SIGKILL'));
  return server;
}

function client(server: LiveServer, room: CreatedDocument, role: 'expert' | 'observer', name: string): TestClient {
  const joined = connect(server.wsUrl, room.id, room.invites[role].token, { name, delegation: 'Testland' });
  cleanups.push(() => joined.destroy());
  return joined;
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

describe('[D4] backup and restore', () => {
  it('[D4] a backup taken while three people type holds every update acknowledged before it began; restored into a fresh DATA_DIR, a server serves all of it to the same invites', {
    timeout: 120_000,
  }, async () => {
    const dataDir = join(tempDir(), 'data');
    const server = await live(dataDir);
    const room = await createRoom(server.url, 'Backup under load');
    const seed = client(server, room, 'expert', 'Seed');
    await synced(seed);
    seed.doc.transact(() => {
      for (let i = 0; i < 2; i++) seed.fragment.insert(seed.fragment.length, [newParagraph(`Paragraph ${i + 1}: `)]);
    });
    const typists = ['Anna', 'Jonas', 'Karl'].map((name) => client(server, room, 'expert', name));
    const watcher = client(server, room, 'observer', 'Watcher');
    await Promise.all([...typists.map(synced), synced(watcher)]);
    await waitFor(() => typists.every((t) => t.fragment.length === 3), 'everyone to have the three paragraphs');
    let keystrokes = 0;
    const typing = setInterval(() => {
      typists.forEach((typist, index) => {
        const text = textIn(typist.fragment.get(index) as Y.XmlElement);
        text.insert(text.length, `${typist.doc.clientID % 97}.${keystrokes} `);
      });
      keystrokes++;
    }, 3);
    cleanups.push(() => clearInterval(typing));
    await waitFor(
      () => keystrokes > 200 && blockTexts(watcher.fragment).join('').length > 2_000,
      'a few hundred keystrokes to be acknowledged',
    );

    // Acknowledged when the backup begins: what the watcher holds now.
    const acknowledged = Y.encodeStateAsUpdate(watcher.doc);
    const acknowledgedTexts = blockTexts(watcher.fragment);
    const backupFile = join(tempDir(), 'meeting.sqlite');
    const typedBefore = keystrokes;
    const backup = await backupCommand(dataDir, backupFile);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up DATA_DIR .+ to .+meeting\.sqlite: 2 room\(s\), .+, everything saved before .+Z\.\n$/);
    expect(keystrokes, 'typing went on during the backup').toBeGreaterThan(typedBefore);
    // The live server kept saving and broadcasting throughout.
    const afterBackup = keystrokes;
    await waitFor(() => blockTexts(watcher.fragment)[1]?.includes(`.${afterBackup} `), 'keystrokes after the backup to reach the watcher');
    clearInterval(typing);
    expect(modeOf(backupFile), 'the backup holds the signing secret and every invite').toBe('0600');
    expect(existsSync(`${backupFile}-wal`), 'the backup is one self-contained file').toBe(false);

    const freshDir = join(tempDir(), 'restored');
    const restore = await restoreCommand(freshDir, backupFile);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(
      /^Restored .+meeting\.sqlite into DATA_DIR .+restored: 2 room\(s\)\. Start the server again \(npm start\)\.\n$/,
    );
    expect(modeOf(join(freshDir, 'draftroom.sqlite'))).toBe('0600');

    const restored = await live(freshDir);
    // The invites of the backup work on the restored server: the signing secret came along.
    const reader = client(restored, room, 'observer', 'Reader');
    await synced(reader);
    expect(contains(reader.doc, acknowledged), 'every update acknowledged before the backup began').toBe(true);
    const texts = blockTexts(reader.fragment);
    for (const [index, text] of acknowledgedTexts.entries()) expect(texts[index]!.startsWith(text), `block ${index}`).toBe(true);
  });

  it('[D4] restore is refused while a server holds DATA_DIR; once it has stopped, the backup replaces the database in one step and the replaced one is kept aside, whole', {
    timeout: 120_000,
  }, async () => {
    const dataDir = join(tempDir(), 'data');
    let server = await live(dataDir);
    const room = await createRoom(server.url, 'Restore');
    const anna = client(server, room, 'expert', 'Anna');
    await synced(anna);
    const paragraph = textIn(anna.fragment.get(0) as Y.XmlElement);
    paragraph.insert(0, 'As backed up.');
    await waitFor(async () => (await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text === 'As backed up.', 'the first text to be saved');
    const backupFile = join(tempDir(), 'before.sqlite');
    expect((await backupCommand(dataDir, backupFile)).code).toBe(0);
    paragraph.insert(paragraph.length, ' Then changed.');
    await waitFor(
      async () => (await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text === 'As backed up. Then changed.',
      'the change to be saved',
    );

    const refused = await restoreCommand(dataDir, backupFile);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `Restore refused: DATA_DIR ${dataDir} is held by a running Draftroom server (pid ${server.pid}); stop it (SIGTERM) before restoring\n`,
    );
    expect((await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text, 'the running server is untouched').toBe(
      'As backed up. Then changed.',
    );

    anna.destroy();
    expect((await server.stop('SIGTERM')).code).toBe(0);
    const restore = await restoreCommand(dataDir, backupFile);
    expect(restore.code, restore.stderr).toBe(0);
    const aside = /kept as (.+draftroom\.sqlite\.before-restore-[0-9TZ-]+)\./.exec(restore.stdout)?.[1];
    expect(aside, restore.stdout).toBeDefined();
    expect(modeOf(aside!)).toBe('0600');

    server = await live(dataDir);
    expect((await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text).toBe('As backed up.');
    // The replaced database, on its own, still holds what it held.
    const asideDir = join(tempDir(), 'aside');
    mkdirSync(asideDir, { mode: 0o700 });
    copyFileSync(aside!, join(asideDir, 'draftroom.sqlite'));
    const old = await live(asideDir);
    expect((await blocks(old.url, room.id, ADMIN_TOKEN))[0]?.text).toBe('As backed up. Then changed.');
  });

  it('[D4] a damaged backup is refused and DATA_DIR is left as it was', { timeout: 60_000 }, async () => {
    const dataDir = join(tempDir(), 'data');
    const server = await live(dataDir);
    const room = await createRoom(server.url, 'Kept');
    expect((await server.stop('SIGTERM')).code).toBe(0);
    const damaged = join(tempDir(), 'damaged.sqlite');
    writeFileSync(damaged, 'not a database at all, '.repeat(500));
    const refused = await restoreCommand(dataDir, damaged);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^Restore refused: the backup .+damaged\.sqlite is not a readable Draftroom database \(SQLITE_NOTADB: .+\); choose another backup\n$/,
    );
    const again = await live(dataDir);
    expect((await blocks(again.url, room.id, ADMIN_TOKEN)).length).toBe(1);
  });
});
