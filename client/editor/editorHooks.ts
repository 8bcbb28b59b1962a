/**
 * What the editor's plugins ask of the surrounding app. The app passes one mutable
 * object and keeps it current, so the plugins (created once) always call the latest code.
 */
export interface EditorHooks {
  /** May this person edit text (not an observer)? */
  canEdit: boolean;
  /** May this person lock and unlock blocks (moderator, adviser)? */
  canLock: boolean;
  /** Lock or unlock a block (asks for confirmation when someone is editing it). */
  toggleLock(blockId: string): void;
  /** Show the lock history of one block. */
  showHistory(blockId: string): void;
  /** A local edit into a locked block was stopped before it left this browser. */
  editBlocked(blockNumber: number | null, lockedBy: string | null): void;
}

export function createEditorHooks(): EditorHooks {
  return {
    canEdit: false,
    canLock: false,
    toggleLock: () => undefined,
    showHistory: () => undefined,
    editBlocked: () => undefined,
  };
}
