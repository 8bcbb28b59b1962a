// @vitest-environment happy-dom
/**
 * A person's pending suggestions drawn in the text as tracked changes (pen-holder mode, E1;
 * client/editor/suggestionMarks.ts), in a real TipTap editor bound to Yjs: a replacement as
 * struck and added words, an addition as a block after its paragraph, a deletion as the whole
 * paragraph struck; all gone when the list is emptied. Decorations only: the text and the
 * browser's copy never change.
 */
import { Editor, type Extension } from '@tiptap/core';
import type Collaboration from '@tiptap/extension-collaboration';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TEXT_FIELD } from '../../shared/blocks.js';
import { schemaExtensions } from '../../shared/schema.js';
import { paragraph } from '../helpers/guardedEditor.js';

// Client modules import without file extensions (the client's bundler resolution): loaded at run time.
const EDITOR = '../../client/editor';
interface Mark {
  id: number;
  blockId: string;
  kind: 'replace' | 'insert-after' | 'delete';
  text: string;
}
let SuggestionMarks: Extension;
let DraftCollaboration: typeof Collaboration;
let suggestionMarksKey: { key: string };
let showSuggestionsMeta: (marks: Mark[]) => unknown;

beforeAll(async () => {
  ({ SuggestionMarks, suggestionMarksKey, showSuggestionsMeta } = await import(`${EDITOR}/suggestionMarks`));
  ({ DraftCollaboration } = await import(`${EDITOR}/collaboration`));
});

const FIRST = 'Community policing should remain at the core.';
const SECOND = 'The participants thanked the host country.';
let doc: Y.Doc;
let editor: Editor;
let updates: number;

beforeEach(async () => {
  doc = new Y.Doc();
  doc.getXmlFragment(TEXT_FIELD).insert(0, [paragraph('p-first', FIRST), paragraph('p-second', SECOND)]);
  const element = document.createElement('div');
  document.body.append(element);
  editor = new Editor({
    element,
    extensions: [...schemaExtensions(), DraftCollaboration.configure({ document: doc, field: TEXT_FIELD }), SuggestionMarks],
  });
  await expect.poll(() => editor.view.dom.querySelectorAll(':scope > p').length).toBe(2);
  updates = 0;
  doc.on('update', () => updates++);
});

afterEach(() => {
  editor.destroy();
  document.body.replaceChildren();
});

function show(marks: Mark[]): void {
  editor.view.dispatch(editor.state.tr.setMeta(suggestionMarksKey as never, showSuggestionsMeta(marks)));
}

const all = (selector: string) => [...editor.view.dom.querySelectorAll(selector)].map((e) => e.textContent);

it('[E1] a replacement, an addition and a deletion are drawn as tracked changes, and go when the list empties; the text never changes', () => {
  show([
    { id: 1, blockId: 'p-first', kind: 'replace', text: 'Community policing must remain at the core.' },
    { id: 2, blockId: 'p-first', kind: 'insert-after', text: 'A paragraph of my own.' },
    { id: 3, blockId: 'p-second', kind: 'delete', text: '' },
  ]);
  expect(all('del.suggestion-del')).toEqual(['should']);
  expect(all('ins.suggestion-ins').map((t) => t?.trim())).toEqual(['must']);
  expect(all('.suggestion-block')).toEqual(['A paragraph of my own.']);
  expect(all('.suggestion-delete')).toEqual([SECOND]);
  // The paragraphs themselves read as before, marks aside.
  expect(editor.state.doc.child(0).textContent).toBe(FIRST);
  expect(editor.state.doc.child(1).textContent).toBe(SECOND);

  show([]);
  expect(all('.suggestion-del, .suggestion-ins, .suggestion-block, .suggestion-delete')).toEqual([]);
  expect(updates).toBe(0);
});
