// @vitest-environment happy-dom
/**
 * The lock guard in pen-holder mode (client/editor/lockPlugin.ts with `hooks.typesSuggestions`),
 * in a real TipTap editor bound to Yjs as the room binds it: for someone whose typing is a
 * suggestion every paragraph is held as if locked, nothing they do reaches their copy of the
 * text (so nothing is sent for the server to undo, E_PEN_HOLDER), and each keystroke into a
 * paragraph instead opens the amendment form with the keystroke applied to that paragraph's
 * text, the caret where it was. The room's own changes still arrive; a locked paragraph still
 * says it is locked; with the mode off, typing is typing again.
 */
import type { AnyExtension, Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { BlockAttr, LOCKED_VALUE, TEXT_FIELD } from '../../shared/blocks.js';
import { type GuardedEditor, openGuardedEditor, paragraph } from '../helpers/guardedEditor.js';

// Client modules import without file extensions (the client's bundler resolution): loaded at run time.
const CLIENT_EDITOR = '../../client/editor';

interface Start {
  blockId: string;
  kind: 'replace' | 'insert-after';
  text: string;
  caret: number;
}
interface Hooks {
  canEdit: boolean;
  typesSuggestions: boolean;
  editBlocked(blockNumber: number | null, lockedBy: string | null): void;
  suggest(start: Start, fresh: boolean): void;
  suggestionOnly(): void;
}

const FIRST = 'The participants welcomed the report.';
const AGREED = 'They agreed to meet again in spring.';

let guarded: GuardedEditor<Hooks>;
let editor: Editor;
let hooks: Hooks;
let sent: Uint8Array[];
let started: Start[];
/** For each suggestion started: whether it was a fresh one (the first key since coming back to the text). */
let fresh: boolean[];
let blocked: Array<[number | null, string | null]>;
let only: number;
const shown = () => guarded.shown();

beforeEach(async () => {
  started = [];
  fresh = [];
  blocked = [];
  only = 0;
  guarded = await openGuardedEditor<Hooks>(
    [paragraph('p-first', FIRST), paragraph('p-agreed', AGREED, { [BlockAttr.locked]: LOCKED_VALUE, [BlockAttr.lockedBy]: 'Maria Rossi' })],
    (given) => {
      given.canEdit = true;
      given.typesSuggestions = true;
      given.suggest = (start, isFresh) => {
        started.push(start);
        fresh.push(isFresh);
      };
      given.editBlocked = (number, lockedBy) => blocked.push([number, lockedBy]);
      given.suggestionOnly = () => {
        only += 1;
      };
    },
  );
  ({ editor, hooks, sent } = guarded);
});

afterEach(() => guarded.close());

function at(index: number, offset: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += editor.state.doc.child(i).nodeSize;
  return pos + 1 + offset;
}

function select(from: number, to = from): void {
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, from, to)));
}

/** The browser's beforeinput; true when the editor cancelled it (nothing is drawn). */
function input(inputType: string, data: string | null = null): boolean {
  const event = new InputEvent('beforeinput', { inputType, data, bubbles: true, cancelable: true });
  editor.view.dom.dispatchEvent(event);
  return event.defaultPrevented;
}

function press(key: string, shiftKey = false): boolean {
  const event = new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true });
  editor.view.dom.dispatchEvent(event);
  return event.defaultPrevented;
}

