/**
 * Who wrote what, and when, in the browser (PROTOCOL.md U1–U3): an expert and the moderator
 * each add words to a paragraph; on the adviser's page, "Show authors" names each of them on
 * hover with the minute they wrote in, and the activity log, asked to show edits, lists one
 * stretch of editing per person and paragraph among its entries. Screenshots land in
 * tests/e2e/screenshots/.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { blocks } from '../helpers/api.js';
import { joinRoom, screenshot, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import { createRoom } from '../../server/rooms/createRoom.js';

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => ({ server, browser } = await startE2e()));
afterAll(() => stopE2e(server, browser, people));

const ZONE = 'Europe/Vienna';
const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/** Every minute from `since` to now as the room's zone writes it ("19:02"): the minutes the words can have been written in. */
function minutesSince(since: number): string[] {
  const format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: ZONE });
  const minutes: string[] = [];
  for (let at = since - 60_000; at <= Date.now() + 60_000; at += 60_000) minutes.push(format.format(at));
  return minutes;
}

/** Adds `words` at the end of the paragraph `blockId` on `page`. */
async function addWords(page: Page, blockId: string, words: string): Promise<void> {
  await page.locator(`.ProseMirror [data-id="${blockId}"]`).click();
  await page.keyboard.press('End');
  await page.keyboard.type(words);
}

it('[U1][U3] hovering a person’s words names them and the minute; the activity log shows one stretch of editing per person and paragraph', async () => {
  const started = Date.now();
  const room = await createRoom(
    server.ctx.store,
    server.ctx.invites,
    'Closing session — authorship e2e',
    { type: 'doc', content: [paragraph('The participants met in Vienna.'), paragraph('They discussed police reform.')] },
    undefined,
    { language: 'en', timeZone: ZONE },
  );
  const [first, second] = await blocks(server.url, room.id, ADMIN_TOKEN);
  const expert = await joinRoom(browser, people, room.invites.expert.url, { name: 'Anna Novak', delegation: 'Austria' });
  const moderator = await joinRoom(browser, people, room.invites.moderator.url, { name: 'Jonas Lind', delegation: 'Sweden' });

  await addWords(expert, first!.id, ' Anna wrote this.');
  await addWords(moderator, second!.id, ' Jonas wrote that.');
  await waitFor(async () => {
    const texts = (await blocks(server.url, room.id, ADMIN_TOKEN)).map((b) => b.text);
    return texts[0]?.endsWith(' Anna wrote this.') && texts[1]?.endsWith(' Jonas wrote that.');
  }, 'both people’s words on the server');

  // A decision after the edits, for the log to place them around: Jonas locks his paragraph.
  await moderator.locator(`[data-testid="lock-button"][data-block-id="${second!.id}"]`).click();
  // A caret may sit in the paragraph: then the moderator is asked first, and confirms.
  const confirm = moderator.getByTestId('confirm-accept');
  const isLocked = async () => (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.id === second!.id)?.locked;
  await waitFor(async () => (await isLocked()) || (await confirm.isVisible()), 'the lock, or the moderator asked to confirm');
  if (await confirm.isVisible()) await confirm.click();
  await waitFor(isLocked, 'paragraph 2 to be locked');

  // A third person, who wrote nothing, asks who wrote what.
  const adviser = await joinRoom(browser, people, room.invites.adviser.url, { name: 'Elena Petrova', delegation: 'OSCE Secretariat' });
  await waitFor(
    async () => (await adviser.locator('.ProseMirror').innerText()).includes('Jonas wrote that.'),
    'the words on the adviser’s page',
  );
  await adviser.getByTestId('show-authors').check();
  const annas = adviser.locator('.author-span[data-author="Anna Novak (Austria)"]');
  const jonass = adviser.locator('.author-span[data-author="Jonas Lind (Sweden)"]');
  await waitFor(async () => (await annas.allTextContents()).join('') === ' Anna wrote this.', 'Anna’s words marked as hers');
  await waitFor(async () => (await jonass.allTextContents()).join('') === ' Jonas wrote that.', 'Jonas’s words marked as his');

  await annas.first().hover();
  const minutes = minutesSince(started);
  for (const [spans, who] of [
    [annas, 'Anna Novak (Austria)'],
    [jonass, 'Jonas Lind (Sweden)'],
  ] as const) {
    for (const title of await spans.evaluateAll((list) => list.map((span) => span.getAttribute('title') ?? ''))) {
      const match = /^(.+), (\d\d:\d\d)\b/.exec(title);
      expect(match?.[1], title).toBe(who);
      expect(minutes, title).toContain(match?.[2]);
    }
  }
  // The first draft is the server's, written when the room was made.
  expect(await adviser.locator('.author-span').first().getAttribute('title')).toMatch(/^Draftroom \(.+\), \d\d:\d\d/);
  await screenshot(adviser, 'authorship-show-authors');

  await adviser.getByTestId('open-activity').click();
  const log = adviser.getByTestId('activity-log');
  await log.waitFor();
  expect(await log.getByTestId('activity-edit').count()).toBe(0); // off by default
  await log.getByTestId('activity-show-edits').check();
  const edits = log.getByTestId('activity-edit');
  await waitFor(async () => (await edits.count()) === 2, 'one stretch of editing per person and paragraph');
  const lines = await edits.locator('.history__line').allInnerTexts();
  expect(
    lines.some((line) => /^Anna Novak \(Austria\) edited paragraph 1 \(\d+ changes?\)/.test(line)),
    lines.join(' | '),
  ).toBe(true);
  expect(
    lines.some((line) => /^Jonas Lind \(Sweden\) edited paragraph 2 \(\d+ changes?\)/.test(line)),
    lines.join(' | '),
  ).toBe(true);
  for (const time of await edits.locator('time').allInnerTexts()) expect(time).toMatch(/^\d\d:\d\d/);
  // Newest first: the lock, then the edits before it.
  const order = () => log.locator('.history > li').evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')));
  expect(await order()).toEqual(['activity-item', 'activity-edit', 'activity-edit']);
  // Each can be shown in the text, like the log's other entries about a paragraph.
  expect(await edits.getByRole('button', { name: 'Show paragraph 1 in the text' }).count()).toBe(1);
  await screenshot(adviser, 'authorship-activity-edits');

  // More words from Anna: Refresh brings them into her stretch, still one.
  const before = Number(/\((\d+) changes?\)/.exec(lines.find((line) => line.startsWith('Anna'))!)![1]);
  await addWords(expert, first!.id, ' And more.');
  await waitFor(
    async () => (await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text.endsWith(' And more.'),
    'Anna’s further words on the server',
  );
  await log.getByRole('button', { name: 'Refresh' }).click();
  await waitFor(async () => {
    const line = (await edits.locator('.history__line').allInnerTexts()).find((text) => text.startsWith('Anna'));
    return line !== undefined && Number(/\((\d+) changes?\)/.exec(line)?.[1]) > before;
  }, 'Anna’s stretch to count her further changes after Refresh');
  expect(await edits.count()).toBe(2);
  // Anna's stretch now ends after the lock: it comes first.
  expect(await order()).toEqual(['activity-edit', 'activity-item', 'activity-edit']);
  expect(await edits.first().innerText()).toMatch(/^Anna Novak/);

  await screenshot(adviser, 'authorship-activity-refreshed');

  // Off again, the log is its entries only.
  await log.getByTestId('activity-show-edits').uncheck();
  await waitFor(async () => (await edits.count()) === 0, 'the edits to go when switched off');
}, 90_000);
