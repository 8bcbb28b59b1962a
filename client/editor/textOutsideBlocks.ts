/**
 * Text that arrives with no keydown (an input method's commit, an emoji panel, dictation, an
 * on-screen keyboard) goes where the browser's selection is. After a click into an empty
 * paragraph that selection can sit in the block's wrapper, beside the paragraph; ProseMirror
 * reads nothing outside a node's content, so the words showed on that page only and never
 * reached the document (a keydown would have put the selection back first). When the
 * browser is about to insert outside a block's content, ProseMirror inserts instead, at its
 * own selection, which is where the person sees the caret.
 */
import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

function selectionInsideContent(view: EditorView): boolean {
  const anchor = view.dom.ownerDocument.getSelection()?.anchorNode ?? null;
  if (!anchor || !view.dom.contains(anchor)) return true; // not ours to judge
  const element = anchor instanceof Element ? anchor : anchor.parentElement;
  // Inside a block's wrapper but not inside its editable content: the gap ProseMirror cannot read.
  return !(element?.closest('.dr-block') && !element.closest('.dr-block [data-id]'));
}

export const TextOutsideBlocks = Extension.create({
  name: 'textOutsideBlocks',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        props: {
          handleDOMEvents: {
            beforeinput(view, event) {
              if (event.inputType !== 'insertText' || !event.data || !view.editable) return false;
              if (selectionInsideContent(view)) return false;
              event.preventDefault();
              view.dispatch(view.state.tr.insertText(event.data).scrollIntoView());
              return true;
            },
          },
        },
      }),
    ];
  },
});
