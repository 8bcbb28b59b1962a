/**
 * Locking and unlocking from the UI (gutter button, toolbar, Mod-Shift-L): always through
 * the server's lock endpoint, which writes the lock into the document. Locking asks first
 * when someone else's caret is inside that paragraph right now.
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
      const name = blockWords(editorApi.current?.block(blockId)?.number);
      try {
        await api.setLock(token, docId, blockId, lock);
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
