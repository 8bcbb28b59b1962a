/**
 * The role and the lifetime of new invites: two fields shared by the invite form and the
 * delegations box, which issue invites on the same terms.
 */
import { ROLES, ROLE_LABELS, type Role } from '../../shared/roles';

/** How long an invite works: the choices of the invite forms. */
export const EXPIRY_CHOICES: { label: string; seconds: number | null }[] = [
  { label: 'Until revoked', seconds: null },
  { label: '2 hours', seconds: 2 * 3600 },
  { label: '8 hours (a meeting day)', seconds: 8 * 3600 },
  { label: '3 days', seconds: 3 * 86400 },
  { label: '2 weeks', seconds: 14 * 86400 },
];

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
  return (
    <>
      <label className="field">
        <span className="field__label">Role</span>
        <select className="input" data-testid={`${testIdPrefix}-role`} value={role} onChange={(e) => onRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Works for</span>
        <select className="input" data-testid={`${testIdPrefix}-expiry`} value={expiry} onChange={(e) => onExpiry(Number(e.target.value))}>
          {EXPIRY_CHOICES.map((choice, i) => (
            <option key={choice.label} value={i}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
