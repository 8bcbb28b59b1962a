/**
 * The interface in the person's language, in Debian's Chromium: a browser set to Russian
 * gets the join dialog and the room in Russian, one set to French gets French; the switch
 * changes the language and the browser remembers it after a reload; a refused keystroke in
 * an agreed paragraph is explained in the person's language; times are in the room's time
 * zone (Moscow here), not the laptop's (New York). Screenshots land in tests/e2e/screenshots/.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { screenshot, startE2e, stopE2e, type Person } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import type { CreatedDocument } from '../../shared/api.js';

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];
let room: CreatedDocument;

beforeAll(async () => {
  ({ server, browser } = await startE2e());
  const created = await api(server.url, 'POST', '/api/documents', ADMIN_TOKEN, {
    title: 'Заключительное заседание',
    timeZone: 'Europe/Moscow',
  });
  room = created.json as CreatedDocument;
});
afterAll(() => stopE2e(server, browser, people));

/** Opens `url` in a browser whose language is `locale` and whose clock is in New York. */
async function openIn(locale: string, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale, timezoneId: 'America/New_York' });
  const page = await context.newPage();
  people.push({ context, page });
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  return page;
}

const pageLanguage = (page: Page) => page.evaluate(() => document.documentElement.lang);

async function join(page: Page, name: string, delegation: string, connected: string): Promise<void> {
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-delegation').fill(delegation);
  await page.getByTestId('join-submit').click();
  await page.locator('.ProseMirror').waitFor();
  await waitFor(async () => (await page.getByTestId('connection-status').innerText()).startsWith(connected), `${name} to connect`, 10_000);
}

it('a Russian browser gets the join dialog and the room in Russian, refusals included, with times in the room’s zone', async () => {
  const anna = await openIn('ru-RU', room.invites.expert.url);
  await anna.getByTestId('join-name').waitFor();
  expect(await pageLanguage(anna)).toBe('ru');
  expect(await anna.getByTestId('join-submit').innerText()).toBe('Войти в зал');
  expect(await anna.locator('.card__lead').first().innerText()).toContain('Вы приглашены с ролью «Эксперт»');
  expect(await anna.getByLabel('Язык').inputValue()).toBe('ru');
  await screenshot(anna, 'languages-join-ru');

  // The label rule speaks Russian too.
  await anna.getByTestId('join-name').fill('Administrator');
  expect(await anna.getByTestId('join-name-problem').innerText()).toBe(
    'Имя не должно читаться как «Administrator»: это обозначение использует сам Draftroom.',
  );

  await join(anna, 'Анна Петрова', 'Казахстан', 'Подключено');
  expect(await anna.getByTestId('open-lock-history').innerText()).toBe('История блокировок');
  expect(await anna.getByTestId('export-menu').innerText()).toBe('Экспорт');
  expect(await anna.getByTestId('open-amendments').innerText()).toContain('Поправки и комментарии');
  expect(await anna.getByTestId('role-badge').innerText()).toBe('Эксперт');
  expect(await anna.locator('.ProseMirror').getAttribute('aria-label')).toBe('Проект выводов, доступен для редактирования');

  // A moderator locks the first paragraph: the label says so in Russian, at Moscow time.
  const [first] = await blocks(server.url, room.id, room.invites.moderator.token);
  const locked = await api(server.url, 'POST', `/api/documents/${room.id}/blocks/${first!.id}/lock`, room.invites.moderator.token);
  expect(locked.status).toBe(200);
  const label = anna.getByTestId('lock-label');
  await label.waitFor();
  const lockedAt = (await blocks(server.url, room.id, room.invites.moderator.token))[0]!.lockedAt!;
  const moscow = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Moscow' }).format(
    new Date(lockedAt),
  );
  expect(await label.innerText()).toMatch(new RegExp(`^Согласовано — заблокировано: .+, ${moscow} (GMT\\+3|MSK)`));

  // Typing into the agreed paragraph is refused, and the notice says why in Russian.
  await anna.locator('.ProseMirror p').first().click();
  await anna.keyboard.type('Новый текст');
  const notice = anna.getByTestId('notice').filter({ hasText: 'согласован и заблокирован' });
  await notice.waitFor();
  expect(await notice.innerText()).toMatch(/^Пункт 1 согласован и заблокирован/);
  await screenshot(anna, 'languages-room-ru');
});

it('a French browser gets French; the switch changes the language and is remembered after a reload', async () => {
  const jean = await openIn('fr-FR', room.invites.expert.url);
  await jean.getByTestId('join-name').waitFor();
  expect(await pageLanguage(jean)).toBe('fr');
  expect(await jean.getByTestId('join-submit').innerText()).toBe('Entrer dans la salle');
  await join(jean, 'Jean Dupont', 'France', 'Connecté');
  expect(await jean.getByTestId('open-lock-history').innerText()).toBe('Historique des verrouillages');
  expect(await jean.getByTestId('role-badge').innerText()).toBe('Expert');
  expect(await jean.getByTestId('lock-label').innerText()).toMatch(/^Adopté — verrouillé par .+, \d\d:\d\d (UTC\+3|MSK)/);
  await screenshot(jean, 'languages-room-fr');

  await jean.getByTestId('language-switch').selectOption('de');
  await waitFor(async () => (await jean.getByTestId('open-lock-history').innerText()) === 'Sperrverlauf', 'the header to speak German');
  expect(await pageLanguage(jean)).toBe('de');
  expect(await jean.getByTestId('connection-status').innerText()).toMatch(/^Verbunden/);
  // The margins are drawn outside React: they follow the switch too.
  await waitFor(
    async () => (await jean.getByTestId('lock-label').innerText()).startsWith('Vereinbart — gesperrt von'),
    'the lock label in German',
  );

  await jean.reload();
  await jean.locator('.ProseMirror').waitFor();
  await waitFor(async () => (await jean.getByTestId('open-lock-history').innerText()) === 'Sperrverlauf', 'German after the reload');
  expect(await pageLanguage(jean)).toBe('de');
  expect(await jean.getByTestId('language-switch').inputValue()).toBe('de');
});
