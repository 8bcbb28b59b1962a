/**
 * A full hall's presence, end to end in Chromium: 45 people join one room as raw Yjs clients
 * (stock y-websocket providers with awareness, as any integrator's client would), and two
 * people open it in Chromium. The adviser's list is grouped by role and delegation with
 * counts, naturally ordered, searchable and foldable (kept over a reload); namesakes are told
 * apart; 47 people share the 16 colours at most three to a colour; choosing a person with a
 * caret far down scrolls the adviser's text to it; at 800×900 the text comes first and its
 * first paragraph is in view. Screenshots: tests/e2e/screenshots/presence-*.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import type { RunningServer } from '../helpers/testServer.js';
import { joinRoom, screenshot, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { describeViolations, seriousViolations } from '../helpers/axe.js';
import { waitFor } from '../helpers/waitFor.js';
import { connect, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { createRoom, type DocJson } from '../../server/rooms/createRoom.js';
import { colourFor, PRESENCE_COLOURS, preferredColourIndex } from '../../shared/presence.js';

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];
const hall: TestClient[] = [];

beforeAll(async () => ({ server, browser } = await startE2e()));
afterAll(async () => {
  for (const client of hall) client.destroy();
  await stopE2e(server, browser, people);
});

/** A heading and 30 paragraphs, long enough that the last ones are far below the first screen. */
function longDraft(): DocJson {
  const paragraphs = Array.from({ length: 30 }, (_, i) => ({
    type: 'paragraph',
    content: [
      {
        type: 'text',
        text: `Point ${i + 1}. Participants recommended that the executive structures share with the participating States what has worked in community policing, border management and the fight against trafficking in human beings.`,
      },
    ],
  }));
  return {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Draft conclusions of the closing session' }] },
      ...paragraphs,
    ],
  };
}

/** Who joins as a raw client: 3 moderators, 29 experts, 13 observers. */
function hallList(): Array<{ role: 'moderator' | 'expert' | 'observer'; name: string; delegation: string }> {
  const list: Array<{ role: 'moderator' | 'expert' | 'observer'; name: string; delegation: string }> = [];
  for (const n of [1, 2, 3]) list.push({ role: 'moderator', name: `Moderator ${n}`, delegation: 'OSCE Secretariat' });
  // Twelve Germans named so that string order ("1, 10, 11, 12, 2 …") and natural order differ.
  for (let n = 1; n <= 12; n++) list.push({ role: 'expert', name: `Delegate ${n}`, delegation: 'Germany' });
  for (const delegation of ['Austria', 'France', 'Italy', 'Poland', 'Türkiye']) {
    for (const n of [1, 2, 3]) list.push({ role: 'expert', name: `Expert ${n} of ${delegation}`, delegation });
  }
  // Namesakes: two people join under the same name and delegation.
  list.push({ role: 'expert', name: 'Anna Novak', delegation: 'Czechia' }, { role: 'expert', name: 'Anna Novak', delegation: 'Czechia' });
  for (const delegation of ['Japan', 'Australia', 'Mongolia', 'Thailand']) {
    for (const n of [1, 2, 3]) list.push({ role: 'observer', name: `Observer ${n} of ${delegation}`, delegation });
  }
  list.push({ role: 'observer', name: 'Guest', delegation: '' });
  return list;
}

/** The names of the presence entries shown on `page`, in order. */
async function shownNames(page: Page, within = page.getByTestId('presence-list')): Promise<string[]> {
  return within.locator('.presence__item:visible .presence__name').allInnerTexts();
}

/** What a screen reader names the focused item of the presence tree ('Experts (29)', 'Delegate 7'), or the focused element's tag. */
async function focusedItem(page: Page): Promise<string> {
  return page.evaluate(() => {
    const focused = document.activeElement as HTMLElement | null;
    if (focused?.getAttribute('role') !== 'treeitem') return `not in the tree: ${focused?.tagName ?? 'nothing'}`;
    // A group's row is its tree item and holds only its own words; a person's item holds more than the name.
    const text = focused.hasAttribute('aria-expanded') ? focused.textContent! : focused.querySelector('.presence__name')!.textContent!;
    return text.replace(/\s+/g, ' ').trim();
  });
}

/**
 * Waits until `clientId`'s caret is in view below the sticky header and the page has stopped
 * scrolling (the jump scrolls smoothly): the same scroll position on three readings running.
 */
