/**
 * One amendment: what it changes (a diff against the paragraph as it stands now, while it
 * is pending), who proposed it for which delegation, who co-sponsors it, where it stands,
 * and what this person may do with it: co-sponsor, or (moderators) accept, reject, merge.
 * An accept the server refuses because the paragraph changed since the proposal (M7) opens
 * the three texts (as proposed against, now, proposed) and what accepting would do to the
 * text as it reads now, and asks before accepting over it. Rejecting asks for the reason
 * that goes into the record (M9), which the decided amendment then shows.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Amendment } from '../api/workflowTypes';
import { wordDiff, type WordDiff } from '../../shared/wordDiff';
import { formatTime, personName } from '../format';
import type { ChangedSinceProposed, Outcome } from '../hooks/useWorkflowActions';
import { DiffText } from './DiffText';
import { MergeForm } from './MergeForm';
import { ReasonDialog, ReasonLine } from './ReasonDialog';

export interface AmendmentRights {
  /**
   * The delegation this person's invite names ('' when none, as on a role link, whose
   * delegation is self-declared): co-sponsors are delegations (PROTOCOL.md N2).
   */
  delegation: string;
  canCosponsor: boolean;
  canDecide: boolean;
}

export interface AmendmentHandlers {
  cosponsor(id: number): Promise<Outcome>;
  withdrawCosponsor(id: number): Promise<Outcome>;
  accept(id: number, confirmText?: string): Promise<Outcome | ChangedSinceProposed>;
  reject(id: number, reason: string): Promise<Outcome>;
  merge(ids: [number, number], text?: string): Promise<Outcome>;
}

interface AmendmentItemProps {
  amendment: Amendment;
  /** "paragraph 3". */
  where: string;
  /** The paragraph's text now (null when it is gone), for a pending amendment's diff. */
  currentText: string | null;
  /** Other pending amendments to the same paragraph, for "merge with". */
  mergeable: Amendment[];
  rights: AmendmentRights;
  on: AmendmentHandlers;
}

/** A pending amendment against the paragraph as it reads now (bounded as on the server, M5); otherwise the server's diff. */
function diffOf(a: Amendment, currentText: string | null): WordDiff | null {
  if (a.status === 'pending' && currentText !== null) {
    if (a.kind === 'insert-after') return { parts: [{ type: 'insert', text: a.text }], coarse: false };
    if (a.kind === 'delete') return { parts: [{ type: 'delete', text: currentText }], coarse: false };
    return wordDiff(currentText, a.text);
  }
  return a.diff === null ? null : { parts: a.diff, coarse: a.diffCoarse };
}

