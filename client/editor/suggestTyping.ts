/**
 * Typing turned into a suggestion (pen-holder mode, shared/editMode.ts): what a keystroke
 * would have done to a paragraph, worked out on the paragraph's text instead of the document,
 * so the amendment form opens with the paragraph as it would read, the caret where it was.
 * Pure: the lock guard (lockPlugin.ts) decides when, and the room opens the form.
 */
import type { EditorState } from '@tiptap/pm/state';
import { BlockAttr } from '../../shared/blocks';
import { blockTextMap, offsetAt } from './blockText';
import { topLevelBlockAt } from './blocks';

/** The amendment form's start: which paragraph, what kind, its text, and the caret in it. */
export interface SuggestionStart {
  blockId: string;
  kind: 'replace' | 'insert-after';
  text: string;
  /** A character offset into `text`. */
  caret: number;
}

/** What a keystroke asks for, whatever key or input event it came as. */
export type Keystroke =
  /** Typed, pasted or dropped words, replacing the selection. */
  | { kind: 'insert'; text: string }
  /** Backspace or Delete: the selection, or one character before or after the caret. */
  | { kind: 'delete'; direction: 'backward' | 'forward' }
  /** A deletion the browser worked out (a word, a line), in document positions. */
  | { kind: 'delete-range'; from: number; to: number }
  /** Enter: a new paragraph. */
  | { kind: 'new-paragraph' };

/** A code point's length ending at `offset` (1, or 2 for a surrogate pair). */
function charBefore(text: string, offset: number): number {
  const code = text.charCodeAt(offset - 1);
  return offset >= 2 && code >= 0xdc00 && code <= 0xdfff ? 2 : 1;
}

function charAfter(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  return offset + 1 < text.length && code >= 0xd800 && code <= 0xdbff ? 2 : 1;
}

/** `text` with the keystroke applied to the range from…to (offsets), and where the caret ends. */
export function applyKeystroke(text: string, from: number, to: number, keystroke: Keystroke): { text: string; caret: number } {
  switch (keystroke.kind) {
    case 'insert':
      return { text: text.slice(0, from) + keystroke.text + text.slice(to), caret: from + keystroke.text.length };
    case 'delete-range':
      return { text: text.slice(0, from) + text.slice(to), caret: from };
    case 'delete': {
      if (from < to) return { text: text.slice(0, from) + text.slice(to), caret: from };
      if (keystroke.direction === 'backward') {
        if (from === 0) return { text, caret: 0 };
        const start = from - charBefore(text, from);
        return { text: text.slice(0, start) + text.slice(from), caret: start };
      }
      if (from >= text.length) return { text, caret: from };
      return { text: text.slice(0, from) + text.slice(from + charAfter(text, from)), caret: from };
    }
    case 'new-paragraph':
      return { text: `${text.slice(0, from)}\n${text.slice(to)}`, caret: from + 1 };
  }
}

/**
 * The suggestion a keystroke starts in the paragraph at the selection, or null outside any
 * paragraph with an id. `pending`: the suggestion this person's last keystrokes already
 * started in this editor that the form has not taken over yet (fast typing reaches the editor
 * before the form has the focus); a keystroke in the same paragraph continues it.
 */
export function suggestionFor(state: EditorState, keystroke: Keystroke, pending: SuggestionStart | null): SuggestionStart | null {
  const { selection, doc } = state;
  const block = topLevelBlockAt(doc, selection.from);
  const blockId = block?.node.attrs[BlockAttr.id];
  if (!block || typeof blockId !== 'string') return null;
  if (pending?.blockId === blockId && keystroke.kind !== 'delete-range') {
    // Enter in a paragraph being added is a line of it; in a replacement, it starts an addition.
    if (keystroke.kind === 'new-paragraph' && pending.kind === 'replace') return { blockId, kind: 'insert-after', text: '', caret: 0 };
    return { ...pending, ...applyKeystroke(pending.text, pending.caret, pending.caret, keystroke) };
  }
  if (keystroke.kind === 'new-paragraph') return { blockId, kind: 'insert-after', text: '', caret: 0 };
  const map = blockTextMap(block.node, block.start);
  const clamp = (pos: number) => offsetAt(map, Math.min(Math.max(pos, block.start), block.end));
  const [from, to] =
    keystroke.kind === 'delete-range'
      ? [clamp(keystroke.from), clamp(keystroke.to)]
      : [clamp(selection.from), clamp(Math.min(selection.to, block.end))];
  return { blockId, kind: 'replace', ...applyKeystroke(map.text, from, to, keystroke) };
}
