/** "Save as Rev.N": the adviser's team saves the live text as the next reading, with a note. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_REVISION_NOTE_CHARS } from '../../shared/limits';
import { revisionLabel } from '../../shared/workflow';
import { apiErrorText } from '../i18n/apiErrorText';
import { workflowApi } from '../api/workflow';

interface SaveRevisionFormProps {
  token: string;
  docId: string;
  /** The number the next revision will get. */
  next: number;
  onNotice(kind: 'success' | 'error', text: string, detail?: string): void;
}

export function SaveRevisionForm({ token, docId, next, onNotice }: SaveRevisionFormProps) {
  const { t } = useTranslation('workflow');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = await workflowApi.saveRevision(token, docId, note.trim());
      onNotice('success', t('readings.savedAs', { label: saved.label }));
      setNote('');
    } catch (e) {
      onNotice('error', t('readings.saveFailed'), apiErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="save-revision" onSubmit={(e) => void save(e)}>
      <label className="field">
        <span className="field__label">{t('readings.noteFor', { label: revisionLabel(next) })}</span>
        <input
          className="input"
          data-testid="revision-note"
          maxLength={MAX_REVISION_NOTE_CHARS}
          placeholder={t('readings.notePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <button type="submit" className="button button--primary button--small" data-testid="save-revision" disabled={busy}>
        {busy ? t('readings.saving') : t('readings.saveAs', { label: revisionLabel(next) })}
      </button>
    </form>
  );
}
