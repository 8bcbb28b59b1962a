/**
 * End to end in Debian's Chromium: several people, each in their own browser context (no
 * shared storage or BroadcastChannel, so pages can only meet through the server).
 * Screenshots land in tests/e2e/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, removeDataDir, ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { launchBrowser, joinRoom, openAs, screenshot, editorBlocks, type Person } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import { ensureDemoRoom, type DemoRoom } from '../../server/rooms/demoRoom.js';

let server: RunningServer;
let browser: Browser;
let demo: DemoRoom;
const people: Person[] = [];

beforeAll(async () => {
  server = await startServer();
  demo = await ensureDemoRoom(server.ctx);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const person of people) await person.context.close();
  await browser?.close();
  await server?.close();
  removeDataDir(server.dataDir);
});

/** Opens a room link as a person; answers the join dialog of a role link. */
async function join(url: string, name?: string, delegation = ''): Promise<Page> {
  return joinRoom(browser, people, url, name === undefined ? {} : { name, delegation });
}

/**
 * Puts the caret at the end (or start) of top-level block `index` (0-based) by clicking
 * there, as a person does; Home and End move only within one wrapped line.
 */
async function placeCaret(page: Page, index: number, where: 'start' | 'end'): Promise<void> {
  const block = page.locator('.ProseMirror .dr-block').nth(index).locator('p, h1, h2, h3').first();
  const box = (await block.boundingBox())!;
  await block.click({ position: where === 'start' ? { x: 1, y: 8 } : { x: box.width - 2, y: box.height - 8 } });
}

async function typeAtEndOf(page: Page, index: number, text: string): Promise<void> {
  await placeCaret(page, index, 'end');
  await page.keyboard.type(text, { delay: 15 });
}

async function typeAtStartOf(page: Page, index: number, text: string): Promise<void> {
  await placeCaret(page, index, 'start');
  await page.keyboard.type(text, { delay: 15 });
}

async function documentText(page: Page): Promise<string> {
  return (await editorBlocks(page)).join('\n');
}

describe('the demo room', () => {
  it('two people type in different paragraphs and in the same one, see each other and end with the same text', async () => {
    const anna = await join(demo.links.expert!, 'Anna Berger', 'Austria');
    const jonas = await join(demo.links.expert!, 'Jonas Lind', 'Sweden');

    await waitFor(async () => (await anna.getByTestId('presence-item').count()) === 2, 'Anna to see two people present');
    expect(await anna.getByTestId('presence-list').innerText()).toContain('Jonas Lind');
    expect(await jonas.getByTestId('presence-list').innerText()).toContain('Austria');

    await typeAtEndOf(anna, 1, ' Anna adds this.');
    await typeAtEndOf(jonas, 3, ' Jonas adds that.');
    // The same paragraph at once: Anna at its end, Jonas at its start. (Each keeps typing
    // where their caret is: neither caret is dragged along by the other's keystrokes.)
    await Promise.all([typeAtEndOf(anna, 4, ' [Anna was here]'), typeAtStartOf(jonas, 4, '[Jonas was here] ')]);

    await waitFor(async () => (await documentText(anna)) === (await documentText(jonas)), 'both pages to hold the same text', 10_000);
    const text = await documentText(anna);
    expect(text).toContain('Anna adds this.');
    expect(text).toContain('Jonas adds that.');
    expect(text).toContain('[Anna was here]');
    expect(text).toContain('[Jonas was here]');

    // Each sees the other's caret, labelled with the other's name.
    await waitFor(
      async () => (await anna.locator('.collaboration-carets__label', { hasText: 'Jonas Lind' }).count()) > 0,
      'Anna to see Jonas’s caret',
    );
    await waitFor(
      async () => (await jonas.locator('.collaboration-carets__label', { hasText: 'Anna Berger' }).count()) > 0,
      'Jonas to see Anna’s caret',
    );
    await screenshot(anna, 'demo-anna');
    await screenshot(jonas, 'demo-jonas');

    // And the server holds what the pages show.
    const serverText = (await blocks(server.url, demo.id, ADMIN_TOKEN)).map((b) => b.text);
    expect(serverText.join('\n')).toContain('Jonas adds that.');
  });
});

