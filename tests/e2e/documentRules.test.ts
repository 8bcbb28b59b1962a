/**
 * The document rules in the browser (PROTOCOL.md I2–I3): the editor stops a paste that would
 * make a paragraph longer than its cap, and nesting past the depth bound, with a notice, and
 * nothing of it reaches the server. Screenshots land in tests/e2e/screenshots/.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { api, blocks, createRoom } from '../helpers/api.js';
import { joinRoom, screenshot, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import { MAX_BLOCK_CHARS, MAX_BLOCK_DEPTH } from '../../shared/limits.js';
import type { CreatedDocument } from '../../shared/api.js';

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => ({ server, browser } = await startE2e()));
afterAll(() => stopE2e(server, browser, people));

async function joinAsExpert(room: CreatedDocument): Promise<Page> {
  return joinRoom(browser, people, room.invites.expert.url, { name: 'Anna Berger', delegation: 'Austria' });
}

async function refusedOnServer(): Promise<string> {
  return (await api(server.url, 'GET', '/metrics', ADMIN_TOKEN)).text;
}

it(`[I3] pasting text that would make a paragraph longer than ${MAX_BLOCK_CHARS.toLocaleString('en')} characters is stopped with a notice; nothing reaches the server`, async () => {
  const room = await createRoom(server.url, 'Paste too long');
  const page = await joinAsExpert(room);
  await page.locator('.ProseMirror p').first().click();
  await page.keyboard.type('Short paragraph.', { delay: 10 });
  await waitFor(
    async () => (await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text === 'Short paragraph.',
    'the typed text on the server',
  );

  await page.evaluate((length) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'x'.repeat(length));
    document
      .querySelector('.ProseMirror')!
      .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, MAX_BLOCK_CHARS + 1_000);

  const notice = page.getByText(/a paragraph may hold at most 20,000 characters/);
  await notice.waitFor();
  await screenshot(page, 'paste-too-long');
  expect(await page.locator('.ProseMirror p').first().innerText()).toBe('Short paragraph.');
  expect((await blocks(server.url, room.id, ADMIN_TOKEN)).map((b) => b.text)).toEqual(['Short paragraph.']);
  expect(await refusedOnServer()).not.toMatch(/draftroom_refused_changes_total\{reason="E_TOO_LARGE"\} [1-9]/);

  // The paragraph still takes ordinary typing afterwards.
  await page.keyboard.type(' More.', { delay: 10 });
  await waitFor(
    async () => (await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text === 'Short paragraph. More.',
    'typing after the refused paste',
  );
});

it(`[I2] nesting a list deeper than the bound (${MAX_BLOCK_DEPTH} levels) is stopped with a notice; the list above it stands`, async () => {
  const room = await createRoom(server.url, 'Nesting too deep');
  const page = await joinAsExpert(room);
  await page.locator('.ProseMirror p').first().click();
  await page.keyboard.type('- level 1', { delay: 10 });
  // Each Tab nests the new item one list deeper (two elements: a list and its item).
  for (let level = 2; level <= MAX_BLOCK_DEPTH; level++) {
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type(`level ${level}`, { delay: 10 });
  }
  await page.getByText(/cannot be nested this deep/).waitFor();
  await screenshot(page, 'nesting-too-deep');
  const [list] = await blocks(server.url, room.id, ADMIN_TOKEN);
  expect(list!.type).toBe('bulletList');
  expect(list!.text).toContain('level 1');
  expect(await refusedOnServer()).not.toMatch(/draftroom_refused_changes_total\{reason="E_INVALID"\} [1-9]/);
});
