// @vitest-environment happy-dom
/**
 * The room's key handler (client/keyboard/useRoomKeyboard.tsx) in a page: the paragraph
 * with the caret's actions act for a role that may use them and are explained to one that
 * may not (or while the text is read-only); the status menu opens on the current status
 * and sets the chosen one; "?" lists the shortcuts outside text boxes only.
 */
import { act, createElement, useEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Role } from '../../shared/roles.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// Client modules import without file extensions (the client's bundler resolution): loaded at run time.
const CLIENT = '../../client';
type Keyboard = { onCaret(caret: unknown): void; overlays: unknown };
let useRoomKeyboard: (options: Record<string, unknown>) => Keyboard;
let createEditorHooks: () => Record<string, unknown>;

beforeAll(async () => {
  await import(`${CLIENT}/i18n/index`);
  ({ useRoomKeyboard } = await import(`${CLIENT}/keyboard/useRoomKeyboard`));
  ({ createEditorHooks } = await import(`${CLIENT}/editor/editorHooks`));
});

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  document.body.replaceChildren();
});

interface Page {
  hooks: Record<string, ReturnType<typeof vi.fn> | boolean | unknown>;
  explain: ReturnType<typeof vi.fn>;
  caret: { blockId(): string; focus: ReturnType<typeof vi.fn> };
}

/** A room page with the caret in paragraph 4 (a draft), as `role`; `writable` false as while saving fails. */
function page(role: Role, writable = true): Page {
  const may = { adviser: [true, true, true], moderator: [true, true, true], expert: [true, true, false], observer: [false, false, false] }[
    role
  ];
  const hooks = Object.assign(createEditorHooks(), {
    canEdit: may[0] && writable,
    canComment: may[1] && writable,
    canLock: may[2] && writable,
    toggleLock: vi.fn(),
    openBlock: vi.fn(),
    setStatus: vi.fn(async () => true),
  });
  const explain = vi.fn();
  const caret = { blockId: () => 'p4', focus: vi.fn() };
  const editorApi = {
    current: {
      block: (id: string) => ({ id, type: 'paragraph', number: 4, locked: false, lockedBy: null, lockedAt: null, status: 'draft' }),
    },
  };
  const text = document.createElement('div');
  text.className = 'ProseMirror';
  text.contentEditable = 'true';
  text.tabIndex = 0;
  text.innerHTML =
    '<div class="dr-block has-caret"><p>Paragraph 4.</p><div class="dr-rail" contenteditable="false"><button type="button">Propose an amendment to paragraph 4</button></div></div>';
  const button = document.createElement('button');
  button.textContent = 'Lock history';
  const box = document.createElement('textarea');
  const container = document.createElement('div');
  document.body.append(text, button, box, container);

  // biome-ignore lint/correctness/noComponentHookFactories: the harness closes over this test's own page, editor and hooks
  function Harness() {
    const keyboard = useRoomKeyboard({ role, hooks, editorApi, explain });
    useEffect(() => keyboard.onCaret(caret), [keyboard]);
    return keyboard.overlays as never;
  }
  root = createRoot(container);
  act(() => root!.render(createElement(Harness)));
  return { hooks, explain, caret };
}

function press(
  key: string,
  code: string,
  modifiers: { alt?: boolean; shift?: boolean } = {},
  target: EventTarget = document.activeElement ?? document.body,
): KeyboardEvent {
  const event = new KeyboardEvent('keydown', {
    key,
    code,
    altKey: !!modifiers.alt,
    shiftKey: !!modifiers.shift,
    bubbles: true,
    cancelable: true,
  });
  act(() => void target.dispatchEvent(event));
  return event;
}

