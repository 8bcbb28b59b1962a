/**
 * End to end in Debian's Chromium (PROTOCOL.md N1–N3): the Senior Adviser pastes the list of
 * delegations in the room settings and gets one link per delegation, copies one again from
 * the list of invites, and the expert who opens it, in a browser context of their own, is in
 * the room with the name and delegation the invite fixes; a role link's delegation shows as
 * self-declared. Screenshots land in tests/e2e/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../helpers/testServer.js';
import { api, blocks, createRoom } from '../helpers/api.js';
import { openAs, screenshot, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import { PARTICIPATING_STATES } from '../fixtures/participatingStates.js';
import type { CreatedDocument } from '../../shared/api.js';

let server: RunningServer;
let browser: Browser;
let room: CreatedDocument;
const people: Person[] = [];

beforeAll(async () => {
  ({ server, browser } = await startE2e());
  room = await createRoom(server.url, 'Annual Police Experts Meeting — closing session: draft conclusions');
});
afterAll(() => stopE2e(server, browser, people));

async function open(url: string): Promise<Page> {
  const person = await openAs(browser, url);
  people.push(person);
  return person.page;
}

async function connected(page: Page, who: string): Promise<void> {
  await page.locator('.ProseMirror').waitFor();
  await waitFor(async () => (await page.getByTestId('connection-status').innerText()).includes('Connected'), `${who} to connect`, 10_000);
}

describe('invites for the delegations', () => {
  it('[N3] the adviser pastes the delegations, gets their links, copies one again; the expert who opens it is in the room as the invite fixes them [N1] [N2]', async () => {
    const adviser = await open(room.invites.adviser.url);
    await people.at(-1)!.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    // A role link: the join dialog shows the label rule as the adviser types, and marks the delegation self-declared.
    await adviser.getByTestId('join-name').fill('Administrator');
    await adviser.getByTestId('join-name-problem').waitFor();
    expect(await adviser.getByTestId('join-name-problem').innerText()).toContain('may not read as “Administrator”');
    expect(await adviser.getByTestId('join-submit').isDisabled()).toBe(true);
    await adviser.getByTestId('join-name').fill('Elena Petrova');
    await adviser.getByTestId('join-delegation').fill('OSCE Secretariat');
    await adviser.getByTestId('join-submit').click();
    await connected(adviser, 'the adviser');

    // The list as it comes from the conference services: names for some delegations, a blank line, a repeat.
    const lines = PARTICIPATING_STATES.map((state) =>
      state === 'Austria' ? 'Anna Berger — Austria' : state === 'France' ? 'Jean Dupont, France' : state,
    );
    const list = [...lines.slice(0, 20), '', ...lines.slice(20), 'Germany'].join('\n');
    await adviser.getByTestId('open-room-settings').click();
    await adviser.getByTestId('delegation-list').fill(list);
    await waitFor(
      async () =>
        (await adviser.getByTestId('delegation-summary').innerText()).startsWith('57 invites to issue; 1 line will issue nothing'),
      'the preview to count the list',
    );
    expect(await adviser.getByTestId('delegation-preview-problem').innerText()).toContain('Repeats line');
    await adviser.getByTestId('delegation-submit').click();
    await adviser.getByTestId('delegation-results').waitFor();
    await waitFor(async () => (await adviser.getByTestId('delegation-result').count()) === 57, '57 links');
    expect(await adviser.getByTestId('delegation-result-delegation').allInnerTexts()).toEqual([...PARTICIPATING_STATES]);
    await adviser.getByTestId('delegation-results').scrollIntoViewIfNeeded();
    await screenshot(adviser, 'delegations-issued');
    const germanyLink = await adviser
      .getByTestId('delegation-result')
      .filter({ hasText: 'Germany' })
      .getByTestId('delegation-link')
      .inputValue();

    // Later: the link of Anna Berger's invite, copied again from the list of invites.
    const row = adviser.getByTestId('invite-row').filter({ hasText: 'Anna Berger' });
    await waitFor(async () => (await row.count()) === 1, 'Anna Berger’s invite in the list');
    await adviser.reload();
    await connected(adviser, 'the adviser after a reload');
    await adviser.getByTestId('open-room-settings').click();
    const reloadedRow = adviser.getByTestId('invite-row').filter({ hasText: 'Anna Berger' });
    await reloadedRow.getByTestId('copy-invite-link').click();
    await reloadedRow.getByTestId('invite-row-link').waitFor();
    const copied = await reloadedRow.getByTestId('invite-row-link').inputValue();
    expect(copied).toMatch(new RegExp(`^${server.url}/d/${room.id}#token=`));
    expect(await adviser.evaluate(() => navigator.clipboard.readText())).toBe(copied);
    await reloadedRow.scrollIntoViewIfNeeded();
    await screenshot(adviser, 'invite-link-copied-again');

    // Anna opens it in a browser of her own: no questions, her name and delegation are the invite's.
    const anna = await open(copied);
    await connected(anna, 'Anna');
    expect(await anna.getByTestId('join-name').count()).toBe(0);
    expect(await anna.getByTestId('my-name').innerText()).toBe('Anna Berger');
    const header = await anna.locator('.room-header__me').innerText();
    expect(header).toContain('Austria');
    expect(header).not.toContain('self-declared');
    await waitFor(async () => (await anna.getByTestId('presence-item').count()) === 2, 'Anna to see the adviser');
    const presence = await anna.getByTestId('presence-list').innerText();
    expect(presence).toContain('OSCE Secretariat (self-declared)');
    expect(presence).toMatch(/Austria · you/);
    await waitFor(async () => (await adviser.getByTestId('presence-list').innerText()).includes('Anna Berger'), 'the adviser to see Anna');
    expect(await adviser.getByTestId('presence-list').innerText()).not.toContain('Austria (self-declared)');
    await screenshot(anna, 'expert-joined-by-copied-link');

    // An invite naming only the delegation asks the name and shows the delegation as fixed.
    const karl = await open(germanyLink);
    await karl.getByTestId('join-fixed-delegation').waitFor();
    expect(await karl.getByTestId('join-fixed-delegation').innerText()).toBe('Germany');
    expect(await karl.getByTestId('join-delegation').count()).toBe(0);
    await karl.getByTestId('join-name').fill('Karl Weiss');
    await screenshot(karl, 'delegation-invite-join');
    await karl.getByTestId('join-submit').click();
    await connected(karl, 'Karl');
    await waitFor(async () => (await anna.getByTestId('presence-list').innerText()).includes('Karl Weiss'), 'Anna to see Karl');
    expect(await anna.getByTestId('presence-list').innerText()).toMatch(/Karl Weiss\s*Germany/);

    // [N2] Anna proposes for Austria; Karl's invite names Germany, so he may co-sponsor; the adviser's role link may not, and is told why.
    const [paragraph] = await blocks(server.url, room.id, room.invites.observer.token);
    const proposed = await api(server.url, 'POST', `/api/documents/${room.id}/amendments`, new URL(copied).hash.slice('#token='.length), {
      blockId: paragraph!.id,
      kind: 'insert-after',
      text: 'The participants welcomed the report of the Secretariat.',
    });
    expect(proposed.json).toMatchObject({ proposerName: 'Anna Berger', proposerDelegation: 'Austria' });
    await karl.getByTestId('open-amendments').click();
    await karl.getByTestId('cosponsor-amendment').waitFor();
    expect(await karl.getByTestId('cosponsor-amendment').innerText()).toBe('Co-sponsor for Germany');
    expect(await karl.getByTestId('cosponsor-needs-invite').count()).toBe(0);
    await karl.getByTestId('cosponsor-amendment').click();
    await waitFor(async () => (await karl.getByTestId('amendment-cosponsors').count()) === 1, 'the co-sponsor to show');
    expect(await karl.getByTestId('amendment-cosponsors').innerText()).toBe('Co-sponsored by Germany');
    await adviser.getByRole('button', { name: 'Close' }).click();
    await adviser.getByTestId('open-amendments').click();
    await adviser.getByTestId('cosponsor-needs-invite').waitFor();
    expect(await adviser.getByTestId('cosponsor-amendment').count()).toBe(0);
    expect(await adviser.getByTestId('cosponsor-needs-invite').innerText()).toMatch(/needs an invite that names yours/);
    await screenshot(adviser, 'role-link-cannot-cosponsor');
  });
});
