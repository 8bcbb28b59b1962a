/**
 * The chair's workflow end to end in Chromium: an expert proposes an amendment, the
 * moderator accepts it in another page, the text changes for everyone; the projector page
 * follows the paragraph the adviser presents. Screenshots land in tests/e2e/screenshots/.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { joinRoom, openAs, screenshot, editorBlocks, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import { DEMO_DRAFT } from '../../server/rooms/demoDraft.js';
import { createRoom } from '../../server/rooms/createRoom.js';

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => ({ server, browser } = await startE2e()));
afterAll(() => stopE2e(server, browser, people));

/** Opens a link; a role link asks for a name and delegation, a named invite fixes them (pass none). */
async function join(url: string, name: string, delegation?: string): Promise<Page> {
  return joinRoom(browser, people, url, delegation === undefined ? {} : { name, delegation });
}

it('an expert proposes an amendment, the moderator accepts it, the text changes for everyone; the projector follows the adviser', async () => {
  const room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — workflow e2e', DEMO_DRAFT);
  const before = await blocks(server.url, room.id, ADMIN_TOKEN);
  const target = before.find((b) => b.text.startsWith('Community policing'))!;
  const replacement =
    'Community policing, police accountability, gender mainstreaming and respect for human rights should remain at the core of OSCE police-related activities.';

  // Austria's expert holds an invite naming the delegation: what she proposes is Austria's (N2).
  const austria = await api(server.url, 'POST', `/api/documents/${room.id}/invites`, ADMIN_TOKEN, {
    role: 'expert',
    name: 'Anna Berger',
    delegation: 'Austria',
  });
  expect(austria.status).toBe(201);
  const expert = await join(austria.json.url, 'Anna Berger');
  const moderator = await join(room.invites.moderator.url, 'Jonas Lind', 'Sweden');
  const adviser = await join(room.invites.adviser.url, 'Elena Petrova', 'OSCE Secretariat');

  // The expert proposes a replacement of the paragraph.
  await expert.locator(`.ProseMirror [data-id="${target.id}"]`).click();
  await expert.locator(`[data-testid="propose-amendment"][data-block-id="${target.id}"]`).click();
  await expert.getByTestId('amendment-text').fill(replacement);
  await expert.getByTestId('amendment-submit').click();
  await expert.getByTestId('amendment-item').first().waitFor();
  await screenshot(expert, 'workflow-expert-proposed');

  // The moderator sees it live, with its diff, and accepts it.
  await waitFor(
    async () => (await moderator.locator(`[data-testid="amendment-count"][data-block-id="${target.id}"]`).innerText()).includes('1'),
    'moderator to see one pending amendment',
  );
  await moderator.locator(`[data-testid="amendment-count"][data-block-id="${target.id}"]`).click();
  const item = moderator.getByTestId('amendment-item').first();
  await item.waitFor();
  expect(await item.getByTestId('amendment-diff').innerText()).toContain('gender mainstreaming');
  expect(await item.innerText()).toContain('Austria');
  await screenshot(moderator, 'workflow-moderator-diff');
  await item.getByTestId('accept-amendment').click();
  // The decision concerns Austria's expert: her notice stays until she dismisses it; the
  // adviser's fades as any other (so it is read as soon as it shows, before it fades).
  const accepted = (page: Page) => page.locator('[data-testid="notice"]', { hasText: 'accepted an amendment' });
  await Promise.all([accepted(expert).waitFor(), accepted(adviser).waitFor()]);
  expect(await accepted(expert).getAttribute('data-sticky')).toBe('true');
  expect(await accepted(adviser).getAttribute('data-sticky')).toBeNull();

  // Everyone's text changes; so does the server's.
  for (const page of [expert, moderator, adviser]) {
    await waitFor(async () => (await editorBlocks(page)).includes(replacement), 'the accepted text in every page', 5_000);
  }
  expect((await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.id === target.id)!.text).toBe(replacement);
  // Who wrote the paragraph now (U1): the first draft and the accepted amendment are the server's writing.
  await waitFor(
    async () =>
      /Written by Draftroom .*100/.test(
        await moderator
          .getByTestId('block-authors')
          .innerText()
          .catch(() => ''),
      ),
    'the paragraph’s authors in its panel',
  );
  const amendments = await api(server.url, 'GET', `/api/documents/${room.id}/amendments`, ADMIN_TOKEN);
  expect(amendments.json[0]).toMatchObject({
    status: 'accepted',
    proposerName: 'Anna Berger',
    proposerDelegation: 'Austria',
    decidedBy: expect.stringContaining('Jonas Lind'),
  });

  // The projector follows the paragraph the adviser presents.
  const projector = await openAs(browser, `${server.url}/d/${room.id}/projector#token=${room.invites.observer.token}`, {
    width: 1600,
    height: 900,
  });
  people.push(projector);
  await projector.page.getByTestId('projector').waitFor();
  await projector.page.bringToFront(); // the screen in the hall shows it
  const presented = before.filter((b) => b.type === 'paragraph')[8]!;
  await adviser.locator(`.ProseMirror [data-id="${presented.id}"]`).click();
  await adviser.locator(`[data-testid="present-block"][data-block-id="${presented.id}"]`).click();
  await waitFor(
    async () =>
      (
        await projector.page
          .getByTestId('projector-current')
          .innerText()
          .catch(() => '')
      ).includes(presented.text.slice(0, 40)),
    'the projector to show the presented paragraph',
    5_000,
  );
  await waitFor(
    () =>
      projector.page.getByTestId('projector-current').evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.top >= 0 && box.top < window.innerHeight / 2;
      }),
    'the presented paragraph to scroll into view',
    5_000,
  );
  expect(await projector.page.locator('.collaboration-carets__caret').count()).toBe(0);
  await screenshot(projector.page, 'workflow-projector');
  await screenshot(expert, 'workflow-expert-after');
});

