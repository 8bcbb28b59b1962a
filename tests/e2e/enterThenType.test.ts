/**
 * Every key typed right after Enter lands in the new paragraph (issue 16).
 *
 * A person presses Enter and types at once, at human speed (40–150 ms between keys) and at
 * automation speed (no pause), at the end of a plain paragraph, at the end of a locked
 * paragraph, at the end of a heading and in a list item; directly and with the websocket
 * and HTTP behind a proxy that holds every chunk 50–150 ms each way. After each series the
 * server and the page hold every trial's text exactly, no text sits outside a block's
 * content, and the lock guard refused nothing. A failed trial prints where its keys went
 * (tests/helpers/keystrokeTrace.ts).
 *
 * The cause this guards against: blocks skip rendering while off screen
 * (`content-visibility: auto`), and Chromium decides at its next frame that a new block is
 * on screen. A key typed before that frame met a block with no layout, and Chromium put the
 * character into the block's wrapper, outside the paragraph, where ProseMirror ignores
 * mutations: the first letter was gone. Blocks the selection reaches are now always laid out.
 *
 * ENTER_TRIALS sets the trials per series (CI: 20; the stress run: 200).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, removeDataDir, ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { joinRoom, launchBrowser, type Person } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import { startLatencyProxy, type LatencyProxy } from '../helpers/latencyProxy.js';
import { installKeystrokeTrace, markTrace, refusalsInTrace, strayTextOutsideBlocks, traceOfTrial } from '../helpers/keystrokeTrace.js';
import { createRoom, type DocJson } from '../../server/rooms/createRoom.js';

const TRIALS = Number(process.env.ENTER_TRIALS ?? 20);
const SEED = Number(process.env.ENTER_SEED ?? 16);

let server: RunningServer;
let proxy: LatencyProxy;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => {
  server = await startServer();
  proxy = await startLatencyProxy(Number(new URL(server.url).port), { minMs: 50, maxMs: 150 }, seededRandom(SEED));
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const person of people) await person.context.close();
  await browser?.close();
  await proxy?.close();
  await server?.close();
  removeDataDir(server.dataDir);
});

/** mulberry32: the same pauses for the same seed, so a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Speed = 'human' | 'automation';

/** Presses keys one after another: at once, or with a person's 40–150 ms between them. */
async function pressKeys(page: Page, keys: string[], speed: Speed, random: () => number): Promise<void> {
  for (const key of keys) {
    await page.keyboard.press(key);
    // The pause is the thing under test here (a typist's rhythm), not a wait for a condition.
    if (speed === 'human') await page.waitForTimeout(40 + Math.round(random() * 110));
  }
}

/** What a trial types after Enter: a letter, then its number. */
function trialText(i: number): string {
  return `${String.fromCharCode(97 + (i % 26))}${i}`;
}

interface Case {
  name: string;
  draft: DocJson;
  lockFirst?: boolean;
  /** Keys that put the caret where Enter is pressed in this trial (none: where the last trial left it). */
  caretKeys: string[];
  /** The blocks' text the server should hold after `n` trials. */
  expected(n: number): string[];
}

const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const typed = (n: number) => Array.from({ length: n }, (_, i) => trialText(i));

/** Clicks at the end of the first block's text, as a person does. */
async function clickEndOfFirstBlock(page: Page): Promise<void> {
  const text = page.locator('.ProseMirror > .dr-block').first().locator('p, h1, h2, h3, li').last();
  const box = (await text.boundingBox())!;
  await text.click({ position: { x: box.width - 2, y: box.height / 2 } });
}

/** Back to the end of the first block (one line long): the top of the document, then End. */
const END_OF_FIRST_BLOCK = ['Control+Home', 'End'];

const caretAtEndOfFirstBlock = (page: Page) =>
  page.evaluate(() => {
    const { state } = (document.querySelector('.ProseMirror') as any).editor;
    return state.selection.empty && state.selection.from === state.doc.firstChild.content.size + 1;
  });

/**
 * Puts the caret where the trial presses Enter; what is under test is Enter then typing, so
 * the caret is checked first. A collaborative change that arrives between the browser moving
 * the selection and ProseMirror reading it puts the caret back (seen behind the latency
 * proxy once, in a clean-clone run); the keys are then pressed again, as a person would.
 */
