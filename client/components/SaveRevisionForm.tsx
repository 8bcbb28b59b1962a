/** "Save as Rev.N": the adviser's team saves the live text as the next reading, with a note. */
import { useState } from 'react';
import { MAX_REVISION_NOTE_CHARS } from '../../shared/limits';
import { revisionLabel } from '../../shared/workflow';
import { ApiError } from '../api/http';
import { workflowApi } from '../api/workflow';

interface SaveRevisionFormProps {
  token: string;
  docId: string;
  /** The number the next revision will get. */
  next: number;
  onNotice(kind: 'success' | 'error', text: string, detail?: string): void;
}

export function SaveRevisionForm({ token, docId, next, onNotice }: SaveRevisionFormProps) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = await workflowApi.saveRevision(token, docId, note.trim());
      onNotice('success', `The text was saved as ${saved.label}.`);
      setNote('');
    } catch (e) {
      onNotice('error', 'The reading was not saved.', e instanceof ApiError ? e.message : undefined);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="save-revision" onSubmit={(e) => void save(e)}>
      <label className="field">
        <span className="field__label">Note for {revisionLabel(next)}</span>
        <input
          className="input"
          data-testid="revision-note"
          maxLength={MAX_REVISION_NOTE_CHARS}
          placeholder="e.g. after the first reading"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <button type="submit" className="button button--primary button--small" data-testid="save-revision" disabled={busy}>
        {busy ? 'Saving…' : `Save as ${revisionLabel(next)}`}
      </button>
    </form>
  );
}
