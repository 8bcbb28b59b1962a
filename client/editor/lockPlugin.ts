/**
 * Client side of paragraph locks. The server is the boundary; this only keeps a person
 * from making edits the server would refuse anyway, and keeps new paragraphs possible:
 *
 *  - filterTransaction refuses local transactions whose steps reach into a locked
 *    top-level block (change, reformat, delete, join, wrap). Yjs-origin transactions
 *    (remote edits, the server's lock attributes, undo/redo through Yjs) are never filtered.
 *  - beforeinput is cancelled inside a locked block, so the browser does not draw text
 *    that the state would then refuse. Selecting and copying still work.
 *  - Enter in a locked block makes a new empty paragraph after it (before it, at its very
 *    start) instead of splitting it; Mod-Shift-L locks or unlocks the block with the caret.
 *  - When a lock lands, local undo history is forgotten (see the plugin view below).
 *
 * Pen-holder mode (shared/editMode.ts) holds every block the same way for someone whose
 * typing is a suggestion (`hooks.typesSuggestions`, see `heldFor`): nothing they do reaches
 * the text, and instead of a silent refusal the keystroke (typing, Enter, Backspace/Delete,
 * paste) opens the amendment form for that paragraph with the keystroke applied there
 * (suggestTyping.ts). The server undoes such a change anyway (E_PEN_HOLDER); this spares it.
 */
