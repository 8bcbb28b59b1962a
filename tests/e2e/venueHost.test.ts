/**
 * The room served over plain HTTP under a host name, as at a venue where the server is a
 * laptop on the local network (PROTOCOL.md W5). Chromium resolves venue.test to 127.0.0.1,
 * so the page's origin is http://venue.test:<port>: not a secure context, and not exempt
 * from `upgrade-insecure-requests` as 127.0.0.1 and localhost are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildApp } from '../../server/app.js';
import { readConfig } from '../../server/config.js';
import { blocks, createRoom } from '../helpers/api.js';
import { editorBlocks, launchBrowser, openAs, screenshot, type Person } from '../helpers/browser.js';
import { ADMIN_TOKEN, removeDataDir, startServer, tempDataDir, type RunningServer } from '../helpers/testServer.js';
import { waitFor } from '../helpers/waitFor.js';
import type { CreatedDocument } from '../../shared/api.js';

const HOST = 'venue.test';

let server: RunningServer;
let browser: Browser;
let room: CreatedDocument;
let person: Person | undefined;

beforeAll(async () => {
  server = await startServer(undefined, { publicUrl: (port) => `http://${HOST}:${port}` });
  room = await createRoom(server.url, 'Closing session at the venue');
  browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
});

afterAll(async () => {
  await person?.context.close();
  await browser?.close();
  await server?.close();
  removeDataDir(server.dataDir);
});

describe('[W5] a venue server over plain HTTP', () => {
  it('[W5] a role link under the venue’s host name opens the editor, connects and takes typing', async () => {
    const link = room.invites.expert.url;
    expect(link).toMatch(new RegExp(`^http://${HOST.replace('.', '\\.')}:\\d+/d/`));
    person = await openAs(browser, link);
    const { page } = person;
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));

    // A page told to upgrade its requests to https never gets its scripts here: nothing to fill in.
    await page.getByTestId('join-name').waitFor({ timeout: 10_000 });
    await page.getByTestId('join-name').fill('Ines Duarte');
    await page.getByTestId('join-delegation').fill('Portugal');
    await page.getByTestId('join-submit').click();
    await page.locator('.ProseMirror').waitFor();
    await waitFor(
      async () => (await page.getByTestId('connection-status').innerText()).includes('Connected'),
      'the page to connect',
      10_000,
    );

    await page.locator('.ProseMirror .dr-block').first().locator('p').first().click();
    await page.keyboard.type('Typed at the venue.', { delay: 15 });
    await waitFor(
      async () => (await blocks(server.url, room.id, room.invites.observer.token)).some((b) => b.text.includes('Typed at the venue.')),
      'the typing to reach the server',
    );
    expect((await editorBlocks(page)).join('\n')).toContain('Typed at the venue.');
    expect(new URL(page.url()).origin).toBe(`http://${HOST}:${new URL(server.url).port}`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    expect(failed).toEqual([]);
    await screenshot(page, 'venue-host');
  });

  it('[W5] the policy asks browsers to upgrade to https only when PUBLIC_URL is https, and only then sends HSTS', async () => {
    const page = await fetch(`${server.url}/d/${room.id}`, { headers: { host: `${HOST}:${new URL(server.url).port}` } });
    expect(page.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(page.headers.get('strict-transport-security')).toBeNull();

    const dataDir = tempDataDir();
    const published = await buildApp(
      { ...readConfig({}), port: 0, dataDir, adminToken: ADMIN_TOKEN, logLevel: 'silent', publicUrl: 'https://drafting.example.org' },
      { logger: false },
    );
    try {
      const response = await published.app.inject({ method: 'GET', url: '/healthz' });
      expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await published.app.close();
      removeDataDir(dataDir);
    }
  });
});
