/**
 * The export worker and its queue (PROTOCOL.md X4): the worker's file is the file rendered
 * in place; an export that runs past its time or out of its heap fails alone and the next
 * one is served; past the queue an export is refused at once, and the same file is rendered
 * once for everyone who asks for it meanwhile.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import {
  ExportBusyError,
  ExportQueue,
  ExportTimeoutError,
  type ExportQueueLimits,
  type ExportRequest,
} from '../../server/export/exportQueue.js';
import { exportDocument, type ExportOptions } from '../../server/export/index.js';
import { EXPORT_WORKER_HEAP_MB } from '../../shared/limits.js';
import { conclusionsJson, docFromJson } from '../fixtures/conclusionsDocument.js';

const workDir = mkdtempSync(join(tmpdir(), 'draftroom-export-queue-'));
const queues: ExportQueue[] = [];
afterAll(async () => {
  for (const queue of queues) await queue.close();
  rmSync(workDir, { recursive: true, force: true });
});

const LIMITS: ExportQueueLimits = { waiting: 16, waitingPerRoom: 4, timeoutMs: 30_000, heapMb: EXPORT_WORKER_HEAP_MB, idleMs: 60_000 };

function queue(limits: Partial<ExportQueueLimits> = {}): ExportQueue {
  const created = new ExportQueue({ ...LIMITS, ...limits });
  queues.push(created);
  return created;
}

function request(json: JSONContent, options: Partial<ExportOptions> = {}, docId = 'room'): ExportRequest {
  const state = Y.encodeStateAsUpdate(docFromJson(json));
  return {
    docId,
    state,
    stateHash: createHash('sha256').update(state).digest('hex'),
    options: { format: 'md', variant: 'clean', title: 'Draft conclusions', date: new Date('2025-05-22T16:00:00Z'), ...options },
  };
}

/** `count` paragraphs of ordinary prose, 19,900 characters each. */
function prose(count: number): JSONContent {
  const text = 'The participating States reaffirmed their commitment to co-operative security. '.repeat(260).slice(0, 19_900);
  return {
    type: 'doc',
    content: Array.from({ length: count }, (_, i) => ({ type: 'paragraph', attrs: { id: `p${i}` }, content: [{ type: 'text', text }] })),
  };
}

/** A paragraph whose formatting changes every two characters: costly to read (about 2.5 KB of heap per change). */
function restless(count: number): JSONContent {
  const content = Array.from({ length: 9_950 }, (_, i) => ({ type: 'text', text: 'ab', marks: [{ type: i % 2 ? 'bold' : 'italic' }] }));
  return { type: 'doc', content: Array.from({ length: count }, (_, i) => ({ type: 'paragraph', attrs: { id: `r${i}` }, content })) };
}

const small: JSONContent = {
  type: 'doc',
  content: [{ type: 'paragraph', attrs: { id: 'a' }, content: [{ type: 'text', text: 'Agreed.' }] }],
};

function pdfText(pdf: Buffer, name: string): string {
  const file = join(workDir, name);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('[X4] the export worker', () => {
  it('[X4] renders every format exactly as the export renders in place', async () => {
    const exports = queue();
    for (const format of ['md', 'html', 'docx', 'pdf'] as const) {
      const asked = request(conclusionsJson, {
        format,
        variant: 'marked',
        revision: 'Rev.1',
        amendments: [{ blockId: 'p-2', kind: 'replace', text: 'New.', proposer: 'Ana' }],
      });
      const [inWorker, inPlace] = await Promise.all([exports.run(asked), exportDocument(docFromJson(conclusionsJson), asked.options)]);
      expect([inWorker.contentType, inWorker.fileName]).toEqual([inPlace.contentType, inPlace.fileName]);
      if (format === 'md' || format === 'html') expect(inWorker.body).toBe(inPlace.body);
      // Word and PDF files carry the moment they were made; their content must match.
      if (format === 'docx') {
        const documentXml = (body: Buffer | string) => strFromU8(unzipSync(new Uint8Array(body as Buffer))['word/document.xml']!);
        expect(documentXml(inWorker.body)).toBe(documentXml(inPlace.body));
      }
      if (format === 'pdf') expect(pdfText(inWorker.body as Buffer, 'worker.pdf')).toBe(pdfText(inPlace.body as Buffer, 'in-place.pdf'));
    }
  });

  it('[X4] an export that runs past its time is stopped with its worker, and the next export is served', async () => {
    // Time counts once the worker has loaded the export code, so a fresh worker still has the whole budget.
    // The long export takes 2 s and more on an idle machine; the next one takes a few ms, so a
    // loaded machine cannot make either outcome flip.
    const exports = queue({ timeoutMs: 1_000 });
    await expect(exports.run(request(prose(100), { format: 'pdf' }))).rejects.toBeInstanceOf(ExportTimeoutError);
    const next = await exports.run(request(small, { format: 'md' }));
    expect(next.body as string).toContain('Agreed.');
  });

  it('[X4] an export that runs out of the worker’s heap fails alone, and the next export is served', async () => {
    const exports = queue({ heapMb: 96 });
    await expect(exports.run(request(restless(40), { format: 'md' }))).rejects.toThrow(/memory|worker/i);
    expect((await exports.run(request(small))).body as string).toContain('Agreed.');
  }, 60_000);

  it('[X4] past the queue an export is refused at once; asking for the same file again shares its rendering', async () => {
    const exports = queue({ waiting: 2, waitingPerRoom: 1 });
    const running = exports.run(request(prose(40), { format: 'pdf' }, 'room-a'));
    const word = request(prose(40), { format: 'docx' }, 'room-a');
    const waitingA = exports.run(word);
    // The same file of the same text as one waiting: shared, not counted.
    const sameAsWaiting = exports.run({ ...word, state: word.state.slice() });
    expect(() => exports.run(request(prose(40), { format: 'html' }, 'room-a'))).toThrow(ExportBusyError); // room-a's share
    const waitingB = exports.run(request(small, { format: 'md' }, 'room-b'));
    expect(() => exports.run(request(small, { format: 'html' }, 'room-c'))).toThrow(ExportBusyError); // the whole queue
    const [first, second, shared, third] = await Promise.all([running, waitingA, sameAsWaiting, waitingB]);
    expect(first.fileName).toMatch(/\.pdf$/);
    expect(shared).toBe(second);
    expect(third.body).toContain('Agreed.');
    // With the queue empty again, what was refused is served.
    expect((await exports.run(request(small, { format: 'html' }, 'room-c'))).body).toContain('Agreed.');
  }, 60_000);
});
