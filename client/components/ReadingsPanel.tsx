/**
 * Readings: the text saved as numbered revisions (Rev.1, Rev.2 …, each with a note), any
 * two compared (or one with the live text), and a revision restored, which makes a new
 * revision and never merges old and new text. Saving and restoring are for moderators and
 * the adviser; anyone may compare.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorCode } from '../../shared/protocol';
import { revisionLabel } from '../../shared/workflow';
import { RequestError } from '../api/http';
import { apiErrorText } from '../i18n/apiErrorText';
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
  const { t } = useTranslation('workflow');
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pair, setPair] = useState<{ from: TextRef; to: TextRef } | null>(null);
  const [restoring, setRestoring] = useState<Revision | null>(null);
  const [restoreError, setRestoreError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` (the room moved) is what makes it load again
  useEffect(() => {
    let current = true;
    workflowApi.revisions(token, docId).then(
      (list) => {
        if (!current) return;
        setRevisions(list);
        setError(null);
      },
      (e: unknown) => current && setError(t('readings.loadFailed', { reason: apiErrorText(e) })),
    );
    return () => {
      current = false;
    };
  }, [token, docId, version, t]);

  const latest = revisions && revisions.length > 0 ? revisions[revisions.length - 1] : null;
  const compared = pair ?? (latest ? { from: latest.n, to: 'live' as TextRef } : null);

  const restore = async (revision: Revision) => {
    setRestoring(null);
    setRestoreError(null);
    try {
      const made = await workflowApi.restore(token, docId, revision.n);
      onNotice('success', t('readings.restored', { label: revision.label, now: made.label }));
    } catch (e) {
      const why =
        e instanceof RequestError && e.code === ErrorCode.locked
          ? t('readings.restoreLocked', { label: revision.label, count: lockedCount })
          : t('readings.restoreFailed', { label: revision.label, reason: apiErrorText(e) });
      setRestoreError(why);
    }
  };

  return (
    <SidePanel title={t('readings.title')} testId="readings-panel" wide onClose={onClose}>
      {canSave && <SaveRevisionForm token={token} docId={docId} next={(latest?.n ?? 0) + 1} onNotice={onNotice} />}
      <h3 className="subheading">{t('readings.saved')}</h3>
      {error && <p className="form-error">{error}</p>}
      {restoreError && (
        <p className="form-error" role="alert" data-testid="restore-error">
          {restoreError}
        </p>
      )}
      {revisions === null && !error && <p className="muted">{t('common:loading.generic')}</p>}
      {revisions?.length === 0 && <p className="muted">{t('readings.none')}</p>}
      <ol className="revisions">
        {[...(revisions ?? [])].reverse().map((r) => (
          <li key={r.n} className="revision" data-testid="revision-item" data-n={r.n}>
            <p className="revision__line">
              <strong>{r.label}</strong> {r.note && <span>— {r.note}</span>}
            </p>
            <p className="history__meta">
              {r.byName} · <time dateTime={r.createdAt}>{formatTime(r.createdAt)}</time>
              {r.restoredFrom !== null &&
                !r.note.includes(revisionLabel(r.restoredFrom)) &&
                ` · ${t('readings.restoredFrom', { label: revisionLabel(r.restoredFrom) })}`}
            </p>
            <div className="revision__actions">
              <button
                type="button"
                className="button button--small"
                data-testid="compare-with-live"
                onClick={() => setPair({ from: r.n, to: 'live' })}
              >
                {t('readings.compareLive')}
              </button>
              {canSave && (
                <button type="button" className="button button--small" data-testid="restore-revision" onClick={() => setRestoring(r)}>
                  {t('readings.restore')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      {revisions && compared && (
        <CompareView
          token={token}
          docId={docId}
          revisions={revisions}
          from={compared.from}
          to={compared.to}
          onChange={(from, to) => setPair({ from, to })}
        />
      )}
      {restoring && (
        <ConfirmDialog
          title={t('readings.confirmTitle', { label: restoring.label })}
          confirmLabel={t('readings.confirm', { label: restoring.label })}
          onConfirm={() => void restore(restoring)}
          onCancel={() => setRestoring(null)}
        >
          <p>
            {restoring.note
              ? t('readings.confirmTextNote', { label: restoring.label, note: restoring.note, next: revisionLabel((latest?.n ?? 0) + 1) })
              : t('readings.confirmText', { label: restoring.label, next: revisionLabel((latest?.n ?? 0) + 1) })}
          </p>
          {lockedCount > 0 && <p className="form-error">{t('readings.lockedNow', { count: lockedCount })}</p>}
        </ConfirmDialog>
      )}
    </SidePanel>
  );
}
