/** Debian's Chromium driven by playwright-core: one browser, a separate context per person. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './waitFor.js';
import { removeDataDir, startServer, type RunningServer, type ServerOptions } from './testServer.js';

export const SCREENSHOT_DIR = join(process.cwd(), 'tests/e2e/screenshots');

/** Launches Chromium; `extraArgs` are added to the usual flags (e.g. `--host-resolver-rules=…`). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

export interface Person {
  context: BrowserContext;
  page: Page;
}

/**
 * The browser language of every test person unless a test says otherwise: the interface
 * follows the browser's language, and the tests read its English words, whatever the
 * machine running them is set to.
 */
export const TEST_LOCALE = 'en-US';

/**
 * Opens `url` as a new person. Separate contexts share no BroadcastChannel or storage, so
 * their pages can only sync through the server.
 */
export async function openAs(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 900 },
  locale = TEST_LOCALE,
): Promise<Person> {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** The editor's text per top-level block, with remote caret labels stripped. */
export async function editorBlocks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.querySelector('.ProseMirror');
    if (!root) return [];
    return Array.from(root.children).map((child) => {
      const clone = child.cloneNode(true) as HTMLElement;
      clone
        .querySelectorAll('.collaboration-carets__caret, .collaboration-carets__label, [data-gutter], [contenteditable="false"]')
        .forEach((n) => {
          n.remove();
        });
      return (clone.textContent ?? '').trim();
    });
  });
}

export interface JoinOptions {
  /** A role link's join dialog is answered with these; a named invite asks nothing (leave out). */
  name?: string;
  delegation?: string;
  /** Called with the page before it joins (to watch its requests or errors from the start). */
  watch?: (page: Page) => void;
}

/**
 * Opens a room link as a new person (recorded in `people`, to close later), answers the
 * join dialog of a role link, and waits until the editor is connected.
 */
export async function joinRoom(browser: Browser, people: Person[], url: string, options: JoinOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: TEST_LOCALE });
  const page = await context.newPage();
  people.push({ context, page });
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  options.watch?.(page);
  await page.goto(url);
  if (options.name !== undefined) {
    await page.getByTestId('join-name').fill(options.name);
    await page.getByTestId('join-delegation').fill(options.delegation ?? '');
    await page.getByTestId('join-submit').click();
  }
  await page.locator('.ProseMirror').waitFor();
  const who = options.name ?? 'the invited person';
  await waitFor(async () => (await page.getByTestId('connection-status').innerText()).includes('Connected'), `${who} to connect`, 10_000);
  return page;
}

/** A fresh test server and Debian's Chromium for one e2e file. */
export async function startE2e(options: ServerOptions = {}): Promise<{ server: RunningServer; browser: Browser }> {
  const server = await startServer(undefined, options);
  return { server, browser: await launchBrowser() };
}

/** Closes every person's context, the browser and the server, and removes the server's data. */
export async function stopE2e(server: RunningServer | undefined, browser: Browser | undefined, people: Person[]): Promise<void> {
  for (const person of people) await person.context.close();
  await browser?.close();
  await server?.close();
  if (server) removeDataDir(server.dataDir);
}
