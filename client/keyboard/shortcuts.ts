/**
 * Every key the room answers, in one table: the "?" dialog lists it, and the room's key
 * handler (useRoomKeyboard.ts) matches against the entries it acts on.
 *
 * Why these keys (against Chromium's accelerator table, Windows, macOS and screen readers):
 *  - F6 / Shift+F6 move between regions, as in desktop apps. Chromium's F6 (its panes) is
 *    not one of its reserved keys, so the page is asked first; from the address bar, F6 or
 *    Ctrl+F6 still comes back to the page.
 *  - The paragraph's actions are Alt+Shift+letter: Alt+letter alone opens menus in some
 *    Windows browsers; Ctrl+Alt is AltGr on Windows and types ł, ś, ą… on Polish and other
 *    layouts; NVDA and JAWS use Insert or CapsLock, VoiceOver Ctrl+Option. Letters chosen
 *    clear of Chromium's own Alt+Shift keys: A (reach an unfocused browser prompt, a screen
 *    reader user's key, hence P for "propose"), B (bookmarks), I (feedback), T (toolbar). The
 *    letter is read from the key's character, or from its place on the keyboard when that
 *    character is not a Latin letter (a Cyrillic layout; Option+Shift on a Mac types Ò).
 *  - "?" is read as a character, so it works on every layout, and only outside text boxes.
 */
import type { Permission } from '../../shared/roles.js';

export type ShortcutAction = 'nextRegion' | 'previousRegion' | 'toText' | 'lock' | 'propose' | 'comment' | 'status' | 'help';

/** What a person must be allowed to do for a shortcut to act (null: everyone). */
export type ShortcutRight = Extract<Permission, 'edit' | 'comment' | 'lock'> | null;

/** One way of pressing a shortcut: the key's name as KeyboardEvent.key has it, or a letter. */
export interface KeyCombo {
  key: string;
  alt?: boolean;
  shift?: boolean;
  /** Ctrl, or Cmd on a Mac. */
  mod?: boolean;
}

export interface Shortcut {
  /** Key of its words in keyboard.json (`shortcuts.action.<id>`). */
  id: string;
  group: 'move' | 'paragraph' | 'text' | 'help';
  combos: KeyCombo[];
  right: ShortcutRight;
  /** Set when the room's key handler acts on it; the others belong to the editor. */
  action?: ShortcutAction;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'nextRegion', group: 'move', combos: [{ key: 'F6' }], right: null, action: 'nextRegion' },
  { id: 'previousRegion', group: 'move', combos: [{ key: 'F6', shift: true }], right: null, action: 'previousRegion' },
  { id: 'marginTab', group: 'move', combos: [{ key: 'Tab' }], right: null },
  { id: 'toText', group: 'move', combos: [{ key: 'Escape' }], right: null, action: 'toText' },
  {
    id: 'lock',
    group: 'paragraph',
    combos: [
      { key: 'l', alt: true, shift: true },
      { key: 'l', mod: true, shift: true },
    ],
    right: 'lock',
    action: 'lock',
  },
  { id: 'status', group: 'paragraph', combos: [{ key: 's', alt: true, shift: true }], right: 'lock', action: 'status' },
  { id: 'propose', group: 'paragraph', combos: [{ key: 'p', alt: true, shift: true }], right: 'edit', action: 'propose' },
  { id: 'comment', group: 'paragraph', combos: [{ key: 'c', alt: true, shift: true }], right: 'comment', action: 'comment' },
  { id: 'newParagraph', group: 'paragraph', combos: [{ key: 'Enter' }], right: 'edit' },
  { id: 'bold', group: 'text', combos: [{ key: 'b', mod: true }], right: 'edit' },
  { id: 'italic', group: 'text', combos: [{ key: 'i', mod: true }], right: 'edit' },
  { id: 'heading', group: 'text', combos: [{ key: '1', mod: true, alt: true }], right: 'edit' },
  { id: 'bulleted', group: 'text', combos: [{ key: '8', mod: true, shift: true }], right: 'edit' },
  { id: 'numbered', group: 'text', combos: [{ key: '7', mod: true, shift: true }], right: 'edit' },
  { id: 'undo', group: 'text', combos: [{ key: 'z', mod: true }], right: 'edit' },
  { id: 'redo', group: 'text', combos: [{ key: 'z', mod: true, shift: true }], right: 'edit' },
  { id: 'help', group: 'help', combos: [{ key: '?' }], right: null, action: 'help' },
];

/** The letter a key stands for: its character when that is a Latin letter, else its place (KeyL → l). */
function letterOf(event: KeyboardEvent): string | null {
  if (/^[a-z]$/i.test(event.key)) return event.key.toLowerCase();
  const place = /^Key([A-Z])$/.exec(event.code);
  return place?.[1]?.toLowerCase() ?? null;
}

function matches(event: KeyboardEvent, combo: KeyCombo): boolean {
  const mod = event.ctrlKey || event.metaKey;
  if (combo.key === '?') return event.key === '?' && !mod && !event.altKey;
  const sameKey = combo.key.length === 1 && /[a-z]/.test(combo.key) ? letterOf(event) === combo.key : event.key === combo.key;
  return sameKey && Boolean(combo.alt) === event.altKey && Boolean(combo.shift) === event.shiftKey && Boolean(combo.mod) === mod;
}

/**
 * The room-level action a key press asks for, if any. Ctrl/Cmd+Shift+L is left to the
 * editor (lockPlugin.ts), which answers it inside the text.
 */
export function actionFor(event: KeyboardEvent): ShortcutAction | null {
  for (const shortcut of SHORTCUTS) {
    if (!shortcut.action) continue;
    const combos = shortcut.action === 'lock' ? shortcut.combos.filter((c) => !c.mod) : shortcut.combos;
    if (combos.some((combo) => matches(event, combo))) return shortcut.action;
  }
  return null;
}

/** True on a Mac, where the dialog writes ⌘ ⌥ ⇧ instead of Ctrl, Alt, Shift. */
export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** The keys of a combination as they are printed on the keyboard: ['Alt', 'Shift', 'L'] or ['⌥', '⇧', 'L']. */
export function keyCaps(combo: KeyCombo, mac: boolean): string[] {
  const caps: string[] = [];
  if (combo.mod) caps.push(mac ? '⌘' : 'Ctrl');
  if (combo.alt) caps.push(mac ? '⌥' : 'Alt');
  if (combo.shift) caps.push(mac ? '⇧' : 'Shift');
  caps.push(combo.key.length === 1 ? combo.key.toUpperCase() : combo.key === 'Escape' ? 'Esc' : combo.key);
  return caps;
}
