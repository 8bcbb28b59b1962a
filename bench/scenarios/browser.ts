/**
 * Scenario 5, keystroke-to-paint in Chromium (playwright-core, Debian's /usr/bin/chromium):
 * a 1,000-paragraph room with 300 locked paragraphs and 20 remote carets moving, one person
 * typing in the real client. For each keystroke: from the keydown event's timestamp to the
 * end of the next frame (a message posted from the requestAnimationFrame callback runs
 * after that frame is produced). The client is built into a temp dir (vite build --outDir)
 * and served with /api and /collab passed through to the Draftroom process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { chromium, type Browser } from 'playwright-core';
import { startClientProxy } from '../lib/clientProxy.js';
import { blockId, FRAGMENT, paragraphsUpdate, seedRoom } from '../lib/documents.js';
import { connectClient, type SimClient } from '../lib/providers.js';
import { createRoom, lockBlock } from '../lib/rooms.js';
import type { RunningServer } from '../lib/servers.js';
import { distribution, sleep, until } from '../lib/stats.js';

export interface BrowserOptions {
  paragraphs: number;
  locked: number;
  remoteCarets: number;
  /** Caret moves per second of each remote person. */
  caretMovesPerSecond: number;
  keystrokes: number;
  keystrokeIntervalMs: number;
  /** Write a CPU profile of the page while typing (Chrome DevTools protocol) to this file. */
  cpuProfilePath?: string;
  /** Write a Chromium performance trace (devtools.timeline) of the typing to this file. */
  tracePath?: string;
  /**
   * Diagnostic: add `content-visibility: auto` to the top-level blocks before typing (off-
   * screen blocks then skip layout, paint and hit testing), to test a client-side remedy.
   */
  contentVisibility?: boolean;
}

export interface BrowserResult {
  options: BrowserOptions;
  keystrokes: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** The typed text reached the server (read back by a remote person). */
  typedTextArrived: boolean;
  /** Close codes the remote carets' providers saw meanwhile (4429: rate limit). */
  closeCodes: number[];
  pageErrors: string[];
}

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Why the browser scenario cannot run here, or null when it can. */
export function browserSkipReason(): string | null {
  if (!existsSync(CHROMIUM)) return `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`;
  if (!existsSync(join(ROOT, 'client', 'index.html'))) return 'there is no client (client/index.html) to build';
  return null;
}

/** Builds the client into a temp dir; unminified when profiling, so the profile names functions. */
function buildClient(minify: boolean): string {
  const outDir = mkdtempSync(join(tmpdir(), 'draftroom-bench-client-'));
  const args = ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error', ...(minify ? [] : ['--minify', 'false'])];
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  if (!existsSync(join(outDir, 'index.html'))) throw new Error('vite build produced no index.html');
  return outDir;
}

function isLocked(index: number): boolean {
  return index % 10 === 0 || index % 10 === 3 || index % 10 === 6;
}

