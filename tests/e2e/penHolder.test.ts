/**
 * Pen-holder mode end to end in Chromium (shared/editMode.ts, PROTOCOL.md E1): the adviser
 * switches it on in the room settings; the expert's page says so; what the expert types into a
 * paragraph opens the amendment form with the keystroke applied instead of reaching the text;
 * proposed, it shows in the expert's text as a tracked change and in the adviser's margin;
 * accepted, the text changes for everyone and the tracked change is gone. Switched off, the
 * expert types into the text again. Screenshots land in tests/e2e/screenshots/.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { editorBlocks, joinRoom, screenshot, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import { DEMO_DRAFT } from '../../server/rooms/demoDraft.js';
import { createRoom } from '../../server/rooms/createRoom.js';
import { BlockAttr } from '../../shared/blocks.js';

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => ({ server, browser } = await startE2e()));
afterAll(() => stopE2e(server, browser, people));

/**
 * Selects characters `from`…`to` of a paragraph's text (a caret when equal) in the page's
 * editor, with the focus in the text, as a click and a drag would; resolves once ProseMirror
 * holds that selection.
 */
async function select(page: Page, blockId: string, from: number, to = from): Promise<void> {
  await page.locator(`.ProseMirror [data-id="${blockId}"]`).click();
  const selected = { from: -1, to: -1 };
  const base: number = await page.evaluate(
    ([id, idAttr, start, end]) => {
      const editor = (document.querySelector('.ProseMirror') as any).editor;
      let found = -1;
      editor.state.doc.forEach((node: { attrs: Record<string, unknown> }, offset: number) => {
        if (node.attrs[idAttr] === id) found = offset + 1;
      });
      if (found < 0) throw new Error(`no block ${id}`);
      editor
        .chain()
        .focus()
        .setTextSelection({ from: found + start, to: found + end })
        .run();
      return found;
    },
    [blockId, BlockAttr.id, from, to] as const,
  );
  await waitFor(async () => {
    Object.assign(
      selected,
      await page.evaluate(() => {
        const { selection } = (document.querySelector('.ProseMirror') as any).editor.state;
        return { from: selection.from as number, to: selection.to as number };
      }),
    );
    return selected.from === base + from && selected.to === base + to;
  }, 'the selection in the paragraph');
}

const textOf = async (docId: string, blockId: string) => (await blocks(server.url, docId, ADMIN_TOKEN)).find((b) => b.id === blockId)!.text;

