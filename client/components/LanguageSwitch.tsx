/** The interface language, chosen by each person and remembered in this browser. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { setUiLanguage } from '../i18n';
import { UI_LANGUAGES, UI_LANGUAGE_NAMES, isUiLanguage } from '../i18n/languages';

/** `compact`: the label is for screen readers only, where space is short (the room's header). */
export function LanguageSwitch({ className = '', compact = false }: { className?: string; compact?: boolean }) {
  const { t, i18n } = useTranslation('common');
  const id = useId();
  const current = i18n.resolvedLanguage ?? 'en';
  return (
    <span className={`language-switch ${className}`.trim()}>
      <label className={compact ? 'sr-only' : 'language-switch__label'} htmlFor={id}>
        {t('language.label')}
      </label>
      <select
        id={id}
        className="input input--compact language-switch__select"
        data-testid="language-switch"
        value={current}
        onChange={(event) => isUiLanguage(event.target.value) && setUiLanguage(event.target.value)}
      >
        {UI_LANGUAGES.map((language) => (
          // Each language named in itself, and marked so screen readers pronounce it so.
          <option key={language} value={language} lang={language}>
            {UI_LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </span>
  );
}