async function placeCaret(page: Page, keys: string[], speed: Speed, random: () => number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await pressKeys(page, keys, speed, random);
    try {
      await waitFor(() => caretAtEndOfFirstBlock(page), 'the caret at the end of the first block', 1_000);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

const CASES: Case[] = [
  {
    // Enter at the end of the paragraph just typed, again and again: a person writing on.
    name: 'at the end of a plain paragraph',
    draft: { type: 'doc', content: [para('The participants agreed on the following.')] },
    caretKeys: [],
    expected: (n) => ['The participants agreed on the following.', ...typed(n)],
  },
  {
    // Enter at the end of a locked paragraph makes a new one after it (the lock guard's Enter).
    name: 'at the end of a locked paragraph',
    draft: { type: 'doc', content: [para('The agreed text.'), para('The closing paragraph.')] },
    lockFirst: true,
    caretKeys: END_OF_FIRST_BLOCK,
    expected: (n) => ['The agreed text.', ...typed(n).reverse(), 'The closing paragraph.'],
  },
  {
    name: 'at the end of a heading',
    draft: {
      type: 'doc',
      content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Conclusions' }] }, para('The closing paragraph.')],
    },
    caretKeys: END_OF_FIRST_BLOCK,
    expected: (n) => ['Conclusions', ...typed(n).reverse(), 'The closing paragraph.'],
  },
  {
    // Enter in a list item makes the next item, inside the same top-level block.
    name: 'in a list item',
    draft: { type: 'doc', content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [para('First recommendation.')] }] }] },
    caretKeys: [],
    expected: (n) => [['First recommendation.', ...typed(n)].join('\n')],
  },
];

async function joinAsExpert(url: string): Promise<Page> {
  const page = await joinRoom(browser, people, url, { name: 'Anna Berger', delegation: 'Austria' });
  await installKeystrokeTrace(page);
  return page;
}

async function runCase(testCase: Case, speed: Speed, origin: string, random: () => number): Promise<void> {
  const room = await createRoom(server.ctx.store, server.ctx.invites, `Enter then type: ${testCase.name}`, testCase.draft);
  if (testCase.lockFirst) {
    const [first] = await blocks(server.url, room.id, ADMIN_TOKEN);
    expect((await api(server.url, 'POST', `/api/documents/${room.id}/blocks/${first!.id}/lock`, room.invites.moderator.token)).status).toBe(
      200,
    );
  }
  const page = await joinAsExpert(room.invites.expert.url.replace(server.url, origin));
  if (testCase.lockFirst) await page.getByTestId('lock-label').waitFor();
  await clickEndOfFirstBlock(page);

  for (let i = 0; i < TRIALS; i++) {
    await markTrace(page, `trial ${i}`);
    if (testCase.caretKeys.length > 0) await placeCaret(page, testCase.caretKeys, speed, random);
    await pressKeys(page, ['Enter', ...trialText(i)], speed, random);
  }

  const expected = testCase.expected(TRIALS);
  // The editor's own text per top-level block, read as the server reads it.
  const inPage = () =>
    page.evaluate(() => {
      const doc = (document.querySelector('.ProseMirror') as any).editor.state.doc;
      const texts: string[] = [];
      doc.forEach((node: any) => {
        texts.push(node.textBetween(0, node.content.size, '\n', '\n'));
      });
      return texts;
    });
  try {
    await waitFor(
      async () => (await blocks(server.url, room.id, ADMIN_TOKEN)).map((b) => b.text).join('\n¶') === expected.join('\n¶'),
      `the server to hold all ${TRIALS} trials typed ${testCase.name}`,
      20_000,
    );
  } catch (error) {
    const held = (await blocks(server.url, room.id, ADMIN_TOKEN)).map((b) => b.text);
    const lost = typed(TRIALS)
      .map((text, i) => ({ text, i }))
      .filter(({ text }) => !held.some((b) => b.split('\n').includes(text)));
    const shown = lost.length > 0 ? lost.slice(0, 3).map(({ i }) => i) : [0, 1, 2];
    const traces = await Promise.all(shown.map(async (i) => (await traceOfTrial(page, `trial ${i}`)).join('\n')));
    throw new Error(
      `${(error as Error).message}\nserver holds: ${JSON.stringify(held)}\nlost trials: ${lost.map((l) => l.text).join(', ')}\n${traces.join('\n\n')}`,
    );
  }
  expect(await strayTextOutsideBlocks(page), 'text typed into a block wrapper, outside the text').toEqual([]);
  expect(await refusalsInTrace(page), 'keys the lock guard refused').toEqual([]);
  await waitFor(async () => (await inPage()).join('\n¶') === expected.join('\n¶'), 'the page to show what the server holds', 5_000);
}

const NETWORKS = [
  { name: 'directly', origin: () => server.url },
  { name: 'behind 50–150 ms of latency each way', origin: () => proxy.url },
];

describe.each(NETWORKS)('Enter, then type at once, $name', ({ origin }) => {
  for (const speed of ['automation', 'human'] as const) {
    it(
      `every key lands in the new block, at ${speed} speed, ${TRIALS} times in each of four places`,
      async () => {
        // The four places run side by side, each in its own room and browser context: a busy
        // machine, as a laptop in a full room is.
        await Promise.all(CASES.map((testCase, i) => runCase(testCase, speed, origin(), seededRandom(SEED + i))));
      },
      60_000 + TRIALS * 4_000,
    );
  }
});