async function settled(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('pen-holder mode, for someone whose typing is a suggestion', () => {
  it('[E1] text an input method composed (an accent by dead key, say) becomes the suggestion where the caret was; nothing is sent', () => {
    select(at(0, 4));
    // happy-dom's CompositionEvent carries no `data`: the browser's does.
    const composed = (type: string, data: string) => Object.defineProperty(new Event(type, { bubbles: true }), 'data', { value: data });
    editor.view.dom.dispatchEvent(composed('compositionstart', ''));
    editor.view.dom.dispatchEvent(composed('compositionend', 'é'));
    expect(started).toEqual([{ blockId: 'p-first', kind: 'replace', text: `The é${FIRST.slice(4)}`, caret: 5 }]);
    expect(sent).toEqual([]);
  });

  it('[E1] the first key is a fresh suggestion and the fast keys after it carry it on; coming back to the text starts afresh (the page then keeps the box’s words)', () => {
    select(at(0, 4));
    input('insertText', 'x');
    input('insertText', 'y');
    editor.view.dom.dispatchEvent(new FocusEvent('focus'));
    input('insertText', 'z');
    expect(fresh).toEqual([true, false, true]);
    expect(sent).toEqual([]);
  });

  it('[E1] a typed character opens the form with it applied where the caret was; fast keys before the form takes over go on in it; nothing is sent', async () => {
    select(at(0, 4));
    expect(input('insertText', 'x')).toBe(true);
    expect(input('insertText', 'y')).toBe(true);
    expect(started).toEqual([
      { blockId: 'p-first', kind: 'replace', text: `The x${FIRST.slice(4)}`, caret: 5 },
      { blockId: 'p-first', kind: 'replace', text: `The xy${FIRST.slice(4)}`, caret: 6 },
    ]);
    expect(shown()).toEqual([FIRST, AGREED]);
    expect(sent).toEqual([]);
  });

  it('[E1] typing over a selection replaces it; Backspace and Delete remove the selection or one character; the caret follows', () => {
    const word = FIRST.indexOf('welcomed');
    select(at(0, word), at(0, word + 'welcomed'.length));
    input('insertText', 'n');
    expect(started.at(-1)).toEqual({ blockId: 'p-first', kind: 'replace', text: FIRST.replace('welcomed', 'n'), caret: word + 1 });

    editor.view.dom.dispatchEvent(new FocusEvent('focus'));
    select(at(0, word), at(0, word + 'welcomed '.length));
    expect(press('Backspace')).toBe(true);
    expect(started.at(-1)).toEqual({ blockId: 'p-first', kind: 'replace', text: FIRST.replace('welcomed ', ''), caret: word });

    editor.view.dom.dispatchEvent(new FocusEvent('focus'));
    select(at(0, 3));
    expect(press('Backspace')).toBe(true);
    expect(started.at(-1)).toEqual({ blockId: 'p-first', kind: 'replace', text: `Th${FIRST.slice(3)}`, caret: 2 });

    editor.view.dom.dispatchEvent(new FocusEvent('focus'));
    select(at(0, 3));
    expect(press('Delete')).toBe(true);
    expect(started.at(-1)).toEqual({ blockId: 'p-first', kind: 'replace', text: `The${FIRST.slice(4)}`, caret: 3 });
    expect(shown()).toEqual([FIRST, AGREED]);
    expect(sent).toEqual([]);
  });

  it('[E1] Enter proposes a paragraph after this one, empty, even after an agreed one', () => {
    select(at(0, 6));
    expect(press('Enter')).toBe(true);
    expect(started.at(-1)).toEqual({ blockId: 'p-first', kind: 'insert-after', text: '', caret: 0 });
    editor.view.dom.dispatchEvent(new FocusEvent('focus'));
    select(at(1, AGREED.length));
    expect(press('Enter')).toBe(true);
    expect(started.at(-1)).toEqual({ blockId: 'p-agreed', kind: 'insert-after', text: '', caret: 0 });
    expect(editor.state.doc.childCount).toBe(2);
    expect(sent).toEqual([]);
  });

  it('[E1] a change that reaches the text another way (formatting, text input) is stopped and said once; typing in an agreed paragraph still says it is locked', async () => {
    select(at(0, 0), at(0, 3));
    editor.commands.toggleBold();
    const { view } = editor;
    const insert = () => view.state.tr.insertText('z', at(0, 1));
    view.dispatch(insert());
    await settled();
    expect(only).toBe(2);
    select(at(1, 4));
    expect(input('insertText', 'x')).toBe(true);
    await settled();
    expect(blocked).toEqual([[2, 'Maria Rossi']]);
    expect(started).toEqual([]);
    expect(shown()).toEqual([FIRST, AGREED]);
    expect(sent).toEqual([]);
  });

  it('[E1] the room’s own changes still arrive; with the mode off, typing is typing again', async () => {
    guarded.fromRoom(() => ((guarded.room.getXmlFragment(TEXT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Today '));
    await expect.poll(() => shown()[0]).toBe(`Today ${FIRST}`);

    hooks.typesSuggestions = false;
    select(at(0, 0));
    expect(input('insertText', 'x')).toBe(false);
    editor.view.dispatch(editor.state.tr.insertText('Yes. ', at(0, 0)));
    expect(shown()[0]).toBe(`Yes. Today ${FIRST}`);
    await expect.poll(() => sent.length).toBeGreaterThan(0);
  });
});

describe('the margin’s "add paragraph" beside an agreed paragraph, for someone who suggests', () => {
  it('[E1] proposes the paragraph after it (the amendment form, as an addition) instead of adding one to the text', async () => {
    const { BlockGutter } = (await import(`${CLIENT_EDITOR}/blockGutter`)) as {
      BlockGutter: { configure(options: { hooks: Hooks }): AnyExtension };
    };
    guarded.close();
    started = [];
    guarded = await openGuardedEditor<Hooks>(
      [
        paragraph('p-first', FIRST),
        paragraph('p-agreed', AGREED, { [BlockAttr.locked]: LOCKED_VALUE, [BlockAttr.lockedBy]: 'Maria Rossi' }),
      ],
      (given) => {
        given.canEdit = true;
        given.typesSuggestions = true;
        given.suggest = (start) => started.push(start);
      },
      (given) => [BlockGutter.configure({ hooks: given })],
    );
    const add = guarded.editor.view.dom.querySelector('[data-testid="add-paragraph"]') as HTMLElement | null;
    expect(add).not.toBeNull();
    add?.click();
    expect(started).toEqual([{ blockId: 'p-agreed', kind: 'insert-after', text: '', caret: 0 }]);
    expect(guarded.shown()).toEqual([FIRST, AGREED]);
    expect(guarded.sent).toEqual([]);
  });
});