it('[M7] accepting over words typed since the proposal shows the three texts and asks; accepted anyway, the text changes for everyone', async () => {
  const room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — accept over changes', DEMO_DRAFT);
  const target = (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.text.startsWith('Community policing'))!;
  const replacement = 'Community policing and respect for human rights should remain at the core of OSCE police-related activities.';
  const elena = await api(server.url, 'POST', `/api/documents/${room.id}/invites`, ADMIN_TOKEN, {
    role: 'expert',
    name: 'Elena Marković',
    delegation: 'Serbia',
  });
  const proposed = await api(server.url, 'POST', `/api/documents/${room.id}/amendments`, elena.json.token, {
    blockId: target.id,
    kind: 'replace',
    text: replacement,
  });
  expect(proposed.status, proposed.text).toBe(201);

  // After the proposal, Jean adds words to the paragraph in his page.
  const jean = await join(room.invites.expert.url, 'Jean Moreau', 'France');
  const moderator = await join(room.invites.moderator.url, 'Jonas Lind', 'Sweden');
  await jean.locator(`.ProseMirror [data-id="${target.id}"]`).click();
  await jean.keyboard.press('End');
  await jean.keyboard.type(' Effectively so.');
  await waitFor(
    async () => (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.id === target.id)!.text.includes(' Effectively so.'),
    "Jean's words to reach the server",
  );
  // "Show authors" (U1): Jean's words in his colour, named on hover; the rest is the first draft's.
  await moderator.getByTestId('show-authors').check();
  const jeans = moderator.locator('.author-span[title^="Jean Moreau"]');
  let titles: string[] = [];
  await waitFor(async () => {
    titles = await moderator
      .locator('.author-span')
      .evaluateAll((spans) => spans.map((span) => `${span.getAttribute('title')}: ${span.textContent}`));
    // Every character Jean typed is marked as his (a stretch may be drawn as more than one span).
    const his = await jeans.allTextContents();
    return his.join('').length === ' Effectively so.'.length && his.every((text) => ' Effectively so.'.includes(text));
  }, "Jean's words marked as his").catch((error: Error) => {
    throw new Error(
      `${error.message}; the marks were: ${JSON.stringify(titles.filter((mark) => !mark.startsWith('Draftroom'))).slice(0, 600)}`,
    );
  });
  expect(await moderator.locator('.author-span[title^="Draftroom"]').count()).toBeGreaterThan(0);
  await screenshot(moderator, 'workflow-show-authors');
  await moderator.getByTestId('show-authors').uncheck();
  await waitFor(async () => (await moderator.locator('.author-span').count()) === 0, 'the marks to go when switched off');

  await moderator.locator(`[data-testid="amendment-count"][data-block-id="${target.id}"]`).click();
  const item = moderator.getByTestId('amendment-item').first();
  await item.getByTestId('accept-amendment').click();
  const panel = item.getByTestId('amendment-changed');
  await panel.waitFor();
  expect(await panel.getByTestId('changed-base').innerText()).toBe(target.text);
  expect(await panel.getByTestId('changed-live').locator('ins').allInnerTexts()).toEqual([expect.stringContaining('Effectively so.')]);
  expect((await panel.getByTestId('changed-accepting').locator('del').allInnerTexts()).join(' ')).toContain('Effectively so.');
  await panel.scrollIntoViewIfNeeded();
  await screenshot(moderator, 'workflow-accept-over-changes');
  // Nothing changed yet: the paragraph still has Jean's words.
  expect((await editorBlocks(jean)).filter((text) => text.includes(' Effectively so.'))).toHaveLength(1);

  await panel.getByTestId('accept-anyway').click();
  for (const page of [jean, moderator]) {
    await waitFor(async () => (await editorBlocks(page)).includes(replacement), 'the accepted text in every page', 5_000);
  }
  await waitFor(async () => (await item.getAttribute('data-status')) === 'accepted', 'the amendment to read accepted');
  expect(await item.getByTestId('amendment-changed').count()).toBe(0);
  // The notice speaks to the moderator in the first person, and names her to the others.
  const noticeSays = (page: Page, words: string) =>
    waitFor(async () => (await page.getByTestId('notice').allInnerTexts()).some((text) => text.includes(words)), `a notice "${words}"`);
  await noticeSays(moderator, 'You accepted an amendment to paragraph');
  await noticeSays(jean, 'Jonas Lind accepted an amendment to paragraph');
  expect((await moderator.getByTestId('notice').allInnerTexts()).join(' ')).not.toContain('Jonas Lind accepted');
});

