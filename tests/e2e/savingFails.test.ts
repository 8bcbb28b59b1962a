/**
 * A room that cannot save says so and becomes read-only, in the browser (PROTOCOL.md F1):
 * the store's writes are made to fail while a colleague types; the page shows since when
 * saving fails and stops taking keys; when writes work again it says so and takes typing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type * as Y from 'yjs';
import { startServer, removeDataDir, ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { blocks, createRoom } from '../helpers/api.js';
import { joinRoom, launchBrowser, screenshot, type Person } from '../helpers/browser.js';
import { connect, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';

let server: RunningServer;
let browser: Browser;
let colleague: TestClient | null = null;
const people: Person[] = [];
let failing = false;

beforeAll(async () => {
  server = await startServer();
  const store = server.ctx.store;
  for (const method of ['appendUpdate', 'transaction', 'probeWrite'] as const) {
    const real = (store[method] as (...args: unknown[]) => unknown).bind(store);
    (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      if (failing) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return real(...args);
    };
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  colleague?.destroy();
  for (const person of people) await person.context.close();
  await browser?.close();
  await server?.close();
  removeDataDir(server.dataDir);
});

it('[F1] the page says since when saving fails and is read-only meanwhile; it takes typing again once saving works', async () => {
  const room = await createRoom(server.url, 'Saving fails');
  const page = await joinRoom(browser, people, room.invites.expert.url, { name: 'Anna Berger', delegation: 'Austria' });
  colleague = connect(server.wsUrl, room.id, room.invites.moderator.token, { name: 'Jonas Lind' });
  await synced(colleague);

  failing = true;
  textIn(colleague.fragment.get(0) as Y.XmlElement).insert(0, 'Typed while the disk was full.');
  const banner = page.getByTestId('saving-failed');
  await banner.waitFor();
  expect(await banner.innerText()).toMatch(/Saving has failed since \d\d:\d\d CES?T \(the disk is full\)\. The text is read-only/);
  await waitFor(async () => (await page.locator('.ProseMirror').getAttribute('contenteditable')) === 'false', 'the editor to be read-only');
  expect(await page.getByTestId('readonly-label').innerText()).toMatch(/Saving has failed/);
  expect(await page.getByTestId('connection-status').innerText()).toMatch(/the server cannot save/);
  await screenshot(page, 'saving-failed');

  failing = false;
  await banner.waitFor({ state: 'detached', timeout: 6_000 });
  await page.getByText('Saving works again: the text can be edited.').waitFor();
  await waitFor(
    async () => (await page.locator('.ProseMirror').getAttribute('contenteditable')) === 'true',
    'the editor to take typing again',
  );
  await page.locator('.ProseMirror p').first().click();
  await page.keyboard.type('Saved now.', { delay: 10 });
  await waitFor(async () => (await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text === 'Saved now.', 'the typing to be saved');
});
