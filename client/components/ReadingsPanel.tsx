/**
 * Readings: the text saved as numbered revisions (Rev.1, Rev.2 …, each with a note), any
 * two compared (or one with the live text), and a revision restored, which makes a new
 * revision and never merges old and new text. Saving and restoring are for moderators and
 * the adviser; anyone may compare.
 */
import { useEffect, useState } from 'react';
import { ErrorCode } from '../../shared/protocol';
import { revisionLabel } from '../../shared/workflow';
import { ApiError } from '../api/http';
import { workflowApi } from '../api/workflow';
import type { Revision, TextRef } from '../api/workflowTypes';
import { formatTime } from '../format';
import { CompareView } from './CompareView';
import { ConfirmDialog } from './ConfirmDialog';
import { SaveRevisionForm } from './SaveRevisionForm';
import { SidePanel } from './SidePanel';

interface ReadingsPanelProps {
  token: string;
  docId: string;
  /** Changes whenever a revision is saved or restored in the room. */
  version: number;
  canSave: boolean;
  /** How many paragraphs are locked now (a restore is refused while any is). */
  lockedCount: number;
  onNotice(kind: 'success' | 'error', text: string, detail?: string): void;
  onClose(): void;
}

export function ReadingsPanel({ token, docId, version, canSave, lockedCount, onNotice, onClose }: ReadingsPanelProps) {
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pair, setPair] = useState<{ from: TextRef; to: TextRef } | null>(null);
  const [restoring, setRestoring] = useState<Revision | null>(null);
  const [restoreError, setRestoreError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    workflowApi.revisions(token, docId).then(
      (list) => current && (setRevisions(list), setError(null)),
      (e: unknown) => current && setError(e instanceof ApiError ? e.message : 'The readings could not be loaded.'),
    );
    return () => {
      current = false;
    };
  }, [token, docId, version]);

  const latest = revisions && revisions.length > 0 ? revisions[revisions.length - 1] : null;
  const compared = pair ?? (latest ? { from: latest.n, to: 'live' as TextRef } : null);

  const restore = async (revision: Revision) => {
    setRestoring(null);
    setRestoreError(null);
    try {
      const made = await workflowApi.restore(token, docId, revision.n);
      onNotice('success', `${revision.label} restored: the text is now ${made.label}.`);
    } catch (e) {
      const why =
        e instanceof ApiError && e.code === ErrorCode.locked
          ? `${revision.label} was not restored: ${lockedCount || 'some'} ${lockedCount === 1 ? 'paragraph is' : 'paragraphs are'} agreed and locked, and restoring would change agreed text. Unlock them first.`
          : `${revision.label} was not restored: ${e instanceof Error ? e.message : 'the server did not answer'}.`;
      setRestoreError(why);
    }
  };

  return (
    <SidePanel title="Readings" testId="readings-panel" wide onClose={onClose}>
      {canSave && <SaveRevisionForm token={token} docId={docId} next={(latest?.n ?? 0) + 1} onNotice={onNotice} />}
      <h3 className="subheading">Saved readings</h3>
      {error && <p className="form-error">{error}</p>}
      {restoreError && (
        <p className="form-error" role="alert" data-testid="restore-error">
          {restoreError}
        </p>
      )}
      {revisions === null && !error && <p className="muted">Loading…</p>}
      {revisions?.length === 0 && <p className="muted">No reading has been saved yet.</p>}
      <ol className="revisions">
        {[...(revisions ?? [])].reverse().map((r) => (
          <li key={r.n} className="revision" data-testid="revision-item" data-n={r.n}>
            <p className="revision__line">
              <strong>{r.label}</strong> {r.note && <span>— {r.note}</span>}
            </p>
            <p className="history__meta">
              {r.byName} · <time dateTime={r.createdAt}>{formatTime(r.createdAt)}</time>
              {r.restoredFrom !== null && !r.note.includes(revisionLabel(r.restoredFrom)) && ` · restored from ${revisionLabel(r.restoredFrom)}`}
            </p>
            <div className="revision__actions">
              <button type="button" className="button button--small" data-testid="compare-with-live" onClick={() => setPair({ from: r.n, to: 'live' })}>
                Compare with the live text
              </button>
              {canSave && (
                <button type="button" className="button button--small" data-testid="restore-revision" onClick={() => setRestoring(r)}>
                  Restore…
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      {revisions && compared && <CompareView token={token} docId={docId} revisions={revisions} from={compared.from} to={compared.to} onChange={(from, to) => setPair({ from, to })} />}
      {restoring && (
        <ConfirmDialog title={`Restore ${restoring.label}?`} confirmLabel={`Restore ${restoring.label}`} onConfirm={() => void restore(restoring)} onCancel={() => setRestoring(null)}>
          <p>
            The live text will be replaced by {restoring.label} exactly{restoring.note ? ` (“${restoring.note}”)` : ''}, for everyone in the room, and saved as Rev.
            {(latest?.n ?? 0) + 1}. Nothing of the current text is merged into it: save the current text first if it should be kept as a reading.
          </p>
          {lockedCount > 0 && (
            <p className="form-error">
              {lockedCount} {lockedCount === 1 ? 'paragraph is' : 'paragraphs are'} agreed and locked now: the server will refuse the restore until they are unlocked.
            </p>
          )}
        </ConfirmDialog>
      )}
    </SidePanel>
  );
}
