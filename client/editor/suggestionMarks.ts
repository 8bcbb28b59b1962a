/**
 * A person's own pending suggestions drawn in the text as tracked changes, while their typing
 * becomes suggestions (pen-holder mode): the words an amendment removes struck through over
 * the live text, the words it adds as widgets where they would go, a paragraph it adds as a
 * block after its paragraph, a paragraph it deletes struck whole. Hovering says whose and
 * that it is pending. Decorations only: nothing here is part of the document, so nothing is
 * sent and the paragraph's text stays the room's.
 *
 * The diff is the shared word diff (shared/wordDiff.ts), against the paragraph as it reads
 * now, the way the amendments panel re-diffs a pending amendment. It is worked out again when
 * the list changes or one of those paragraphs does; other changes only move the marks along.
 */
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import i18next from 'i18next';
import { wordDiff } from '../../shared/wordDiff';
import type { AmendmentKind } from '../../shared/workflow';
import { blockTextMap } from './blockText';
import { findBlockById } from './blocks';

/** One pending amendment as the text shows it. */
export interface SuggestionMark {
  id: number;
  blockId: string;
  kind: AmendmentKind;
  text: string;
}

interface MarksState {
  marks: readonly SuggestionMark[];
  set: DecorationSet;
  /** The paragraph nodes the set was drawn from: while they are the same, the set only moves. */
  drawnFrom: ReadonlyMap<string, PMNode | null>;
}

const NONE: MarksState = { marks: [], set: DecorationSet.empty, drawnFrom: new Map() };

export const suggestionMarksKey = new PluginKey<MarksState>('draftroomSuggestionMarks');

/** The transaction meta that shows these suggestions (an empty list: none). */
export function showSuggestionsMeta(marks: readonly SuggestionMark[]): { marks: readonly SuggestionMark[] } {
  return { marks };
}

export const SuggestionMarks = Extension.create({
  name: 'suggestionMarks',
  addProseMirrorPlugins() {
    return [
      new Plugin<MarksState>({
        key: suggestionMarksKey,
        state: {
          init: () => NONE,
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(suggestionMarksKey) as { marks: readonly SuggestionMark[] } | undefined;
            const marks = meta ? meta.marks : value.marks;
            if (marks.length === 0) return NONE;
            if (!meta && !tr.docChanged) return value;
            if (!meta && unchanged(state.doc, value.drawnFrom)) return { ...value, set: value.set.map(tr.mapping, tr.doc) };
            return draw(state.doc, marks);
          },
        },
        props: {
          decorations: (state) => suggestionMarksKey.getState(state)?.set ?? DecorationSet.empty,
        },
      }),
    ];
  },
});

function unchanged(doc: PMNode, drawnFrom: ReadonlyMap<string, PMNode | null>): boolean {
  for (const [blockId, node] of drawnFrom) if ((findBlockById(doc, blockId)?.node ?? null) !== node) return false;
  return true;
}

function widget(tag: 'ins' | 'div', className: string, testId: string, text: string, title: string): HTMLElement {
  const dom = document.createElement(tag);
  dom.className = className;
  dom.dataset.testid = testId;
  dom.title = title;
  dom.textContent = text;
  return dom;
}

/**
 * Per paragraph, its newest replacement or deletion (two drawn over one text would read as
 * nonsense), and every paragraph it would have added after it.
 */
function shown(marks: readonly SuggestionMark[]): SuggestionMark[] {
  const newest = new Map<string, SuggestionMark>();
  const added: SuggestionMark[] = [];
  for (const mark of marks) {
    if (mark.kind === 'insert-after') added.push(mark);
    else if ((newest.get(mark.blockId)?.id ?? -1) < mark.id) newest.set(mark.blockId, mark);
  }
  return [...newest.values(), ...added];
}

function draw(doc: PMNode, marks: readonly SuggestionMark[]): MarksState {
  const title = i18next.t('editor:suggestion.pending');
  const decorations: Decoration[] = [];
  const drawnFrom = new Map<string, PMNode | null>();
  for (const mark of shown(marks)) {
    const found = findBlockById(doc, mark.blockId);
    drawnFrom.set(mark.blockId, found?.node ?? null);
    if (!found) continue;
    const end = found.start + found.node.nodeSize;
    const spec = { suggestion: mark.id };
    if (mark.kind === 'delete') {
      decorations.push(Decoration.node(found.start, end, { class: 'suggestion-delete', title, 'data-testid': 'suggestion-delete' }, spec));
      continue;
    }
    if (mark.kind === 'insert-after') {
      decorations.push(
        Decoration.widget(end, () => widget('div', 'suggestion-block', 'suggestion-block', mark.text, title), {
          ...spec,
          side: 1,
          key: `suggestion-${mark.id}-${mark.text}`,
        }),
      );
      continue;
    }
    const { text, positions } = blockTextMap(found.node, found.start);
    let offset = 0;
    for (const [index, part] of wordDiff(text, mark.text).parts.entries()) {
      const at = positions[offset] ?? end;
      if (part.type === 'insert') {
        decorations.push(
          Decoration.widget(at, () => widget('ins', 'suggestion-ins', 'suggestion-ins', part.text, title), {
            ...spec,
            side: -1,
            key: `suggestion-${mark.id}-${index}-${part.text}`,
          }),
        );
        continue;
      }
      const next = offset + part.text.length;
      if (part.type === 'delete') {
        decorations.push(
          Decoration.inline(
            at,
            positions[next] ?? end,
            { nodeName: 'del', class: 'suggestion-del', title, 'data-testid': 'suggestion-del' },
            spec,
          ),
        );
      }
      offset = next;
    }
  }
  return { marks, set: DecorationSet.create(doc, decorations), drawnFrom };
}