it('[M8] a delegation co-sponsors an amendment in the page and withdraws before the decision', async () => {
  const room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — co-sponsors', DEMO_DRAFT);
  const target = (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.text.startsWith('Community policing'))!;
  const invite = async (name: string, delegation: string) =>
    (await api(server.url, 'POST', `/api/documents/${room.id}/invites`, ADMIN_TOKEN, { role: 'expert', name, delegation })).json;
  const proposer = await invite('Elena Marković', 'Serbia');
  const proposed = await api(server.url, 'POST', `/api/documents/${room.id}/amendments`, proposer.token, {
    blockId: target.id,
    kind: 'replace',
    text: 'Community policing and respect for human rights should remain at the core of OSCE police-related activities.',
  });
  expect(proposed.status, proposed.text).toBe(201);

  const france = await join((await invite('Jean Moreau', 'France')).url, 'Jean Moreau');
  await france.locator(`[data-testid="amendment-count"][data-block-id="${target.id}"]`).click();
  const item = france.getByTestId('amendment-item').first();
  await item.getByTestId('cosponsor-amendment').click();
  await waitFor(
    async () =>
      (
        await item
          .getByTestId('amendment-cosponsors')
          .innerText()
          .catch(() => '')
      ).includes('France'),
    'France among the co-sponsors',
  );
  await screenshot(france, 'workflow-cosponsored');

  await item.getByTestId('withdraw-cosponsorship').click();
  await waitFor(async () => (await item.getByTestId('amendment-cosponsors').count()) === 0, 'France to leave the co-sponsors');
  await item.getByTestId('cosponsor-amendment').waitFor();
  const listed = await api(server.url, 'GET', `/api/documents/${room.id}/amendments`, ADMIN_TOKEN);
  expect(listed.json[0].cosponsors).toEqual([]);
});

