/**
 * A real TipTap editor bound to Yjs as the room binds it, with the lock guard, for the guard's
 * unit tests (run them in happy-dom): the room's copy of the text (the server's), this
 * browser's copy bound to the editor, and every update the editor made to it (what the
 * browser would send the room).
 */
import type { AnyExtension } from '@tiptap/core';
import { Editor } from '@tiptap/core';
import type Collaboration from '@tiptap/extension-collaboration';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { BlockAttr, TEXT_FIELD } from '../../shared/blocks.js';
import { schemaExtensions } from '../../shared/schema.js';

// Client modules import without file extensions (the client's bundler resolution): loaded at run time.
const EDITOR = '../../client/editor';

export interface GuardedEditor<Hooks> {
  room: Y.Doc;
  mine: Y.Doc;
  editor: Editor;
  hooks: Hooks;
  /** What the browser sent towards the room: every update of its own copy made by the editor. */
  sent: Uint8Array[];
  /** The paragraphs as the page shows them. */
  shown(): string[];
  /** The paragraphs' markup as the page shows it (bold, italic …). */
  shownMarkup(): string[];
  /** Brings a change made in the room into this browser's copy, as the provider does. */
  fromRoom(change: () => void): void;
  close(): void;
}

export function paragraph(id: string, text: string, attrs: Record<string, string> = {}): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.setAttribute(BlockAttr.id, id);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value);
  const xmlText = new Y.XmlText();
  xmlText.insert(0, text);
  element.insert(0, [xmlText]);
  return element;
}

/**
 * Opens the editor on `blocks` (as the room holds them), with the editor hooks `setUp` fills in
 * and any `more` extensions (the margin, say); resolves once they show.
 */
export async function openGuardedEditor<Hooks>(
  blocks: Y.XmlElement[],
  setUp: (hooks: Hooks) => void,
  more: (hooks: Hooks) => AnyExtension[] = () => [],
): Promise<GuardedEditor<Hooks>> {
  const { LockGuard } = (await import(`${EDITOR}/lockPlugin`)) as { LockGuard: { configure(options: { hooks: Hooks }): AnyExtension } };
  const { DraftCollaboration } = (await import(`${EDITOR}/collaboration`)) as { DraftCollaboration: typeof Collaboration };
  const { createEditorHooks } = (await import(`${EDITOR}/editorHooks`)) as { createEditorHooks: () => Hooks };
  const room = new Y.Doc();
  room.getXmlFragment(TEXT_FIELD).insert(0, blocks);
  // Read once they are in the document: an element not yet in one holds its content aside.
  const texts = blocks.map((block) => (block.get(0) as Y.XmlText).toString());
  const mine = new Y.Doc();
  Y.applyUpdate(mine, Y.encodeStateAsUpdate(room), 'room');
  const hooks = createEditorHooks();
  setUp(hooks);
  const element = document.createElement('div');
  document.body.append(element);
  const editor = new Editor({
    element,
    extensions: [
      ...schemaExtensions(),
      DraftCollaboration.configure({ document: mine, field: TEXT_FIELD }),
      LockGuard.configure({ hooks }),
      ...more(hooks),
    ],
  });
  // Top-level paragraphs, bare or inside the margin's block frame (blockGutter.ts) when it is on.
  const paragraphs = () => [...editor.view.dom.querySelectorAll(':scope > p, :scope > .dr-block p')];
  const shown = () => paragraphs().map((p) => p.textContent ?? '');
  await expect.poll(shown).toEqual(texts);
  const sent: Uint8Array[] = [];
  mine.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'room') sent.push(update);
  });
  return {
    room,
    mine,
    editor,
    hooks,
    sent,
    shown,
    shownMarkup: () => paragraphs().map((p) => p.innerHTML),
    fromRoom(change) {
      const before = Y.encodeStateVector(room);
      room.transact(change);
      Y.applyUpdate(mine, Y.encodeStateAsUpdate(room, before), 'room');
    },
    close() {
      editor.destroy();
      document.body.replaceChildren();
    },
  };
}
