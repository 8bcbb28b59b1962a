// @vitest-environment happy-dom
/**
 * The selection as a phrase to comment on (PROTOCOL.md C4; client/editor/phraseComments.ts), in
 * a real TipTap editor bound to Yjs: the anchor's two relative positions resolve, in the room's
 * copy, to exactly the selected characters (as the server checks them); a selection the server
 * would refuse (across a line break, blank, empty) is no phrase at all.
 */
import type { AnyExtension } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BlockAttr, TEXT_FIELD } from '../../shared/blocks.js';
import { type GuardedEditor, openGuardedEditor, paragraph } from '../helpers/guardedEditor.js';

// Client modules import without file extensions (the client's bundler resolution): loaded at run time.
const CLIENT_EDITOR = '../../client/editor';
interface SelectedPhrase {
  blockId: string;
  anchor: { start: string; end: string };
  quote: string;
}
let guarded: GuardedEditor<{ canEdit: boolean }>;
let selectedPhrase: (state: unknown) => SelectedPhrase | null;

const SENTENCE = 'Participating States should share information regularly.';

function withBreak(): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.setAttribute(BlockAttr.id, 'p-break');
  element.insert(0, [new Y.XmlText('Line one'), new Y.XmlElement('hardBreak'), new Y.XmlText('line two')]);
  return element;
}

beforeEach(async () => {
  ({ selectedPhrase } = await import(`${CLIENT_EDITOR}/phraseComments`));
  const { PhraseComments } = (await import(`${CLIENT_EDITOR}/phraseComments`)) as { PhraseComments: AnyExtension };
  guarded = await openGuardedEditor<{ canEdit: boolean }>(
    [paragraph('p-first', SENTENCE), paragraph('p-blank', 'Words    then spaces.')],
    (hooks) => {
      hooks.canEdit = true;
    },
    () => [PhraseComments],
  );
});

afterEach(() => guarded.close());

function select(blockIndex: number, from: number, to: number): SelectedPhrase | null {
  const { editor } = guarded;
  let base = 0;
  for (let i = 0; i < blockIndex; i++) base += editor.state.doc.child(i).nodeSize;
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, base + 1 + from, base + 1 + to)));
  return selectedPhrase(editor.state);
}

/** Where an encoded position stands in the room's copy: the text and the index, as the server reads it. */
function resolved(encoded: string): { text: string; index: number } {
  const position = Y.decodeRelativePosition(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)));
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, guarded.room)!;
  return { text: (absolute.type as Y.XmlText).toString(), index: absolute.index };
}

it('[C4] the anchor of selected words resolves in the room’s copy to exactly those characters', () => {
  const from = SENTENCE.indexOf('share information');
  const phrase = select(0, from, from + 'share information'.length)!;
  expect(phrase).toMatchObject({ blockId: 'p-first', quote: 'share information' });
  const start = resolved(phrase.anchor.start);
  const end = resolved(phrase.anchor.end);
  expect(start.text).toBe(SENTENCE);
  expect(SENTENCE.slice(start.index, end.index)).toBe('share information');
});

it('[C4] a selection the server would refuse is no phrase: empty, only spaces, across a line break', async () => {
  expect(select(0, 3, 3)).toBeNull();
  const spaces = 'Words '.length;
  expect(select(1, spaces, spaces + 3)).toBeNull();
  guarded.fromRoom(() => guarded.room.getXmlFragment(TEXT_FIELD).insert(2, [withBreak()]));
  await expect.poll(() => guarded.editor.state.doc.childCount).toBe(3);
  expect(select(2, 2, 'Line one'.length + 1 + 4)).toBeNull();
  expect(select(2, 0, 'Line one'.length)?.quote).toBe('Line one');
});