export async function runBrowser(server: RunningServer, options: BrowserOptions, log: (line: string) => void): Promise<BrowserResult> {
  if (server.kind !== 'draftroom') throw new Error('the browser scenario runs the Draftroom client');
  const clientDir = buildClient(!options.cpuProfilePath);
  const proxy = await startClientProxy(clientDir, server.port);
  const room = await createRoom(server, options.remoteCarets + 3, 'Browser bench');
  const holder = await seedRoom(room, paragraphsUpdate(options.paragraphs, 150), options.remoteCarets + 1);
  let locks = 0;
  for (let i = 0; i < options.paragraphs && locks < options.locked; i++) {
    if (!isLocked(i)) continue;
    await lockBlock(room, blockId(i));
    locks++;
  }
  const movers: SimClient[] = [];
  let browser: Browser | null = null;
  const timers: NodeJS.Timeout[] = [];
  try {
    for (let i = 0; i < options.remoteCarets; i++) movers.push(connectClient(room, i));
    await until(() => movers.every((m) => m.syncedAt !== null && m.doc.getXmlFragment(FRAGMENT).length >= options.paragraphs), 30_000);
    movers.forEach((mover, i) => {
      mover.awareness.setLocalStateField('user', { name: `Remote ${i + 1}`, color: '#c41d7f' });
      const blocks = mover.doc.getXmlFragment(FRAGMENT).toArray();
      const move = () => {
        const block = blocks[Math.floor(Math.random() * blocks.length)];
        const text = block instanceof Y.XmlElement ? block.get(0) : null;
        if (!(text instanceof Y.XmlText)) return;
        const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, Math.floor(Math.random() * text.length)));
        mover.awareness.setLocalStateField('cursor', { anchor: at, head: at });
      };
      const timer = setInterval(move, 1000 / options.caretMovesPerSecond + (i % 7));
      timers.push(timer);
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const token = room.tokens[options.remoteCarets]!;
    await page.goto(`${proxy.url}/d/${room.name}#token=${encodeURIComponent(token)}`);
    await page.locator('.ProseMirror').waitFor({ timeout: 30_000 });
    await page.waitForFunction((n) => (document.querySelector('.ProseMirror')?.children.length ?? 0) >= n, options.paragraphs, {
      timeout: 30_000,
    });
    await page
      .waitForFunction((n) => document.querySelectorAll('.collaboration-carets__caret').length >= n, Math.min(options.remoteCarets, 5), {
        timeout: 15_000,
      })
      .catch(() => undefined);
    const domNodes = await page.evaluate(() => {
      const root = document.querySelector('.ProseMirror');
      if (!root) return 0;
      const walker = document.createTreeWalker(root);
      let count = 0;
      while (walker.nextNode()) count++;
      return count;
    });
    log(
      `  browser: editor open with ${options.paragraphs} paragraphs, ${locks} locked, ${options.remoteCarets} remote carets; ${domNodes} DOM nodes in the editor`,
    );

    if (options.contentVisibility) {
      await page.addStyleTag({ content: '.ProseMirror > * { content-visibility: auto; contain-intrinsic-size: auto 3em; }' });
    }
    const target = Math.floor(options.paragraphs / 2) | 1;
    const paragraph = page.locator(`.ProseMirror [data-id="${blockId(target)}"]`).first();
    await paragraph.click();
    await page.keyboard.press('End');
    await page.evaluate(() => {
      const samples: number[] = [];
      (window as unknown as { __keyToPaint: number[] }).__keyToPaint = samples;
      document.addEventListener(
        'keydown',
        (event) => {
          const startedAt = event.timeStamp;
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => samples.push(performance.now() - startedAt);
            channel.port2.postMessage(0);
          });
        },
        true,
      );
    });
    const cdp = options.cpuProfilePath ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    if (options.tracePath)
      await browser.startTracing(page, {
        path: options.tracePath,
        categories: (process.env.BENCH_TRACE_CATEGORIES ?? 'devtools.timeline,disabled-by-default-devtools.timeline,blink').split(','),
      });
    const marker = 'qz';
    const letters = 'the delegations agreed ';
    let typed = '';
    for (let k = 0; k < options.keystrokes; k++) {
      const key = k < 2 ? marker[k]! : letters[k % letters.length]!;
      await page.keyboard.press(key === ' ' ? 'Space' : key);
      typed += key;
      await sleep(options.keystrokeIntervalMs * (0.75 + Math.random() * 0.5));
    }
    await sleep(300);
    if (options.tracePath) await browser.stopTracing();
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(options.cpuProfilePath!, JSON.stringify(profile));
    }
    const samples = await page.evaluate(() => (window as unknown as { __keyToPaint: number[] }).__keyToPaint);
    // A fresh person reads the paragraph back from the server.
    const reader = connectClient(room, options.remoteCarets + 1);
    movers.push(reader);
    const arrived = await until(() => {
      const block = reader.doc
        .getXmlFragment(FRAGMENT)
        .toArray()
        .find((n) => n instanceof Y.XmlElement && n.getAttribute('id') === blockId(target));
      return block instanceof Y.XmlElement && block.toString().includes(typed.slice(0, 12));
    }, 5_000);
    const d = distribution(samples);
    return {
      options,
      keystrokes: samples.length,
      p50Ms: d.p50,
      p95Ms: d.p95,
      maxMs: d.max,
      typedTextArrived: arrived,
      closeCodes: movers.flatMap((m) => m.closeCodes),
      pageErrors: pageErrors.slice(0, 5),
    };
  } finally {
    for (const timer of timers) clearInterval(timer);
    await browser?.close().catch(() => undefined);
    for (const mover of movers) mover.destroy();
    holder.close();
    await proxy.close();
    rmSync(clientDir, { recursive: true, force: true });
  }
}
