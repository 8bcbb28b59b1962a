// @vitest-environment happy-dom
/**
 * "Show authors" (client/editor/authorHighlights.ts, PROTOCOL.md U1) in a real TipTap editor
 * bound to Yjs as the room binds it: each stretch of text is marked with the person whose
 * client id wrote it, in their colour and named on hover, across formatting and hard breaks
 * and in list items; text under an id the marks do not name is reported, so it can be asked
 * about; and switched off, nothing is marked.
 */
import type { AnyExtension } from '@tiptap/core';
import { Editor } from '@tiptap/core';
import type Collaboration from '@tiptap/extension-collaboration';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BlockAttr, TEXT_FIELD } from '../../shared/blocks.js';
import { schemaExtensions } from '../../shared/schema.js';

// Client modules import without file extensions (the client's bundler resolution): loaded at run time.
const EDITOR = '../../client/editor';
interface Mark {
  label: string;
  color: string;
}
let AuthorHighlights: AnyExtension;
let DraftCollaboration: typeof Collaboration;
let authorHighlightsKey: { getState(state: unknown): unknown };
let showAuthorsMeta: (authors: Map<number, Mark> | null) => unknown;
let unnamedClients: (state: unknown) => number[];

beforeAll(async () => {
  ({ AuthorHighlights, authorHighlightsKey, showAuthorsMeta, unnamedClients } = await import(`${EDITOR}/authorHighlights`));
  ({ DraftCollaboration } = await import(`${EDITOR}/collaboration`));
});

/** Two people's copies and the browser's, each with its own client id. */
let anna: Y.Doc;
let jean: Y.Doc;
let mine: Y.Doc;
let editor: Editor;

const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'room');

beforeEach(async () => {
  anna = new Y.Doc();
  jean = new Y.Doc();
  mine = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.setAttribute(BlockAttr.id, 'p1');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  const list = new Y.XmlElement('bulletList');
  list.setAttribute(BlockAttr.id, 'l1');
  const item = new Y.XmlElement('listItem');
  const itemParagraph = new Y.XmlElement('paragraph');
  const itemText = new Y.XmlText();
  itemParagraph.insert(0, [itemText]);
  item.insert(0, [itemParagraph]);
  list.insert(0, [item]);
  anna.getXmlFragment(TEXT_FIELD).insert(0, [paragraph, list]);
  text.insert(0, 'The participants welcomed');
  itemText.insert(0, 'A point');
  sync(anna, jean);
  // Jean adds words in bold after a hard break, and to the list item.
  const jeanParagraph = jean.getXmlFragment(TEXT_FIELD).get(0) as Y.XmlElement;
  jeanParagraph.insert(1, [new Y.XmlElement('hardBreak'), new Y.XmlText()]);
  (jeanParagraph.get(2) as Y.XmlText).insert(0, 'the report', { bold: {} });
  const jeanItemText = (((jean.getXmlFragment(TEXT_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(
    0,
  ) as Y.XmlText;
  jeanItemText.insert('A point'.length, ' of order');
  sync(anna, mine);
  sync(jean, mine);
  const element = document.createElement('div');
  document.body.append(element);
  editor = new Editor({
    element,
    extensions: [...schemaExtensions(), DraftCollaboration.configure({ document: mine, field: TEXT_FIELD }), AuthorHighlights],
  });
  await expect.poll(() => editor.view.dom.textContent).toContain('of order');
});

afterEach(() => {
  editor.destroy();
  document.body.replaceChildren();
});

function show(marks: Map<number, Mark> | null) {
  editor.view.dispatch(editor.state.tr.setMeta(authorHighlightsKey as never, showAuthorsMeta(marks)));
}

/** The marked stretches as the page shows them: text and who. */
const marked = () =>
  [...editor.view.dom.querySelectorAll<HTMLElement>('.author-span')].map((span) => [span.textContent, span.getAttribute('title')]);

it('[U1] each stretch of text names the person whose client id wrote it, across a hard break, bold and a list item', async () => {
  show(
    new Map([
      [anna.clientID, { label: 'Anna Novak (Austria)', color: '#0096c3' }],
      [jean.clientID, { label: 'Jean Dupont (France)', color: '#c0392b' }],
    ]),
  );
  expect(marked()).toEqual([
    ['The participants welcomed', 'Anna Novak (Austria)'],
    ['the report', 'Jean Dupont (France)'],
    ['A point', 'Anna Novak (Austria)'],
    [' of order', 'Jean Dupont (France)'],
  ]);
  expect(editor.view.dom.querySelector<HTMLElement>('.author-span')!.style.getPropertyValue('--author-colour')).toBe('#0096c3');
  expect(unnamedClients(editor.state)).toEqual([]);

  // Typing here goes on under this browser's id, which the marks do not name yet: it is reported, to be asked about.
  editor.commands.insertContentAt(1, 'All ');
  await expect.poll(() => marked()[0]).toEqual(['All ', '?']);
  expect(marked()[1]).toEqual(['The participants welcomed', 'Anna Novak (Austria)']);
  expect(unnamedClients(editor.state)).toEqual([mine.clientID]);
});

it('switched off, nothing is marked', () => {
  show(new Map([[anna.clientID, { label: 'Anna Novak (Austria)', color: '#0096c3' }]]));
  expect(marked().length).toBeGreaterThan(0);
  show(null);
  expect(marked()).toEqual([]);
  expect(unnamedClients(editor.state)).toEqual([]);
});
