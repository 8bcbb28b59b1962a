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

export const lockPluginKey = new PluginKey('draftroomLocks');

/** The first locked top-level block that a transaction's steps reach into, if any. */
export function lockedBlockTouchedBy(tr: Transaction): PMNode | null {
  for (const [i, step] of tr.steps.entries()) {
    const range = stepRange(step);
    const doc = tr.docs[i]; // the document as this step found it
    if (!range || !doc) continue;
    let hit: PMNode | null = null;
    // Only top-level children are visited (the callback returns false), and only those
    // overlapping the range: work is proportional to the change, not the document.
    doc.nodesBetween(range.from, Math.min(range.to, doc.content.size), (node) => {
      if (!hit && isLockedNode(node)) hit = node;
      return false;
    });
    if (hit) return hit;
  }
  return null;
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

export const LockGuard = Extension.create<{ hooks: EditorHooks }>({
  name: 'lockGuard',
  // Before StarterKit's Enter (split block / list item) and Collaboration's keys.
  priority: 1100,

  addOptions() {
    return { hooks: undefined as unknown as EditorHooks };
  },

  addKeyboardShortcuts() {
    const hooks = this.options.hooks;
    return {
      Enter: ({ editor }) => {
        const { state, view } = editor;
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
    const report = (doc: PMNode, block: PMNode) => {
      const lockedBy = block.attrs[BlockAttr.lockedBy];
      const number = numberOfBlock(doc, block);
      // filterTransaction must stay pure; tell the app after this dispatch.
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
          const block = lockedBlockTouchedBy(tr);
          if (!block) return true;
          report(state.doc, block);
          return false;
        },
        props: {
          handleDOMEvents: {
            beforeinput(view, event) {
              const type = (event as InputEvent).inputType ?? '';
              if (!type.startsWith('insert') && !type.startsWith('delete') && !type.startsWith('format')) return false;
              const block = lockedBlockAtSelection(view.state);
              if (!block) return false;
              if (type === 'insertParagraph' || type === 'insertLineBreak') return false; // Enter is handled above
              event.preventDefault();
              report(view.state.doc, block);
              return true;
            },
          },
        },
      }),
    ];
  },
});
