/**
 * A long comment thread in Chromium (PROTOCOL.md C2, C3): 300 replies made over the API open
 * in the comments panel without a page error, folded to the first and last few with "show
 * more"; the Resolve control shows to a moderator, not to another expert. Run `npx vite
 * build` first. The screenshot lands in tests/e2e/screenshots/long-thread.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { joinRoom, screenshot, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import { DEMO_DRAFT } from '../../server/rooms/demoDraft.js';
import { createRoom } from '../../server/rooms/createRoom.js';

const REPLIES = 300;

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];
const pageErrors: string[] = [];

// The thread is written over the API faster than a person could: lift the write allowance for this setup.
beforeAll(async () => ({ server, browser } = await startE2e({ config: { writeLimits: { burst: 10_000, perMinute: 10_000 } } })));
afterAll(() => stopE2e(server, browser, people));

async function join(url: string, name: string, delegation: string): Promise<Page> {
  return joinRoom(browser, people, url, {
    name,
    delegation,
    watch: (page) => page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`)),
  });
}

/** Opens the comments of `blockId` from its margin; returns the thread's element. */
async function openThread(page: Page, blockId: string, threadId: number) {
  await page.locator(`[data-testid="comment-count"][data-block-id="${blockId}"]`).click();
  const thread = page.locator(`[data-testid="comment-item"][data-comment-id="${threadId}"]`);
  await thread.waitFor({ timeout: 10_000 });
  return thread;
}

it('[C2] [C3] a thread of 300 replies opens in the comments panel without a page error, folded with "show more"; Resolve only for those who may', async () => {
  const room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — long thread', DEMO_DRAFT);
  const target = (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.text.startsWith('Community policing'))!;
  const comment = (name: string, text: string, parentId?: number) =>
    fetch(`${server.url}/api/documents/${room.id}/comments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${room.invites.expert.token}`,
        'content-type': 'application/json',
        'x-draftroom-name': encodeURIComponent(name),
        'x-draftroom-delegation': 'Austria',
      },
      body: JSON.stringify({ blockId: target.id, text, ...(parentId ? { parentId } : {}) }),
    }).then(async (r) => {
      expect(r.status).toBe(201);
      return (await r.json()) as { id: number };
    });
  const first = await comment('Anna Novak', 'Could we say "regularly" rather than "from time to time"?');
  // Each reply answers the one before it, as the chained replies of issue 10 did; the server keeps the thread flat.
  let previous = first.id;
  for (let i = 1; i <= REPLIES; i++)
    previous = (
      await comment(
        i % 2 ? 'Karl Weber' : 'Anna Novak',
        `Reply ${i}: ${'we still disagree on the wording. '.repeat(1 + (i % 4))}`,
        previous,
      )
    ).id;
  expect((await api(server.url, 'GET', `/api/documents/${room.id}/comments`, ADMIN_TOKEN)).json).toHaveLength(REPLIES + 1);

  const expert = await join(room.invites.expert.url, 'Jean Dupont', 'France');
  const thread = await openThread(expert, target.id, first.id);
  const replies = thread.getByTestId('comment-replies');
  expect(await replies.getAttribute('data-reply-count')).toBe(String(REPLIES));
  expect(await replies.getByTestId('comment-item').count()).toBe(6);
  const more = thread.getByTestId('show-more-replies');
  expect(await more.innerText()).toBe(`Show 50 more replies (${REPLIES - 6} hidden)`);
  expect(await replies.getByTestId('comment-item').last().innerText()).toContain(`Reply ${REPLIES}:`);
  expect(await thread.getByTestId('reply-comment').count()).toBe(1);
  expect(await thread.getByTestId('resolve-comment').count()).toBe(0); // Anna's thread: not Jean's to resolve
  await screenshot(expert, 'long-thread');
  await more.click();
  await waitFor(async () => (await replies.getByTestId('comment-item').count()) === 56, 'fifty more replies to show');

  const moderator = await join(room.invites.moderator.url, 'Maria Rossi', 'Chairmanship');
  const moderatorThread = await openThread(moderator, target.id, first.id);
  await moderatorThread.getByTestId('resolve-comment').click();
  await waitFor(async () => (await thread.getAttribute('data-resolved')) === 'true', 'the expert to see the thread resolved', 5_000);
  expect(pageErrors).toEqual([]);
});