describe('rooms, roles and invites', () => {
  it('the adviser creates a room; an expert and an observer join by link; the observer cannot type; revoking the expert disconnects them', async () => {
    const home = await openAs(browser, `${server.url}/`);
    people.push(home);
    const adviserHome = home.page;
    await adviserHome.getByTestId('admin-token').fill(ADMIN_TOKEN);
    await adviserHome.getByTestId('admin-token-submit').click();
    await adviserHome.getByTestId('new-room-title').fill('Closing session — draft conclusions (e2e)');
    await adviserHome.getByTestId('new-room-submit').click();
    await adviserHome.getByTestId('created-room').waitFor();
    const links = {
      expert: await adviserHome.getByTestId('invite-link-expert').inputValue(),
      observer: await adviserHome.getByTestId('invite-link-observer').inputValue(),
    };
    await screenshot(adviserHome, 'adviser-created-room');
    await adviserHome.getByTestId('open-new-room').click();
    await adviserHome.getByTestId('join-name').fill('Elena Petrova');
    await adviserHome.getByTestId('join-delegation').fill('OSCE Secretariat');
    await adviserHome.getByTestId('join-submit').click();
    await adviserHome.locator('.ProseMirror').waitFor();
    await typeAtEndOf(adviserHome, 0, 'The participants agreed on the following.');

    // A named invite for the expert, issued in the room settings.
    await adviserHome.getByTestId('open-room-settings').click();
    await adviserHome.getByTestId('invite-name').fill('Karl Weiss');
    await adviserHome.getByTestId('invite-delegation').fill('Germany');
    await adviserHome.getByTestId('invite-role').selectOption('expert');
    await adviserHome.getByTestId('invite-submit').click();
    const karlLink = await adviserHome.getByTestId('new-invite-url').inputValue();
    expect(links.expert).toContain('#token=');

    const karl = await join(karlLink);
    const observer = await join(links.observer, 'Mia Horvat', 'Croatia');
    await waitFor(async () => (await documentText(observer)).includes('The participants agreed'), 'observer to see the text');

    // The observer sees a read-only editor: typing changes nothing, here or on the server.
    await observer.getByTestId('readonly-label').waitFor();
    expect(await observer.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');
    await observer.locator('.ProseMirror p').first().click();
    await observer.keyboard.type('observer text');
    await typeAtEndOf(karl, 0, ' Karl was here.');
    await waitFor(async () => (await documentText(observer)).includes('Karl was here.'), 'observer to see Karl’s edit');
    expect(await documentText(observer)).not.toContain('observer text');
    await screenshot(observer, 'observer-read-only');

    // Revoking Karl's invite ends his session with a message that says why.
    await adviserHome.getByTestId('invite-row').filter({ hasText: 'Karl Weiss' }).getByTestId('revoke-invite').click();
    await karl.getByTestId('session-ended').waitFor({ timeout: 3_000 });
    expect(await karl.getByTestId('session-ended').innerText()).toMatch(/revoked/i);
    await screenshot(karl, 'expert-revoked');
    await screenshot(adviserHome, 'adviser-settings-after-revoke');
  });

  it('an invalid link shows a clear page, not a blank editor', async () => {
    const person = await openAs(browser, `${server.url}/d/${demo.id}#token=not-a-real-token`);
    people.push(person);
    await person.page.getByTestId('link-problem').waitFor();
    expect(await person.page.getByTestId('link-problem').innerText()).toMatch(/not valid|invalid/i);
    await screenshot(person.page, 'invalid-link');
  });
});

describe('locked paragraphs', () => {
  it('a moderator locks paragraphs; the expert cannot type into them, sees who locked them, and adds a paragraph between two locked ones', async () => {
    const room = (await api(server.url, 'POST', '/api/documents', ADMIN_TOKEN, { title: 'Lock e2e' })).json;
    const adviser = await join(room.invites.adviser.url, 'Elena Petrova', 'OSCE Secretariat');
    await typeAtEndOf(adviser, 0, 'First agreed paragraph.');
    await adviser.keyboard.press('Enter');
    await adviser.keyboard.type('Second agreed paragraph.', { delay: 5 });
    await adviser.keyboard.press('Enter');
    await adviser.keyboard.type('An open paragraph.', { delay: 5 });
    await waitFor(async () => (await blocks(server.url, room.id, ADMIN_TOKEN)).length === 3, 'three paragraphs on the server');

    const moderator = await join(room.invites.moderator.url, 'Jonas Lind', 'Sweden');
    const expert = await join(room.invites.expert.url, 'Anna Berger', 'Austria');
    const [first, second] = await blocks(server.url, room.id, ADMIN_TOKEN);

    for (const block of [first!, second!]) {
      await moderator.locator(`[data-testid="lock-button"][data-block-id="${block.id}"]`).click();
      // Someone's caret may sit in the paragraph: then the moderator is asked first, and confirms.
      const confirm = moderator.getByTestId('confirm-accept');
      const isLocked = async () => (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.id === block.id)?.locked;
      await waitFor(
        async () => (await isLocked()) || (await confirm.isVisible()),
        `block ${block.id} to be locked, or the moderator asked to confirm`,
      );
      if (await confirm.isVisible()) await confirm.click();
      await waitFor(isLocked, `block ${block.id} to be locked`);
    }

    await waitFor(async () => (await expert.getByTestId('lock-label').count()) === 2, 'expert to see two lock labels');
    expect(await expert.getByTestId('lock-label').first().innerText()).toMatch(/Agreed — locked by Jonas Lind/);

    // Typing inside a locked paragraph changes nothing.
    await typeAtEndOf(expert, 0, ' EXPERT TYPED THIS');
    await typeAtEndOf(expert, 1, ' AND THIS');
    await expert.keyboard.press('Backspace');

    // A new paragraph between the two locked ones, through the visible affordance.
    // (A locked first block has one before it too; the last one is the one after it.)
    await expert.locator('.ProseMirror .dr-block').nth(0).getByTestId('add-paragraph').last().click();
    await expert.keyboard.type('A new paragraph between the agreed ones.', { delay: 5 });

    await waitFor(
      async () => (await blocks(server.url, room.id, ADMIN_TOKEN)).length === 4,
      'the new paragraph to reach the server',
      5_000,
    );
    const after = await blocks(server.url, room.id, ADMIN_TOKEN);
    expect(after.map((b) => b.text)).toEqual([
      'First agreed paragraph.',
      'A new paragraph between the agreed ones.',
      'Second agreed paragraph.',
      'An open paragraph.',
    ]);
    expect(after.filter((b) => b.locked).map((b) => b.id)).toEqual([first!.id, second!.id]);
    await waitFor(async () => (await documentText(moderator)) === (await documentText(expert)), 'pages to agree');
    await screenshot(expert, 'expert-between-locked');
    await screenshot(moderator, 'moderator-locked');
  });

  it('splitting, joining and pasting next to locked paragraphs in the editor never disturbs them', async () => {
    const room = (await api(server.url, 'POST', '/api/documents', ADMIN_TOKEN, { title: 'Neighbourhood e2e' })).json;
    const expert = await join(room.invites.expert.url, 'Anna Berger', 'Austria');
    await typeAtEndOf(expert, 0, 'Before the agreed text.');
    await expert.keyboard.press('Enter');
    await expert.keyboard.type('The agreed text.', { delay: 15 });
    await expert.keyboard.press('Enter');
    await expert.keyboard.type('After the agreed text.', { delay: 15 });
    // Lock only once the server holds the text as typed: the lock takes whatever it holds.
    const typed = ['Before the agreed text.', 'The agreed text.', 'After the agreed text.'];
    await waitFor(
      async () => (await blocks(server.url, room.id, ADMIN_TOKEN)).map((b) => b.text).join('\n') === typed.join('\n'),
      'the three paragraphs, as typed, to reach the server',
    );
    const agreed = (await blocks(server.url, room.id, ADMIN_TOKEN))[1]!;
    expect((await api(server.url, 'POST', `/api/documents/${room.id}/blocks/${agreed.id}/lock`, room.invites.moderator.token)).status).toBe(
      200,
    );
    await expert.getByTestId('lock-label').waitFor();

    // Split the paragraph before the locked one, in its middle.
    const before = expert.locator('.ProseMirror p').first();
    await before.click();
    await expert.keyboard.press('Home');
    for (let i = 0; i < 7; i++) await expert.keyboard.press('ArrowRight');
    await expert.keyboard.press('Enter');
    // Join: Backspace at the start of the paragraph after the locked one, Delete at the end of the one before.
    await expert.locator('.ProseMirror p', { hasText: 'After the agreed text.' }).click();
    await expert.keyboard.press('Home');
    await expert.keyboard.press('Backspace');
    await expert.locator('.ProseMirror p', { hasText: 'the agreed text.' }).first().click();
    await expert.keyboard.press('End');
    await expert.keyboard.press('Delete');
    // Paste two paragraphs at the end of the paragraph after the locked one.
    await expert.locator('.ProseMirror p', { hasText: 'After the agreed text.' }).click();
    await expert.keyboard.press('End');
    await expert.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/html', '<p>Pasted one.</p><p>Pasted two.</p>');
      data.setData('text/plain', 'Pasted one.\n\nPasted two.');
      document
        .querySelector('.ProseMirror')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });

    await waitFor(
      async () => (await blocks(server.url, room.id, ADMIN_TOKEN)).some((b) => b.text.includes('Pasted two.')),
      'the paste to reach the server',
    );
    const after = await blocks(server.url, room.id, ADMIN_TOKEN);
    const locked = after.filter((b) => b.id === agreed.id);
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ text: 'The agreed text.', locked: true });
    expect(after.filter((b) => b.text.includes('The agreed text.'))).toHaveLength(1);
    // The editor never even sent a change the server had to refuse.
    const metrics = await api(server.url, 'GET', '/metrics', ADMIN_TOKEN);
    expect(metrics.text).not.toMatch(/draftroom_refused_changes_total\{reason="E_LOCKED"\} [1-9]/);
    await screenshot(expert, 'neighbourhood');
  });
});
