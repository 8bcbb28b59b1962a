// @vitest-environment happy-dom
/**
 * The editor's lock guard (client/editor/lockPlugin.ts), in a real TipTap editor bound to Yjs
 * as the room binds it: what a person sees when they type, delete, format or press Enter in
 * and around a paragraph under lock, and what their browser sends the room. The guard only
 * spares people edits the server would undo (L1, L7); it never refuses what the room itself
 * sends, since the server is the authority. Typing is given to the editor as ProseMirror gets
 * it from the browser (text input, or the transaction of the browser's own deletion), keys as
 * keydown events on the editor.
 */
import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BlockAttr, LOCKED_VALUE, TEXT_FIELD } from '../../shared/blocks.js';
import { type GuardedEditor, openGuardedEditor, paragraph } from '../helpers/guardedEditor.js';

interface Hooks {
  canEdit: boolean;
  editBlocked(blockNumber: number | null, lockedBy: string | null): void;
}

const CHAIR = 'Maria Rossi (Chairmanship)';
const BEFORE = 'The participants welcomed the report.';
const AGREED = 'They agreed to meet again in spring.';
const AFTER = 'The chair thanked the host country.';

let guarded: GuardedEditor<Hooks>;
/** The room's copy of the text (the server's), and this browser's copy, bound to the editor. */
let room: Y.Doc;
let mine: Y.Doc;
let editor: Editor;
/** What the browser sent towards the room. */
let sent: Uint8Array[];
/** The editor's "stopped" messages: which paragraph, whose lock. */
let blocked: Array<[number | null, string | null]>;
const shown = () => guarded.shown();
const shownMarkup = () => guarded.shownMarkup();
const fromRoom = (change: () => void) => guarded.fromRoom(change);

beforeEach(async () => {
  blocked = [];
  guarded = await openGuardedEditor<Hooks>(
    [
      paragraph('p-before', BEFORE),
      paragraph('p-agreed', AGREED, {
        [BlockAttr.locked]: LOCKED_VALUE,
        [BlockAttr.lockedBy]: CHAIR,
        [BlockAttr.lockedAt]: '2026-12-06T06:00:00.000Z',
        [BlockAttr.status]: 'agreed',
      }),
      paragraph('p-after', AFTER),
    ],
    (hooks) => {
      hooks.canEdit = true;
      hooks.editBlocked = (number, lockedBy) => blocked.push([number, lockedBy]);
    },
  );
  ({ room, mine, editor, sent } = guarded);
});

afterEach(() => guarded.close());

/** The text of this browser's copy, paragraph by paragraph, as it would reach the room. */
function inMyCopy(): string[] {
  return mine
    .getXmlFragment(TEXT_FIELD)
    .toArray()
    .map((node) => {
      const text = (node as Y.XmlElement).get(0);
      return text instanceof Y.XmlText
        ? text
            .toDelta()
            .map((op: { insert: unknown }) => op.insert)
            .join('')
        : '';
    });
}

/** The document position `offset` characters into top-level paragraph `index`. */
function at(index: number, offset: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += editor.state.doc.child(i).nodeSize;
  return pos + 1 + offset;
}

function select(from: number, to = from): void {
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, from, to)));
}

/** Typed text, as ProseMirror receives it from the browser: text input over the selection. */
function type(text: string): void {
  const { view } = editor;
  const { from, to } = view.state.selection;
  const insert = () => view.state.tr.insertText(text, from, to);
  if (!view.someProp('handleTextInput', (f) => f(view, from, to, text, insert))) view.dispatch(insert());
}

/** A key pressed in the editor (a keydown on its element, handled as ProseMirror handles one). */
function press(key: string): void {
  editor.view.dom.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}

/**
 * Backspace: the editor's own handling (joining, deleting a selection), else the browser's
 * deletion of the character before the caret, which reaches ProseMirror as this transaction.
 */
function backspace(): void {
  const before = editor.state;
  press('Backspace');
  if (editor.state !== before) return;
  const { from, to, empty } = before.selection;
  editor.view.dispatch(before.tr.delete(empty ? from - 1 : from, to));
}

/** The browser's beforeinput for typing at the selection; true when the editor cancelled it (nothing is drawn). */
function browserTypingCancelled(): boolean {
  const event = new InputEvent('beforeinput', { inputType: 'insertText', data: 'x', bubbles: true, cancelable: true });
  editor.view.dom.dispatchEvent(event);
  return event.defaultPrevented;
}

