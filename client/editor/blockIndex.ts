/**
 * The top-level blocks as the margin numbers them (id, type, number, lock state), kept in
 * plugin state for the UI (notices, lock history, confirmations). Re-read only when the
 * top-level structure or block attributes change; an edit inside one block costs nothing.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { readBlocks, sameTopLevel, stepStaysInsideOneBlock, type BlockInfo } from './blocks';

export const blockIndexKey = new PluginKey<BlockInfo[]>('draftroomBlockIndex');

export const BlockIndex = Extension.create({
  name: 'blockIndex',

  addProseMirrorPlugins() {
    return [
      new Plugin<BlockInfo[]>({
        key: blockIndexKey,
        state: {
          init: (_config, state) => readBlocks(state.doc),
          apply(tr, blocks) {
            if (!tr.docChanged) return blocks;
            if (tr.steps.every((step, i) => stepStaysInsideOneBlock(tr.docs[i] ?? tr.before, step))) return blocks;
            // Remote edits arrive as one whole-document replace: compare, don't re-read.
            return sameTopLevel(tr.before, tr.doc) ? blocks : readBlocks(tr.doc);
          },
        },
      }),
    ];
  },
});
