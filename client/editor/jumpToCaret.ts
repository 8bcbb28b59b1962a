/**
 * "Where is she?": scrolls the editor to another person's caret, read from their awareness
 * state as every Yjs editor publishes it, and flashes it so the eye finds it.
 */
import type { EditorView } from '@tiptap/pm/view';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { caretElement, CARET_FLASH_CLASS } from './remoteCarets';

/** Scrolls to the caret of awareness client `clientId` and flashes it; false when they have no caret in the text. */
export function jumpToCaret(view: EditorView, awareness: Awareness, clientId: number): boolean {
  const entry = awareness.getStates().get(clientId) as { cursor?: { head?: unknown } | null } | undefined;
  const sync = ySyncPluginKey.getState(view.state);
  if (!entry?.cursor?.head || !sync?.binding) return false;
  const head = relativePositionToAbsolutePosition(
    sync.doc,
    sync.type,
    Y.createRelativePositionFromJSON(entry.cursor.head),
    sync.binding.mapping,
  );
  if (head === null) return false;
  const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const caret = caretElement(view, clientId);
  const target = caret ?? nearestElement(view, Math.min(head, view.state.doc.content.size));
  // Centred, so the sticky header and toolbar never cover it.
  target?.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
  if (caret) {
    caret.classList.remove(CARET_FLASH_CLASS);
    // Reading layout restarts the animation when the same caret is asked for twice.
    void caret.offsetWidth;
    caret.classList.add(CARET_FLASH_CLASS);
    caret.addEventListener('animationend', () => caret.classList.remove(CARET_FLASH_CLASS), { once: true });
  }
  return true;
}

function nearestElement(view: EditorView, pos: number): HTMLElement | null {
  const { node } = view.domAtPos(pos);
  return node instanceof HTMLElement ? node : node.parentElement;
}
