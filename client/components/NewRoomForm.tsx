/** Creating a room: a title, then the four invite links. */
import { useState } from 'react';
import { MAX_TITLE_CHARS } from '../../shared/limits';
import { api } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { CreatedDocument } from '../api/types';
import { keepRoomToken } from '../session/tokens';
import { InviteLinks } from './InviteLinks';

export function NewRoomForm({ token, onTokenRejected }: { token: string; onTokenRejected(): void }) {
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [room, setRoom] = useState<CreatedDocument | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const clean = title.trim();
    if (!clean) {
      setError('Give the room a title, e.g. “Annual Police Experts Meeting — closing session”.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await api.createDocument(token, clean);
      keepRoomToken(created.id, created.invites.adviser.token);
      setRoom(created);
      setTitle('');
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        setError('This token may not create rooms (it has expired, was revoked, or is not an adviser or admin token).');
        onTokenRejected();
      } else {
        setError(e instanceof ApiError ? e.message : 'The room was not created.');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="new-room">
      <form className="new-room__form" onSubmit={submit} aria-labelledby="new-room-heading" noValidate>
        <h2 id="new-room-heading" className="subheading">
          New room
        </h2>
        <label className="field">
          <span className="field__label">Title</span>
          <input
            className="input"
            data-testid="new-room-title"
            maxLength={MAX_TITLE_CHARS}
            placeholder="Annual Police Experts Meeting — closing session: draft conclusions"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            aria-invalid={error ? true : undefined}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" data-testid="new-room-submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create room'}
        </button>
      </form>
      {room && <InviteLinks room={room} />}
    </div>
  );
}
