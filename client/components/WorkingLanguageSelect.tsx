/** A room's working language, chosen from the languages its text may be written in, each named in itself. */
import { TEXT_LANGUAGES, TEXT_LANGUAGE_NAMES, isTextLanguage, type TextLanguage } from '../../shared/textLanguages';

interface WorkingLanguageSelectProps {
  /** For the label's htmlFor. */
  id: string;
  value: TextLanguage;
  onChange(language: TextLanguage): void;
  /** The id of the hint that describes the choice. */
  describedBy?: string;
  testId: string;
  disabled?: boolean;
}

export function WorkingLanguageSelect({ id, value, onChange, describedBy, testId, disabled }: WorkingLanguageSelectProps) {
  return (
    <select
      id={id}
      className="input"
      value={value}
      aria-describedby={describedBy}
      data-testid={testId}
      disabled={disabled}
      onChange={(event) => isTextLanguage(event.target.value) && onChange(event.target.value)}
    >
      {TEXT_LANGUAGES.map((tag) => (
        <option key={tag} value={tag} lang={tag}>
          {TEXT_LANGUAGE_NAMES[tag]}
        </option>
      ))}
    </select>
  );
}
