/**
 * Setting a paragraph's status and putting a block on the projector, from the margin.
 * 'Agreed' locks the paragraph, so, as with the lock button, it asks first when someone
 * else's caret is inside it; leaving 'agreed' unlocks it, so it asks for the reason, as
 * unlocking does (M9). The new status arrives through the document for everyone.
 */
import i18next from 'i18next';
import { useCallback, useState } from 'react';
import { RequestError } from '../api/http';
import { workflowApi } from '../api/workflow';
import type { EditorApi } from '../editor/editorApi';
import { blockWords } from '../format';
import { apiErrorText } from '../i18n/apiErrorText';
import { statusLabel, type BlockStatus } from '../status';
import type { NoticeKind } from '../components/NoticeToast';

export interface PendingAgreement {
  blockId: string;
  number: number | null;
  names: string[];
  resolve(done: boolean): void;
}

/** A paragraph leaving 'agreed' (an unlock), waiting for its reason. */
export interface PendingReopen {
  blockId: string;
  number: number | null;
  status: BlockStatus;
  resolve(done: boolean): void;
}

interface StatusActionsOptions {
  token: string;
  docId: string;
  editorApi: React.RefObject<EditorApi | null>;
  push(kind: NoticeKind, text: string, detail?: string): void;
}

export function useStatusActions({ token, docId, editorApi, push }: StatusActionsOptions) {
  const [pending, setPending] = useState<PendingAgreement | null>(null);
  const [reopening, setReopening] = useState<PendingReopen | null>(null);

  const send = useCallback(
    async (blockId: string, status: BlockStatus, reason?: string): Promise<boolean> => {
      const name = blockWords(editorApi.current?.block(blockId)?.number);
      try {
        await workflowApi.setStatus(token, docId, blockId, status, reason);
        return true;
      } catch (error) {
        const status_ = error instanceof RequestError ? error.status : 0;
        if (status_ === 409) push('info', i18next.t('editor:status.already', { ...name, status: statusLabel(status) }));
        else if (status_ === 404) push('error', i18next.t('editor:lock.gone', name));
        else if (status_ === 403) push('error', i18next.t('editor:status.forbidden'));
        else push('error', i18next.t('editor:status.failed', name), apiErrorText(error));
        return false;
      }
    },
    [token, docId, editorApi, push],
  );

  const setStatus = useCallback(
    (blockId: string, status: BlockStatus): Promise<boolean> => {
      const editor = editorApi.current;
      const info = editor?.block(blockId);
      const number = info?.number ?? null;
      if (info?.locked && status !== 'agreed') return new Promise((resolve) => setReopening({ blockId, number, status, resolve }));
      const names = status === 'agreed' && editor ? editor.peopleInBlock(blockId) : [];
      if (names.length === 0) return send(blockId, status);
      return new Promise((resolve) => setPending({ blockId, number, names, resolve }));
    },
    [editorApi, send],
  );

  const confirm = useCallback(() => {
    if (pending) void send(pending.blockId, 'agreed').then(pending.resolve);
    setPending(null);
  }, [pending, send]);

  const cancel = useCallback(() => {
    pending?.resolve(false);
    setPending(null);
  }, [pending]);

  const confirmReopen = useCallback(
    (reason: string) => {
      if (reopening) void send(reopening.blockId, reopening.status, reason).then(reopening.resolve);
      setReopening(null);
    },
    [reopening, send],
  );

  const cancelReopen = useCallback(() => {
    reopening?.resolve(false);
    setReopening(null);
  }, [reopening]);

  const present = useCallback(
    (blockId: string | null) => {
      workflowApi.present(token, docId, blockId).catch((error: unknown) => {
        push('error', i18next.t(blockId ? 'editor:present.failed' : 'editor:present.clearFailed'), apiErrorText(error));
      });
    },
    [token, docId, push],
  );

  return { setStatus, pending, confirm, cancel, reopening, confirmReopen, cancelReopen, present };
}
