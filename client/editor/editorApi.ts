/**
 * What the room (outside the lazily loaded editor chunk) may ask of the editor: block
 * numbers, who is editing a block right now, clearing the undo stack after a refusal, a
 * block's text, and word of changes.
 */
import type { Editor } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import { relativePositionToAbsolutePosition, ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap';
import i18next from 'i18next';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { BlockAttr } from '../../shared/blocks';
import { blockIndexKey } from './blockIndex';
import { findBlockById, type BlockInfo } from './blocks';
import { jumpToCaret } from './jumpToCaret';
import { showSuggestionsMeta, suggestionMarksKey, type SuggestionMark } from './suggestionMarks';
import {
  phraseCommentsKey,
  phraseRange,
  selectedPhrase,
  showPhrasesMeta,
  type EncodedAnchor,
  type PhraseMark,
  type SelectedPhrase,
} from './phraseComments';

export interface EditorApi {
  /** The top-level blocks as the margin numbers them. */
  blocks(): BlockInfo[];
  block(blockId: string): BlockInfo | null;
  /** Names of other people whose caret is inside this block now. */
  peopleInBlock(blockId: string): string[];
  /** Forgets local undo history, so Ctrl-Z cannot re-send a refused change. */
  clearUndo(): void;
  /** Scrolls a block into view and puts the caret at its start. */
  revealBlock(blockId: string): void;
  /** The top-level block this person is writing in (the caret's, while the text has focus), or null. */
  caretBlockId(): string | null;
  /** Scrolls to another person's caret (awareness client id) and flashes it; false when they have none in the text. */
  revealPerson(clientId: number): boolean;
  /** A block's plain text as the server reads it (inner blocks and line breaks as newlines), or null if it is gone. */
  blockText(blockId: string): string | null;
  /** Calls `listener` after every change of the text (local or remote); returns the way to stop. */
  onTextChange(listener: () => void): () => void;
  /** Draws these pending suggestions in the text as tracked changes (suggestionMarks.ts); an empty list draws none. */
  showSuggestions(marks: readonly SuggestionMark[]): void;
  /** Calls `listener` when the list of blocks changes (added, removed, moved, locked, status); returns the way to stop. */
  onBlocksChange(listener: () => void): () => void;
  /** The selection as a phrase to comment on (C4), or null when it is not one (phraseComments.ts). */
  selectedPhrase(): SelectedPhrase | null;
  /** Highlights these open threads' phrases in the text; an empty list highlights none. */
  showPhrases(marks: readonly PhraseMark[]): void;
  /** The words of a phrase where they stand now, or null when they were deleted. */
  phraseNow(anchor: EncodedAnchor): string | null;
  /** Scrolls to a phrase and selects it; false when its words were deleted. */
  revealPhrase(anchor: EncodedAnchor): boolean;
}

export function createEditorApi(editor: Editor, awareness: Awareness): EditorApi {
  const blocks = () => blockIndexKey.getState(editor.state) ?? [];
  return {
    blocks,
    block: (blockId) => blocks().find((b) => b.id === blockId) ?? null,

    peopleInBlock(blockId) {
      const found = findBlockById(editor.state.doc, blockId);
      const sync = ySyncPluginKey.getState(editor.state);
      if (!found || !sync?.binding) return [];
      const start = found.start;
      const end = start + found.node.nodeSize;
      const names: string[] = [];
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID) return;
        const cursor = (state as { cursor?: { head?: unknown } }).cursor;
        const user = (state as { user?: { name?: unknown } }).user;
        if (!cursor?.head) return;
        const head = relativePositionToAbsolutePosition(
          sync.doc,
          sync.type,
          Y.createRelativePositionFromJSON(cursor.head),
          sync.binding.mapping,
        );
        if (typeof head === 'number' && head > start && head < end) {
          names.push(typeof user?.name === 'string' ? user.name : i18next.t('common:someone'));
        }
      });
      return [...new Set(names)];
    },

    clearUndo() {
      const undo = yUndoPluginKey.getState(editor.state) as { undoManager?: Y.UndoManager } | undefined;
      undo?.undoManager?.clear();
    },

    blockText(blockId) {
      const found = findBlockById(editor.state.doc, blockId);
      return found ? found.node.textBetween(0, found.node.content.size, '\n', '\n') : null;
    },

    onTextChange(listener) {
      const handler = ({ transaction }: { transaction: Transaction }) => {
        if (transaction.docChanged) listener();
      };
      editor.on('transaction', handler);
      return () => void editor.off('transaction', handler);
    },

    selectedPhrase: () => selectedPhrase(editor.state),

    showPhrases(marks) {
      if (editor.isDestroyed) return;
      const drawn = phraseCommentsKey.getState(editor.state)?.marks ?? [];
      if (drawn.length === 0 && marks.length === 0) return;
      editor.view.dispatch(editor.state.tr.setMeta(phraseCommentsKey, showPhrasesMeta(marks)));
    },

    phraseNow(anchor) {
      const range = phraseRange(editor.state, anchor);
      return range === null ? null : editor.state.doc.textBetween(range.from, range.to, '\n', '\uFFFC');
    },

    revealPhrase(anchor) {
      const range = phraseRange(editor.state, anchor);
      if (range === null) return false;
      editor.chain().setTextSelection(range).scrollIntoView().run();
      return true;
    },

    showSuggestions(marks) {
      if (editor.isDestroyed) return;
      const drawn = suggestionMarksKey.getState(editor.state)?.marks ?? [];
      if (drawn.length === 0 && marks.length === 0) return;
      editor.view.dispatch(editor.state.tr.setMeta(suggestionMarksKey, showSuggestionsMeta(marks)));
    },

    onBlocksChange(listener) {
      // The block index keeps its array while the structure stays the same: compare identities.
      let last = blocks();
      const handler = () => {
        const next = blocks();
        if (next === last) return;
        last = next;
        listener();
      };
      editor.on('transaction', handler);
      return () => void editor.off('transaction', handler);
    },

    revealBlock(blockId) {
      const found = findBlockById(editor.state.doc, blockId);
      if (!found) return;
      editor
        .chain()
        .focus()
        .setTextSelection(found.start + 1)
        .scrollIntoView()
        .run();
      const dom = editor.view.nodeDOM(found.start);
      if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'center', behavior: 'smooth' });
    },

    revealPerson: (clientId) => jumpToCaret(editor.view, awareness, clientId),

    caretBlockId() {
      // Unfocused, the selection is wherever the editor started (¶ 1): not where anyone writes.
      if (!editor.isFocused) return null;
      const { $head } = editor.state.selection;
      const id = $head.depth >= 1 ? $head.node(1).attrs[BlockAttr.id] : null;
      return typeof id === 'string' ? id : null;
    },
  };
}
