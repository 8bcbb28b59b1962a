/**
 * The room's keys (shortcuts.ts) and what they open: F6 between regions, the paragraph
 * with the caret's actions from wherever focus is, Escape back to the caret, "?" for the
 * list. A key the person's role may not use does nothing but say why (a notice, which is
 * read aloud). Forms' text boxes keep their keys: the paragraph shortcuts do not act there,
 * where Option+Shift on a Mac types letters.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, type Role } from '../../shared/roles';
import type { EditorApi } from '../editor/editorApi';
import type { EditorHooks } from '../editor/editorHooks';
import { blockName } from '../format';
import type { BlockStatus } from '../status';
import type { EditorCaret } from './editorCaret';
import { RegionFocus, regionOf } from './regions';
import { actionFor, type ShortcutAction } from './shortcuts';
import { ShortcutsDialog } from './ShortcutsDialog';
import { StatusMenu } from './StatusMenu';
import './keyboard.css';

type ParagraphAction = Extract<ShortcutAction, 'lock' | 'status' | 'propose' | 'comment'>;

const RIGHT_OF = { lock: 'lock', status: 'lock', propose: 'edit', comment: 'comment' } as const;

/** How long a form opened by a shortcut may take to appear before focus gives up on it. */
const FORM_WAIT_MS = 1_000;

interface RoomKeyboardOptions {
  role: Role;
  /** The room's live hooks: what this person may do now (writability included), and the actions. */
  hooks: EditorHooks;
  editorApi: React.RefObject<EditorApi | null>;
  /** Says something to the person (a notice, read aloud). */
  explain(text: string): void;
}

export interface RoomKeyboard {
  /** For DraftEditor: the editor's caret, or null while there is no editor. */
  onCaret(caret: EditorCaret | null): void;
  openShortcuts(): void;
  /** The shortcuts dialog and the status menu, when open. */
  overlays: React.ReactNode;
}

function isTextEntry(element: Element | null): boolean {
  if (element instanceof HTMLTextAreaElement) return true;
  if (element instanceof HTMLInputElement)
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(element.type);
  return element instanceof HTMLSelectElement || (element instanceof HTMLElement && element.isContentEditable);
}

/** Focuses the first of `selectors` found once it is on the page (a form a panel is about to show). */
function focusWhenShown(...selectors: string[]): void {
  const until = Date.now() + FORM_WAIT_MS;
  const attempt = () => {
    const found = selectors.map((selector) => document.querySelector<HTMLElement>(selector)).find((element) => element !== null);
    if (found) found.focus();
    else if (Date.now() < until) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}

export function useRoomKeyboard({ role, hooks, editorApi, explain }: RoomKeyboardOptions): RoomKeyboard {
  const { t } = useTranslation('keyboard');
  const caret = useRef<EditorCaret | null>(null);
  const regions = useMemo(() => new RegionFocus(document.body, () => caret.current), []);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [statusMenu, setStatusMenu] = useState<{ blockId: string; where: string; current: BlockStatus } | null>(null);
  const returnTo = useRef<Element | null>(null);

  const onCaret = useCallback((next: EditorCaret | null) => {
    caret.current = next;
  }, []);

  const openShortcuts = useCallback(() => {
    returnTo.current = document.activeElement;
    setShortcutsOpen(true);
  }, []);

  const closeShortcuts = useCallback(() => setShortcutsOpen(false), []);

  // Focus goes back once the dialog is gone: while a modal dialog is open the page behind it is inert.
  useEffect(() => {
    if (shortcutsOpen || !returnTo.current) return;
    const back = returnTo.current;
    returnTo.current = null;
    if (regionOf(back) === 'editor') regions.toText();
    else if (back instanceof HTMLElement && back.isConnected) back.focus();
  }, [shortcutsOpen, regions]);

  // The handler reads the latest rights and actions through this ref; it is added once.
  const latest = useRef({ role, hooks, editorApi, explain, t });
  latest.current = { role, hooks, editorApi, explain, t };

  useEffect(() => {
    const paragraph = (action: ParagraphAction) => {
      const { role: myRole, hooks: h, editorApi: api, explain: say, t: words } = latest.current;
      const blockId = caret.current?.blockId() ?? null;
      if (!blockId) return say(words('refusal.noParagraph'));
      const allowed = { lock: h.canLock, status: h.canLock, propose: h.canEdit, comment: h.canComment }[action];
      if (!allowed) return say(words(can(myRole, RIGHT_OF[action]) ? 'refusal.readOnly' : `refusal.${action}`));
      switch (action) {
        case 'lock':
          h.toggleLock(blockId);
          return;
        case 'propose':
          h.openBlock(blockId, 'amendments', true);
          // Its text, or (proposing a deletion) the kind of amendment.
          focusWhenShown('.side-panel .amend-form textarea', '.side-panel .amend-form select');
          return;
        case 'comment':
          h.openBlock(blockId, 'comments');
          focusWhenShown('.side-panel .comments-tab > .comment-form textarea');
          return;
        case 'status': {
          const block = api.current?.block(blockId);
          if (!block || block.number === null) return say(words('refusal.heading'));
          setStatusMenu({ blockId, where: blockName(block.number), current: block.status });
        }
      }
    };

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      // A modal dialog answers its own keys (Escape, Tab); nothing behind it may move.
      if (document.querySelector('dialog[open]')) return;
      const action = actionFor(event);
      if (!action) return;
      const focused = document.activeElement;
      const inForm = isTextEntry(focused) && regionOf(focused) !== 'editor';
      switch (action) {
        case 'help':
          if (isTextEntry(focused)) return;
          event.preventDefault();
          openShortcuts();
          return;
        case 'nextRegion':
        case 'previousRegion':
          event.preventDefault();
          regions.move(action === 'nextRegion' ? 1 : -1);
          return;
        case 'toText': {
          const region = regionOf(focused);
          // Focus lost (a form that closed, a control redrawn) comes back to the caret too. A box in
          // the side column keeps its Escape (it may clear a search); an open panel closes on it (SidePanel).
          const lost = focused === null || focused === document.body;
          const leave =
            lost ||
            region === 'margin' ||
            region === 'toolbar' ||
            (region === 'panel' && (!inForm || document.querySelector('.side-panel') !== null));
          if (leave) regions.toText();
          return;
        }
        default:
          if (inForm) return;
          event.preventDefault();
          paragraph(action);
      }
    };
    const onFocusIn = (event: FocusEvent) => {
      if (event.target instanceof Element) regions.noteFocus(event.target);
    };
    window.addEventListener('keydown', onKeyDown);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('focusin', onFocusIn);
    };
  }, [regions, openShortcuts]);

  const chooseStatus = (status: BlockStatus) => {
    if (!statusMenu) return;
    void hooks.setStatus(statusMenu.blockId, status);
    setStatusMenu(null);
    regions.toText();
  };

  const overlays = (
    <>
      {shortcutsOpen && <ShortcutsDialog role={role} onClose={closeShortcuts} />}
      {statusMenu && (
        <StatusMenu
          where={statusMenu.where}
          current={statusMenu.current}
          anchor={document.querySelector(`.dr-block[data-block-id="${CSS.escape(statusMenu.blockId)}"] .dr-status`)}
          onChoose={chooseStatus}
          onClose={(back) => {
            setStatusMenu(null);
            if (back) regions.toText();
          }}
        />
      )}
    </>
  );

  return { onCaret, openShortcuts, overlays };
}
