/**
 * A room put back to an older state (the server restored from a backup) meets a browser whose
 * copy of the room is newer (PROTOCOL.md O5): the copy sends what the room lost, and the
 * room, the copy's page and a newcomer's page end with the same text. The database files are
 * copied while the server is stopped, as a secretariat restores one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, removeDataDir, tempDataDir, ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { blocks, createRoom } from '../helpers/api.js';
import { launchBrowser, joinRoom, editorBlocks, type Person } from '../helpers/browser.js';
import { startNetworkSwitch, type NetworkSwitch } from '../helpers/networkSwitch.js';
import { waitFor } from '../helpers/waitFor.js';
import type { CreatedDocument } from '../../shared/api.js';

let dataDir: string;
let backupDir: string;
let port: number;
let server: RunningServer | null = null;
let network: NetworkSwitch;
let browser: Browser;
let room: CreatedDocument;
const people: Person[] = [];

const DATABASE = /^draftroom\.sqlite(-wal|-shm)?$/;

function copyDatabase(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(to)) if (DATABASE.test(name)) rmSync(join(to, name));
  for (const name of readdirSync(from)) if (DATABASE.test(name)) copyFileSync(join(from, name), join(to, name));
}

beforeAll(async () => {
  dataDir = tempDataDir();
  backupDir = tempDataDir();
  server = await startServer(dataDir);
  // Restarts (a restore) come back on this port, so open pages find the server where it was.
  port = server.port;
  room = await createRoom(server.url, 'Closing session — restored from a backup');
  network = await startNetworkSwitch(port);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const person of people) await person.context.close();
  await browser?.close();
  await network?.close();
  await server?.close();
  removeDataDir(dataDir);
  removeDataDir(backupDir);
});

function behindSwitch(link: string): string {
  const url = new URL(link);
  return network.url + url.pathname + url.search + url.hash;
}

async function status(page: Page): Promise<string> {
  return page.getByTestId('connection-status').innerText();
}

async function serverText(): Promise<string> {
  // After a restart, a kept-alive connection to the stopped server fails once: ask again.
  const read = async () => (await blocks(`http://127.0.0.1:${port}`, room.id, ADMIN_TOKEN)).map((b) => b.text).join('\n');
  return read().catch(read);
}

async function pageText(page: Page): Promise<string> {
  return (await editorBlocks(page)).join('\n');
}

describe('[O5] a room restored from an older backup', () => {
  it('[O5] a page whose copy holds text the restored room lost sends it again, and every page converges with the room', async () => {
    const link = behindSwitch(room.invites.expert.url);
    const page = await joinRoom(browser, people, link, { name: 'Berta Backup', delegation: 'Belgium' });
    const person = people.at(-1)!;
    await page.locator('.ProseMirror .dr-block').first().locator('p').first().click();
    await page.keyboard.type('Before the backup.', { delay: 10 });
    await waitFor(async () => (await serverText()).includes('Before the backup.'), 'the first words on the server');

    await server!.close();
    copyDatabase(dataDir, backupDir); // the backup, taken while the server is stopped
    server = await startServer(dataDir, { config: { port } });
    await waitFor(async () => (await status(page)).includes('Connected'), 'the page to reconnect after the restart', 20_000);
    await page.keyboard.type(' After the backup.', { delay: 10 });
    await waitFor(async () => (await status(page)) === 'Connected — all changes saved', 'the later words to be confirmed', 10_000);
    expect(await serverText()).toContain('Before the backup. After the backup.');

    // The room is put back to the backup; the page is gone meanwhile (its copy stays on the laptop).
    await page.close({ runBeforeUnload: false });
    await server!.close();
    copyDatabase(backupDir, dataDir);
    server = await startServer(dataDir, { config: { port } });
    expect(await serverText()).not.toContain('After the backup.');

    const again = await person.context.newPage();
    await again.goto(link);
    await waitFor(async () => (await status(again)) === 'Connected — all changes saved', 'the copy to connect and be confirmed', 20_000);
    await waitFor(async () => (await serverText()).includes('Before the backup. After the backup.'), 'the room to get back what it lost');
    const newcomer = await joinRoom(browser, people, room.invites.expert.url, { name: 'Nils Newcomer', delegation: 'Norway' });
    await waitFor(async () => (await pageText(newcomer)) === (await pageText(again)), 'the newcomer and the copy to show the same text');
    expect(await pageText(again)).toBe(await serverText());
  }, 90_000);
});