it('a moderator locks, proposes and comments on the paragraph with the caret, one key each', () => {
  const { hooks, explain } = page('moderator');
  expect(press('L', 'KeyL', { alt: true, shift: true }).defaultPrevented).toBe(true);
  expect(hooks.toggleLock).toHaveBeenCalledWith('p4');
  press('P', 'KeyP', { alt: true, shift: true });
  expect(hooks.openBlock).toHaveBeenCalledWith('p4', 'amendments', true);
  press('C', 'KeyC', { alt: true, shift: true });
  expect(hooks.openBlock).toHaveBeenCalledWith('p4', 'comments');
  expect(explain).not.toHaveBeenCalled();
});

it('a key the role may not use only says why; so does any key while the text is read-only', () => {
  const expert = page('expert');
  press('L', 'KeyL', { alt: true, shift: true });
  press('S', 'KeyS', { alt: true, shift: true });
  expect(expert.hooks.toggleLock).not.toHaveBeenCalled();
  expect(expert.explain.mock.calls.map(([text]) => text)).toEqual([
    'Your role may not lock or unlock paragraphs; moderators and the Senior Adviser can.',
    'Your role may not set the status of paragraphs; moderators and the Senior Adviser can.',
  ]);
  expect(document.querySelector('[role="menu"]')).toBeNull();
  act(() => root?.unmount());

  const observer = page('observer');
  press('P', 'KeyP', { alt: true, shift: true });
  expect(observer.hooks.openBlock).not.toHaveBeenCalled();
  expect(observer.explain).toHaveBeenCalledWith('Observers may not propose amendments.');
  act(() => root?.unmount());

  const moderator = page('moderator', false);
  press('L', 'KeyL', { alt: true, shift: true });
  expect(moderator.hooks.toggleLock).not.toHaveBeenCalled();
  expect(moderator.explain).toHaveBeenCalledWith('The text is read-only just now: this key does nothing.');
});

it('the status menu opens on the current status; the next one is set and focus goes back to the caret', async () => {
  const { hooks, caret } = page('adviser');
  press('S', 'KeyS', { alt: true, shift: true });
  const menu = document.querySelector('[role="menu"]')!;
  expect(menu.getAttribute('aria-label')).toBe('Status of paragraph 4');
  expect(document.activeElement?.textContent).toBe('Draft');
  expect(document.activeElement?.getAttribute('aria-checked')).toBe('true');
  press('ArrowDown', 'ArrowDown');
  expect(document.activeElement?.textContent).toBe('Under discussion');
  act(() => (document.activeElement as HTMLElement).click());
  expect(hooks.setStatus).toHaveBeenCalledWith('p4', 'discussion');
  expect(document.querySelector('[role="menu"]')).toBeNull();
  await new Promise((resolve) => requestAnimationFrame(resolve));
  expect(caret.focus).toHaveBeenCalled();
});

it('F6 goes from the text to the paragraph’s margin; Escape comes back to the caret', async () => {
  const { caret } = page('expert');
  document.querySelector<HTMLElement>('.ProseMirror')!.focus();
  expect(press('F6', 'F6').defaultPrevented).toBe(true);
  expect(document.activeElement?.textContent).toBe('Propose an amendment to paragraph 4');
  press('Escape', 'Escape');
  expect(caret.focus).toHaveBeenCalledTimes(1);
});

it('"?" opens the list of shortcuts outside text boxes, and types a "?" inside them', () => {
  page('expert');
  const box = document.querySelector('textarea')!;
  box.focus();
  expect(press('?', 'Slash', { shift: true }).defaultPrevented).toBe(false);
  expect(document.querySelector('dialog')).toBeNull();
  document.querySelector<HTMLElement>('button')!.focus();
  expect(press('?', 'Slash', { shift: true }).defaultPrevented).toBe(true);
  const dialog = document.querySelector('dialog')!;
  expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe('Keyboard shortcuts');
  // The expert sees who may lock, and that it is not for her.
  const lock = dialog.querySelector('[data-shortcut="lock"]')!;
  expect(lock.textContent).toContain('Moderators and the Senior Adviser');
  expect(lock.textContent).toContain('Not for your role');
  expect(dialog.querySelector('[data-shortcut="propose"]')!.textContent).not.toContain('Not for your role');
});