/** The editor reports a stopped edit after the dispatch (a microtask later). */
async function settled(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('inside a locked paragraph', () => {
  it('[L1] typing there leaves the paragraph as it was, sends nothing to the room, and says whose lock stopped it', async () => {
    select(at(1, 5));
    expect(browserTypingCancelled()).toBe(true);
    type('NOT ');
    select(at(1, 0), at(1, AGREED.length));
    type('Something else entirely.');
    await settled();
    expect(shown()).toEqual([BEFORE, AGREED, AFTER]);
    expect(inMyCopy()).toEqual([BEFORE, AGREED, AFTER]);
    expect(sent).toEqual([]);
    // Once for the browser's own typing, cancelled before it drew anything, and once for each edit.
    expect(blocked).toEqual([
      [2, CHAIR],
      [2, CHAIR],
      [2, CHAIR],
    ]);
  });

  it('[L1] deleting there (Backspace, Delete, a selected word) removes nothing, and the open paragraphs cannot be joined into it', async () => {
    select(at(1, 10));
    backspace();
    select(at(1, 10));
    press('Delete');
    editor.view.dispatch(editor.state.tr.delete(at(1, 10), at(1, 11))); // the browser's forward deletion
    select(at(1, 5), at(1, 11));
    backspace();
    // Backspace at the start of the next paragraph and Delete at the end of the one before would join them with it.
    select(at(2, 0));
    backspace();
    select(at(0, BEFORE.length));
    press('Delete');
    await settled();
    expect(shown()).toEqual([BEFORE, AGREED, AFTER]);
    expect(inMyCopy()).toEqual([BEFORE, AGREED, AFTER]);
    expect(sent).toEqual([]);
    expect(blocked.length).toBeGreaterThanOrEqual(4);
    expect(blocked.every(([number, lockedBy]) => number === 2 && lockedBy === CHAIR)).toBe(true);
  });

  it('[L1] bold, italic and strike on its words change nothing', async () => {
    select(at(1, 5), at(1, 11));
    editor.commands.toggleBold();
    editor.commands.toggleItalic();
    editor.commands.toggleStrike();
    await settled();
    expect(shownMarkup()[1]).toBe(AGREED);
    expect(shown()).toEqual([BEFORE, AGREED, AFTER]);
    expect(sent).toEqual([]);
    expect(blocked).toHaveLength(3);
  });

  it('[L1] a selection from an open paragraph into a locked one cannot delete the locked one, nor the open part with it', async () => {
    select(at(0, 4), at(1, 4));
    backspace();
    select(at(0, 4), at(2, 4));
    type('X');
    select(at(1, 4), at(2, 4));
    press('Delete');
    await settled();
    expect(shown()).toEqual([BEFORE, AGREED, AFTER]);
    expect(inMyCopy()).toEqual([BEFORE, AGREED, AFTER]);
    expect(sent).toEqual([]);
    expect(editor.state.doc.child(1).attrs[BlockAttr.locked]).toBe(LOCKED_VALUE);
  });
});

describe('Enter in a locked paragraph', () => {
  it('[L1] Enter at its end puts an empty paragraph after it with the caret in it, and the next words land there', async () => {
    select(at(1, AGREED.length));
    press('Enter');
    expect(shown()).toEqual([BEFORE, AGREED, '', AFTER]);
    const { $from, empty } = editor.state.selection;
    expect(empty).toBe(true);
    expect($from.index(0)).toBe(2);
    expect($from.parent.type.name).toBe('paragraph');
    expect($from.parent.content.size).toBe(0);

    type('A new point.');
    expect(shown()).toEqual([BEFORE, AGREED, 'A new point.', AFTER]);
    // The locked paragraph is untouched and still locked; the new one is open and reaches the room.
    expect(editor.state.doc.child(1).attrs).toMatchObject({ [BlockAttr.locked]: LOCKED_VALUE, [BlockAttr.lockedBy]: CHAIR });
    expect(editor.state.doc.child(2).attrs[BlockAttr.locked]).toBeNull();
    expect(inMyCopy()).toEqual([BEFORE, AGREED, 'A new point.', AFTER]);
    await settled();
    expect(blocked).toEqual([]);
  });

  it('[L1] Enter at its very start puts the empty paragraph before it, with the caret there', () => {
    select(at(1, 0));
    press('Enter');
    expect(shown()).toEqual([BEFORE, '', AGREED, AFTER]);
    expect(editor.state.selection.$from.index(0)).toBe(1);
    type('Inserted before.');
    expect(shown()).toEqual([BEFORE, 'Inserted before.', AGREED, AFTER]);
  });
});

describe('open paragraphs', () => {
  it('[L3] typing, deleting, formatting and Enter in the paragraphs around a locked one go through and reach the room', () => {
    select(at(0, BEFORE.length));
    type(' Warmly.');
    select(at(2, 0), at(2, 4));
    backspace();
    select(at(2, 0), at(2, 5));
    editor.commands.toggleBold();
    select(at(2, 5));
    press('Enter');
    expect(shown()).toEqual([`${BEFORE} Warmly.`, AGREED, 'chair', ' thanked the host country.']);
    expect(shownMarkup()[2]).toBe('<strong>chair</strong>');
    expect(inMyCopy()).toEqual([`${BEFORE} Warmly.`, AGREED, 'chair', ' thanked the host country.']);
    expect(sent.length).toBeGreaterThan(0);
  });
});

describe('what the room sends', () => {
  it('[L7] a change the room makes inside a locked paragraph (the server restoring it) is shown, never refused: the server is the authority', async () => {
    fromRoom(() => {
      const text = (room.getXmlFragment(TEXT_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlText;
      text.delete(0, text.length);
      text.insert(0, 'As the chair restored it.');
    });
    expect(shown()).toEqual([BEFORE, 'As the chair restored it.', AFTER]);
    await settled();
    expect(blocked).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('[L2] lock attributes the server writes arrive and hold: a lock landing on an open paragraph stops typing there, an unlock lets it through', async () => {
    fromRoom(() => {
      const open = room.getXmlFragment(TEXT_FIELD).get(2) as Y.XmlElement;
      open.setAttribute(BlockAttr.locked, LOCKED_VALUE);
      open.setAttribute(BlockAttr.lockedBy, CHAIR);
      const agreed = room.getXmlFragment(TEXT_FIELD).get(1) as Y.XmlElement;
      agreed.removeAttribute(BlockAttr.locked);
      agreed.removeAttribute(BlockAttr.lockedBy);
    });
    expect(editor.state.doc.child(2).attrs[BlockAttr.locked]).toBe(LOCKED_VALUE);
    expect(editor.state.doc.child(1).attrs[BlockAttr.locked]).toBeNull();
    select(at(2, 0));
    type('Late ');
    select(at(1, 0));
    type('Now open: ');
    await settled();
    expect(shown()).toEqual([BEFORE, `Now open: ${AGREED}`, AFTER]);
    expect(blocked).toEqual([[3, CHAIR]]);
  });
});
