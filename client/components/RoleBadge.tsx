/** A person's role in words (never colour alone). */
import type { Role } from '../../shared/roles';
import { roleLabel } from '../roles';

export function RoleBadge({ role, testId }: { role: Role; testId?: string }) {
  return (
    <span className={`role-badge role-badge--${role}`} data-testid={testId}>
      {roleLabel(role)}
    </span>
  );
}
