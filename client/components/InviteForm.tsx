/**
 * The adviser's form for a named invite: name, delegation, role, how long it works. Name and
 * delegation show the server's label rule as they are typed (shared/labels.ts, N1).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkLabel } from '../../shared/labels';
import { MAX_LABEL_INPUT_CHARS } from '../../shared/limits';
import type { Role } from '../../shared/roles';
import type { NewInvite } from '../api/types';
import { labelProblem } from '../i18n/labelWords';
import { expirySeconds, InviteTerms } from './InviteTerms';

interface InviteFormProps {
  busy: boolean;
  onCreate(invite: NewInvite): void;
}

export function InviteForm({ busy, onCreate }: InviteFormProps) {
  const { t } = useTranslation('invites');
  const [name, setName] = useState('');
  const [delegation, setDelegation] = useState('');
  const [role, setRole] = useState<Role>('expert');
  const [expiry, setExpiry] = useState(0);

  const nameCheck = checkLabel(name, 'name');
  const delegationCheck = checkLabel(delegation, 'delegation');
  const problem = labelProblem(nameCheck) ?? labelProblem(delegationCheck);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (problem) return;
    const invite: NewInvite = { role };
    if (nameCheck.value) invite.name = nameCheck.value;
    if (delegationCheck.value) invite.delegation = delegationCheck.value;
    const seconds = expirySeconds(expiry);
    if (seconds !== null) invite.expiresInSeconds = seconds;
    onCreate(invite);
    setName('');
    setDelegation('');
  };

  return (
    <form className="invite-form" onSubmit={submit} aria-labelledby="invite-form-title">
      <h3 id="invite-form-title" className="subheading">
        {t('form.title')}
      </h3>
      <p className="muted small">{t('form.lead')}</p>
      <div className="invite-form__grid">
        <label className="field">
          <span className="field__label">{t('form.name')}</span>
          <input
            className="input"
            data-testid="invite-name"
            maxLength={MAX_LABEL_INPUT_CHARS}
            value={name}
            aria-invalid={!nameCheck.ok || undefined}
            aria-describedby={problem ? 'invite-form-problem' : undefined}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('form.delegation')}</span>
          <input
            className="input"
            data-testid="invite-delegation"
            maxLength={MAX_LABEL_INPUT_CHARS}
            value={delegation}
            aria-invalid={!delegationCheck.ok || undefined}
            aria-describedby={problem ? 'invite-form-problem' : undefined}
            onChange={(e) => setDelegation(e.target.value)}
          />
        </label>
        <InviteTerms testIdPrefix="invite" role={role} expiry={expiry} onRole={setRole} onExpiry={setExpiry} />
      </div>
      {problem && (
        <p className="form-error" id="invite-form-problem" role="alert" data-testid="invite-form-problem">
          {problem}
        </p>
      )}
      <button type="submit" className="button button--primary" data-testid="invite-submit" disabled={busy || problem !== null}>
        {busy ? t('form.creating') : t('form.create')}
      </button>
    </form>
  );
}
