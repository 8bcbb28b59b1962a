/**
 * Comments on a phrase (PROTOCOL.md C4) in the text: the selection becomes an anchor of two Yjs
 * relative positions, which name the characters at either end of the phrase; and the open
 * threads' phrases are highlighted wherever those characters now stand, found again through
 * the Yjs binding after every change, so they follow the words through anyone's edits.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { BlockAttr } from '../../shared/blocks';
import { MAX_ANCHOR_QUOTE_CHARS } from '../../shared/limits';
import { redrawOnYjsChange } from './redrawOnYjsChange';

/** An anchor as the API carries it: two encoded relative positions. */
export interface EncodedAnchor {
  start: string;
  end: string;
}

/** The selection as a phrase to comment on. */
export interface SelectedPhrase {
  blockId: string;
  anchor: EncodedAnchor;
  quote: string;
}

/** An open thread's phrase, as the text highlights it. */
export interface PhraseMark {
  commentId: number;
  anchor: EncodedAnchor;
  /** "Comment by Anna Novak (Austria)": said on hover. */
  label: string;
}

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Map<unknown, unknown> } | null;
}

interface PhrasesState {
  marks: readonly PhraseMark[];
  set: DecorationSet;
}

export const phraseCommentsKey = new PluginKey<PhrasesState>('draftroomPhraseComments');

type PhrasesMeta = { marks: readonly PhraseMark[] } | { recompute: true };

/** The meta that replaces the highlighted phrases. */
export function showPhrasesMeta(marks: readonly PhraseMark[]): PhrasesMeta {
  return { marks };
}

/**
 * The selection as an anchor, when it is a phrase the server takes: within one paragraph's run
 * of text, with words in it, at most MAX_ANCHOR_QUOTE_CHARS long. Null otherwise.
 */
export function selectedPhrase(state: EditorState): SelectedPhrase | null {
  const { from, to, $from, $to } = state.selection;
  const sync = syncOf(state);
  if (from === to || sync === null || $from.parent !== $to.parent || !$from.parent.isTextblock) return null;
  // A line break splits a paragraph's text into two runs in Yjs, and a phrase lives in one (C4).
  let crossesBreak = false;
  state.doc.nodesBetween(from, to, (node) => {
    if (node.isInline && !node.isText) crossesBreak = true;
  });
  if (crossesBreak) return null;
  const quote = state.doc.textBetween(from, to, '\n', '\uFFFC');
  if (quote.trim() === '' || to - from > MAX_ANCHOR_QUOTE_CHARS) return null;
  const block = state.doc.resolve(from).node(1);
  const blockId = block.attrs[BlockAttr.id] as string | null;
  if (!blockId) return null;
  // y-tiptap names the character left of a position, on its right side (assoc -1). The end is
  // exactly that: the phrase's last character, so words typed just after the phrase stay
  // outside. The start names the phrase's first character, on its left side (assoc 0), so words
  // typed just before the phrase stay outside too.
  const mapping = sync.binding!.mapping as never;
  const start = absolutePositionToRelativePosition(from + 1, sync.type, mapping) as Y.RelativePosition;
  start.assoc = 0;
  const end = absolutePositionToRelativePosition(to, sync.type, mapping) as Y.RelativePosition;
  return { blockId, anchor: { start: encode(start), end: encode(end) }, quote };
}

/** Where the phrase stands now in the editor's document, or null when its words are gone. */
export function phraseRange(state: EditorState, anchor: EncodedAnchor): { from: number; to: number } | null {
  const sync = syncOf(state);
  if (sync === null) return null;
  const from = toAbsolute(sync, anchor.start);
  const to = toAbsolute(sync, anchor.end);
  if (from === null || to === null || to <= from) return null;
  const max = state.doc.content.size;
  return { from: Math.min(from, max), to: Math.min(to, max) };
}

/** Found afresh from the anchors once the Yjs text has moved (redrawOnYjsChange.ts), mapped along in between. */
export const PhraseComments = Extension.create({
  name: 'phraseComments',
  addProseMirrorPlugins() {
    return [
      new Plugin<PhrasesState>({
        key: phraseCommentsKey,
        state: {
          init: () => ({ marks: [], set: DecorationSet.empty }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(phraseCommentsKey) as PhrasesMeta | undefined;
            const marks = meta && 'marks' in meta ? meta.marks : value.marks;
            if (marks.length === 0) return { marks, set: DecorationSet.empty };
            if (meta) return { marks, set: DecorationSet.create(state.doc, highlights(state, marks)) };
            return tr.docChanged ? { marks, set: value.set.map(tr.mapping, tr.doc) } : value;
          },
        },
        props: {
          decorations: (state) => phraseCommentsKey.getState(state)?.set ?? DecorationSet.empty,
        },
        view: (view) =>
          redrawOnYjsChange(
            view,
            () => (phraseCommentsKey.getState(view.state)?.marks.length ?? 0) > 0,
            (tr) => tr.setMeta(phraseCommentsKey, { recompute: true } satisfies PhrasesMeta),
          ),
      }),
    ];
  },
});

function highlights(state: EditorState, marks: readonly PhraseMark[]): Decoration[] {
  const decorations: Decoration[] = [];
  for (const mark of marks) {
    const range = phraseRange(state, mark.anchor);
    if (range === null) continue;
    decorations.push(
      Decoration.inline(range.from, range.to, {
        class: 'phrase-comment',
        title: mark.label,
        'data-comment-id': String(mark.commentId),
      }),
    );
  }
  return decorations;
}

function syncOf(state: EditorState): SyncState | null {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  return sync?.binding && sync.doc ? sync : null;
}

function toAbsolute(sync: SyncState, encoded: string): number | null {
  try {
    const position = Y.decodeRelativePosition(base64ToBytes(encoded));
    return relativePositionToAbsolutePosition(sync.doc, sync.type, position, sync.binding!.mapping as never);
  } catch {
    return null;
  }
}

function encode(position: Y.RelativePosition): string {
  let binary = '';
  for (const byte of Y.encodeRelativePosition(position)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64ToBytes(encoded: string): Uint8Array {
  const binary = atob(encoded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
