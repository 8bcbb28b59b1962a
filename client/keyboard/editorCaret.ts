/**
 * The editor's caret as the room's keys need it: which top-level block holds it (the
 * "current paragraph" the shortcuts act on; it stays put while focus is in the margin, a
 * panel or the toolbar) and the way back to it.
 */
import type { Editor } from '@tiptap/core';
import { BlockAttr } from '../../shared/blocks';
import { topLevelBlockAt } from '../editor/blocks';

export interface EditorCaret {
  /** Id of the top-level block that holds the caret, or null (no block there yet). */
  blockId(): string | null;
  /** Focuses the text with the caret where it was, scrolled into view. */
  focus(): void;
}

export function createEditorCaret(editor: Editor): EditorCaret {
  return {
    blockId() {
      const block = topLevelBlockAt(editor.state.doc, editor.state.selection.head);
      const id = block?.node.attrs[BlockAttr.id];
      return typeof id === 'string' && id !== '' ? id : null;
    },
    focus() {
      // No position: TipTap restores the selection the editor holds, instead of the browser's guess.
      editor.commands.focus(null, { scrollIntoView: true });
    },
  };
}
