/** The four roles of a room and what each may do (docs/ARCHITECTURE.md, "People and what each may do"). */

export const ROLES = ['adviser', 'moderator', 'expert', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'read'
  | 'edit'
  | 'comment'
  | 'lock'
  | 'decide-amendment'
  | 'save-version'
  | 'export'
  | 'manage-invites'
  /** Put the text or a paragraph under a silence procedure (PROTOCOL.md Q1): the Senior Adviser's call. */
  | 'open-silence'
  /** Edit the text while the room is in pen-holder mode (shared/editMode.ts): the chair's team. */
  | 'hold-pen'
  /** See what the projector shows (which paragraph is presented): every role, and a projector-only link. */
  | 'follow-projector';

const PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  adviser: new Set<Permission>([
    'read',
    'edit',
    'comment',
    'lock',
    'decide-amendment',
    'save-version',
    'export',
    'manage-invites',
    'open-silence',
    'hold-pen',
    'follow-projector',
  ]),
  moderator: new Set<Permission>([
    'read',
    'edit',
    'comment',
    'lock',
    'decide-amendment',
    'save-version',
    'export',
    'hold-pen',
    'follow-projector',
  ]),
  expert: new Set<Permission>(['read', 'edit', 'comment', 'export', 'follow-projector']),
  observer: new Set<Permission>(['read', 'export', 'follow-projector']),
};

/** True when `role` may do `permission`. The server enforces this; the client only hides controls. */
export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role].has(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Words the UI uses for each role. */
export const ROLE_LABELS: Record<Role, string> = {
  adviser: 'Senior Adviser',
  moderator: 'Moderator',
  expert: 'Expert',
  observer: 'Observer',
};