import { Extension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, Selection, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { BlockAttr } from '../../shared/blocks';
import { blockNumberer } from '../../shared/blockNumbering';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import type { UndoManager } from 'yjs';
import { blockIndexKey } from './blockIndex';
import { isLockedNode, stepRange, topLevelBlockAt, type BlockInfo } from './blocks';
import type { EditorHooks } from './editorHooks';
import { suggestionFor, type Keystroke, type SuggestionStart } from './suggestTyping';

export const lockPluginKey = new PluginKey('draftroomLocks');

/**
 * Why this person may not change a top-level block from this page, or null when they may:
 * it is locked, or they only suggest (pen-holder mode), which holds every block. The one
 * place that decides it; the guard's filter, its input handling and Enter all ask here.
 */
export function heldFor(block: PMNode, hooks: Pick<EditorHooks, 'typesSuggestions'>): 'locked' | 'suggesting' | null {
  if (isLockedNode(block)) return 'locked';
  return hooks.typesSuggestions ? 'suggesting' : null;
}

/** The first top-level block that a transaction's steps reach into and that `held` holds (by default: a locked one), if any. */
export function lockedBlockTouchedBy(tr: Transaction, held: (block: PMNode) => boolean = isLockedNode): PMNode | null {
  for (const [i, step] of tr.steps.entries()) {
    const range = stepRange(step);
    const doc = tr.docs[i]; // the document as this step found it
    if (!range || !doc) continue;
    let hit: PMNode | null = null;
    // Only top-level children are visited (the callback returns false), and only those
    // overlapping the range: work is proportional to the change, not the document.
    doc.nodesBetween(range.from, Math.min(range.to, doc.content.size), (node) => {
      if (!hit && held(node)) hit = node;
      return false;
    });
    if (hit) return hit;
  }
  return null;
}

/** What an input event asks of the text, as a keystroke a suggestion can apply; null for formatting and history. */
function keystrokeOf(view: EditorView, event: InputEvent): Keystroke | null {
  const type = event.inputType;
  if (type === 'insertParagraph') return { kind: 'new-paragraph' };
  if (type === 'insertLineBreak') return { kind: 'insert', text: '\n' };
  if (type.startsWith('insert')) {
    const text = event.data ?? event.dataTransfer?.getData('text/plain') ?? '';
    return text === '' ? null : { kind: 'insert', text };
  }
  if (!type.startsWith('delete')) return null;
  // The browser knows how far a word or line deletion reaches; where it gives no range, one character.
  const range = event.getTargetRanges?.()[0];
  if (range) {
    try {
      const from = view.posAtDOM(range.startContainer, range.startOffset);
      const to = view.posAtDOM(range.endContainer, range.endOffset);
      if (to > from) return { kind: 'delete-range', from, to };
    } catch {
      // A range outside the editor's content: fall back to one character.
    }
  }
  return { kind: 'delete', direction: type.includes('Forward') ? 'forward' : 'backward' };
}

/** The locked top-level block under the selection, if any. */
export function lockedBlockAtSelection(state: EditorState): PMNode | null {
  const { from, to } = state.selection;
  let hit: PMNode | null = null;
  state.doc.nodesBetween(from, to, (node) => {
    if (!hit && isLockedNode(node)) hit = node;
    return false;
  });
  return hit;
}

/** True when a block that was unlocked in `before` is locked in `after`. */
function newlyLocked(before: BlockInfo[] | undefined, after: BlockInfo[] | undefined): boolean {
  if (!before || !after || before === after) return false;
  const wasLocked = new Set(before.filter((b) => b.locked).map((b) => b.id));
  return after.some((b) => b.locked && !wasLocked.has(b.id));
}

/** The margin number of a top-level block of `doc` (null for headings, and for a node not in `doc`). */
export function numberOfBlock(doc: PMNode, block: PMNode): number | null {
  const numberOf = blockNumberer();
  let result: number | null = null;
  let found = false;
  doc.forEach((node) => {
    if (found) return;
    const number = numberOf(node.type.name);
    if (node !== block) return;
    result = number;
    found = true;
  });
  return result;
}

/** Inserts an empty paragraph at a top-level position and puts the caret in it. */
export function insertParagraphAt(view: EditorView, pos: number): void {
  const { state } = view;
  const paragraph = state.schema.node('paragraph');
  const tr = state.tr.insert(pos, paragraph);
  tr.setSelection(TextSelection.create(tr.doc, pos + 1)).scrollIntoView();
  view.dispatch(tr);
  view.focus();
}

interface GuardStorage {
  /** The suggestion this person's keystrokes started that the amendment form has not taken over yet. */
  pending: SuggestionStart | null;
}

/** Opens the amendment form with `keystroke` applied to the paragraph at the selection; false outside one. */
function startSuggestion(view: EditorView, hooks: EditorHooks, storage: GuardStorage, keystroke: Keystroke): boolean {
  const fresh = storage.pending === null;
  const start = suggestionFor(view.state, keystroke, storage.pending);
  if (!start) return false;
  storage.pending = start;
  hooks.suggest(start, fresh);
  return true;
}

export const LockGuard = Extension.create<{ hooks: EditorHooks }, GuardStorage>({
  name: 'lockGuard',
  // Before StarterKit's Enter (split block / list item) and Collaboration's keys.
  priority: 1100,

  addOptions() {
    return { hooks: undefined as unknown as EditorHooks };
  },

  addStorage() {
    return { pending: null };
  },

  addKeyboardShortcuts() {
    const hooks = this.options.hooks;
    const storage = this.storage;
    const suggest = (view: EditorView, keystroke: Keystroke) => startSuggestion(view, hooks, storage, keystroke);
    return {
      Enter: ({ editor }) => {
        const { state, view } = editor;
        // Someone who suggests proposes a paragraph after this one instead, locked or not.
        if (hooks.typesSuggestions && hooks.canEdit) return suggest(view, { kind: 'new-paragraph' });
        const block = topLevelBlockAt(state.doc, state.selection.from);
        if (!block || !isLockedNode(block.node) || !hooks.canEdit) return false;
        const firstText = Selection.findFrom(state.doc.resolve(block.start), 1, true);
        const atStart = state.selection.empty && firstText !== null && state.selection.from <= firstText.from;
        insertParagraphAt(view, atStart ? block.start : block.end);
        return true;
      },
      'Mod-Shift-l': ({ editor }) => {
        if (!hooks.canLock) return false;
        const block = topLevelBlockAt(editor.state.doc, editor.state.selection.from);
        const id = block?.node.attrs[BlockAttr.id];
        if (typeof id !== 'string') return false;
        hooks.toggleLock(id);
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    const hooks = this.options.hooks;
    const storage = this.storage;
    const suggest = (view: EditorView, keystroke: Keystroke) => startSuggestion(view, hooks, storage, keystroke);
    const report = (doc: PMNode, block: PMNode | null) => {
      // filterTransaction must stay pure; tell the app after this dispatch.
      if (!block || heldFor(block, hooks) === 'suggesting') {
        queueMicrotask(() => hooks.suggestionOnly());
        return;
      }
      const lockedBy = block.attrs[BlockAttr.lockedBy];
      const number = numberOfBlock(doc, block);
      queueMicrotask(() => hooks.editBlocked(number, typeof lockedBy === 'string' ? lockedBy : null));
    };
    return [
      new Plugin({
        key: lockPluginKey,
        // When a lock lands, Yjs undo could otherwise reach into the locked block (undo is
        // a Yjs-origin change, which this plugin must not filter) and send text the server
        // refuses. Forget local history at that moment; refusals clear it too.
        view: () => ({
          update(view, prevState) {
            if (!newlyLocked(blockIndexKey.getState(prevState), blockIndexKey.getState(view.state))) return;
            const undo = yUndoPluginKey.getState(view.state) as { undoManager?: UndoManager } | undefined;
            undo?.undoManager?.clear();
          },
        }),
        filterTransaction(tr, state) {
          if (!tr.docChanged || isChangeOrigin(tr)) return true;
          const block = lockedBlockTouchedBy(tr, (node) => heldFor(node, hooks) !== null);
          if (block) {
            report(state.doc, block);
            return false;
          }
          // Someone who suggests adds no paragraph between others either.
          if (!hooks.typesSuggestions) return true;
          report(state.doc, null);
          return false;
        },
        props: {
          handleKeyDown(view, event) {
            if (!hooks.typesSuggestions || !hooks.canEdit || event.isComposing) return false;
            const { empty } = view.state.selection;
            if (event.key === 'Enter' && event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey) {
              return suggest(view, { kind: 'insert', text: '\n' });
            }
            if (event.key !== 'Backspace' && event.key !== 'Delete') return false;
            // With a modifier and no selection the browser deletes a word or a line: its beforeinput says how far.
            if (empty && (event.ctrlKey || event.metaKey || event.altKey)) return false;
            return suggest(view, { kind: 'delete', direction: event.key === 'Backspace' ? 'backward' : 'forward' });
          },
          handlePaste(view, event, slice) {
            if (!hooks.typesSuggestions || !hooks.canEdit || lockedBlockAtSelection(view.state)) return false;
            const text = event.clipboardData?.getData('text/plain') || slice.content.textBetween(0, slice.content.size, '\n', '\n');
            return text === '' ? true : suggest(view, { kind: 'insert', text });
          },
          handleDrop(view) {
            if (!hooks.typesSuggestions) return false;
            report(view.state.doc, null);
            return true;
          },
          handleDOMEvents: {
            // Coming back to the text starts a new suggestion from the paragraph as it reads.
            focus() {
              storage.pending = null;
              return false;
            },
            // An input method (a dead key for an accent, CJK) composes text the browser draws
            // before anything may cancel it; the text is refused like any edit once composed, and
            // what was composed becomes the suggestion.
            compositionend(view, event) {
              const text = (event as CompositionEvent).data;
              if (hooks.typesSuggestions && hooks.canEdit && text) suggest(view, { kind: 'insert', text });
              return false;
            },
            beforeinput(view, event) {
              const type = (event as InputEvent).inputType ?? '';
              if (!type.startsWith('insert') && !type.startsWith('delete') && !type.startsWith('format')) return false;
              const block = lockedBlockAtSelection(view.state);
              if (block) {
                if (type === 'insertParagraph' || type === 'insertLineBreak') return false; // Enter is handled above
                event.preventDefault();
                report(view.state.doc, block);
                return true;
              }
              if (!hooks.typesSuggestions || !hooks.canEdit) return false;
              // Mid-composition text cannot be cancelled and is not final: compositionend brings the text.
              if (type === 'insertCompositionText' || type === 'deleteCompositionText') return false;
              event.preventDefault();
              const keystroke = keystrokeOf(view, event as InputEvent);
              if (!keystroke || !suggest(view, keystroke))
                report(view.state.doc, topLevelBlockAt(view.state.doc, view.state.selection.from)?.node ?? null);
              return true;
            },
          },
        },
      }),
    ];
  },
});
