/**
 * The toolbar's language of the paragraph at the caret: the room's working language, or
 * another language of the list, each named in itself. Choosing one marks the selected
 * paragraphs (`lang`), so the browser checks their spelling, and screen readers and exports
 * read them, in that language.
 */
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useTranslation } from 'react-i18next';
import { TEXT_LANGUAGES, TEXT_LANGUAGE_NAMES, isTextLanguage, type TextLanguage } from '../../shared/textLanguages';
import { blockLanguageAt, setBlockLanguage } from '../editor/blockLanguage';

interface BlockLanguageSelectProps {
  editor: Editor;
  roomLanguage: TextLanguage;
  /** True in a locked paragraph, whose language cannot change (L1). */
  disabled: boolean;
}

export function BlockLanguageSelect({ editor, roomLanguage, disabled }: BlockLanguageSelectProps) {
  const { t } = useTranslation('language');
  const current = useEditorState({ editor, selector: ({ editor: e }) => blockLanguageAt(e.state) });
  const label = t('blockLanguage.label');
  return (
    <select
      className="toolbar__select"
      aria-label={label}
      title={disabled ? t('blockLanguage.lockedHint') : label}
      data-testid="block-language"
      disabled={disabled}
      value={current ?? ''}
      onChange={(event) => setBlockLanguage(editor, isTextLanguage(event.target.value) ? event.target.value : null)}
    >
      <option value="">{t('blockLanguage.roomLanguage', { language: TEXT_LANGUAGE_NAMES[roomLanguage] })}</option>
      {TEXT_LANGUAGES.filter((tag) => tag !== roomLanguage || current === tag).map((tag) => (
        <option key={tag} value={tag} lang={tag}>
          {TEXT_LANGUAGE_NAMES[tag]}
        </option>
      ))}
    </select>
  );
}
