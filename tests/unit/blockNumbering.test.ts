// @vitest-environment happy-dom
/**
 * The shared rules for paragraph numbers (shared/blockNumbering.ts) and paragraph status
 * (shared/blockStatus.ts), and one document read by every view that uses them: the server's
 * Room (blocks API, refusal notices, GET /status-summary), the export model, and the client
 * editor bound to the same Y.Doc (margin, lock notices, summary bar). They must name the
 * same paragraph with the same number and status.
 */
import { Editor, type JSONContent } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import type { Node as PMNode } from '@tiptap/pm/model';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { RoomRegistry } from '../../server/collab/RoomRegistry.js';
import { readDocument } from '../../server/export/documentModel.js';
import { SqliteStore } from '../../server/store/SqliteStore.js';
import { statusSummary } from '../../server/workflow/blockStatus.js';
import { blockNumberer, blockNumbers, isNumbered } from '../../shared/blockNumbering.js';
import { BLOCK_TYPES, LOCKED_VALUE, TEXT_FIELD, isLockedValue, type BlockStatus } from '../../shared/blocks.js';
import { countStatuses, hasVisibleText, isBlockStatus, statusOf, statusOfAttrs } from '../../shared/blockStatus.js';
import { documentSchema, schemaExtensions } from '../../shared/schema.js';
import type { StatusSummary } from '../../shared/workflow.js';
import { removeDataDir, tempDataDir } from '../helpers/testServer.js';

// Client modules import without file extensions (the client's bundler resolution): loaded at run time.
const EDITOR = '../../client/editor';
let readBlocks: (doc: PMNode) => Array<{ id: string | null; number: number | null; status: BlockStatus }>;
let numberOfBlock: (doc: PMNode, block: PMNode) => number | null;
let statusCountsOf: (doc: PMNode) => StatusSummary;

beforeAll(async () => {
  ({ readBlocks } = await import(`${EDITOR}/blocks`));
  ({ numberOfBlock } = await import(`${EDITOR}/lockPlugin`));
  ({ statusCountsOf } = await import(`${EDITOR}/statusCounts`));
});

describe('paragraph numbers', () => {
  it('number every top-level block but headings, in document order from 1: lists, quotes and empty paragraphs included', () => {
    expect(BLOCK_TYPES.filter((type) => !isNumbered(type))).toEqual(['heading']);
    expect(blockNumbers(['heading', 'paragraph', 'paragraph', 'bulletList', 'heading', 'orderedList', 'blockquote', 'paragraph'])).toEqual([
      null,
      1,
      2,
      3,
      null,
      4,
      5,
      6,
    ]);
    expect(blockNumbers([])).toEqual([]);
    expect(blockNumbers(['heading', 'heading'])).toEqual([null, null]);
  });

  it('count afresh for each reading of a document', () => {
    const first = blockNumberer();
    const second = blockNumberer();
    expect([first('paragraph'), first('heading'), first('blockquote')]).toEqual([1, null, 2]);
    expect(second('paragraph')).toBe(1);
  });
});

describe('paragraph status', () => {
  it('is the status attribute when it is one of the four, a draft when it is missing or anything else', () => {
    for (const status of ['draft', 'discussion', 'ad-ref', 'agreed'] as const) expect(statusOf(false, status)).toBe(status);
    for (const value of [undefined, null, '', 'finished', 'Agreed', 'agreed ', 3, true, {}]) expect(statusOf(false, value)).toBe('draft');
    expect(isBlockStatus('ad-ref')).toBe(true);
    expect(isBlockStatus('adref')).toBe(false);
    expect(isBlockStatus(['agreed'])).toBe(false);
  });

  it('is agreed for a locked block, whatever its status attribute says (agreed = locked)', () => {
    for (const value of [undefined, 'draft', 'discussion', 'ad-ref', 'agreed', 'finished']) expect(statusOf(true, value)).toBe('agreed');
  });

  it('reads a block locked only when `locked` is the string LOCKED_VALUE', () => {
    expect(isLockedValue(LOCKED_VALUE)).toBe(true);
    for (const value of [true, 'false', 'TRUE', 1, null, undefined]) expect(isLockedValue(value)).toBe(false);
    expect(statusOfAttrs({ locked: LOCKED_VALUE, status: 'discussion' })).toBe('agreed');
    expect(statusOfAttrs({ locked: true, status: 'discussion' })).toBe('discussion');
    expect(statusOfAttrs({ status: 'ad-ref' })).toBe('ad-ref');
    expect(statusOfAttrs({ locked: null, status: null })).toBe('draft');
  });

  it('counts numbered blocks with non-blank text at their status; headings and empty or blank blocks are left out', () => {
    const blocks: Array<{ type: string; text: string; status: BlockStatus }> = [
      { type: 'heading', text: 'Draft conclusions', status: 'agreed' },
      { type: 'paragraph', text: 'One.', status: 'draft' },
      { type: 'paragraph', text: '', status: 'discussion' },
      { type: 'paragraph', text: ' \n\t ', status: 'agreed' },
      { type: 'bulletList', text: 'Item', status: 'ad-ref' },
      { type: 'blockquote', text: 'Quoted', status: 'agreed' },
      { type: 'orderedList', text: 'First\nSecond', status: 'agreed' },
    ];
    const summary = countStatuses(blocks, { type: (b) => b.type, hasText: (b) => hasVisibleText(b.text), status: (b) => b.status });
    expect(summary).toEqual({ counts: { draft: 1, discussion: 0, 'ad-ref': 1, agreed: 2 }, total: 4 });
    expect(hasVisibleText('\u00a0\u2003\n')).toBe(false);
    expect(hasVisibleText(' x ')).toBe(true);
  });

  it('asks for text and status only of numbered blocks', () => {
    const asked: string[] = [];
    countStatuses(['heading', 'paragraph'], {
      type: (type) => type,
      hasText: (type) => asked.push(type) > 0,
      status: (type) => {
        asked.push(type);
        return 'draft';
      },
    });
    expect(asked).toEqual(['paragraph', 'paragraph']);
  });
});

