/**
 * Several servers in the browser (PROTOCOL.md K5): two pages in one room through HAProxy in
 * front of two servers on one PostgreSQL and one Redis. The room's owner is killed while an
 * expert types; both pages reconnect through the load balancer by themselves, the words typed
 * during the outage reach the other page, and both end "all changes saved".
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { api } from '../helpers/api.js';
import { editorBlocks, joinRoom, launchBrowser, screenshot, type Person } from '../helpers/browser.js';
import { freePort, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { startLiveServer, type LiveServer } from '../helpers/serverProcess.js';
import { ADMIN_TOKEN, removeDataDir, tempDataDir } from '../helpers/testServer.js';
import { waitFor } from '../helpers/waitFor.js';
import { ownerAmong } from '../helpers/clusterParts.js';
import { startLoadBalancer, type LoadBalancer } from '../../scripts/cluster/loadBalancer.js';
import type { CreatedDocument } from '../../shared/api.js';

let postgres: TestPostgres;
let redis: TestRedis;
let balancer: LoadBalancer;
let browser: Browser;
const servers: LiveServer[] = [];
const dataDirs: string[] = [];
const people: Person[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const port = await freePort();
  const env = { DATABASE_URL: await postgres.newDatabase(), REDIS_URL: redis.url, PUBLIC_URL: `http://127.0.0.1:${port}` };
  for (let i = 0; i < 2; i++) {
    dataDirs.push(tempDataDir());
    servers.push(await startLiveServer(dataDirs[i]!, { env }));
  }
  balancer = await startLoadBalancer(
    port,
    servers.map((server) => server.url),
  );
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const person of people) await person.context.close();
  await browser?.close();
  await balancer?.stop();
  await Promise.all(servers.map((server) => server.stop('SIGKILL')));
  for (const dir of dataDirs) removeDataDir(dir);
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

const owner = (docId: string) => ownerAmong(servers, docId);

it('[K5] the owner killed while an expert types: both pages reconnect through the load balancer and hold every word, saved', async () => {
  const made = await api(balancer.url, 'POST', '/api/documents', ADMIN_TOKEN, { title: 'Failover in the browser' });
  expect(made.status).toBe(201);
  const room = made.json as CreatedDocument;
  const expert = await joinRoom(browser, people, room.invites.expert.url, { name: 'Anna Berger', delegation: 'Austria' });
  const moderator = await joinRoom(browser, people, room.invites.moderator.url, { name: 'Jonas Lind', delegation: 'Sweden' });

  await expert.locator('.ProseMirror p').first().click();
  await expert.keyboard.type('Typed before the failover.', { delay: 10 });
  await waitFor(async () => (await editorBlocks(moderator))[0] === 'Typed before the failover.', 'the moderator to see the first words');

  const killed = (await owner(room.id))!;
  expect(killed).toBeDefined();
  await killed.stop('SIGKILL');
  await expert.keyboard.type(' Typed during the failover.', { delay: 10 });
  await screenshot(expert, 'cluster-failover-during');

  const text = 'Typed before the failover. Typed during the failover.';
  for (const page of [expert, moderator]) {
    await waitFor(
      async () =>
        (await editorBlocks(page))[0] === text && (await page.getByTestId('connection-status').innerText()).includes('all changes saved'),
      'the page to hold every word, saved',
      15_000,
    );
  }
  expect(await owner(room.id)).toBe(servers.find((server) => server !== killed));
  await screenshot(moderator, 'cluster-failover-after');
});
