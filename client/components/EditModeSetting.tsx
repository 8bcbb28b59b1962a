/**
 * Pen-holder mode, switched live in the adviser's room settings (shared/editMode.ts): only
 * the chair's team types into the text, everyone else's typing becomes a suggestion. Saved at
 * once through the room settings change; every open page follows the room event it makes.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditMode } from '../../shared/editMode';
import { api } from '../api/endpoints';
import { apiErrorText } from '../i18n/apiErrorText';

interface EditModeSettingProps {
  token: string;
  docId: string;
  /** The mode the room is in now. */
  mode: EditMode;
  onSaved(mode: EditMode): void;
  onNotice(kind: 'success' | 'error', text: string): void;
}

export function EditModeSetting({ token, docId, mode, onSaved, onNotice }: EditModeSettingProps) {
  const { t } = useTranslation('room');
  const ids = { heading: useId(), hint: useId() };
  // The mode asked for, shown while the server has not answered.
  const [asked, setAsked] = useState<EditMode | null>(null);
  const shown = asked ?? mode;

  const change = async (next: EditMode) => {
    setAsked(next);
    try {
      const room = await api.changeRoomSettings(token, docId, { editMode: next });
      // A server that does not know the setting answers without it, or unchanged.
      if (room.editMode !== next) {
        onNotice('error', t('editMode.notSaved'));
        return;
      }
      onSaved(room.editMode);
      onNotice('success', next === 'pen-holder' ? t('editMode.savedOn') : t('editMode.savedOff'));
    } catch (error) {
      onNotice('error', t('editMode.failed', { reason: apiErrorText(error) }));
    } finally {
      setAsked(null);
    }
  };

  return (
    <section className="edit-mode-setting" aria-labelledby={ids.heading}>
      <h3 className="subheading" id={ids.heading}>
        {t('editMode.heading')}
      </h3>
      <label className="edit-mode-setting__switch">
        <input
          type="checkbox"
          checked={shown === 'pen-holder'}
          disabled={asked !== null}
          aria-describedby={ids.hint}
          data-testid="pen-holder-switch"
          onChange={(event) => void change(event.target.checked ? 'pen-holder' : 'open')}
        />
        <span>{t('editMode.label')}</span>
      </label>
      <p className="field__hint" id={ids.hint}>
        {shown === 'pen-holder' ? t('editMode.hintOn') : t('editMode.hintOff')}
      </p>
    </section>
  );
}
