/**
 * How a room's text is edited (PROTOCOL.md E1). In an open room everyone who may edit types
 * into the text. In a pen-holder room only the chair's team (the roles that hold the pen) does;
 * everyone else's typing becomes a suggestion, an amendment on that paragraph, and the server
 * undoes any change they send to the text itself, as it does for a locked paragraph.
 */
import { can, type Role } from './roles.js';

export const EDIT_MODES = ['open', 'pen-holder'] as const;
export type EditMode = (typeof EDIT_MODES)[number];

/** A room made before rooms had the setting is open, as every room was. */
export const DEFAULT_EDIT_MODE: EditMode = 'open';

export function isEditMode(value: unknown): value is EditMode {
  return typeof value === 'string' && (EDIT_MODES as readonly string[]).includes(value);
}

/**
 * True when `role`'s typing in a room edited the `mode` way is a suggestion rather than an
 * edit: the one rule the server enforces and the editor follows.
 */
export function typesSuggestions(role: Role, mode: EditMode): boolean {
  return mode === 'pen-holder' && can(role, 'edit') && !can(role, 'hold-pen');
}
