/** A person's role in words (never colour alone). */
import { ROLE_LABELS, type Role } from '../../shared/roles';

export function RoleBadge({ role, testId }: { role: Role; testId?: string }) {
  return (
    <span className={`role-badge role-badge--${role}`} data-testid={testId}>
      {ROLE_LABELS[role]}
    </span>
  );
}
