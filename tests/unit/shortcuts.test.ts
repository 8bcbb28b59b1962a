/**
 * Which room action a key press asks for (client/keyboard/shortcuts.ts), on the keyboards
 * delegates bring: a Cyrillic layout, a Mac's Option key, an AZERTY "?", and never a key
 * Chromium or the editor keeps for itself.
 */
import { describe, expect, it } from 'vitest';
import { SHORTCUTS, actionFor, keyCaps } from '../../client/keyboard/shortcuts.js';

/** A keydown as the browser reports it. */
function press(
  key: string,
  code: string,
  modifiers: { alt?: boolean; shift?: boolean; ctrl?: boolean; meta?: boolean } = {},
): KeyboardEvent {
  return {
    key,
    code,
    altKey: !!modifiers.alt,
    shiftKey: !!modifiers.shift,
    ctrlKey: !!modifiers.ctrl,
    metaKey: !!modifiers.meta,
  } as KeyboardEvent;
}

describe('room shortcuts', () => {
  it('Alt+Shift+L, S, P and C act on the paragraph with the caret, whatever the layout', () => {
    expect(actionFor(press('L', 'KeyL', { alt: true, shift: true }))).toBe('lock');
    expect(actionFor(press('S', 'KeyS', { alt: true, shift: true }))).toBe('status');
    expect(actionFor(press('P', 'KeyP', { alt: true, shift: true }))).toBe('propose');
    expect(actionFor(press('C', 'KeyC', { alt: true, shift: true }))).toBe('comment');
    // A Russian layout gives Cyrillic characters: the key's place decides.
    expect(actionFor(press('Д', 'KeyL', { alt: true, shift: true }))).toBe('lock');
    expect(actionFor(press('З', 'KeyP', { alt: true, shift: true }))).toBe('propose');
    // A Mac's Option+Shift+L reports the character it would type.
    expect(actionFor(press('Ò', 'KeyL', { alt: true, shift: true }))).toBe('lock');
  });

  it('leaves alone the keys Chromium, the editor and typing keep', () => {
    // Chromium: Alt+Shift+A reaches an unfocused browser prompt (screen readers), B, I and T its bars.
    for (const letter of ['A', 'B', 'I', 'T']) expect(actionFor(press(letter, `Key${letter}`, { alt: true, shift: true }))).toBeNull();
    // The editor answers Ctrl/Cmd+Shift+L itself (lockPlugin.ts), inside the text.
    expect(actionFor(press('L', 'KeyL', { ctrl: true, shift: true }))).toBeNull();
    expect(actionFor(press('l', 'KeyL', { alt: true }))).toBeNull();
    expect(actionFor(press('L', 'KeyL', { shift: true }))).toBeNull();
    expect(actionFor(press('l', 'KeyL'))).toBeNull();
  });

  it('F6 and Shift+F6 move between regions, Escape goes back to the text, "?" opens the list on any layout', () => {
    expect(actionFor(press('F6', 'F6'))).toBe('nextRegion');
    expect(actionFor(press('F6', 'F6', { shift: true }))).toBe('previousRegion');
    expect(actionFor(press('F6', 'F6', { ctrl: true }))).toBeNull();
    expect(actionFor(press('Escape', 'Escape'))).toBe('toText');
    expect(actionFor(press('?', 'Slash', { shift: true }))).toBe('help');
    // AZERTY: "?" is Shift and the comma key.
    expect(actionFor(press('?', 'KeyM', { shift: true }))).toBe('help');
    expect(actionFor(press('/', 'Slash'))).toBeNull();
  });

  it('every shortcut the room acts on is in the list the "?" dialog shows, printed per platform', () => {
    expect(
      SHORTCUTS.filter((s) => s.action)
        .map((s) => s.action)
        .sort(),
    ).toEqual(['comment', 'help', 'lock', 'nextRegion', 'previousRegion', 'propose', 'status', 'toText']);
    expect(keyCaps({ key: 'l', alt: true, shift: true }, false)).toEqual(['Alt', 'Shift', 'L']);
    expect(keyCaps({ key: 'l', mod: true, shift: true }, true)).toEqual(['⌘', '⇧', 'L']);
  });
});
