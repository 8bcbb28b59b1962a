/** Role names in the interface language; the role keys themselves never change. */
import i18next from 'i18next';
import type { Role } from '../shared/roles';

export function roleLabel(role: Role): string {
  return i18next.t(`common:role.${role}`);
}
