/** Creating a room: a title, its working language and optionally the draft to start from, then the four invite links (and what the import left out). */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_TITLE_CHARS } from '../../shared/limits';
import { DEFAULT_TEXT_LANGUAGE, type TextLanguage } from '../../shared/textLanguages';
import { api } from '../api/endpoints';
import { RequestError } from '../api/http';
import { apiErrorText } from '../i18n/apiErrorText';
import type { CreatedDocument } from '../api/types';
import { keepRoomToken } from '../session/tokens';
import { InviteLinks } from './InviteLinks';
import { WorkingLanguageSelect } from './WorkingLanguageSelect';

export function NewRoomForm({ token, onTokenRejected }: { token: string; onTokenRejected(): void }) {
  const { t } = useTranslation('home');
  const { t: tl } = useTranslation('language');
  const languageField = useId();
  const languageHint = useId();
  const [title, setTitle] = useState('');
  const [language, setLanguage] = useState<TextLanguage>(DEFAULT_TEXT_LANGUAGE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [room, setRoom] = useState<CreatedDocument | null>(null);
  const [draft, setDraft] = useState<File | null>(null);
  const draftHint = useId();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const clean = title.trim();
    if (!clean) {
      setError(t('newRoom.missingTitle'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = draft ? await api.importDocument(token, clean, language, draft) : await api.createDocument(token, clean, language);
      keepRoomToken(created.id, created.invites.adviser.token);
      setRoom(created);
      setTitle('');
    } catch (e) {
      if (e instanceof RequestError && (e.status === 401 || e.status === 403)) {
        setError(t('newRoom.tokenRefused'));
        onTokenRejected();
      } else {
        setError(t('newRoom.failed', { reason: apiErrorText(e) }));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="new-room">
      <form className="new-room__form" onSubmit={submit} aria-labelledby="new-room-heading" noValidate>
        <h2 id="new-room-heading" className="subheading">
          {t('newRoom.heading')}
        </h2>
        <label className="field">
          <span className="field__label">{t('newRoom.title')}</span>
          <input
            className="input"
            data-testid="new-room-title"
            maxLength={MAX_TITLE_CHARS}
            placeholder={t('newRoom.placeholder')}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            aria-invalid={error ? true : undefined}
          />
        </label>
        <div className="field">
          <label className="field__label" htmlFor={languageField}>
            {tl('newRoom.languageLabel')}
          </label>
          <WorkingLanguageSelect
            id={languageField}
            value={language}
            onChange={setLanguage}
            describedBy={languageHint}
            testId="new-room-language"
          />
          <span className="field__hint" id={languageHint}>
            {tl('newRoom.languageHint')}
          </span>
        </div>
        <label className="field">
          <span className="field__label">{t('newRoom.draft')}</span>
          <input
            type="file"
            className="input"
            data-testid="new-room-draft"
            accept=".docx,.md,.markdown,.txt,.html,.htm,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown,text/html"
            aria-describedby={draftHint}
            onChange={(e) => setDraft(e.target.files?.[0] ?? null)}
          />
          <span className="field__hint" id={draftHint}>
            {t('newRoom.draftHint')}
          </span>
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" data-testid="new-room-submit" disabled={busy}>
          {busy ? t('newRoom.creating') : t('newRoom.create')}
        </button>
      </form>
      {room?.imported && (
        <div className="new-room__imported" role="status" data-testid="import-report">
          <p>{t('newRoom.imported', { format: room.imported.format, count: room.imported.renumbered })}</p>
          {room.imported.dropped.length > 0 && (
            <p>
              {t('newRoom.dropped', {
                list: room.imported.dropped.map(({ kind, count }) => t(`newRoom.droppedKind.${kind}`, { count })).join(', '),
              })}
            </p>
          )}
        </div>
      )}
      {room && <InviteLinks room={room} />}
    </div>
  );
}
