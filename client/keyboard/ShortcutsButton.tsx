/** The visible way to the list of keyboard shortcuts, for those who do not know "?" yet. */
import { useTranslation } from 'react-i18next';

export function ShortcutsButton({ onClick }: { onClick(): void }) {
  const { t } = useTranslation('keyboard');
  return (
    <button type="button" className="button button--small" aria-keyshortcuts="?" onClick={onClick}>
      {t('shortcuts.button')}
    </button>
  );
}