export function AmendmentItem({ amendment: a, where, currentText, mergeable, rights, on }: AmendmentItemProps) {
  const { t } = useTranslation('workflow');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [merging, setMerging] = useState(false);
  const [changed, setChanged] = useState<ChangedSinceProposed | null>(null);
  const [rejecting, setRejecting] = useState(false);
  // Re-diffed only when the amendment or the paragraph's text changes, not on every render.
  const diff = useMemo(() => diffOf(a, currentText), [a, currentText]);
  const pending = a.status === 'pending';
  const backers = new Set([a.proposerDelegation, ...a.cosponsors.map((c) => c.delegation)]);
  // Co-sponsoring acts for a delegation (N2). The proposer's delegation stands behind its own
  // amendment; a co-sponsor may step back until it is decided.
  const actsForDelegation = pending && rights.canCosponsor && rights.delegation !== '';
  const mayCosponsor = actsForDelegation && !backers.has(rights.delegation);
  const mayWithdraw = actsForDelegation && a.cosponsors.some((c) => c.delegation === rights.delegation);

  const act = async (run: () => Promise<Outcome>) => {
    setBusy(true);
    setError(null);
    const outcome = await run();
    setBusy(false);
    setError(outcome);
  };

  /** Accepts, or (M7) shows what changed since the proposal and waits for "Accept anyway". */
  const accept = async (confirmText?: string) => {
    setBusy(true);
    setError(null);
    const outcome = await on.accept(a.id, confirmText);
    setBusy(false);
    if (outcome !== null && typeof outcome === 'object') {
      setChanged(outcome);
      return;
    }
    setChanged(null);
    setError(outcome);
  };

  return (
    <li
      className={`amendment amendment--${a.status}`}
      data-testid="amendment-item"
      data-amendment-id={a.id}
      data-status={a.status}
      data-block-id={a.blockId}
    >
      <p className="amendment__head">
        <span className="amendment__title">
          #{a.id} {t(`amendment.headline.${a.kind}`, { where })}
        </span>
        <span className={`pill pill--${a.status}`}>{t(`amendment.status.${a.status}`)}</span>
      </p>
      {diff && diff.parts.length > 0 ? (
        <DiffText parts={diff.parts} coarse={diff.coarse} testId="amendment-diff" />
      ) : (
        a.text && <blockquote className="amendment__text">{a.text}</blockquote>
      )}
      <p className="amendment__meta">
        {t('amendment.proposedBy')} <strong>{personName(a.proposerName, a.proposerDelegation)}</strong> ·{' '}
        <time dateTime={a.createdAt}>{formatTime(a.createdAt)}</time>
        {a.mergedFrom && ` · ${t('amendment.merges', { ids: a.mergedFrom.map((id) => `#${id}`).join(', ') })}`}
      </p>
      {a.cosponsors.length > 0 && (
        <p className="amendment__meta" data-testid="amendment-cosponsors">
          {t('amendment.cosponsoredBy', { delegations: a.cosponsors.map((c) => c.delegation).join(', ') })}
        </p>
      )}
      {!pending && a.decidedBy && (
        <p className="amendment__meta">
          {t('amendment.decidedBy', { status: a.status, by: a.decidedBy })}
          {a.decidedAt && ` · ${formatTime(a.decidedAt)}`}
          {a.mergedInto !== null && ` · ${t('amendment.mergedInto', { id: `#${a.mergedInto}` })}`}
        </p>
      )}
      {!pending && <ReasonLine reason={a.decisionReason} />}
      {pending && !a.blockExists && <p className="form-error">{t('amendment.blockRemoved')}</p>}
      {error && (
        <p className="form-error" role="alert" data-testid="amendment-error">
          {error}
        </p>
      )}
      {pending && changed && (
        <ChangedSinceProposedPanel
          amendment={a}
          where={where}
          changed={changed}
          busy={busy}
          onAccept={() => void accept(changed.liveText)}
          onCancel={() => setChanged(null)}
        />
      )}
      {pending && (mayCosponsor || mayWithdraw || rights.canDecide) && !merging && !changed && (
        <div className="amendment__actions">
          {mayCosponsor && (
            <button
              type="button"
              className="button button--small"
              data-testid="cosponsor-amendment"
              disabled={busy}
              onClick={() => void act(() => on.cosponsor(a.id))}
            >
              {t('amendment.cosponsor', { delegation: rights.delegation })}
            </button>
          )}
          {mayWithdraw && (
            <button
              type="button"
              className="button button--small"
              data-testid="withdraw-cosponsorship"
              disabled={busy}
              onClick={() => void act(() => on.withdrawCosponsor(a.id))}
            >
              {t('amendment.withdrawCosponsor', { delegation: rights.delegation })}
            </button>
          )}
          {rights.canDecide && (
            <>
              <button
                type="button"
                className="button button--small button--accept"
                data-testid="accept-amendment"
                disabled={busy || !a.blockExists}
                onClick={() => void accept()}
              >
                {t('amendment.accept')}
              </button>
              <button
                type="button"
                className="button button--small button--danger"
                data-testid="reject-amendment"
                disabled={busy}
                onClick={() => setRejecting(true)}
              >
                {t('amendment.reject')}
              </button>
              {mergeable.length > 0 && (
                <button
                  type="button"
                  className="button button--small"
                  data-testid="merge-amendment"
                  disabled={busy}
                  onClick={() => setMerging(true)}
                >
                  {t('amendment.mergeWith')}
                </button>
              )}
            </>
          )}
        </div>
      )}
      {merging && (
        <MergeForm amendment={a} others={mergeable} onMerge={(ids, text) => on.merge(ids, text)} onDone={() => setMerging(false)} />
      )}
      {rejecting && (
        <ReasonDialog
          title={t('reason.rejectTitle', { id: `#${a.id}` })}
          text={t('reason.rejectText', { where })}
          confirmLabel={t('reason.rejectConfirm')}
          onConfirm={(reason) => {
            setRejecting(false);
            void act(() => on.reject(a.id, reason));
          }}
          onCancel={() => setRejecting(false)}
        />
      )}
    </li>
  );
}

interface ChangedSinceProposedProps {
  amendment: Amendment;
  where: string;
  changed: ChangedSinceProposed;
  busy: boolean;
  onAccept(): void;
  onCancel(): void;
}

/**
 * The three texts of an accept over changes (M7): the paragraph as the amendment was proposed
 * against, the paragraph now with what changed since marked, and what accepting does to it.
 */
function ChangedSinceProposedPanel({ amendment: a, where, changed, busy, onAccept, onCancel }: ChangedSinceProposedProps) {
  const { t } = useTranslation('workflow');
  const sinceProposed = useMemo(() => wordDiff(changed.baseText, changed.liveText), [changed]);
  // What accepting does is the amendment's own diff, taken against the text as it reads now.
  const accepting = useMemo(() => diffOf(a, changed.liveText), [a, changed.liveText]);
  return (
    <section className="amendment__changed" aria-labelledby={`changed-${a.id}`} data-testid="amendment-changed">
      <p className="form-error" role="alert" id={`changed-${a.id}`}>
        {t('amendment.changed.title', { where })}
      </p>
      <h4 className="amendment__changed-label">{t('amendment.changed.whenProposed')}</h4>
      <blockquote className="amendment__text" data-testid="changed-base">
        {changed.baseText}
      </blockquote>
      <h4 className="amendment__changed-label">{t('amendment.changed.now')}</h4>
      <DiffText parts={sinceProposed.parts} coarse={sinceProposed.coarse} testId="changed-live" />
      <h4 className="amendment__changed-label">{t('amendment.changed.accepting')}</h4>
      {accepting && <DiffText parts={accepting.parts} coarse={accepting.coarse} testId="changed-accepting" />}
      <div className="amendment__actions">
        <button
          type="button"
          className="button button--small button--accept"
          data-testid="accept-anyway"
          disabled={busy}
          onClick={onAccept}
        >
          {t('amendment.changed.acceptAnyway')}
        </button>
        <button type="button" className="button button--small" data-testid="accept-cancel" disabled={busy} onClick={onCancel}>
          {t('amendment.changed.cancel')}
        </button>
      </div>
    </section>
  );
}
