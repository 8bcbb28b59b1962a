/**
 * Asked once when joining by a role link: the name and delegation others will see.
 * Remembered by this browser, so the next room does not ask again.
 */
import { useState } from 'react';
import { MAX_NAME_CHARS } from '../../shared/limits';
import { ROLE_LABELS, type Role } from '../../shared/roles';
import { cleanName, rememberedIdentity, type Identity } from '../session/identity';

interface JoinDialogProps {
  title: string;
  role: Role;
  onJoin(identity: Identity): void;
}

export function JoinDialog({ title, role, onJoin }: JoinDialogProps) {
  const remembered = rememberedIdentity();
  const [name, setName] = useState(remembered?.name ?? '');
  const [delegation, setDelegation] = useState(remembered?.delegation ?? '');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const cleanedName = cleanName(name);
    if (!cleanedName) {
      setError('Please enter the name the room should see.');
      return;
    }
    onJoin({ name: cleanedName, delegation: cleanName(delegation) });
  };

  return (
    <main className="centered-page">
      <form className="card join" onSubmit={submit} aria-labelledby="join-title" noValidate>
        <p className="eyebrow">Draftroom</p>
        <h1 id="join-title" className="card__title">
          {title}
        </h1>
        <p className="card__lead">
          You are invited as <strong>{ROLE_LABELS[role]}</strong>
          {role === 'observer' ? ': you will follow the text live, without editing.' : '.'} Tell the room who you are; this
          browser will remember it.
        </p>
        <label className="field">
          <span className="field__label">Your name</span>
          <input
            className="input"
            data-testid="join-name"
            name="name"
            autoComplete="name"
            maxLength={MAX_NAME_CHARS}
            required
            autoFocus
            value={name}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'join-error' : undefined}
            onChange={(event) => {
              setName(event.target.value);
              setError(null);
            }}
          />
        </label>
        <label className="field">
          <span className="field__label">Delegation</span>
          <span className="field__hint" id="delegation-hint">
            Participating State, Partner for Co-operation or organisation, e.g. “Austria” or “Interpol”.
          </span>
          <input
            className="input"
            data-testid="join-delegation"
            name="delegation"
            autoComplete="organization"
            maxLength={MAX_NAME_CHARS}
            aria-describedby="delegation-hint"
            value={delegation}
            onChange={(event) => setDelegation(event.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" id="join-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--wide" data-testid="join-submit">
          Join the room
        </button>
      </form>
    </main>
  );
}
