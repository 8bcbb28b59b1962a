/**
 * The view of a plugin whose decorations are read from the Yjs text (who wrote it, where a
 * comment's phrase stands): it asks the plugin to work them out again once the bound text has
 * moved, at most once per frame and only while `active` says it draws something. A local edit
 * reaches the Yjs text only after its transaction, so the plugin maps its decorations through
 * ProseMirror's steps in between; on every keystroke of a busy room only that mapping runs.
 */
import type { PluginView, Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

export function redrawOnYjsChange(view: EditorView, active: () => boolean, redraw: (tr: Transaction) => Transaction): PluginView {
  let frame: ReturnType<typeof setTimeout> | null = null;
  const recompute = () => {
    frame = null;
    if (!view.isDestroyed && active()) view.dispatch(redraw(view.state.tr));
  };
  const onYjsChange = () => {
    if (frame === null && active()) frame = setTimeout(recompute, 16);
  };
  const fragment = (ySyncPluginKey.getState(view.state) as { type?: Y.XmlFragment } | undefined)?.type;
  fragment?.observeDeep(onYjsChange);
  return {
    destroy() {
      fragment?.unobserveDeep(onYjsChange);
      if (frame !== null) clearTimeout(frame);
    },
  };
}
