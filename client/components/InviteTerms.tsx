/**
 * The role and the lifetime of new invites: two fields shared by the invite form and the
 * delegations box, which issue invites on the same terms.
 */
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../shared/roles';
import { roleLabel } from '../roles';

/** How long an invite works: the choices of the invite forms (their words in invites.json, `expiry.<key>`). */
export const EXPIRY_CHOICES: { key: string; seconds: number | null }[] = [
  { key: 'untilRevoked', seconds: null },
  { key: 'hours2', seconds: 2 * 3600 },
  { key: 'hours8', seconds: 8 * 3600 },
  { key: 'days3', seconds: 3 * 86400 },
  { key: 'weeks2', seconds: 14 * 86400 },
];

/** How long an invite of the chosen expiry lasts, in seconds; null until revoked. */
export function expirySeconds(expiry: number): number | null {
  return EXPIRY_CHOICES[expiry]?.seconds ?? null;
}

interface InviteTermsProps {
  /** Prefix of the fields' test ids ('invite' → invite-role, invite-expiry). */
  testIdPrefix: string;
  role: Role;
  /** Index into EXPIRY_CHOICES. */
  expiry: number;
  onRole(role: Role): void;
  onExpiry(expiry: number): void;
}

export function InviteTerms({ testIdPrefix, role, expiry, onRole, onExpiry }: InviteTermsProps) {
  const { t } = useTranslation('invites');
  return (
    <>
      <label className="field">
        <span className="field__label">{t('form.role')}</span>
        <select className="input" data-testid={`${testIdPrefix}-role`} value={role} onChange={(e) => onRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('form.worksFor')}</span>
        <select className="input" data-testid={`${testIdPrefix}-expiry`} value={expiry} onChange={(e) => onExpiry(Number(e.target.value))}>
          {EXPIRY_CHOICES.map((choice, i) => (
            <option key={choice.key} value={i}>
              {t(`expiry.${choice.key}`)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
