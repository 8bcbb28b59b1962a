// @vitest-environment happy-dom
/**
 * Another person's caret in the editor (client/editor/remoteCarets.ts) and the jump to it
 * (client/editor/jumpToCaret.ts), with a real TipTap editor bound to Yjs: the caret is drawn
 * where their awareness says, marked with their client id, its name label readable on their
 * colour and numbered for a namesake; choosing them scrolls to that caret and flashes it; a
 * person without a caret in the text is said to have none.
 */
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { schemaExtensions } from '../../shared/schema.js';
import { labelTextColour } from '../../shared/presence.js';

// Client modules import without file extensions (the client's bundler resolution): loaded at run time.
const EDITOR = '../../client/editor';
let RemoteCarets: { configure(options: Record<string, unknown>): never };
let jumpToCaret: (view: unknown, awareness: Awareness, clientId: number) => boolean;
let CARET_FLASH_CLASS: string;

beforeAll(async () => {
  ({ RemoteCarets } = await import(`${EDITOR}/remoteCarets`));
  ({ jumpToCaret } = await import(`${EDITOR}/jumpToCaret`));
  ({ CARET_FLASH_CLASS } = await import(`${EDITOR}/remoteCarets`));
});

let editor: Editor | null = null;
afterEach(() => editor?.destroy());

function renderCaret(user: { name: string; color: string }): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  label.textContent = user.name;
  caret.append(label);
  return caret;
}

it('draws a colleague’s caret where their awareness puts it, and the jump scrolls to it and flashes it', async () => {
  const room = new Y.Doc();
  const fragment = room.getXmlFragment('default');
  for (let n = 1; n <= 3; n++) {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    text.insert(0, `Point ${n}. The meeting welcomed the report.`);
    paragraph.insert(0, [text]);
    fragment.push([paragraph]);
  }
  const mine = new Y.Doc();
  Y.applyUpdate(mine, Y.encodeStateAsUpdate(room));
  const awareness = new Awareness(mine);
  const element = document.createElement('div');
  document.body.append(element);
  editor = new Editor({
    element,
    extensions: [
      ...schemaExtensions(),
      Collaboration.configure({ document: mine, field: 'default' }),
      RemoteCarets.configure({ awareness, user: { name: 'Elena Petrova', color: '#0096c3' }, render: renderCaret }),
    ],
  });
  await vi.waitFor(() => expect(editor!.state.doc.textContent).toContain('Point 3.'));

  // Anna Novak #2, in the colour that takes black text, with her caret in the third paragraph.
  const colleague = new Awareness(room);
  const third = (fragment.get(2) as Y.XmlElement).get(0) as Y.XmlText;
  const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(third, 9));
  colleague.setLocalState({ user: { name: 'Anna Novak', color: '#968700', namesake: 2 }, cursor: { anchor: at, head: at } });
  const nobody = new Awareness(new Y.Doc());
  nobody.setLocalState({ user: { name: 'Jonas Lind', color: '#3c00c3' }, cursor: null });
  applyAwarenessUpdate(awareness, encodeAwarenessUpdate(colleague, [colleague.clientID]), 'remote');
  applyAwarenessUpdate(awareness, encodeAwarenessUpdate(nobody, [nobody.clientID]), 'remote');

  const caret = await vi.waitFor(() => {
    const found = element.querySelector<HTMLElement>(`[data-client-id="${colleague.clientID}"]`);
    expect(found).not.toBeNull();
    return found!;
  });
  const label = caret.querySelector<HTMLElement>('.collaboration-carets__label')!;
  expect(label.textContent).toBe('Anna Novak #2');
  expect(label.style.color).toMatch(/^(#000000|rgb\(0, 0, 0\))$/);
  expect(labelTextColour('#968700')).toBe('#000000');
  // Drawn inside the third paragraph, after "Point 3. ".
  expect(caret.closest('p')!.textContent).toContain('Point 3.');

  const scrolled = vi.spyOn(caret, 'scrollIntoView');
  expect(jumpToCaret(editor.view, awareness, colleague.clientID)).toBe(true);
  expect(scrolled).toHaveBeenCalledWith(expect.objectContaining({ block: 'center' }));
  expect(caret.classList.contains(CARET_FLASH_CLASS)).toBe(true);

  expect(jumpToCaret(editor.view, awareness, nobody.clientID)).toBe(false);
  expect(jumpToCaret(editor.view, awareness, 424242)).toBe(false);
});