async function scrolledToCaret(page: Page, clientId: number, what: string): Promise<void> {
  const readings: number[] = [];
  await waitFor(async () => {
    const { y, inView } = await page.evaluate((id) => {
      const caret = document.querySelector(`.ProseMirror [data-client-id="${id}"]`);
      const header = document.querySelector('.room-header')!.getBoundingClientRect();
      const box = caret?.getBoundingClientRect();
      return { y: window.scrollY, inView: !!box && box.top >= header.bottom && box.bottom <= window.innerHeight };
    }, clientId);
    readings.push(inView ? y : NaN);
    return readings.length >= 3 && readings.slice(-3).every((reading) => reading === y);
  }, what);
}

const roleGroup = (page: Page, name: RegExp) => page.getByTestId('presence-list').getByRole('treeitem', { name });

it('45 people and two pages: grouped, counted, in natural order, searchable, foldable; a person’s caret is one click away; at 800×900 the text comes first', async () => {
  const room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — a full hall', longDraft());
  const adviser = await joinRoom(browser, people, room.invites.adviser.url, { name: 'Elena Petrova', delegation: 'OSCE Secretariat' });

  for (const who of hallList()) {
    const client = connect(server.wsUrl, room.id, room.invites[who.role].token, { name: who.name, delegation: who.delegation });
    // A provider's first state (clock 0) is not taken by anyone: publish one, as editors do (the server rewrites it).
    client.provider.awareness.setLocalStateField('user', { name: who.name });
    hall.push(client);
  }
  await Promise.all(hall.map((client) => synced(client)));
  // Delegate 7 of Germany has a caret in the 28th paragraph, far below the first screen.
  const delegate7 = hall[3 + 6]!;
  const paragraph28 = delegate7.fragment.get(28) as Y.XmlElement;
  const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(textIn(paragraph28), 12));
  delegate7.provider.awareness.setLocalStateField('cursor', { anchor: at, head: at });

  const heading = adviser.getByRole('heading', { name: /In the room/ });
  await waitFor(async () => (await heading.innerText()).includes('(46)'), 'the adviser to see 46 people in the room', 20_000);

  // Grouped by role, in the room's order, each with its count.
  const groups = adviser.getByTestId('presence-list').locator('.presence-group > .presence-toggle');
  const oneLine = (texts: string[]) => texts.map((text) => text.replace(/\s+/g, ' ').trim());
  expect(oneLine(await groups.allTextContents())).toEqual(['Senior Adviser (1)', 'Moderators (3)', 'Experts (29)', 'Observers (13)']);
  const expertDelegations = adviser.getByTestId('presence-group-expert').locator('.presence-delegation > .presence-toggle');
  expect(oneLine(await expertDelegations.allTextContents())).toEqual([
    'Austria (3)',
    'Czechia (2)',
    'France (3)',
    'Germany (12)',
    'Italy (3)',
    'Poland (3)',
    'Türkiye (3)',
  ]);
  const observerDelegations = adviser.getByTestId('presence-group-observer').locator('.presence-delegation > .presence-toggle');
  expect(oneLine(await observerDelegations.allTextContents())).toEqual([
    'Australia (3)',
    'Japan (3)',
    'Mongolia (3)',
    'Thailand (3)',
    'No delegation (1)',
  ]);

  // Natural order: Delegate 2 before Delegate 10.
  const germany = adviser
    .getByTestId('presence-group-expert')
    .locator('.presence-delegation')
    .filter({ has: adviser.getByRole('treeitem', { name: /^Germany/ }) });
  expect(await shownNames(adviser, germany)).toEqual(Array.from({ length: 12 }, (_, i) => `Delegate ${i + 1}`));

  // Namesakes are told apart by number and colour.
  const czechia = adviser
    .getByTestId('presence-group-expert')
    .locator('.presence-delegation')
    .filter({ has: adviser.getByRole('treeitem', { name: /^Czechia/ }) });
  expect(oneLine(await shownNames(adviser, czechia))).toEqual(['Anna Novak', 'Anna Novak #2']);
  const czechColours = await czechia
    .locator('.presence__dot')
    .evaluateAll((dots) => dots.map((dot) => getComputedStyle(dot).backgroundColor));
  expect(new Set(czechColours).size).toBe(2);

  // 46 people on 16 colours: none shared by more than three.
  const colours = await adviser
    .getByTestId('presence-list')
    .locator('.presence__dot')
    .evaluateAll((dots) => dots.map((dot) => getComputedStyle(dot).backgroundColor));
  expect(colours).toHaveLength(46);
  const uses = new Map<string, number>();
  for (const colour of colours) uses.set(colour, (uses.get(colour) ?? 0) + 1);
  expect(uses.size).toBe(PRESENCE_COLOURS.length);
  expect(Math.max(...uses.values())).toBeLessThanOrEqual(3);
  await screenshot(adviser, 'presence-full-room');
  // The tree, its groups and people break no serious or critical axe-core rule.
  expect(describeViolations(await seriousViolations(adviser, '.presence-panel'))).toBe('');

  // Search narrows by delegation or name, and says how many match.
  const search = adviser.getByRole('searchbox', { name: 'Find a person by name or delegation' });
  await search.fill('germ');
  await waitFor(async () => (await shownNames(adviser)).length === 12, 'the search to leave the twelve Germans');
  expect(await adviser.getByText('12 people match').count()).toBe(1);
  expect(await roleGroup(adviser, /^Experts\s*\(12 of 29\)$/).count()).toBe(1);
  await search.fill('novak');
  await waitFor(async () => (await shownNames(adviser)).length === 2, 'the search to leave both Anna Novaks');
  await search.fill('');
  await waitFor(async () => (await shownNames(adviser)).length === 46, 'the whole list back');

  // Folding a group hides its people; the fold is kept over a reload of the tab.
  const observers = roleGroup(adviser, /^Observers\s*\(13\)$/);
  expect(await observers.getAttribute('aria-expanded')).toBe('true');
  await observers.click();
  expect(await observers.getAttribute('aria-expanded')).toBe('false');
  await waitFor(async () => (await shownNames(adviser)).length === 33, 'the observers to fold away');
  await adviser.reload();
  await adviser.locator('.ProseMirror').waitFor();
  await waitFor(async () => (await heading.innerText()).includes('(46)'), 'the adviser to see the hall again after a reload', 20_000);
  expect(await roleGroup(adviser, /^Observers\s*\(13\)$/).getAttribute('aria-expanded')).toBe('false');
  expect((await shownNames(adviser)).length).toBe(33);

  // Choosing a person with a caret scrolls the text to it; someone without one is said to have none.
  await waitFor(
    async () => (await adviser.locator(`.ProseMirror [data-client-id="${delegate7.doc.clientID}"]`).count()) === 1,
    'Delegate 7’s caret to be drawn',
  );
  expect(await adviser.evaluate(() => window.scrollY)).toBe(0);
  await germany.getByRole('treeitem', { name: /^Delegate 7(?!\d)/ }).click();
  await scrolledToCaret(adviser, delegate7.doc.clientID, 'the adviser’s text to scroll to Delegate 7’s caret');
  expect(await adviser.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
  // The sticky header stays at the top of the window, whatever scrolled.
  expect(await adviser.evaluate(() => document.querySelector('.room-header')!.getBoundingClientRect().top)).toBe(0);
  expect(await adviser.getByTestId('presence-jump-result').innerText()).toBe('Showing Delegate 7 in the text.');
  await screenshot(adviser, 'presence-jumped-to-caret');
  await germany.getByRole('treeitem', { name: /^Delegate 8(?!\d)/ }).press('Enter');
  await waitFor(
    async () => (await adviser.getByTestId('presence-jump-result').innerText()) === 'Delegate 8 has no caret in the text.',
    'the list to say Delegate 8 has no caret',
  );

  // By keyboard the list is a WAI-ARIA tree and one Tab stop, however full the hall.
  const tree = adviser.getByRole('tree', { name: /^In the room/ });
  expect(await tree.locator('[role="treeitem"]').count()).toBeGreaterThan(40);
  expect(await tree.locator('[role="treeitem"][tabindex="0"]').count()).toBe(1);
  await search.focus();
  await adviser.keyboard.press('Tab');
  // Tab comes back to the item last chosen.
  expect(await focusedItem(adviser)).toBe('Delegate 8');
  await adviser.keyboard.press('Tab');
  expect(await focusedItem(adviser)).toMatch(/^not in the tree/);
  await adviser.keyboard.press('Shift+Tab');
  expect(await focusedItem(adviser)).toBe('Delegate 8');
  const keys = async (...presses: string[]) => {
    for (const key of presses) await adviser.keyboard.press(key);
    return focusedItem(adviser);
  };
  expect(await keys('Home')).toBe('Senior Adviser (1)');
  expect(await keys('ArrowDown')).toBe('Elena Petrova');
  expect(await keys('ArrowDown')).toBe('Moderators (3)');
  expect(await keys('ArrowUp')).toBe('Elena Petrova');
  // The observers are folded (above): End reaches their group; Right opens it, Right again enters it, Left goes back up and folds it.
  expect(await keys('End')).toBe('Observers (13)');
  expect(await keys('ArrowRight')).toBe('Observers (13)');
  expect(await roleGroup(adviser, /^Observers\s*\(13\)$/).getAttribute('aria-expanded')).toBe('true');
  expect(await keys('ArrowRight')).toBe('Australia (3)');
  expect(await keys('ArrowDown')).toBe('Observer 1 of Australia');
  expect(await keys('ArrowLeft')).toBe('Australia (3)');
  expect(await keys('ArrowLeft')).toBe('Australia (3)');
  expect(
    await adviser
      .getByTestId('presence-list')
      .getByRole('treeitem', { name: /^Australia/ })
      .getAttribute('aria-expanded'),
  ).toBe('false');
  expect(await keys('ArrowRight', 'ArrowLeft', 'ArrowLeft')).toBe('Observers (13)');
  expect(await keys('ArrowLeft')).toBe('Observers (13)');
  expect(await roleGroup(adviser, /^Observers\s*\(13\)$/).getAttribute('aria-expanded')).toBe('false');
  expect((await shownNames(adviser)).length).toBe(33);
  // A letter goes to the next item that starts with it; Enter on a person shows their caret.
  await adviser.evaluate(() => window.scrollTo(0, 0));
  await waitFor(async () => (await adviser.evaluate(() => window.scrollY)) === 0, 'the adviser’s text back at its top');
  expect(await keys('Home', 'e')).toBe('Elena Petrova');
  expect(await keys('e')).toBe('Experts (29)');
  expect(await keys('ArrowRight')).toBe('Austria (3)');
  expect(await keys('g')).toBe('Germany (12)');
  expect(await keys('ArrowRight')).toBe('Delegate 1');
  expect(await keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown')).toBe('Delegate 7');
  await adviser.keyboard.press('Enter');
  await scrolledToCaret(adviser, delegate7.doc.clientID, 'Enter on Delegate 7 to scroll the text to their caret');
  expect(await adviser.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
  await waitFor(
    async () => (await adviser.getByTestId('presence-jump-result').innerText()) === 'Showing Delegate 7 in the text.',
    'the list to say it shows Delegate 7',
  );
  // Focus stays in the list, on the person, for the next choice.
  expect(await focusedItem(adviser)).toBe('Delegate 7');
  await screenshot(adviser, 'presence-keyboard-jump');
  expect(describeViolations(await seriousViolations(adviser, '.presence-panel'))).toBe('');
  expect(await keys('ArrowLeft')).toBe('Germany (12)');

  // At 800×900 the text comes first: its first paragraph is in view without scrolling, the list below it.
  const narrow = await joinRoom(browser, people, room.invites.expert.url, { name: 'Jonas Lind', delegation: 'Sweden' });
  await narrow.setViewportSize({ width: 800, height: 900 });
  await waitFor(
    async () => (await narrow.getByRole('heading', { name: /In the room/ }).innerText()).includes('(47)'),
    'Jonas to see 47 people',
  );
  const place = await narrow.evaluate(() => {
    const first = document.querySelector('.ProseMirror p')!.getBoundingClientRect();
    const list = document.querySelector('[data-testid="presence-list"]')!.getBoundingClientRect();
    return { scrollY: window.scrollY, top: first.top, bottom: first.bottom, height: window.innerHeight, listTop: list.top };
  });
  expect(place.scrollY).toBe(0);
  expect(place.top).toBeGreaterThanOrEqual(0);
  expect(place.bottom).toBeLessThanOrEqual(place.height);
  expect(place.listTop).toBeGreaterThan(place.bottom);
  await screenshot(narrow, 'presence-narrow-800x900');
});

/** Each shown person's dot colour on `page`, by name ('rgb(…)'), and which is the page's own. */
async function dotColours(page: Page): Promise<Record<string, { colour: string; self: boolean }>> {
  return page
    .getByTestId('presence-list')
    .locator('.presence__item')
    .evaluateAll((items) =>
      Object.fromEntries(
        items.map((item) => [
          item.querySelector('.presence__name')!.textContent!.trim(),
          { colour: getComputedStyle(item.querySelector('.presence__dot')!).backgroundColor, self: item.hasAttribute('data-self') },
        ]),
      ),
    );
}

function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

it('[R4] two people whose own colour is the same: the second is given another, and sees it on their own dot as the others see it, on the dot and the caret', async () => {
  const room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — colours', longDraft());
  // Two names on the expert link that hash to one palette slot, not the adviser's.
  const adviserSlot = preferredColourIndex(room.invites.adviser.id, 'Elena Petrova');
  const bySlot = new Map<number, string>();
  let pair: [string, string] | null = null;
  for (let n = 1; n <= 100 && !pair; n++) {
    const name = `Participant ${n}`;
    const slot = preferredColourIndex(room.invites.expert.id, name);
    if (slot === adviserSlot) continue;
    const first = bySlot.get(slot);
    if (first) pair = [first, name];
    else bySlot.set(slot, name);
  }
  const [first, second] = pair!;
  expect(colourFor(room.invites.expert.id, first)).toBe(colourFor(room.invites.expert.id, second));

  const adviser = await joinRoom(browser, people, room.invites.adviser.url, { name: 'Elena Petrova', delegation: 'OSCE Secretariat' });
  const one = await joinRoom(browser, people, room.invites.expert.url, { name: first, delegation: 'Austria' });
  await waitFor(async () => Object.keys(await dotColours(adviser)).length === 2, `the adviser to see ${first}`);
  const two = await joinRoom(browser, people, room.invites.expert.url, { name: second, delegation: 'Belgium' });

  // What the server gave each person in this room.
  const given = () => {
    const states = [...server.ctx.rooms.peek(room.id)!.awareness.getStates().values()] as Array<{
      user?: { name?: string; color?: string };
    }>;
    return Object.fromEntries(states.map((state) => [state.user?.name ?? '', state.user?.color ?? ''])) as Record<string, string>;
  };
  await waitFor(() => Object.keys(given()).length === 3, 'the room to hold three people');
  const colours = given();
  expect(colours[first]).toBe(colourFor(room.invites.expert.id, first));
  expect(colours[second]).not.toBe(colours[first]);
  expect(colours[second]).not.toBe(colourFor(room.invites.expert.id, second));

  // Every page, the second person's own included, shows everyone in the colour the server gave.
  const expected = Object.fromEntries(Object.entries(colours).map(([name, colour]) => [name, rgb(colour)]));
  for (const [page, self] of [
    [adviser, 'Elena Petrova'],
    [one, first],
    [two, second],
  ] as const) {
    await waitFor(async () => {
      const shown = await dotColours(page);
      return Object.keys(expected).every((name) => shown[name]?.colour === expected[name]) && shown[self]?.self === true;
    }, `${self}’s list to show everyone, themself too, in the server’s colours`);
  }

  // Their own line reads as the others read it: the delegation a role link gives is marked self-declared there too.
  await waitFor(
    async () => (await two.locator('[data-self] .presence__delegation').innerText()) === 'Belgium (self-declared) · you',
    `${second}’s own line to say their delegation is self-declared`,
  );

  // Carets too: each expert's caret on the other's page is drawn in the server's colour.
  await one.locator('.ProseMirror p').nth(0).click();
  await two.locator('.ProseMirror p').nth(2).click();
  const caretColour = (page: Page, name: string) =>
    page.evaluate((who) => {
      const label = [...document.querySelectorAll<HTMLElement>('.ProseMirror .collaboration-carets__label')].find(
        (node) => node.textContent === who,
      );
      return label ? getComputedStyle(label.closest('.collaboration-carets__caret')!).borderLeftColor : null;
    }, name);
  await waitFor(
    async () => (await caretColour(two, first)) === expected[first],
    `${second} to see ${first}’s caret in the server’s colour`,
  );
  await waitFor(
    async () => (await caretColour(one, second)) === expected[second],
    `${first} to see ${second}’s caret in the server’s colour`,
  );
  await waitFor(
    async () => (await caretColour(adviser, second)) === expected[second],
    `the adviser to see ${second}’s caret in the server’s colour`,
  );
  await screenshot(two, 'presence-own-colour');
});
