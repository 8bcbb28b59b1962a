/**
 * Locking and unlocking from the UI (gutter button, toolbar, Mod-Shift-L): always through
 * the server's lock endpoint, which writes the lock into the document. Locking asks first
 * when someone else's caret is inside that paragraph right now.
 */
import { useCallback, useRef, useState } from 'react';
import { api } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { EditorApi } from '../editor/editorApi';
import { blockName, capitalize } from '../format';
import type { NoticeKind } from '../components/NoticeToast';

export interface PendingLock {
  blockId: string;
  number: number | null;
  names: string[];
}

interface LockActionsOptions {
  token: string;
  docId: string;
  editorApi: React.RefObject<EditorApi | null>;
  push(kind: NoticeKind, text: string, detail?: string): void;
}

export function useLockActions({ token, docId, editorApi, push }: LockActionsOptions) {
  const [pending, setPending] = useState<PendingLock | null>(null);
  const inFlight = useRef(new Set<string>());

  const perform = useCallback(
    async (blockId: string, lock: boolean) => {
      if (inFlight.current.has(blockId)) return;
      inFlight.current.add(blockId);
      const name = blockName(editorApi.current?.block(blockId)?.number);
      try {
        await api.setLock(token, docId, blockId, lock);
        // The lock arrives through the document (label and icon) and the room event
        // announces it to everyone, this person included: nothing more to do here.
      } catch (error) {
        const code = error instanceof ApiError ? error.code : '';
        const status = error instanceof ApiError ? error.status : 0;
        if (status === 409) push('info', `${capitalize(name)} was already ${lock ? 'locked' : 'unlocked'}.`);
        else if (status === 404) push('error', `${capitalize(name)} no longer exists; it may have been removed a moment ago.`);
        else if (status === 403 || code === 'E_FORBIDDEN') push('error', 'Your role may not lock or unlock paragraphs.');
        else push('error', `${capitalize(name)} was not ${lock ? 'locked' : 'unlocked'}.`, error instanceof Error ? error.message : undefined);
      } finally {
        inFlight.current.delete(blockId);
      }
    },
    [token, docId, editorApi, push],
  );

  /** Lock or unlock a block, asking first when others are editing it. */
  const toggle = useCallback(
    (blockId: string) => {
      const editor = editorApi.current;
      const info = editor?.block(blockId);
      if (!editor || !info) return;
      if (info.locked) {
        void perform(blockId, false);
        return;
      }
      const names = editor.peopleInBlock(blockId);
      if (names.length > 0) setPending({ blockId, number: info.number, names });
      else void perform(blockId, true);
    },
    [editorApi, perform],
  );

  const confirm = useCallback(() => {
    if (pending) void perform(pending.blockId, true);
    setPending(null);
  }, [pending, perform]);

  const cancel = useCallback(() => setPending(null), []);

  return { toggle, pending, confirm, cancel };
}
