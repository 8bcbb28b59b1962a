/**
 * A paragraph's own language (PROTOCOL.md I5): what the block at the caret is written in,
 * and the command that sets or clears it on every paragraph, heading and list item the
 * selection touches. Cleared means the room's working language. (Imports end in .js: unit
 * tests load this file under Node's resolution.)
 */
import type { Editor } from '@tiptap/core';
import type { EditorState } from '@tiptap/pm/state';
import { BlockAttr } from '../../shared/blocks.js';
import { LANGUAGE_NODE_TYPES } from '../../shared/schema.js';
import { isTextLanguage, type TextLanguage } from '../../shared/textLanguages.js';

const CARRIES_LANGUAGE: ReadonlySet<string> = new Set(LANGUAGE_NODE_TYPES);

/** The language the text at the caret is marked with (its own, else its list item's), or null for the room's. */
export function blockLanguageAt(state: EditorState): TextLanguage | null {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const value: unknown = $from.node(depth).attrs[BlockAttr.lang];
    if (isTextLanguage(value)) return value;
  }
  return null;
}

/** Marks the selected paragraphs as written in `language`, or (null) in the room's; false when nothing changed. */
export function setBlockLanguage(editor: Editor, language: TextLanguage | null): boolean {
  return editor
    .chain()
    .focus()
    .command(({ tr, state }) => {
      let changed = false;
      state.doc.nodesBetween(state.selection.from, state.selection.to, (node, pos) => {
        if (!CARRIES_LANGUAGE.has(node.type.name) || (node.attrs[BlockAttr.lang] ?? null) === language) return true;
        tr.setNodeMarkup(pos, undefined, { ...node.attrs, [BlockAttr.lang]: language });
        changed = true;
        return true;
      });
      return changed;
    })
    .run();
}
