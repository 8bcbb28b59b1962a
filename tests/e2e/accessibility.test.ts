/**
 * WCAG 2.2 AA, checked by axe-core (tests/helpers/axe.ts) on every page and state a person
 * meets: the home page, link problems, the join dialog, the room as each role with every side
 * panel, the amendment form, a notice, the status menu, a confirmation and the shortcuts
 * dialog open, a narrow window, a session that ends, the projector and the adviser's projector
 * link, and the room in Russian, whose longer words change the layout. No serious or critical
 * violation may be left. One server and one room with agreed and locked paragraphs, statuses,
 * an amendment, a comment and a reading; people in their own browser contexts, states one
 * after another. Screenshots land in tests/e2e/screenshots/ (a11y-*).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { describeViolations, seriousViolations } from '../helpers/axe.js';
import { joinRoom, openAs, screenshot, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import { DEMO_DRAFT } from '../../server/rooms/demoDraft.js';
import { createRoom } from '../../server/rooms/createRoom.js';
import type { CreatedDocument } from '../../shared/api.js';
import type { BlockSummary } from '../../shared/blocks.js';

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];
let room: CreatedDocument;
let paragraphs: BlockSummary[];

/** What axe found in the test running now, per page and state. */
const found: string[] = [];

/** Runs axe-core on `page` and keeps what it finds under `where`, so one run reports every state. */
async function scan(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page);
  if (violations.length > 0) found.push(`── ${where}\n${describeViolations(violations)}`);
}

/** Every state of the test scanned clean; else the message names each state, rule, element and why. */
function expectNothingFound(): void {
  const report = found.splice(0).join('\n');
  expect(report, 'serious or critical axe-core violations').toBe('');
}

/** An HTTP call on the room as `token`, which must succeed. */
async function call(method: string, path: string, token: string, body?: unknown): Promise<any> {
  const answer = await api(server.url, method, `/api/documents/${room.id}${path}`, token, body);
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
  return answer.json;
}

/** Clicks into a paragraph, as a person does: the caret goes there and its margin is the current one. */
async function caretInto(page: Page, block: BlockSummary): Promise<void> {
  await page.locator(`.ProseMirror [data-id="${block.id}"]`).click();
}

beforeAll(async () => {
  ({ server, browser } = await startE2e());
  room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — accessibility e2e', DEMO_DRAFT);
  paragraphs = (await blocks(server.url, room.id, ADMIN_TOKEN)).filter((b) => b.type === 'paragraph');
  // A room in the middle of its work, each record under a real name: agreed and locked text,
  // statuses, Austria's amendment and comment, a reading.
  const adviser = (await call('POST', '/invites', ADMIN_TOKEN, { role: 'adviser', name: 'Elena Petrova', delegation: 'OSCE Secretariat' }))
    .token;
  await call('POST', `/blocks/${paragraphs[0]!.id}/status`, adviser, { status: 'agreed' });
  await call('POST', `/blocks/${paragraphs[1]!.id}/lock`, adviser);
  await call('POST', `/blocks/${paragraphs[2]!.id}/status`, adviser, { status: 'discussion' });
  await call('POST', `/blocks/${paragraphs[3]!.id}/status`, adviser, { status: 'ad-ref' });
  const austria = (await call('POST', '/invites', ADMIN_TOKEN, { role: 'expert', name: 'Anna Berger', delegation: 'Austria' })).token;
  await call('POST', '/amendments', austria, {
    blockId: paragraphs[4]!.id,
    kind: 'replace',
    text: 'Community policing, police accountability, gender mainstreaming and respect for human rights should remain at the core of OSCE police-related activities.',
  });
  await call('POST', '/comments', austria, {
    blockId: paragraphs[4]!.id,
    text: 'Austria would welcome a reference to gender mainstreaming here.',
  });
  await call('POST', '/revisions', adviser, { note: 'Text as circulated on Monday' });
});

afterAll(() => stopE2e(server, browser, people));

it('the home page, its new-room form and created room, and the pages of an invalid and a revoked link', async () => {
  const visitor = await openAs(browser, `${server.url}/`);
  people.push(visitor);
  const home = visitor.page;
  await home.getByTestId('admin-token').waitFor();
  await scan(home, 'home page');
  await home.getByTestId('admin-token').fill(ADMIN_TOKEN);
  await home.getByTestId('admin-token-submit').click();
  await home.getByTestId('new-room-title').waitFor();
  await scan(home, 'home page, new-room form');
  await screenshot(home, 'a11y-home');
  await home.getByTestId('new-room-title').fill('Closing session — second room');
  await home.getByTestId('new-room-submit').click();
  await home.getByTestId('created-room').waitFor();
  await scan(home, 'home page, a room created with its links');

  await home.goto(`${server.url}/d/${room.id}#token=not-a-token`);
  await waitFor(async () => (await home.getByTestId('link-problem').getAttribute('data-problem')) === 'invalid', 'the invalid-link page');
  await scan(home, 'link problem: invalid token');

  const revoked = await call('POST', '/invites', ADMIN_TOKEN, { role: 'expert', name: 'Karl Weiss', delegation: 'Germany' });
  await call('DELETE', `/invites/${revoked.id}`, ADMIN_TOKEN);
  await home.goto(revoked.url);
  await home.reload(); // only the fragment changed: the page must read the new link
  await waitFor(async () => (await home.getByTestId('link-problem').getAttribute('data-problem')) === 'revoked', 'the revoked-link page');
  await scan(home, 'link problem: revoked invite');
  await screenshot(home, 'a11y-link-revoked');
  expectNothingFound();
});

