/**
 * Asked once when joining by a role link (or by an invite that names only the delegation):
 * the name and delegation others will see. Remembered by this browser, so the next room
 * does not ask again. Each field shows the server's label rule as the person types
 * (shared/labels.ts, PROTOCOL.md N1); a delegation typed here is self-declared (N2).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkLabel } from '../../shared/labels';
import { MAX_LABEL_INPUT_CHARS } from '../../shared/limits';
import type { Role } from '../../shared/roles';
import { labelProblem } from '../i18n/labelWords';
import { roleLabel } from '../roles';
import { rememberedIdentity, type Identity } from '../session/identity';
import { LanguageSwitch } from './LanguageSwitch';

interface JoinDialogProps {
  title: string;
  role: Role;
  /** The delegation the invite names, if it does: shown, not asked. */
  fixedDelegation?: string | null;
  onJoin(identity: Identity): void;
}

export function JoinDialog({ title, role, fixedDelegation = null, onJoin }: JoinDialogProps) {
  const { t } = useTranslation('join');
  const remembered = rememberedIdentity();
  const [name, setName] = useState(remembered?.name ?? '');
  const [delegation, setDelegation] = useState(remembered?.delegation ?? '');
  const [missingName, setMissingName] = useState(false);
  const nameCheck = checkLabel(name, 'name');
  const delegationCheck = checkLabel(fixedDelegation ?? delegation, 'delegation');
  const nameProblem = missingName ? t('missingName') : labelProblem(nameCheck);
  const delegationProblem = labelProblem(delegationCheck);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!nameCheck.ok || !delegationCheck.ok) return;
    if (!nameCheck.value) {
      setMissingName(true);
      return;
    }
    onJoin({ name: nameCheck.value, delegation: delegationCheck.value });
  };

  return (
    <main className="centered-page">
      <form className="card join" onSubmit={submit} aria-labelledby="join-title" noValidate>
        <div className="join__top">
          <p className="eyebrow">Draftroom</p>
          <LanguageSwitch />
        </div>
        <h1 id="join-title" className="card__title">
          {title}
        </h1>
        <p className="card__lead">
          {t('invited', { role, roleName: roleLabel(role) })} {t('tellUs')}
        </p>
        {fixedDelegation && (
          <p className="card__lead">
            {t('fixedDelegation')} <strong data-testid="join-fixed-delegation">{fixedDelegation}</strong>
          </p>
        )}
        <label className="field">
          <span className="field__label">{t('name')}</span>
          <input
            className="input"
            data-testid="join-name"
            name="name"
            autoComplete="name"
            maxLength={MAX_LABEL_INPUT_CHARS}
            required
            // biome-ignore lint/a11y/noAutofocus: a dialog moves focus into itself, as the ARIA dialog pattern asks
            autoFocus
            value={name}
            aria-invalid={nameProblem ? true : undefined}
            aria-describedby={nameProblem ? 'join-name-problem' : undefined}
            onChange={(event) => {
              setName(event.target.value);
              setMissingName(false);
            }}
          />
        </label>
        {nameProblem && (
          <p className="form-error" id="join-name-problem" role="alert" data-testid="join-name-problem">
            {nameProblem}
          </p>
        )}
        {fixedDelegation === null && (
          <>
            <label className="field">
              <span className="field__label">{t('delegation')}</span>
              <span className="field__hint" id="delegation-hint">
                {t('delegationHint')}
              </span>
              <input
                className="input"
                data-testid="join-delegation"
                name="delegation"
                autoComplete="organization"
                maxLength={MAX_LABEL_INPUT_CHARS}
                aria-invalid={delegationProblem ? true : undefined}
                aria-describedby={delegationProblem ? 'delegation-hint join-delegation-problem' : 'delegation-hint'}
                value={delegation}
                onChange={(event) => setDelegation(event.target.value)}
              />
            </label>
            {delegationProblem && (
              <p className="form-error" id="join-delegation-problem" role="alert" data-testid="join-delegation-problem">
                {delegationProblem}
              </p>
            )}
          </>
        )}
        <button
          type="submit"
          className="button button--primary button--wide"
          data-testid="join-submit"
          disabled={Boolean(nameProblem && !missingName) || Boolean(delegationProblem)}
        >
          {t('submit')}
        </button>
      </form>
    </main>
  );
}
