/**
 * While the room is in pen-holder mode, a compact note in the status bar that says so, worded
 * for its reader: whether their typing becomes a suggestion (shared/editMode.ts
 * `typesSuggestions`), they hold the pen, or they only read. Nothing in an open room.
 */
import { useTranslation } from 'react-i18next';
import { type EditMode, typesSuggestions } from '../../shared/editMode';
import { can, type Role } from '../../shared/roles';

function wordsKey(role: Role, mode: EditMode): string {
  if (typesSuggestions(role, mode)) return 'editMode.indicator.suggests';
  return can(role, 'hold-pen') ? 'editMode.indicator.holdsPen' : 'editMode.indicator.reads';
}

export function PenHolderIndicator({ role, mode }: { role: Role; mode: EditMode }) {
  const { t } = useTranslation('room');
  if (mode !== 'pen-holder') return null;
  return (
    <p className="pen-holder-indicator" role="status" data-testid="pen-holder-indicator">
      {t(wordsKey(role, mode))}
    </p>
  );
}
