/**
 * The room's working language and time zone, in the adviser's room settings (PROTOCOL.md
 * G1): the language the editor checks spelling in and exports name as the original, and the
 * zone exports are dated in. Saved together; open pages take the new language at once.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_LANGUAGE_NAMES, type TextLanguage } from '../../shared/textLanguages';
import { canonicalTimeZone } from '../../shared/timeZone';
import { api } from '../api/endpoints';
import { apiErrorText } from '../i18n/apiErrorText';
import { WorkingLanguageSelect } from './WorkingLanguageSelect';

interface RoomLanguageSettingsProps {
  token: string;
  docId: string;
  onNotice(kind: 'success' | 'error', text: string): void;
}

/** Every zone the browser knows, offered as the field is typed in. */
function knownTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

export function RoomLanguageSettings({ token, docId, onNotice }: RoomLanguageSettingsProps) {
  const { t } = useTranslation('language');
  const ids = { heading: useId(), language: useId(), zone: useId(), zones: useId(), zoneHint: useId() };
  const [language, setLanguage] = useState<TextLanguage | null>(null);
  const [timeZone, setTimeZone] = useState('');
  const [zoneError, setZoneError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [zones] = useState(knownTimeZones);
  // The panel's notice function, as it is now, without loading the room again when it changes.
  const notice = useRef(onNotice);
  notice.current = onNotice;

  useEffect(() => {
    api.document(token, docId).then(
      (room) => {
        setLanguage(room.language);
        setTimeZone(room.timeZone);
      },
      (error: unknown) => notice.current('error', t('settings.failed', { reason: apiErrorText(error) })),
    );
  }, [token, docId, t]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (language === null) return;
    const zone = canonicalTimeZone(timeZone.trim());
    if (zone === null) {
      setZoneError(t('settings.badTimeZone', { value: timeZone.trim() }));
      return;
    }
    setZoneError(null);
    setBusy(true);
    try {
      const room = await api.changeRoomSettings(token, docId, { language, timeZone: zone });
      setTimeZone(room.timeZone);
      onNotice('success', t('settings.saved', { language: TEXT_LANGUAGE_NAMES[room.language], timeZone: room.timeZone }));
    } catch (error) {
      onNotice('error', t('settings.failed', { reason: apiErrorText(error) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="room-language" onSubmit={(event) => void save(event)} aria-labelledby={ids.heading} noValidate>
      <h3 className="subheading" id={ids.heading}>
        {t('settings.heading')}
      </h3>
      <div className="field">
        <label className="field__label" htmlFor={ids.language}>
          {t('settings.languageLabel')}
        </label>
        <WorkingLanguageSelect
          id={ids.language}
          value={language ?? 'en'}
          onChange={setLanguage}
          testId="room-language"
          disabled={language === null}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={ids.zone}>
          {t('settings.timeZoneLabel')}
        </label>
        <input
          id={ids.zone}
          className="input"
          list={ids.zones}
          value={timeZone}
          onChange={(event) => setTimeZone(event.target.value)}
          aria-describedby={ids.zoneHint}
          aria-invalid={zoneError ? true : undefined}
          autoComplete="off"
          spellCheck={false}
          data-testid="room-time-zone"
        />
        <span className="field__hint" id={ids.zoneHint}>
          {t('settings.timeZoneHint')}
        </span>
      </div>
      <datalist id={ids.zones}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      {zoneError && (
        <p className="form-error" role="alert">
          {zoneError}
        </p>
      )}
      <button type="submit" className="button button--primary" data-testid="room-language-save" disabled={busy || language === null}>
        {busy ? t('settings.saving') : t('settings.save')}
      </button>
    </form>
  );
}
