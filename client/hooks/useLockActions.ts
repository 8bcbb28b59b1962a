/**
 * Locking and unlocking from the UI (gutter button, toolbar, Mod-Shift-L): always through
 * the server's lock endpoint, which writes the lock into the document. Locking asks first
 * when someone else's caret is inside that paragraph right now; unlocking undoes agreement,
 * so it asks for the reason that goes into the record (M9).
 */
import i18next from 'i18next';
import { useCallback, useRef, useState } from 'react';
import { api } from '../api/endpoints';
import { RequestError } from '../api/http';
import type { EditorApi } from '../editor/editorApi';
import { apiErrorText } from '../i18n/apiErrorText';
import { blockWords } from '../format';
import type { NoticeKind } from '../components/NoticeToast';

export interface PendingLock {
  blockId: string;
  number: number | null;
  names: string[];
}

/** An unlock waiting for its reason. */
export interface PendingUnlock {
  blockId: string;
  number: number | null;
}

interface LockActionsOptions {
  token: string;
  docId: string;
  editorApi: React.RefObject<EditorApi | null>;
  push(kind: NoticeKind, text: string, detail?: string): void;
}

export function useLockActions({ token, docId, editorApi, push }: LockActionsOptions) {
  const [pending, setPending] = useState<PendingLock | null>(null);
  const [unlocking, setUnlocking] = useState<PendingUnlock | null>(null);
  const inFlight = useRef(new Set<string>());

  const perform = useCallback(
    /** Locks, or (with its reason) unlocks. */
    async (blockId: string, lock: boolean, reason = '') => {
      if (inFlight.current.has(blockId)) return;
      inFlight.current.add(blockId);
      const name = blockWords(editorApi.current?.block(blockId)?.number);
      try {
        await (lock ? api.lock(token, docId, blockId) : api.unlock(token, docId, blockId, reason));
        // The lock arrives through the document (label and icon) and the room event
        // announces it to everyone, this person included: nothing more to do here.
      } catch (error) {
        const code = error instanceof RequestError ? error.code : '';
        const status = error instanceof RequestError ? error.status : 0;
        const lockWord = lock ? 'lock' : 'unlock';
        if (status === 409) push('info', i18next.t('editor:lock.already', { ...name, action: lockWord }));
        else if (status === 404) push('error', i18next.t('editor:lock.gone', name));
        else if (status === 403 || code === 'E_FORBIDDEN') push('error', i18next.t('editor:lock.forbidden'));
        else push('error', i18next.t('editor:lock.failed', { ...name, action: lockWord }), apiErrorText(error));
      } finally {
        inFlight.current.delete(blockId);
      }
    },
    [token, docId, editorApi, push],
  );

  /** Lock a block, asking first when others are editing it; or ask for the reason to unlock it. */
  const toggle = useCallback(
    (blockId: string) => {
      const editor = editorApi.current;
      const info = editor?.block(blockId);
      if (!editor || !info) return;
      if (info.locked) {
        setUnlocking({ blockId, number: info.number });
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

  const confirmUnlock = useCallback(
    (reason: string) => {
      if (unlocking) void perform(unlocking.blockId, false, reason);
      setUnlocking(null);
    },
    [unlocking, perform],
  );

  const cancelUnlock = useCallback(() => setUnlocking(null), []);

  return { toggle, pending, confirm, cancel, unlocking, confirmUnlock, cancelUnlock };
}
