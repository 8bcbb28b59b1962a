// @vitest-environment happy-dom
/**
 * The editor's command for a paragraph's own language (PROTOCOL.md I5): it marks the
 * paragraphs the selection touches, the editor writes the mark as the element's `lang`, and
 * clearing it gives the paragraph back to the room's language. Everything it writes passes
 * the shared block rules the server enforces.
 */
import { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { afterEach, describe, expect, it } from 'vitest';
import { blockProblem } from '../../shared/blockRules.js';
import { schemaExtensions } from '../../shared/schema.js';
import { blockLanguageAt, setBlockLanguage } from '../../client/editor/blockLanguage.js';

let editor: Editor;
afterEach(() => editor?.destroy());

function open(): Editor {
  editor = new Editor({
    element: document.createElement('div'),
    extensions: schemaExtensions(),
    content: {
      type: 'doc',
      content: [
        { type: 'paragraph', attrs: { id: 'a' }, content: [{ type: 'text', text: 'The meeting welcomed the report.' }] },
        { type: 'paragraph', attrs: { id: 'b' }, content: [{ type: 'text', text: 'Совещание приветствовало доклад.' }] },
        {
          type: 'bulletList',
          attrs: { id: 'c' },
          content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'საქართველო' }] }] }],
        },
      ],
    },
  });
  return editor;
}

/** Puts the caret inside the top-level block at `index`. */
function caretIn(index: number): void {
  let pos = 0;
  editor.state.doc.forEach((_node, offset, i) => {
    if (i === index) pos = offset + 2;
  });
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, pos + (index === 2 ? 2 : 0))));
}

describe('[I5] a paragraph’s own language in the editor', () => {
  it('is set on the paragraph at the caret, shown as its lang, and cleared back to the room’s', () => {
    open();
    caretIn(1);
    expect(blockLanguageAt(editor.state)).toBeNull();
    expect(setBlockLanguage(editor, 'ru')).toBe(true);
    expect(blockLanguageAt(editor.state)).toBe('ru');
    expect(editor.view.dom.querySelector('p[lang="ru"]')?.textContent).toBe('Совещание приветствовало доклад.');
    expect(editor.view.dom.querySelectorAll('[lang]')).toHaveLength(1);
    expect(editor.state.doc.child(1).attrs.id).toBe('b');
    editor.state.doc.forEach((block) => {
      expect(blockProblem(block)).toBeNull();
    });
    expect(setBlockLanguage(editor, null)).toBe(true);
    expect(blockLanguageAt(editor.state)).toBeNull();
    expect(editor.view.dom.querySelectorAll('[lang]')).toHaveLength(0);
  });

  it('in a list marks the item and its paragraph, which a new item after it keeps', () => {
    open();
    caretIn(2);
    setBlockLanguage(editor, 'ka');
    expect(editor.view.dom.querySelector('li[lang="ka"] p[lang="ka"]')?.textContent).toBe('საქართველო');
    editor.state.doc.forEach((block) => {
      expect(blockProblem(block)).toBeNull();
    });
    editor.commands.splitListItem('listItem');
    expect(editor.view.dom.querySelectorAll('li[lang="ka"]')).toHaveLength(2);
  });

  it('a selection over several paragraphs marks each of them', () => {
    open();
    editor.commands.selectAll();
    setBlockLanguage(editor, 'de');
    expect(editor.view.dom.querySelectorAll('p[lang="de"]')).toHaveLength(3);
    expect(setBlockLanguage(editor, 'de')).toBe(false);
  });
});
