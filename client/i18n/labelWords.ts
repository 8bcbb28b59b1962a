/** Why a name, delegation or title was refused (shared/labels.ts, N1), in the interface language. */
import i18next from 'i18next';
import type { LabelCheck, LabelRefusal } from '../../shared/labels';

export function labelRefusalText(refusal: LabelRefusal): string {
  switch (refusal.rule) {
    case 'too-long':
      return i18next.t('join:label.tooLong', { kind: refusal.kind, max: refusal.max, length: refusal.length });
    case 'no-letter':
      return i18next.t('join:label.noLetter', { kind: refusal.kind });
    case 'brackets':
      return i18next.t('join:label.brackets');
    case 'reserved':
      return i18next.t('join:label.reserved', { kind: refusal.kind, reserved: refusal.reserved });
  }
}

/** The refusal of a checked label in words, or null when it passed. */
export function labelProblem(check: LabelCheck): string | null {
  return check.ok ? null : labelRefusalText(check.refusal);
}
