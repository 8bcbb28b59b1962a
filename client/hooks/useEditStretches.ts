/**
 * The stretches of editing the activity log shows when asked (GET …/edits, U3): loaded when
 * switched on and again with each `reload` (the log's Refresh, a room event). Edits are not
 * announced to the room, each keystroke would be an event, so the list is only as fresh as
 * its last load; off, nothing is asked.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { workflowApi } from '../api/workflow';
import type { EditStretch } from '../api/workflowTypes';
import { apiErrorText } from '../i18n/apiErrorText';

export function useEditStretches(token: string, docId: string, shown: boolean, reload: unknown, blockId?: string) {
  const { t } = useTranslation('workflow');
  const [edits, setEdits] = useState<EditStretch[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` changing is what makes it load again
  useEffect(() => {
    if (!shown) {
      setEdits(null);
      setError(null);
      return;
    }
    let current = true;
    workflowApi.edits(token, docId, blockId).then(
      (list) => {
        if (!current) return;
        setEdits(list);
        setError(null);
      },
      (e: unknown) => current && setError(t('activity.loadFailed', { reason: apiErrorText(e) })),
    );
    return () => {
      current = false;
    };
  }, [token, docId, shown, reload, blockId, t]);

  return { edits, error };
}
