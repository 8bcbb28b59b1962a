/**
 * Comments on a phrase in the browser (PROTOCOL.md C4): Anna selects words in a paragraph and
 * comments on them; the comment box says which words; every page highlights them; Jonas types
 * before and inside the phrase and the highlight follows its words; when the words are deleted
 * the thread says so and keeps the quote. Screenshots land in tests/e2e/screenshots/.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { joinRoom, screenshot, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import type { CreatedDocument } from '../../shared/api.js';

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => ({ server, browser } = await startE2e()));
afterAll(() => stopE2e(server, browser, people));

const SENTENCE = 'Participating States should share information on cybercrime regularly.';

/**
 * The DOM range of `target` in the first paragraph, found in its text as the reader sees it
 * (other people's caret labels left out), across the spans that highlights and carets make;
 * `caret`: collapsed just before it. Runs in the page.
 */
function rangeOf(paragraph: Element, { target, caret }: { target: string; caret: boolean }): Range {
  const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('[contenteditable="false"]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  const text = nodes.map((n) => n.data).join('');
  const at = text.indexOf(target);
  if (at < 0) throw new Error(`"${target}" is not in the paragraph: ${text}`);
  const place = (offset: number, preferNext: boolean): [Text, number] => {
    let passed = 0;
    for (const node of nodes) {
      const end = passed + node.data.length;
      if (offset < end || (offset === end && !preferNext)) return [node, offset - passed];
      passed = end;
    }
    const last = nodes[nodes.length - 1]!;
    return [last, last.data.length];
  };
  const range = document.createRange();
  range.setStart(...place(at, true));
  if (caret) range.collapse(true);
  else range.setEnd(...place(at + target.length, false));
  return range;
}

/** Selects `words` inside the first paragraph of `page`'s editor, as a mouse drag would. */
async function selectWords(page: Page, words: string): Promise<void> {
  await page
    .locator('.ProseMirror p')
    .first()
    .evaluate(
      (paragraph, [source, target]) => {
        const find = new Function(`return ${source}`)() as typeof rangeOf;
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(find(paragraph, { target, caret: false }));
      },
      [rangeOf.toString(), words] as const,
    );
  // ProseMirror reads the DOM selection on selectionchange.
  await waitFor(async () => (await page.evaluate(() => window.getSelection()?.toString())) === words, 'the selection');
}

/** Clicks just before `word` in the first paragraph, as a person puts the caret there. */
async function clickBefore(page: Page, word: string): Promise<void> {
  const point = await page
    .locator('.ProseMirror p')
    .first()
    .evaluate(
      (paragraph, [source, target]) => {
        const find = new Function(`return ${source}`)() as typeof rangeOf;
        const range = find(paragraph, { target, caret: false });
        const rect = range.getClientRects()[0]!;
        return { x: rect.left + 1, y: rect.top + rect.height / 2 };
      },
      [rangeOf.toString(), word] as const,
    );
  await page.mouse.click(point.x, point.y);
}

async function highlighted(page: Page): Promise<string[]> {
  return page.locator('.ProseMirror .phrase-comment').evaluateAll((spans) => spans.map((s) => s.textContent ?? ''));
}

it('[C4] a comment on selected words: the box names them, every page highlights them, the highlight follows them through edits, and says when they are gone', async () => {
  const created = await api(server.url, 'POST', '/api/documents', ADMIN_TOKEN, { title: 'Phrase comments' });
  const room = created.json as CreatedDocument;
  const anna = await joinRoom(browser, people, room.invites.expert.url, { name: 'Anna Novak', delegation: 'Austria' });
  const jonas = await joinRoom(browser, people, room.invites.moderator.url, { name: 'Jonas Lind', delegation: 'Sweden' });

  await anna.locator('.ProseMirror p').first().click();
  await anna.keyboard.type(SENTENCE);
  await waitFor(async () => (await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text === SENTENCE, 'the sentence on the server');

  await selectWords(anna, 'share information');
  await anna.getByTestId('open-comments').first().click();
  const form = anna.getByTestId('comment-form-phrase');
  await waitFor(async () => (await form.count()) === 1, 'the comment box to name the selected words');
  expect(await form.locator('q').textContent()).toBe('share information');
  await anna.getByTestId('comment-text').fill('Which information, and with whom?');
  await screenshot(anna, 'phrase-comment-form');
  await anna.getByTestId('comment-submit').click();

  await waitFor(async () => (await highlighted(jonas)).join('') === 'share information', 'the phrase highlighted on Jonas’s page');
  await waitFor(async () => (await highlighted(anna)).join('') === 'share information', 'the phrase highlighted on Anna’s page');
  expect(await jonas.locator('.ProseMirror .phrase-comment').first().getAttribute('title')).toBe('Comment by Anna Novak');

  // Jonas types before the phrase and inside it: the highlight stays on its words, and takes in what was typed inside.
  await clickBefore(jonas, 'Participating');
  await jonas.keyboard.type('All ');
  await clickBefore(jonas, 'information');
  await jonas.keyboard.type('relevant ');
  await waitFor(
    async () => (await highlighted(anna)).join('') === 'share relevant information',
    'the highlight to follow the words on Anna’s page',
  );
  await screenshot(anna, 'phrase-comment-highlight');

  // The thread shows the phrase as it stands; a click selects it in the text.
  const thread = anna.getByTestId('comment-item').first();
  await waitFor(
    async () => (await thread.getByTestId('comment-phrase').textContent()) === 'share relevant information',
    'the thread’s phrase as it stands',
  );

  // Jonas deletes the words: no highlight, and the thread keeps the quote and says they are gone.
  // The phrase is drawn in more than one span now (the highlight, carets): selected by keyboard.
  await clickBefore(jonas, 'share');
  for (let i = 0; i < 'share relevant information '.length; i++) await jonas.keyboard.press('Shift+ArrowRight');
  await jonas.keyboard.press('Backspace');
  await waitFor(async () => (await highlighted(anna)).length === 0, 'no highlight once the words are gone');
  await waitFor(
    async () => ((await anna.getByTestId('comment-phrase').first().textContent()) ?? '').includes('these words have since been deleted'),
    'the thread to say its words were deleted',
  );
  expect(await anna.getByTestId('comment-phrase').first().locator('q').textContent()).toBe('share information');
  await screenshot(anna, 'phrase-comment-gone');
  expect((await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text).toBe('All Participating States should on cybercrime regularly.');
}, 60_000);
