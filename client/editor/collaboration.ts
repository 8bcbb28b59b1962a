/**
 * TipTap's Collaboration (the y-tiptap binding between ProseMirror and Yjs), changed in one
 * respect: after a transaction that left the document as it was (a caret moving, someone
 * else's caret redrawn, twenty times a second in a full room) the binding does not write
 * the document to Yjs again. y-tiptap did, every time: a Yjs transaction and a comparison
 * of every top-level block with its Yjs twin, most of the editor's JavaScript in a
 * 1,000-paragraph room.
 *
 * What must stay true: every document that a transaction changed still reaches Yjs.
 * Documents are immutable; an unchanged document is the same object, already written (or
 * rendered from Yjs itself).
 */
import Collaboration from '@tiptap/extension-collaboration';
import type { Plugin, PluginView } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

function writeOnlyChangedDocs(plugin: Plugin): void {
  const makeView = plugin.spec.view;
  if (!makeView) return;
  // The same way Collaboration itself wraps y-tiptap's undo plugin view.
  plugin.spec.view = (view: EditorView): PluginView => {
    const inner = makeView(view);
    return {
      update(view, prevState) {
        if (view.state.doc !== prevState.doc) inner.update?.(view, prevState);
      },
      destroy() {
        inner.destroy?.();
      },
    };
  };
}

export const DraftCollaboration = Collaboration.extend({
  addProseMirrorPlugins() {
    const plugins = this.parent?.() ?? [];
    for (const plugin of plugins) {
      if (plugin && plugin.spec.key === ySyncPluginKey) writeOnlyChangedDocs(plugin);
    }
    return plugins;
  },
});