it('the join dialog and the room as expert, observer, moderator and adviser, with every panel, form and dialog open', async () => {
  // The join dialog of a role link, empty and then refused for want of a name.
  const asking = await openAs(browser, room.invites.expert.url);
  people.push(asking);
  await asking.page.getByTestId('join-name').waitFor();
  await scan(asking.page, 'join dialog (expert role link)');
  await asking.page.getByTestId('join-submit').click();
  await asking.page.getByTestId('join-name-problem').waitFor();
  await scan(asking.page, 'join dialog, a name missing');
  await asking.context.close();

  // The expert: the room, the paragraph panel's two tabs, the amendment form, a notice.
  const expert = await joinRoom(browser, people, room.invites.expert.url, { name: 'Jonas Lind', delegation: 'Sweden' });
  await scan(expert, 'room as expert');
  await screenshot(expert, 'a11y-expert-room');
  await expert.locator(`[data-testid="amendment-count"][data-block-id="${paragraphs[4]!.id}"]`).click();
  await expert.getByTestId('amendment-item').first().waitFor();
  await scan(expert, 'room as expert, amendments panel');
  await expert.getByTestId('tab-comments').click();
  await expert.getByTestId('comment-item').first().waitFor();
  await scan(expert, 'room as expert, comments panel');
  await expert.keyboard.press('Escape');
  await caretInto(expert, paragraphs[5]!);
  await expert.locator(`[data-testid="propose-amendment"][data-block-id="${paragraphs[5]!.id}"]`).click();
  await expert.getByTestId('amendment-text').waitFor();
  await scan(expert, 'room as expert, amendment form');
  await screenshot(expert, 'a11y-expert-amendment-form');
  await expert.keyboard.press('Escape');
  await caretInto(expert, paragraphs[1]!);
  await expert.keyboard.type('x');
  await expert.getByTestId('notice').first().waitFor();
  await scan(expert, 'room as expert, a notice that the paragraph is locked');
  await expert.setViewportSize({ width: 800, height: 900 });
  await scan(expert, 'room as expert, an 800 px window (text first, panels after it)');
  await expert.setViewportSize({ width: 1280, height: 900 });
  // The expert's caret rests in the sixth paragraph, where the others see it, named.
  await caretInto(expert, paragraphs[5]!);

  const observer = await joinRoom(browser, people, room.invites.observer.url, { name: 'Maria Rossi', delegation: 'Italy' });
  await scan(observer, 'room as observer');

  // The moderator: a colleague's caret and name in the text; locking that paragraph asks first.
  const moderator = await joinRoom(browser, people, room.invites.moderator.url, { name: 'Amélie Laurent', delegation: 'France' });
  await moderator.locator('.collaboration-carets__label', { hasText: 'Jonas Lind' }).waitFor();
  await scan(moderator, 'room as moderator, a colleague’s caret in view');
  await caretInto(moderator, paragraphs[5]!);
  await moderator.locator(`[data-testid="lock-button"][data-block-id="${paragraphs[5]!.id}"]`).click();
  await moderator.getByTestId('confirm-dialog').waitFor();
  await scan(moderator, 'room as moderator, lock confirmation');
  await screenshot(moderator, 'a11y-moderator-confirm');
  await moderator.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
  await caretInto(moderator, paragraphs[7]!);
  await moderator.keyboard.press('Alt+Shift+S');
  await moderator.getByTestId('status-menu').waitFor();
  await scan(moderator, 'room as moderator, the status menu open from the keyboard');
  await moderator.keyboard.press('Escape');
  await moderator.locator(`[data-testid="amendment-count"][data-block-id="${paragraphs[4]!.id}"]`).click();
  await moderator.getByTestId('accept-amendment').first().waitFor();
  await scan(moderator, 'room as moderator, amendments panel with its decisions');

  // The adviser: every panel of the header and the side, the export menu, the dialogs.
  const adviser = await joinRoom(browser, people, room.invites.adviser.url, { name: 'Elena Petrova', delegation: 'OSCE Secretariat' });
  await waitFor(async () => (await adviser.getByTestId('presence-item').count()) === 4, 'the adviser to see four people present');
  await scan(adviser, 'room as adviser');
  await screenshot(adviser, 'a11y-adviser-room');
  const panels: Array<[button: string, panel: string, what: string]> = [
    ['open-amendments', 'work-panel', 'paragraph work (all paragraphs)'],
    ['open-readings', 'readings-panel', 'readings'],
    ['open-activity', 'activity-log', 'activity'],
    ['open-lock-history', 'lock-history', 'lock history'],
    ['open-room-settings', 'room-settings', 'room settings and invites'],
  ];
  for (const [button, panel, what] of panels) {
    await adviser.getByTestId(button).click();
    await adviser.getByTestId(panel).waitFor();
    await scan(adviser, `room as adviser, ${what} panel`);
    if (panel === 'readings-panel') {
      await adviser.getByTestId('compare-with-live').first().click();
      await adviser.getByTestId('compare-result').waitFor();
      await scan(adviser, 'room as adviser, a reading compared with the live text');
    }
    if (panel === 'room-settings') {
      await adviser.getByTestId('invite-name').fill('Karl Weiss');
      await adviser.getByTestId('invite-delegation').fill('Germany');
      await adviser.getByTestId('invite-submit').click();
      await adviser.getByTestId('new-invite-url').waitFor();
      await scan(adviser, 'room as adviser, room settings with a new named invite');
      await screenshot(adviser, 'a11y-adviser-settings');
    }
    await adviser
      .getByTestId(panel)
      .getByRole('button', { name: /^Close / })
      .click();
  }
  await adviser.getByRole('searchbox').fill('jonas');
  await scan(adviser, 'room as adviser, presence list searched');
  await adviser.getByRole('searchbox').fill('');
  await adviser.getByTestId('export-menu').click();
  await scan(adviser, 'room as adviser, export menu open');
  await adviser.getByTestId('export-menu').click();

  await adviser.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await adviser.getByTestId('shortcuts-dialog').waitFor();
  await scan(adviser, 'room as adviser, keyboard shortcuts dialog');
  await adviser.keyboard.press('Escape');

  await adviser.getByTestId('open-projector-link').click();
  const dialog = adviser.getByTestId('projector-link-dialog');
  await dialog.getByRole('button', { name: 'Create projector link' }).click();
  await dialog.getByTestId('projector-link-qr').waitFor();
  await scan(adviser, 'room as adviser, projector link dialog');
  const link = await dialog.getByTestId('projector-link-url').inputValue();
  await dialog.getByRole('button', { name: 'Show QR code' }).click();
  const bigQr = adviser.getByTestId('projector-link-bigqr');
  await bigQr.waitFor();
  await scan(adviser, 'room as adviser, the projector link’s QR code for the screen');
  await bigQr.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // The hall's computer on the projector-only link, a paragraph presented.
  await caretInto(adviser, paragraphs[6]!);
  await adviser.locator(`[data-testid="present-block"][data-block-id="${paragraphs[6]!.id}"]`).click();
  const hall = await openAs(browser, link, { width: 1920, height: 1080 });
  people.push(hall);
  await hall.page.getByTestId('projector-current').waitFor();
  await scan(hall.page, 'projector (projector-only link), a paragraph presented');
  await screenshot(hall.page, 'a11y-projector');

  // The observer's link revoked while the room is open: the session ends, and says so.
  await call('DELETE', `/invites/${room.invites.observer.id}`, ADMIN_TOKEN);
  const ended = observer.getByTestId('session-ended');
  await ended.waitFor();
  await scan(observer, 'room as observer, the session ended (link revoked)');
  await screenshot(observer, 'a11y-session-ended');
  // A keyboard lands in the message, and Escape cannot send it into the dead room behind.
  expect(await ended.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
  await observer.keyboard.press('Escape');
  await observer.keyboard.press('Escape');
  await waitFor(
    () => ended.evaluate((dialog) => (dialog as HTMLDialogElement).open && dialog.contains(document.activeElement)),
    'the message to stay, focus in it',
  );
  expectNothingFound();
}, 120_000);

it('the join dialog and the room in Russian', async () => {
  const russian = await openAs(browser, room.invites.expert.url, { width: 1280, height: 900 }, 'ru-RU');
  people.push(russian);
  const page = russian.page;
  await page.getByTestId('join-name').waitFor();
  await scan(page, 'join dialog in Russian');
  await page.getByTestId('join-name').fill('Ольга Смирнова');
  await page.getByTestId('join-delegation').fill('Казахстан');
  await page.getByTestId('join-submit').click();
  await page.locator('.ProseMirror').waitFor();
  await waitFor(
    async () => (await page.getByTestId('connection-status').innerText()).includes('Подключено'),
    'the Russian room to connect',
  );
  await scan(page, 'room in Russian');
  await screenshot(page, 'a11y-russian-room');
  await page.locator(`[data-testid="amendment-count"][data-block-id="${paragraphs[4]!.id}"]`).click();
  await page.getByTestId('amendment-item').first().waitFor();
  await scan(page, 'room in Russian, amendments panel');
  await screenshot(page, 'a11y-russian-panel');
  await page.keyboard.press('Escape');
  await page.getByTestId('open-lock-history').click();
  await page.getByTestId('lock-history').waitFor();
  await scan(page, 'room in Russian, lock history');
  await page.keyboard.press('Escape');
  await page.locator('button[aria-keyshortcuts="?"]').click();
  await page.getByTestId('shortcuts-dialog').waitFor();
  await scan(page, 'room in Russian, keyboard shortcuts dialog');
  expectNothingFound();
}, 60_000);