describe('one document, read by the server and by the client', () => {
  const text = (words: string): JSONContent[] => (words ? [{ type: 'text', text: words }] : []);
  const paragraph = (id: string, words: string, attrs: Record<string, unknown> = {}): JSONContent => ({
    type: 'paragraph',
    attrs: { id, ...attrs },
    content: text(words),
  });
  const item = (words: string): JSONContent => ({ type: 'listItem', content: [{ type: 'paragraph', content: text(words) }] });
  const draft: JSONContent = {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { id: 'h1', level: 1 }, content: text('Draft conclusions') },
      paragraph('p1', 'The meeting welcomed the report.', { status: 'discussion' }),
      paragraph('p2', ''),
      { type: 'bulletList', attrs: { id: 'b1', status: 'ad-ref' }, content: [item('First point'), item('Second point')] },
      { type: 'heading', attrs: { id: 'h2', level: 2 }, content: text('Section') },
      {
        type: 'blockquote',
        attrs: { id: 'q1', locked: LOCKED_VALUE, lockedBy: 'Maria Rossi', status: 'discussion' },
        content: [{ type: 'paragraph', content: text('Quoted.') }],
      },
      { type: 'orderedList', attrs: { id: 'o1', status: 'finished' }, content: [item('One')] },
      paragraph('p3', '   ', { status: 'agreed' }),
      paragraph('p4', 'Last words.', { locked: LOCKED_VALUE }),
    ],
  };
  const expected = [
    { id: 'h1', number: null, status: 'draft' },
    { id: 'p1', number: 1, status: 'discussion' },
    { id: 'p2', number: 2, status: 'draft' },
    { id: 'b1', number: 3, status: 'ad-ref' },
    { id: 'h2', number: null, status: 'draft' },
    { id: 'q1', number: 4, status: 'agreed' },
    { id: 'o1', number: 5, status: 'draft' },
    { id: 'p3', number: 6, status: 'agreed' },
    { id: 'p4', number: 7, status: 'agreed' },
  ];
  const expectedSummary = { counts: { draft: 1, discussion: 1, 'ad-ref': 1, agreed: 2 }, total: 5 };

  let dataDir: string | null = null;
  let editor: Editor | null = null;
  afterEach(() => {
    editor?.destroy();
    editor = null;
    if (dataDir) removeDataDir(dataDir);
    dataDir = null;
  });

  it('numbers and states every block alike: Room, export model, client margin, lock notice and summary bar', async () => {
    const source = new Y.Doc();
    prosemirrorJSONToYXmlFragment(documentSchema, draft, source.getXmlFragment(TEXT_FIELD));

    // The server: a Room loaded from the store.
    dataDir = tempDataDir();
    const store = new SqliteStore(dataDir);
    store.createDocument({ id: 'numbering', title: 'Numbering', createdAt: new Date().toISOString() });
    store.appendUpdate('numbering', Y.encodeStateAsUpdate(source));
    const registry = new RoomRegistry(store, pino({ level: 'silent' }) as unknown as FastifyBaseLogger);
    try {
      const room = registry.open('numbering')!;
      expect(room.blocks().map(({ id, number, status }) => ({ id, number, status }))).toEqual(expected);
      expect(expected.map(({ id }) => room.blockNumber(id) ?? null)).toEqual(expected.map(({ number }) => number));
      expect(readDocument(room.doc).map(({ id, number, status }) => ({ id, number, status }))).toEqual(expected);
      expect(statusSummary(room)).toEqual(expectedSummary);
    } finally {
      registry.closeAll();
      store.close();
    }

    // The client: an editor bound to a copy of the same Y.Doc, as a page holds it.
    const mine = new Y.Doc();
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(source));
    const element = document.createElement('div');
    document.body.append(element);
    editor = new Editor({ element, extensions: [...schemaExtensions(), Collaboration.configure({ document: mine, field: TEXT_FIELD })] });
    await vi.waitFor(() => expect(editor!.state.doc.childCount).toBe(expected.length));
    const doc = editor.state.doc;
    expect(readBlocks(doc).map(({ id, number, status }) => ({ id, number, status }))).toEqual(expected);
    const margin: (number | null)[] = [];
    doc.forEach((block) => {
      margin.push(numberOfBlock(doc, block));
    });
    expect(margin).toEqual(expected.map(({ number }) => number));
    expect(statusCountsOf(doc)).toEqual(expectedSummary);
  });
});