it('[E1] in pen-holder mode an expert’s typing opens a suggestion, shown to them as a tracked change and to the chair in the margin; accepted, the text changes; switched off, the expert types again', async () => {
  const room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — pen-holder e2e', DEMO_DRAFT);
  const target = (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.text.startsWith('Community policing'))!;
  const original = target.text;
  const expected = original.replace('should remain', 'must remain');

  const invite = await api(server.url, 'POST', `/api/documents/${room.id}/invites`, ADMIN_TOKEN, {
    role: 'expert',
    name: 'Anna Berger',
    delegation: 'Austria',
  });
  expect(invite.status).toBe(201);
  const expert = await joinRoom(browser, people, invite.json.url);
  const adviser = await joinRoom(browser, people, room.invites.adviser.url, { name: 'Elena Petrova', delegation: 'OSCE Secretariat' });
  // A step that cannot happen fails with its own words, not the test's timeout.
  for (const page of [expert, adviser]) page.setDefaultTimeout(8_000);
  expect(await expert.getByTestId('pen-holder-indicator').count()).toBe(0);

  // The adviser switches pen-holder mode on in the room settings.
  await adviser.getByTestId('open-room-settings').click();
  const toggle = adviser.getByTestId('pen-holder-switch');
  expect(await toggle.isChecked()).toBe(false);
  await toggle.check();
  await waitFor(
    async () =>
      (
        await adviser
          .getByTestId('pen-holder-indicator')
          .innerText()
          .catch(() => '')
      ).includes('you edit'),
    'the adviser’s indicator',
  );
  expect(await adviser.getByTestId('pen-holder-indicator').innerText()).toBe('Pen-holder mode: experts suggest, you edit');
  expect(await toggle.isChecked()).toBe(true);
  await screenshot(adviser, 'pen-holder-adviser-settings');
  await adviser
    .getByTestId('room-settings')
    .getByRole('button', { name: /^Close/ })
    .first()
    .click();

  // The expert's page says so, in words for her.
  await waitFor(
    async () =>
      (
        await expert
          .getByTestId('pen-holder-indicator')
          .innerText()
          .catch(() => '')
      ).includes('suggestion'),
    'the expert’s pen-holder indicator',
  );
  expect(await expert.getByTestId('pen-holder-indicator').innerText()).toBe('Pen-holder mode: your typing becomes a suggestion');
  await screenshot(expert, 'pen-holder-expert-indicator');

  // She selects "should" and types: the first key opens the form, the rest go on in its box.
  const at = original.indexOf('should');
  await select(expert, target.id, at, at + 'should'.length);
  await expert.keyboard.type('must');
  await expert.getByTestId('amendment-suggestion-note').waitFor();
  const box = expert.getByTestId('amendment-text');
  await waitFor(async () => (await box.inputValue()) === expected, 'the typed words in the proposal box');
  // The caret in the box sits just after what she typed.
  expect(await box.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd])).toEqual([at + 4, at + 4]);
  expect(await expert.getByTestId('amendment-kind').inputValue()).toBe('replace');
  await screenshot(expert, 'pen-holder-expert-form');

  // Back in the paragraph to type again: the box keeps every word she wrote in it and takes the typing.
  await box.press('End');
  await box.type(' Really.');
  await select(expert, target.id, 0, 0);
  await expert.keyboard.press('x');
  await waitFor(
    async () => (await expert.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'amendment-text',
    'the box to take the typing again',
  );
  expect(await box.inputValue()).toBe(`${expected} Really.`);
  await box.fill(expected);

  // Nothing reached the text: not the server's, not the adviser's, and nothing was refused.
  expect(await textOf(room.id, target.id)).toBe(original);
  expect(await editorBlocks(adviser)).toContain(original);
  expect(await expert.getByTestId('not-kept-item').count()).toBe(0);

  await expert.getByTestId('amendment-submit').click();
  await expert.getByTestId('amendment-item').first().waitFor();

  // Her suggestion in her text, as a tracked change over the paragraph.
  const paragraph = expert.locator(`.ProseMirror [data-id="${target.id}"]`);
  await paragraph.getByTestId('suggestion-ins').first().waitFor();
  expect(await paragraph.getByTestId('suggestion-del').allInnerTexts()).toEqual(['should']);
  expect(await paragraph.getByTestId('suggestion-ins').allInnerTexts()).toEqual(['must']);
  expect(await paragraph.getByTestId('suggestion-ins').first().getAttribute('title')).toBe('Your suggestion (pending)');
  expect(
    await paragraph
      .getByTestId('suggestion-del')
      .first()
      .evaluate((el) => getComputedStyle(el).textDecorationLine),
  ).toBe('line-through');
  // Drawn only: the text itself is still the room's.
  expect(await textOf(room.id, target.id)).toBe(original);
  expect(await editorBlocks(expert)).toContain(original);
  await screenshot(expert, 'pen-holder-expert-tracked-change');

  // The adviser sees it in the margin, live, and accepts it.
  const count = adviser.locator(`[data-testid="amendment-count"][data-block-id="${target.id}"]`);
  await waitFor(async () => (await count.innerText().catch(() => '')).includes('1'), 'the suggestion in the adviser’s margin');
  await count.scrollIntoViewIfNeeded();
  await screenshot(adviser, 'pen-holder-adviser-margin');
  await count.click();
  const item = adviser.getByTestId('amendment-item').first();
  await item.waitFor();
  expect(await item.innerText()).toContain('Austria');
  await item.getByTestId('accept-amendment').click();

  for (const page of [expert, adviser]) {
    await waitFor(async () => (await editorBlocks(page)).includes(expected), 'the accepted text in both pages', 5_000);
  }
  expect(await textOf(room.id, target.id)).toBe(expected);
  await waitFor(async () => (await expert.locator('[data-testid^="suggestion-"]').count()) === 0, 'the tracked change gone once decided');
  await screenshot(expert, 'pen-holder-expert-accepted');

  // Switched off, the expert types into the text again.
  await adviser
    .getByTestId('work-panel')
    .getByRole('button', { name: /^Close/ })
    .first()
    .click();
  await adviser.getByTestId('open-room-settings').click();
  await adviser.getByTestId('pen-holder-switch').uncheck();
  await waitFor(async () => (await expert.getByTestId('pen-holder-indicator').count()) === 0, 'the indicator gone for the expert');
  await expert
    .getByTestId('work-panel')
    .getByRole('button', { name: /^Close/ })
    .first()
    .click();
  await select(expert, target.id, expected.length);
  await expert.keyboard.type(' Agreed.');
  await waitFor(async () => (await textOf(room.id, target.id)) === `${expected} Agreed.`, 'the expert’s direct edit on the server', 5_000);
  await waitFor(async () => (await editorBlocks(adviser)).includes(`${expected} Agreed.`), 'the expert’s edit in the adviser’s text');
  expect(await expert.getByTestId('amendment-form').count()).toBe(0);
  await screenshot(expert, 'pen-holder-expert-off');
});
