/**
 * What the editor's plugins ask of the surrounding app. The app passes one mutable
 * object and keeps it current, so the plugins (created once) always call the latest code.
 */
import type { BlockProblem } from '../../shared/blockRules';
import type { BlockStatus } from '../../shared/blocks';
import { BlockMetaStore } from './blockMeta';
import type { ClientAuthor } from '../../shared/workflow';
import type { SuggestionStart } from './suggestTyping';

/** The tabs of a paragraph's side panel. */
export type BlockTab = 'amendments' | 'comments';

export interface EditorHooks {
  /** May this person edit text (not an observer)? Editors may also propose amendments. */
  canEdit: boolean;
  /** May this person comment and co-sponsor? */
  canComment: boolean;
  /** May this person lock and unlock blocks, set their status and present them (moderator, adviser)? */
  canLock: boolean;
  /**
   * True while this person's typing is a suggestion rather than an edit (pen-holder mode,
   * shared/editMode.ts `typesSuggestions`): every block is held for them as if locked.
   */
  typesSuggestions: boolean;
  /** Per-block counts and the projector's block, watched by each block's margin. */
  readonly meta: BlockMetaStore;
  /** Lock or unlock a block (asks for confirmation when someone is editing it). */
  toggleLock(blockId: string): void;
  /** Show the lock history of one block. */
  showHistory(blockId: string): void;
  /** A local edit into a locked block was stopped before it left this browser. */
  editBlocked(blockNumber: number | null, lockedBy: string | null): void;
  /**
   * Typing into a paragraph while `typesSuggestions`: open the amendment form with what was
   * typed applied. `fresh`: the first keystroke since the person came back to the text, not one
   * of a burst the form has not taken over yet (which carries on the same words).
   */
  suggest(start: SuggestionStart, fresh: boolean): void;
  /** A local change while `typesSuggestions` that is not typing into a paragraph (formatting, a drop) was stopped. */
  suggestionOnly(): void;
  /** A local edit that would break the document rules (too deep, too long) was stopped before it left this browser. */
  changeRefused(problem: BlockProblem): void;
  /** Set a block's status; resolves false when it was not set (refused, or cancelled). */
  setStatus(blockId: string, status: BlockStatus): Promise<boolean>;
  /** Open a block's amendments or comments; `propose` opens the amendment form too, starting from `draft` if given. */
  openBlock(blockId: string, tab: BlockTab, propose?: boolean, draft?: string): void;
  /** Put a block on the projector, or take it off (null). */
  present(blockId: string | null): void;
  /** Whose each client id of the room is, for "Show authors" (U1). */
  /** Whose each client id is (U1), with the time marks made from `marksFrom` on, or all of them (U2). */
  loadAuthors(marksFrom?: string): Promise<ClientAuthor[]>;
}

export function createEditorHooks(): EditorHooks {
  return {
    canEdit: false,
    canComment: false,
    canLock: false,
    typesSuggestions: false,
    meta: new BlockMetaStore(),
    toggleLock: () => undefined,
    showHistory: () => undefined,
    editBlocked: () => undefined,
    suggest: () => undefined,
    suggestionOnly: () => undefined,
    changeRefused: () => undefined,
    setStatus: async () => false,
    openBlock: () => undefined,
    present: () => undefined,
    loadAuthors: async () => [],
  };
}
