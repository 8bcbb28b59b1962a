/**
 * The document rules in the editor (shared/blockRules.ts, PROTOCOL.md I2–I3): a local change
 * that would nest a block too deep, make it too long, or grow the document past its caps is
 * stopped before it leaves this browser, and the person is told why. The server enforces the
 * same rules whatever a client sends; this only spares the person a change the server would
 * undo. Remote (Yjs-origin) transactions are never filtered.
 *
 * Cost per keystroke: the blocks the transaction touched, each once; the document's size is
 * ProseMirror's own count, which is never smaller than the server's.
 */
import { Extension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { blockProblem, type BlockProblem } from '../../shared/blockRules';
import { MAX_BLOCKS, MAX_DOCUMENT_CHARS } from '../../shared/limits';
import { ErrorCode } from '../../shared/protocol';
import { stepRange } from './blocks';
import type { EditorHooks } from './editorHooks';

/** The first problem a local transaction would leave in the blocks it touched, or in the document. */
export function problemOf(tr: Transaction): BlockProblem | null {
  const grows = tr.doc.content.size > tr.before.content.size;
  if (grows && (tr.doc.childCount > MAX_BLOCKS || tr.doc.content.size > MAX_DOCUMENT_CHARS)) {
    return { reason: ErrorCode.tooLarge, detail: 'document' };
  }
  const touched = new Set<PMNode>();
  tr.steps.forEach((step, i) => {
    const range = stepRange(step);
    if (!range) return;
    // Where the step's range ended up once every later step applied.
    const later = tr.mapping.slice(i + 1);
    const from = later.map(range.from, -1);
    const to = Math.min(later.map(range.to, 1), tr.doc.content.size);
    tr.doc.nodesBetween(Math.min(from, to), to, (node) => {
      touched.add(node);
      return false;
    });
  });
  for (const block of touched) {
    const problem = blockProblem(block);
    // A block already too long may still shrink; it may not grow.
    if (problem !== null && (problem.reason === ErrorCode.invalid || grows)) return problem;
  }
  return null;
}

export const BlockRulesGuard = Extension.create<{ hooks: EditorHooks }>({
  name: 'blockRulesGuard',

  addOptions() {
    return { hooks: undefined as unknown as EditorHooks };
  },

  addProseMirrorPlugins() {
    const hooks = this.options.hooks;
    return [
      new Plugin({
        key: new PluginKey('draftroomBlockRules'),
        filterTransaction(tr) {
          if (!tr.docChanged || isChangeOrigin(tr)) return true;
          const problem = problemOf(tr);
          if (problem === null) return true;
          // filterTransaction must stay pure; tell the app after this dispatch.
          queueMicrotask(() => hooks.changeRefused(problem));
          return false;
        },
      }),
    ];
  },
});