it('[M9] unlocking and rejecting ask for a reason; the record and the people concerned get it, and their notice stays', async () => {
  const room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — reasons', DEMO_DRAFT);
  const target = (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.text.startsWith('Community policing'))!;
  const austria = await api(server.url, 'POST', `/api/documents/${room.id}/invites`, ADMIN_TOKEN, {
    role: 'expert',
    name: 'Anna Berger',
    delegation: 'Austria',
  });
  expect((await api(server.url, 'POST', `/api/documents/${room.id}/blocks/${target.id}/lock`, ADMIN_TOKEN)).status).toBe(200);
  const expert = await join(austria.json.url, 'Anna Berger');
  const moderator = await join(room.invites.moderator.url, 'Jonas Lind', 'Sweden');
  const lockButton = moderator.locator(`[data-testid="lock-button"][data-block-id="${target.id}"]`);
  await waitFor(async () => (await lockButton.getAttribute('aria-pressed')) === 'true', 'the moderator to see the paragraph locked');
  // Anna is reading the agreed paragraph, caret inside it.
  await expert.locator(`.ProseMirror [data-id="${target.id}"]`).click();

  // Unlocking asks why; without a reason nothing is sent.
  await lockButton.click();
  const dialog = moderator.getByTestId('reason-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('reason-confirm').click();
  await dialog.getByText('Give a reason: it goes into the record.').waitFor();
  expect((await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.id === target.id)!.locked).toBe(true);
  const reason = 'Austria and France asked to reopen the second sentence.';
  await dialog.getByTestId('reason-text').fill(reason);
  await screenshot(moderator, 'workflow-unlock-reason');
  await dialog.getByTestId('reason-confirm').click();
  await waitFor(
    async () => (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.id === target.id)!.locked === false,
    'the paragraph to be unlocked on the server',
  );
  const history = await api(server.url, 'GET', `/api/documents/${room.id}/locks?blockId=${target.id}`, ADMIN_TOKEN);
  expect(history.json.map((e: { action: string; reason: string | null }) => [e.action, e.reason])).toEqual([
    ['lock', null],
    ['unlock', reason],
  ]);
  // The unlock of the paragraph Anna is in concerns her: it says why, and stays until she dismisses it.
  const unlockedNotice = expert.locator('[data-testid="notice"]', { hasText: 'Jonas Lind unlocked' });
  await unlockedNotice.waitFor();
  expect(await unlockedNotice.getAttribute('data-sticky')).toBe('true');
  expect(await unlockedNotice.innerText()).toContain(`Reason: ${reason}`);

  // Rejecting asks why too; the decided amendment and Anna's notice carry it.
  const proposed = await api(server.url, 'POST', `/api/documents/${room.id}/amendments`, austria.json.token, {
    blockId: target.id,
    kind: 'replace',
    text: 'Community policing should remain at the core of OSCE police-related activities.',
  });
  expect(proposed.status, proposed.text).toBe(201);
  const count = moderator.locator(`[data-testid="amendment-count"][data-block-id="${target.id}"]`);
  await waitFor(async () => (await count.innerText()).includes('1'), 'the moderator to see the amendment');
  await count.click();
  const item = moderator.getByTestId('amendment-item').first();
  await item.getByTestId('reject-amendment').click();
  await moderator.getByTestId('reason-text').fill('The room keeps the agreed wording.');
  await moderator.getByTestId('reason-confirm').click();
  await waitFor(async () => (await item.getAttribute('data-status')) === 'rejected', 'the amendment to read rejected');
  expect(await item.getByTestId('decision-reason').textContent()).toBe('Reason: The room keeps the agreed wording.');
  const rejectedNotice = expert.locator('[data-testid="notice"]', { hasText: 'Jonas Lind rejected' });
  await rejectedNotice.waitFor();
  expect(await rejectedNotice.getAttribute('data-sticky')).toBe('true');
  expect(await rejectedNotice.innerText()).toContain('Reason: The room keeps the agreed wording.');
  await screenshot(expert, 'workflow-reasons-expert');
}, 60_000);

it('[M10] a moderator undoes a stray unlock from the activity log; words typed since are shown before they go; everyone converges', async () => {
  const room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — undo', DEMO_DRAFT);
  const target = (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.text.startsWith('Community policing'))!;
  const path = `/api/documents/${room.id}/blocks/${target.id}`;
  expect((await api(server.url, 'POST', `${path}/lock`, ADMIN_TOKEN)).status).toBe(200);
  expect((await api(server.url, 'POST', `${path}/unlock`, ADMIN_TOKEN, { reason: 'Reopened by mistake.' })).status).toBe(200);

  const jean = await join(room.invites.expert.url, 'Jean Moreau', 'France');
  const moderator = await join(room.invites.moderator.url, 'Jonas Lind', 'Sweden');
  await jean.locator(`.ProseMirror [data-id="${target.id}"]`).click();
  await jean.keyboard.press('End');
  await jean.keyboard.type(' Effectively so.');
  const serverText = async () => (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.id === target.id)!;
  await waitFor(async () => (await serverText()).text.endsWith(' Effectively so.'), "Jean's words to reach the server");

  await moderator.getByTestId('open-activity').click();
  const log = moderator.getByTestId('activity-log');
  const undoButtons = log.getByTestId('undo-decision');
  await undoButtons.first().waitFor();
  expect(await undoButtons.count()).toBe(1); // only the last decision on a paragraph
  await undoButtons.first().click();
  await moderator.getByTestId('reason-text').fill('The unlock was a stray click.');
  await moderator.getByTestId('reason-confirm').click();
  // Jean typed since the unlock: the words undoing would remove are shown first.
  const confirm = moderator.getByTestId('confirm-dialog');
  await confirm.waitFor();
  expect((await confirm.getByTestId('undo-changes').locator('del').allInnerTexts()).join(' ')).toContain('Effectively so.');
  await screenshot(moderator, 'workflow-undo-over-changes');
  expect((await serverText()).locked).toBe(false);
  await confirm.getByTestId('confirm-accept').click();

  await waitFor(async () => (await serverText()).locked, 'the paragraph to be locked again');
  expect((await serverText()).text).toBe(target.text);
  for (const page of [jean, moderator]) {
    await waitFor(async () => (await editorBlocks(page)).includes(target.text), 'every page to show the agreed text again', 5_000);
  }
  await waitFor(
    async () => (await log.getByTestId('activity-item').first().getAttribute('data-kind')) === 'decision-undone',
    'the undo in the log',
  );
  expect(await undoButtons.count()).toBe(0); // an undo is not undone
  const notice = jean.locator('[data-testid="notice"]', { hasText: 'Jonas Lind undid the last decision' });
  await notice.waitFor();
  expect(await notice.getAttribute('data-sticky')).toBe('true');
  expect(await notice.innerText()).toContain('Reason: The unlock was a stray click.');
  await screenshot(jean, 'workflow-undo-expert');
}, 60_000);

it('[Q3] the adviser puts a paragraph under silence, Austria breaks it with a reason, and at the deadline everyone sees it broken', async () => {
  const room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — silence', DEMO_DRAFT);
  const target = (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.text.startsWith('Community policing'))!;
  const austria = await api(server.url, 'POST', `/api/documents/${room.id}/invites`, ADMIN_TOKEN, {
    role: 'expert',
    name: 'Anna Berger',
    delegation: 'Austria',
  });
  const adviser = await join(room.invites.adviser.url, 'Elena Petrova', 'OSCE Secretariat');
  const expert = await join(austria.json.url, 'Anna Berger');

  await adviser.getByTestId('open-silence').click();
  const dialog = adviser.getByTestId('silence-dialog');
  await dialog.getByTestId('silence-scope').selectOption(target.id);
  // A short clock: the deadline in this browser's own wall time, a few seconds ahead.
  const deadline = await adviser.evaluate(() => {
    const at = new Date(Date.now() + 15_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  });
  await dialog.getByTestId('silence-deadline').fill(deadline);
  await screenshot(adviser, 'workflow-silence-open');
  await dialog.getByTestId('silence-confirm').click();

  const item = (page: Page) => page.getByTestId('silence-item').first();
  await item(expert).waitFor();
  expect(await item(expert).getAttribute('data-outcome')).toBe('open');
  await item(expert).getByTestId('break-silence').click();
  await expert.getByTestId('reason-text').fill('Austria cannot agree to this wording.');
  await expert.getByTestId('reason-confirm').click();
  await waitFor(async () => (await item(adviser).innerText()).includes('Silence broken so far by Austria'), 'the adviser to see the break');
  await screenshot(adviser, 'workflow-silence-broken-so-far');

  for (const page of [adviser, expert]) {
    await waitFor(
      async () => (await item(page).getAttribute('data-outcome')) === 'broken',
      'the procedure to end broken at its deadline',
      30_000,
    );
  }
  const ended = expert.locator('[data-testid="notice"]', { hasText: 'has ended: silence broken by Austria' });
  await ended.waitFor();
  expect(await ended.getAttribute('data-sticky')).toBe('true');
  const number = (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.id === target.id)!.number;
  const markdown = (await api(server.url, 'GET', `/api/documents/${room.id}/export?format=md`, ADMIN_TOKEN)).text;
  expect(markdown).toContain(`*Paragraph ${number}: silence broken by Austria (deadline`);
  await screenshot(expert, 'workflow-silence-ended');
}, 90_000);
