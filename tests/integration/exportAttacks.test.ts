/**
 * Exports from the attacker's side (PROTOCOL.md X4): a room filled through a stock Yjs client
 * to near the document cap, half of it words longer than a line, exported as PDF and Word
 * while /healthz is asked again and again; a whole room exporting the same file at once; more
 * exports than the queue holds. The server runs as `npm start` runs it (`node --import tsx
 * server/main.ts`), so its export worker starts as it does in production.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { createRoom } from '../helpers/api.js';
import { removeDataDir, startServerProcess, tempDataDir, type ServerProcess } from '../helpers/testServer.js';
import { connect, newParagraph, synced, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { MAX_BLOCK_CHARS, MAX_DOCUMENT_CHARS, MAX_EXPORTS_WAITING_PER_ROOM } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import type { CreatedDocument } from '../../shared/api.js';

/**
 * The budget for /healthz while exports render (issue 10). Rendering this room in the
 * server's own thread blocks it for 2–4 s; in the worker, /healthz answers in a few ms. The
 * budget is what tells the two apart on any machine: a two-core CI runner at load 11 was seen
 * answering in 506 ms, and a render on the event loop still fails it by seconds.
 */
const HEALTH_BUDGET_MS = 1_000;
const PARAGRAPH_CHARS = MAX_BLOCK_CHARS - 100;
/** A word processor's nightmare: one word of 19,900 letters. */
const OVERLONG = 'z'.repeat(PARAGRAPH_CHARS);
/** Ordinary prose of the same length. */
const PROSE = 'The participating States reaffirmed their commitment to co-operative security. '.repeat(260).slice(0, PARAGRAPH_CHARS);
const PER_CHANGE = 10;
const CHANGES = Math.floor(MAX_DOCUMENT_CHARS / (PARAGRAPH_CHARS + 2) / PER_CHANGE);
const PARAGRAPHS = CHANGES * PER_CHANGE;

let dataDir: string;
let workDir: string;
let server: ServerProcess;
let room: CreatedDocument;
const clients: TestClient[] = [];

beforeAll(async () => {
  dataDir = tempDataDir();
  workDir = mkdtempSync(join(tmpdir(), 'draftroom-export-attacks-'));
  server = await startServerProcess(dataDir);
  room = await createRoom(server.url, 'Export attacks');
  const writer = connect(server.wsUrl, room.id, room.invites.expert.token, { name: 'Writer', delegation: 'Testland' });
  const reader = connect(server.wsUrl, room.id, room.invites.observer.token, { name: 'Reader' });
  clients.push(writer, reader);
  await Promise.all([synced(writer), synced(reader)]);
  const start = reader.fragment.length;
  for (let change = 0; change < CHANGES; change++) {
    writer.fragment.insert(
      writer.fragment.length,
      Array.from({ length: PER_CHANGE }, (_, i) => newParagraph(i % 2 === 0 ? OVERLONG : PROSE)),
    );
    // One change at a time: frames arriving in one turn are applied together (B1), and together they would pass the cap.
    await waitFor(() => reader.fragment.length === start + (change + 1) * PER_CHANGE, `change ${change + 1} to reach the reader`, 20_000);
  }
  // Quiet clients: nothing but the server works while latency is measured.
  for (const client of clients) client.destroy();
}, 180_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.stop('SIGTERM');
  removeDataDir(dataDir);
  rmSync(workDir, { recursive: true, force: true });
});

interface Download {
  status: number;
  headers: Headers;
  body: Buffer;
  ms: number;
}

