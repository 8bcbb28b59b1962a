/**
 * Lists stay live from the room events alone (shared/PROTOCOL.md M6), in Chromium: a page
 * fetches the amendments and the comments once when it joins; amendments proposed,
 * co-sponsored and rejected and comments added and resolved by others reach its margins
 * without another fetch; after a dropped connection it fetches them again, once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { openAs, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import { DEMO_DRAFT } from '../../server/rooms/demoDraft.js';
import { createRoom } from '../../server/rooms/createRoom.js';

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => ({ server, browser } = await startE2e()));
afterAll(() => stopE2e(server, browser, people));

it('[M6] a page fetches the amendments and comments once on joining and again after a drop; what others do in between reaches it through the room events', async () => {
  const room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — live lists', DEMO_DRAFT);
  const target = (await blocks(server.url, room.id, ADMIN_TOKEN)).find((b) => b.text.startsWith('Community policing'))!;
  const delegate = async (name: string, delegation: string) =>
    (await api(server.url, 'POST', `/api/documents/${room.id}/invites`, room.invites.adviser.token, { role: 'expert', name, delegation }))
      .json.token as string;
  const [anna, jonas] = [await delegate('Anna Berger', 'Austria'), await delegate('Jonas Lind', 'Sweden')];
  const as = (token: string, method: string, path: string, body?: unknown) =>
    api(server.url, method, `/api/documents/${room.id}${path}`, token, body);

  const person = await openAs(browser, room.invites.moderator.url);
  people.push(person);
  const { page } = person;
  const fetched = { amendments: 0, comments: 0 };
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() !== 'GET') return;
    if (path.endsWith('/amendments')) fetched.amendments++;
    if (path.endsWith('/comments')) fetched.comments++;
  });
  await page.getByTestId('join-name').fill('Maria Rossi');
  await page.getByTestId('join-delegation').fill('Chairmanship');
  await page.getByTestId('join-submit').click();
  await page.locator('.ProseMirror').waitFor();
  await waitFor(
    async () => (await page.getByTestId('connection-status').innerText()).includes('Connected'),
    'the moderator to connect',
    10_000,
  );
  await waitFor(() => fetched.amendments === 1 && fetched.comments === 1, 'the lists to load on joining');

  const amendmentCount = page.locator(`[data-testid="amendment-count"][data-block-id="${target.id}"]`);
  const commentCount = page.locator(`[data-testid="comment-count"][data-block-id="${target.id}"]`);
  const proposed = await as(anna, 'POST', '/amendments', {
    blockId: target.id,
    kind: 'replace',
    text: `${target.text} Gender mainstreaming too.`,
  });
  expect(proposed.status).toBe(201);
  const second = await as(jonas, 'POST', '/amendments', { blockId: target.id, kind: 'delete' });
  await waitFor(async () => (await amendmentCount.innerText().catch(() => '')).startsWith('2'), 'two pending amendments in the margin');
  expect((await as(jonas, 'POST', `/amendments/${proposed.json.id}/cosponsor`)).status).toBe(200);
  expect((await as(room.invites.adviser.token, 'POST', `/amendments/${second.json.id}/reject`)).status).toBe(200);
  await waitFor(
    async () => (await amendmentCount.innerText().catch(() => '')).startsWith('1'),
    'one pending amendment after the rejection',
  );

  const comment = await as(anna, 'POST', '/comments', { blockId: target.id, text: 'Which activities?' });
  expect(comment.status).toBe(201);
  await waitFor(async () => (await commentCount.innerText().catch(() => '')).startsWith('1'), 'the open thread in the margin');
  expect((await as(anna, 'POST', `/comments/${comment.json.id}/resolve`)).status).toBe(200);
  await waitFor(async () => (await commentCount.count()) === 0, 'the resolved thread to leave the margin');

  // The amendments panel shows the merged records: the co-sponsor arrived with its event.
  await amendmentCount.waitFor({ state: 'visible' });
  await amendmentCount.click();
  const item = page.getByTestId('amendment-item').first();
  await waitFor(async () => (await item.innerText()).includes('Sweden'), 'the co-sponsor in the panel');
  expect(fetched).toEqual({ amendments: 1, comments: 1 });

  // After a drop, events may have been missed: each list is fetched again, once.
  await person.context.setOffline(true);
  await waitFor(
    async () => !(await page.getByTestId('connection-status').innerText()).includes('Connected'),
    'the page to notice the drop',
    15_000,
  );
  await person.context.setOffline(false);
  await waitFor(
    async () => (await page.getByTestId('connection-status').innerText()).includes('Connected'),
    'the page to reconnect',
    20_000,
  );
  await waitFor(() => fetched.amendments === 2 && fetched.comments === 2, 'the lists to load again after the drop');
});
