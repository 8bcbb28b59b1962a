/**
 * The text's language in the browser (PROTOCOL.md G1, I5): the editor of a Russian room is
 * `lang="ru"` with spell-check on; an expert marks one paragraph as English from the
 * toolbar, and every page and the exports show it; the adviser changes the room's working
 * language in the room settings and open editors follow at once. Screenshots land in
 * tests/e2e/screenshots/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { joinRoom, openAs, screenshot, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import type { CreatedDocument } from '../../shared/api.js';

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => ({ server, browser } = await startE2e()));
afterAll(() => stopE2e(server, browser, people));

it('[I5] a paragraph marked English in a Russian room is lang="en" on every page and in the exports; the room’s language change reaches open editors', async () => {
  const created = await api(server.url, 'POST', '/api/documents', ADMIN_TOKEN, {
    title: 'Заключения',
    language: 'ru',
    timeZone: 'Europe/Moscow',
  });
  const room = created.json as CreatedDocument;
  const anna = await joinRoom(browser, people, room.invites.expert.url, { name: 'Anna Petrova', delegation: 'Kazakhstan' });
  const jonas = await joinRoom(browser, people, room.invites.expert.url, { name: 'Jonas Lind', delegation: 'Sweden' });

  const editor = anna.locator('.ProseMirror');
  expect(await editor.getAttribute('lang')).toBe('ru');
  expect(await editor.getAttribute('spellcheck')).toBe('true');

  await anna.locator('.ProseMirror p').first().click();
  // Characters off the US layout arrive as insertText with no keydown, as from an input
  // method or an on-screen keyboard: the first of them lands in the empty paragraph too.
  await anna.keyboard.type('Участники приветствовали доклад.', { delay: 10 });
  await anna.keyboard.press('Enter');
  await anna.keyboard.type('The participants welcomed the report.', { delay: 10 });

  const select = anna.getByRole('combobox', { name: 'Language of this paragraph' });
  expect(await select.locator('option').first().innerText()).toBe('Room language (русский)');
  expect(await select.inputValue()).toBe('');
  await select.selectOption('en');
  await screenshot(anna, 'paragraph-language-toolbar');

  await waitFor(async () => (await jonas.locator('.ProseMirror p[lang="en"]').count()) === 1, 'the English mark on Jonas’s page');
  // Anna's caret (and its name label) stands in that paragraph on Jonas's page: read the text without it.
  const englishText = await jonas.locator('.ProseMirror p[lang="en"]').evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
    return copy.textContent;
  });
  expect(englishText).toBe('The participants welcomed the report.');
  expect(await anna.locator('.ProseMirror p').first().getAttribute('lang')).toBeNull();
  let onServer: string[] = [];
  await waitFor(async () => {
    onServer = (await blocks(server.url, room.id, ADMIN_TOKEN)).map((b) => b.text);
    return onServer.join('|') === 'Участники приветствовали доклад.|The participants welcomed the report.';
  }, 'both paragraphs on the server').catch((error: Error) => {
    throw new Error(`${error.message}; the server held ${JSON.stringify(onServer)}`);
  });
  const html = (await api(server.url, 'GET', `/api/documents/${room.id}/export?format=html`, room.invites.expert.token)).text;
  expect(html).toContain('<html lang="ru">');
  expect(html).toContain('<p lang="en">The participants welcomed the report.</p>');

  // Back to the room's language: the mark goes on every page.
  await anna.locator('.ProseMirror p[lang="en"]').click();
  await select.selectOption('');
  await waitFor(async () => (await jonas.locator('.ProseMirror [lang]').count()) === 0, 'the mark gone on Jonas’s page');

  // The adviser makes the room Ukrainian: the open editors take it without a reload.
  const adviser = await joinRoom(browser, people, room.invites.adviser.url, { name: 'Olena Koval', delegation: 'OSCE Secretariat' });
  await adviser.getByTestId('open-room-settings').click();
  const settings = adviser.getByTestId('room-settings');
  await waitFor(async () => (await settings.getByTestId('room-language').inputValue()) === 'ru', 'the room’s language in the settings');
  expect(await settings.getByTestId('room-time-zone').inputValue()).toBe('Europe/Moscow');
  await settings.getByTestId('room-language').selectOption('uk');
  await settings.getByTestId('room-time-zone').fill('Europe/Kyiv');
  await settings.getByTestId('room-language-save').click();
  await waitFor(
    async () => (await jonas.locator('.ProseMirror').getAttribute('lang')) === 'uk',
    'Jonas’s editor to follow the room’s language',
  );
  expect(await anna.locator('.ProseMirror').getAttribute('lang')).toBe('uk');
  expect((await api(server.url, 'GET', `/api/documents/${room.id}`, ADMIN_TOKEN)).json).toMatchObject({
    language: 'uk',
    timeZone: 'Europe/Kyiv',
  });
  await screenshot(adviser, 'room-language-settings');

  // A zone the browser does not know is refused before anything is sent.
  await settings.getByTestId('room-time-zone').fill('Kyiv time');
  await settings.getByTestId('room-language-save').click();
  await settings.getByText('“Kyiv time” is not a time zone. Use a name such as Europe/Vienna.').waitFor();
  expect((await api(server.url, 'GET', `/api/documents/${room.id}`, ADMIN_TOKEN)).json).toMatchObject({ timeZone: 'Europe/Kyiv' });
}, 90_000);

it('[G1] the adviser creates a room in German: its editor is lang="de" and its exports say "Original: Deutsch"', async () => {
  const home = await openAs(browser, `${server.url}/`);
  people.push(home);
  await home.page.getByTestId('admin-token').fill(ADMIN_TOKEN);
  await home.page.getByTestId('admin-token-submit').click();
  await home.page.getByTestId('new-room-title').fill('Schlussfolgerungen — Entwurf');
  const language = home.page.getByRole('combobox', { name: 'Working language' });
  expect(await language.inputValue()).toBe('en');
  await language.selectOption('de');
  await screenshot(home.page, 'new-room-language');
  await home.page.getByTestId('new-room-submit').click();
  await home.page.getByTestId('created-room').waitFor();
  const expertLink = await home.page.getByTestId('invite-link-expert').inputValue();
  const docId = new URL(expertLink).pathname.split('/').pop()!;
  const room = (await api(server.url, 'GET', `/api/documents/${docId}`, ADMIN_TOKEN)).json as { language: string; timeZone: string };
  expect(room).toMatchObject({ language: 'de', timeZone: 'Europe/Vienna' });
  const karl = await joinRoom(browser, people, expertLink, { name: 'Karl Weiss', delegation: 'Germany' });
  expect(await karl.locator('.ProseMirror').getAttribute('lang')).toBe('de');
  // A blank room shows an empty ¶ 1 that is not counted: the summary says there is no text yet, not "of 0 paragraphs".
  const summary = karl.getByTestId('status-summary');
  expect(await summary.getAttribute('data-total')).toBe('0');
  expect(await summary.innerText()).not.toMatch(/\d/);
  expect(await karl.locator('.status-bar__summary').innerText()).not.toMatch(/\d/);
  await karl.locator('.ProseMirror p').first().click();
  await karl.keyboard.type('Die Teilnehmenden danken dem Gastgeber.');
  await waitFor(async () => (await summary.getAttribute('data-total')) === '1', 'the summary to count the first paragraph', 5_000);
  expect(await karl.locator('.status-bar__summary').innerText()).toMatch(/1/);
  const markdown = (await api(server.url, 'GET', `/api/documents/${docId}/export?format=md`, ADMIN_TOKEN)).text;
  expect(markdown).toContain('Original: Deutsch');
});

it('[I6] the adviser starts a room from a Word draft saved by LibreOffice on the home page: the report says what was not kept, and the room holds the draft', async () => {
  const home = await openAs(browser, `${server.url}/`);
  people.push(home);
  await home.page.getByTestId('admin-token').fill(ADMIN_TOKEN);
  await home.page.getByTestId('admin-token-submit').click();
  await home.page.getByTestId('new-room-title').fill('Closing session — imported draft');
  await home.page.getByTestId('new-room-draft').setInputFiles(join(process.cwd(), 'tests/fixtures/draft-libreoffice.docx'));
  await home.page.getByTestId('new-room-submit').click();
  const report = home.page.getByTestId('import-report');
  await report.waitFor();
  expect(await report.innerText()).toContain('3 paragraph numbers were taken off');
  expect(await report.innerText()).toContain('1 image');
  await screenshot(home.page, 'import-report');

  const expertLink = await home.page.getByTestId('invite-link-expert').inputValue();
  const karl = await joinRoom(browser, people, expertLink, { name: 'Karl Weiss', delegation: 'Germany' });
  await karl.getByText('Police accountability and respect for').waitFor();
  expect(await karl.locator('.ProseMirror h1').first().innerText()).toBe('Draft conclusions and recommendations');
  expect(await karl.locator('.ProseMirror strong').first().innerText()).toBe('exchange of good practices');
  await screenshot(karl, 'import-room');
}, 60_000);