async function download(format: string, variant = 'marked'): Promise<Download> {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/documents/${room.id}/export?format=${format}&variant=${variant}`, {
    headers: { authorization: `Bearer ${room.invites.observer.token}` },
  });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body, ms: performance.now() - started };
}

/** The gap between two /healthz questions: a sampling rate, so the test itself does not crowd the two cores. */
const HEALTH_SAMPLE_GAP_MS = 5;

/** Asks /healthz again and again until `until` settles; the answer times in ms. */
async function healthWhile(until: Promise<unknown>): Promise<number[]> {
  let settled = false;
  void until.finally(() => (settled = true));
  const times: number[] = [];
  while (!settled) {
    const started = performance.now();
    const response = await fetch(`${server.url}/healthz`);
    await response.arrayBuffer();
    times.push(performance.now() - started);
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, HEALTH_SAMPLE_GAP_MS));
  }
  return times;
}

function pdfText(pdf: Buffer): string {
  const file = join(workDir, 'room.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function wordText(docx: Buffer): string {
  const xml = strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']!);
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

const count = (text: string, letter: string) => text.split(letter).length - 1;

describe('[X4] exports never stall the server', () => {
  it(`[X4] while a room at the cap (${PARAGRAPHS} paragraphs of ${PARAGRAPH_CHARS.toLocaleString('en')} characters) exports as PDF and Word, /healthz answers within ${HEALTH_BUDGET_MS} ms every time`, async () => {
    const exports = Promise.all([download('pdf'), download('docx')]);
    const health = await healthWhile(exports);
    const [pdf, docx] = await exports;

    expect(pdf.status).toBe(200);
    expect(docx.status).toBe(200);
    // Every letter is in the files: the overlong words cut into lines, the prose as it was.
    const pdfLetters = pdfText(pdf.body);
    expect(count(pdfLetters, 'z')).toBe((PARAGRAPHS / 2) * PARAGRAPH_CHARS);
    expect(pdfLetters).toContain('The participating States reaffirmed their commitment');
    const wordLetters = wordText(docx.body);
    expect(count(wordLetters, 'z')).toBe((PARAGRAPHS / 2) * PARAGRAPH_CHARS);
    expect(count(wordLetters, 'reaffirmed')).toBe((PARAGRAPHS / 2) * count(PROSE, 'reaffirmed'));

    const sorted = [...health].sort((a, b) => a - b);
    console.info(
      `[X4] PDF ${Math.round(pdf.ms)} ms, Word ${Math.round(docx.ms)} ms; /healthz ${health.length} answers meanwhile, ` +
        `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, slowest ${sorted.at(-1)!.toFixed(1)} ms`,
    );
    expect(health.length, 'answers while the exports rendered').toBeGreaterThanOrEqual(20);
    expect(Math.max(...health), `slowest /healthz answer (ms) of ${health.length}`).toBeLessThan(HEALTH_BUDGET_MS);
  }, 120_000);

  it('[X4] a whole room asking for the same file at once gets it from one rendering, and the server keeps answering', async () => {
    // Past the queue's share of one room (MAX_EXPORTS_WAITING_PER_ROOM) only shared renderings can all be answered.
    const people = 8 * MAX_EXPORTS_WAITING_PER_ROOM;
    const exports = Promise.all(Array.from({ length: people }, () => download('pdf', 'clean')));
    await healthWhile(exports);
    const files = await exports;
    expect(files.map((file) => file.status)).toEqual(files.map(() => 200));
    expect(new Set(files.map((file) => file.body.toString('base64'))).size).toBe(1);
  }, 120_000);

  it('[X4] more different exports than the queue holds: the rest are refused with 503 and Retry-After, and served when asked again', async () => {
    // The slow ones first, so the queue is still full when the rest arrive.
    const asked = ['pdf', 'docx', 'html', 'md'].flatMap((format) => ['marked', 'agreed', 'clean'].map((variant) => ({ format, variant })));
    const exports = Promise.all(asked.map(({ format, variant }) => download(format, variant)));
    await healthWhile(exports);
    const answers = await exports;
    const refused = asked.filter((_, i) => answers[i]!.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of answers) {
      expect([200, 503]).toContain(answer.status);
      if (answer.status === 200) continue;
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(JSON.parse(answer.body.toString()).error.code).toBe(ErrorCode.rateLimited);
    }
    for (const { format, variant } of refused)
      expect((await download(format, variant)).status, `${format} ${variant} asked again`).toBe(200);
  }, 120_000);
});
