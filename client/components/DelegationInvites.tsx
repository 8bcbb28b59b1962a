/**
 * The Senior Adviser's "Delegations" box in the room settings (PROTOCOL.md N3): paste the
 * list of delegations, one per line, and get one invite per delegation in one step. Each
 * invite fixes its delegation, so only its holders act for it (N2). The list is read with
 * the server's own parser and label rule as it is typed, so refused lines show before
 * anything is issued.
 */
import i18next from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseInviteList, type InviteListProblem } from '../../shared/inviteList';
import { MAX_INVITE_BATCH_LINES } from '../../shared/limits';
import { ErrorCode } from '../../shared/protocol';
import type { Role } from '../../shared/roles';
import { api } from '../api/endpoints';
import type { CreatedInviteBatch } from '../api/types';
import { apiErrorText } from '../i18n/apiErrorText';
import { labelRefusalText } from '../i18n/labelWords';
import { absoluteUrl } from '../session/tokens';
import { CopyButton } from './CopyButton';
import { expirySeconds, InviteTerms } from './InviteTerms';

interface DelegationInvitesProps {
  token: string;
  docId: string;
  /** Called with the invites issued (links made absolute), to list them and keep their links. */
  onIssued(result: CreatedInviteBatch): void;
  onNotice(kind: 'success' | 'error', text: string): void;
}

export function DelegationInvites({ token, docId, onIssued, onNotice }: DelegationInvitesProps) {
  const { t } = useTranslation('invites');
  const [list, setList] = useState('');
  const [role, setRole] = useState<Role>('expert');
  const [expiry, setExpiry] = useState(0);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CreatedInviteBatch | null>(null);
  const parsed = useMemo(() => parseInviteList(list), [list]);
  const tooMany = parsed.lineCount > MAX_INVITE_BATCH_LINES;
  const count = parsed.entries.length;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (count === 0 || tooMany) return;
    setBusy(true);
    try {
      const seconds = expirySeconds(expiry);
      const answer = await api.createInviteBatch(token, docId, { list, role, ...(seconds === null ? {} : { expiresInSeconds: seconds }) });
      const issued = { ...answer, invites: answer.invites.map((invite) => ({ ...invite, url: absoluteUrl(invite.url) })) };
      setResult(issued);
      onIssued(issued);
      if (issued.invites.length > 0) setList('');
      onNotice(
        issued.invites.length ? 'success' : 'error',
        t('batch.issuedNotice', { count: issued.invites.length, skipped: issued.errors.length }),
      );
    } catch (e) {
      onNotice('error', t('batch.failed', { reason: apiErrorText(e) }));
    } finally {
      setBusy(false);
    }
  };

  const allLinks =
    result?.invites.map((invite) => `${invite.name ? `${invite.name}, ` : ''}${invite.delegation}\t${invite.url}`).join('\n') ?? '';

  return (
    <section className="delegation-invites" aria-labelledby="delegation-invites-title" data-testid="delegation-invites">
      <form onSubmit={(event) => void submit(event)}>
        <h3 id="delegation-invites-title" className="subheading">
          {t('batch.title')}
        </h3>
        <p className="muted small" id="delegation-list-hint">
          {t('batch.hint')}
        </p>
        <label className="field">
          <span className="field__label">{t('batch.listLabel')}</span>
          <textarea
            className="input delegation-invites__list"
            data-testid="delegation-list"
            rows={7}
            value={list}
            aria-describedby="delegation-list-hint delegation-list-summary"
            onChange={(event) => setList(event.target.value)}
          />
        </label>
        <div className="invite-form__grid">
          <InviteTerms testIdPrefix="delegation" role={role} expiry={expiry} onRole={setRole} onExpiry={setExpiry} />
        </div>
        <p
          className={tooMany ? 'form-error' : 'muted small'}
          id="delegation-list-summary"
          data-testid="delegation-summary"
          aria-live="polite"
        >
          {tooMany
            ? t('batch.tooMany', { max: MAX_INVITE_BATCH_LINES, lines: parsed.lineCount })
            : t('batch.summary', { count, problems: parsed.problems.length })}
        </p>
        {parsed.problems.length > 0 && <LineProblems problems={parsed.problems} testId="delegation-preview-problem" />}
        <button type="submit" className="button button--primary" data-testid="delegation-submit" disabled={busy || count === 0 || tooMany}>
          {busy ? t('batch.issuing') : count === 0 ? t('batch.issueNone') : t('batch.issue', { count })}
        </button>
      </form>
      {result && (
        <div className="created-invite" role="status" data-testid="delegation-results">
          <p>{t('batch.issued', { count: result.invites.length })}</p>
          {result.invites.length > 1 && <CopyButton text={allLinks} label={t('batch.copyAll')} testId="copy-all-delegation-links" />}
          <ul className="delegation-invites__links">
            {result.invites.map((invite) => (
              <li key={invite.id} data-testid="delegation-result" data-invite-id={invite.id}>
                <span className="delegation-invites__who">
                  {invite.name && <strong>{invite.name}</strong>}
                  {invite.name ? ' · ' : ''}
                  <span data-testid="delegation-result-delegation">{invite.delegation}</span>
                </span>
                <span className="link-row">
                  <input
                    className="input input--mono"
                    readOnly
                    value={invite.url}
                    aria-label={t('list.linkFor', { who: invite.delegation })}
                    data-testid="delegation-link"
                    onFocus={(e) => e.target.select()}
                  />
                  <CopyButton text={invite.url} />
                </span>
              </li>
            ))}
          </ul>
          {result.errors.length > 0 && <LineProblems problems={result.errors} testId="delegation-error" />}
        </div>
      )}
    </section>
  );
}

/** Why a line of the list issues nothing, from its code and details; the English message only for a code this client does not know. */
function lineProblemText(problem: InviteListProblem): string {
  if (problem.code === ErrorCode.labelRefused && problem.refusal) return labelRefusalText(problem.refusal);
  if (problem.code === ErrorCode.duplicate && problem.sameAsLine !== undefined)
    return i18next.t('invites:batch.repeatsLine', { line: problem.sameAsLine });
  if (problem.code === ErrorCode.duplicate) return i18next.t('invites:batch.alreadyInvited');
  if (problem.code === ErrorCode.badRequest) return i18next.t('invites:batch.noDelegation');
  return problem.message;
}

function LineProblems({ problems, testId }: { problems: CreatedInviteBatch['errors']; testId: string }) {
  const { t } = useTranslation('invites');
  return (
    <ul className="delegation-invites__problems">
      {problems.map((problem) => (
        <li key={`${problem.line}-${problem.code}`} className="form-error small" data-testid={testId} data-line={problem.line}>
          {t('batch.lineProblem', { line: problem.line, text: problem.text, problem: lineProblemText(problem) })}
        </li>
      ))}
    </ul>
  );
}
