// @vitest-environment happy-dom
/**
 * The margin's roving tab order and F6's regions (client/editor/blockGutter.ts,
 * client/keyboard/regions.ts) on a real TipTap editor: only the paragraph with the caret
 * has its margin in the tab order, named as a group; F6 goes text → that margin → side
 * panel → toolbar → text, back to the caret; a margin control redrawn under the keyboard
 * (a lock rebuilds the block) gets focus back.
 */
import { Editor } from '@tiptap/core';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { BlockAttr, LOCKED_VALUE } from '../../shared/blocks.js';
import { schemaExtensions } from '../../shared/schema.js';

// Client modules import without file extensions (the client's bundler resolution): loaded at run time.
const CLIENT = '../../client';
let BlockGutter: { configure(options: Record<string, unknown>): never };
let BlockIndex: { name: string };
let createEditorHooks: () => Record<string, unknown>;
let createEditorCaret: (editor: Editor) => { blockId(): string | null; focus(): void };
let RegionFocus: new (root: HTMLElement, caret: () => unknown) => { move(direction: 1 | -1): string | null };
let regionOf: (node: Element | null) => string | null;

beforeAll(async () => {
  await import(`${CLIENT}/i18n/index`);
  ({ BlockGutter } = await import(`${CLIENT}/editor/blockGutter`));
  ({ BlockIndex } = await import(`${CLIENT}/editor/blockIndex`));
  ({ createEditorHooks } = await import(`${CLIENT}/editor/editorHooks`));
  ({ createEditorCaret } = await import(`${CLIENT}/keyboard/editorCaret`));
  ({ RegionFocus, regionOf } = await import(`${CLIENT}/keyboard/regions`));
});

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  document.body.replaceChildren();
});

const paragraph = (id: string, text: string) => ({ type: 'paragraph', attrs: { id }, content: [{ type: 'text', text }] });

function room(): Editor {
  const hooks = createEditorHooks();
  Object.assign(hooks, { canEdit: true, canComment: true, canLock: true });
  const element = document.createElement('div');
  const side = document.createElement('aside');
  side.className = 'room__side';
  side.setAttribute('aria-label', 'The text and the people');
  side.innerHTML = '<button type="button">Amendments and comments</button>';
  const toolbar = document.createElement('div');
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', 'Formatting');
  toolbar.innerHTML = '<button type="button">Bold</button>';
  document.body.append(toolbar, element, side);
  return new Editor({
    element,
    extensions: [...schemaExtensions(), BlockIndex as never, BlockGutter.configure({ hooks })],
    content: {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { id: 'h1', level: 1 }, content: [{ type: 'text', text: 'Draft conclusions' }] },
        ...['p1', 'p2', 'p3', 'p4'].map((id, i) => paragraph(id, `Paragraph ${i + 1} of the draft.`)),
      ],
    },
  });
}

/** A position inside the text of the top-level block `id`. */
function inside(e: Editor, id: string): number {
  let found = -1;
  e.state.doc.forEach((node, offset) => {
    if (node.attrs[BlockAttr.id] === id) found = offset + 2;
  });
  return found;
}

const marginControls = (id: string) => [
  ...document.querySelectorAll<HTMLElement>(`.dr-block[data-block-id="${id}"] :is(.dr-gutter, .dr-rail) :is(button, select)`),
];
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(null)));

it('only the margin of the paragraph with the caret is in the tab order, and it is named', () => {
  editor = room();
  editor.commands.setTextSelection(inside(editor, 'p3'));
  for (const id of ['p1', 'p2', 'p4']) {
    expect(marginControls(id).length).toBeGreaterThan(0);
    expect(marginControls(id).map((c) => c.tabIndex)).toEqual(marginControls(id).map(() => -1));
  }
  expect(marginControls('p3').map((c) => c.tabIndex)).toEqual(marginControls('p3').map(() => 0));
  const rail = document.querySelector('.dr-block[data-block-id="p3"] .dr-rail')!;
  expect([rail.getAttribute('role'), rail.getAttribute('aria-label')]).toEqual(['group', 'Margin of paragraph 3']);

  editor.commands.setTextSelection(inside(editor, 'p1'));
  expect(marginControls('p3').every((c) => c.tabIndex === -1)).toBe(true);
  expect(document.querySelector('.dr-block[data-block-id="p3"] .dr-rail')!.hasAttribute('role')).toBe(false);
  expect(marginControls('p1').every((c) => c.tabIndex === 0)).toBe(true);
});

it('F6 goes from the text to the paragraph’s margin, the side panel, the toolbar and back to the caret; Shift+F6 the other way', async () => {
  editor = room();
  const e = editor;
  const caret = createEditorCaret(e);
  const regions = new RegionFocus(document.body, () => caret);
  e.commands.setTextSelection(inside(e, 'p2'));
  e.view.focus();
  expect(regionOf(document.activeElement)).toBe('editor');

  expect(regions.move(1)).toBe('margin');
  expect(document.activeElement).toBe(marginControls('p2')[0]);
  expect(regions.move(1)).toBe('panel');
  expect(document.activeElement?.textContent).toBe('Amendments and comments');
  expect(regions.move(1)).toBe('toolbar');
  expect(document.activeElement?.textContent).toBe('Bold');
  expect(regions.move(1)).toBe('editor');
  await nextFrame();
  expect(regionOf(document.activeElement)).toBe('editor');
  expect(caret.blockId()).toBe('p2');
  expect(regions.move(-1)).toBe('toolbar');
});

it('a margin control redrawn under the keyboard (the block locked) gets focus back', async () => {
  editor = room();
  const e = editor;
  e.commands.setTextSelection(inside(e, 'p4'));
  const lock = document.querySelector<HTMLElement>('.dr-block[data-block-id="p4"] [data-testid="lock-button"]')!;
  lock.focus();
  expect(document.activeElement).toBe(lock);
  let position = -1;
  e.state.doc.forEach((node, offset) => {
    if (node.attrs[BlockAttr.id] === 'p4') position = offset;
  });
  const node = e.state.doc.nodeAt(position)!;
  e.view.dispatch(
    e.state.tr.setNodeMarkup(position, undefined, { ...node.attrs, [BlockAttr.locked]: LOCKED_VALUE, [BlockAttr.lockedBy]: 'Jonas Lind' }),
  );
  const redrawn = document.querySelector<HTMLElement>('.dr-block[data-block-id="p4"] [data-testid="lock-button"]')!;
  expect(redrawn).not.toBe(lock);
  expect(redrawn.getAttribute('aria-pressed')).toBe('true');
  expect(document.activeElement).toBe(redrawn);
  expect(redrawn.tabIndex).toBe(0);
});
