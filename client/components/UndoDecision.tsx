/**
 * Undoing the last decision on a paragraph from the activity log (PROTOCOL.md M10): asks for
 * the reason (M9), sends the decision the moderator saw as the last, and when the server
 * answers that words were typed since the decision (E_BASE_CHANGED), shows what undoing
 * removes and puts back and asks again before sending the text as it stands.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorCode } from '../../shared/protocol';
import { wordDiff } from '../../shared/wordDiff';
import { RequestError } from '../api/http';
import { workflowApi } from '../api/workflow';
import type { ActivityEntry } from '../api/workflowTypes';
import { blockWords } from '../format';
import { apiErrorText } from '../i18n/apiErrorText';
import { ConfirmDialog } from './ConfirmDialog';
import { DiffText } from './DiffText';
import { ReasonDialog } from './ReasonDialog';

interface UndoDecisionProps {
  token: string;
  docId: string;
  entry: ActivityEntry;
  /** The paragraph's number now (null for a heading). */
  number: number | null;
  /** The decision in words ("Jonas Lind unlocked paragraph 3"). */
  decision: string;
  onDone(error: string | null): void;
}

interface ChangedSince {
  reason: string;
  liveText: string;
  restoreText: string;
}

export function UndoDecision({ token, docId, entry, number, decision, onDone }: UndoDecisionProps) {
  const { t } = useTranslation('workflow');
  const [changed, setChanged] = useState<ChangedSince | null>(null);
  const blockId = entry.blockId ?? '';
  const words = blockWords(number);

  const send = async (reason: string, confirmText?: string) => {
    try {
      await workflowApi.undo(token, docId, blockId, {
        decisionId: entry.id,
        reason,
        ...(confirmText === undefined ? {} : { confirmText }),
      });
      onDone(null);
    } catch (error) {
      if (error instanceof RequestError && error.code === ErrorCode.baseChanged && confirmText === undefined) {
        setChanged({ reason, liveText: error.fields.liveText ?? '', restoreText: error.fields.restoreText ?? '' });
        return;
      }
      onDone(t('undo.failed', { reason: apiErrorText(error) }));
    }
  };

  if (changed) {
    const undoing = wordDiff(changed.liveText, changed.restoreText);
    return (
      <ConfirmDialog
        title={t('undo.changedTitle', words)}
        confirmLabel={t('undo.anyway')}
        onConfirm={() => void send(changed.reason, changed.liveText)}
        onCancel={() => onDone(null)}
      >
        <p>{t('undo.changedText')}</p>
        <h3 className="amendment__changed-label">{t('undo.now')}</h3>
        <DiffText parts={undoing.parts} coarse={undoing.coarse} testId="undo-changes" />
      </ConfirmDialog>
    );
  }
  return (
    <ReasonDialog
      title={t('undo.title', words)}
      text={t('undo.text', { ...words, decision })}
      confirmLabel={t('undo.confirm')}
      onConfirm={(reason) => void send(reason)}
      onCancel={() => onDone(null)}
    />
  );
}
