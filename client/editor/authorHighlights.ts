/**
 * "Show authors" (PROTOCOL.md U1): the text coloured by who wrote it, each person in their
 * presence colour, and hovering a stretch names them and when they wrote it. Every character of the room's text is a
 * Yjs item that carries the client id it was written under; the server says whose each id is
 * (GET …/authors). The ProseMirror document and the Yjs fragment it is bound to have the same
 * shape, so one walk over both finds each item's place in the text.
 *
 * The Yjs side of a local edit is written after ProseMirror's transaction (by the binding's
 * view update), so a change maps the marks along, and the walk is made again once the Yjs
 * text has moved (observed on the fragment, at most once per frame).
 *
 * Off, it costs nothing. On, it walks the document after each change, the way a reader asks for
 * it: a view, not something to leave on while 120 people type.
 */
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { redrawOnYjsChange } from './redrawOnYjsChange';

/** Who wrote under a client id, as the text shows it. */
export interface AuthorMark {
  /** "Anna Novak (Austria)". */
  label: string;
  color: string;
  /**
   * What hovering says from each clock of the id on ("Anna Novak (Austria), 19:02 CET"),
   * ascending by clock; text before the first, or without any, is titled by the label.
   */
  times?: readonly AuthorTime[];
}

export interface AuthorTime {
  clock: number;
  title: string;
}

interface AuthorsState {
  /** Null: not shown. */
  authors: ReadonlyMap<number, AuthorMark> | null;
  set: DecorationSet;
}

export const authorHighlightsKey = new PluginKey<AuthorsState>('draftroomAuthorHighlights');

type AuthorsMeta = { authors: ReadonlyMap<number, AuthorMark> | null } | { recompute: true };

/** Shows the text's authors (a map of client ids to their marks), or stops showing them (null). */
export function showAuthorsMeta(authors: ReadonlyMap<number, AuthorMark> | null): AuthorsMeta {
  return { authors };
}

/** The client ids of the text that the map does not name (written since it was fetched). */
export function unnamedClients(state: EditorState): number[] {
  const own = authorHighlightsKey.getState(state);
  const fragment = boundFragment(state);
  if (!own?.authors || !fragment) return [];
  const unnamed = new Set<number>();
  forEachItem(fragment, (item) => {
    if (!own.authors!.has(item.id.client)) unnamed.add(item.id.client);
  });
  return [...unnamed];
}

/** How far each client id's text had come (its next clock), to tell later text by: marks asked for now cover up to here. */
export function textClocks(state: EditorState): Map<number, number> {
  const doc = boundFragment(state)?.doc;
  return doc ? Y.decodeStateVector(Y.encodeStateVector(doc)) : new Map();
}

/**
 * Whether the text holds characters written after `clocks` were taken (textClocks): the marks
 * asked for then may lack the minute they were written in.
 */
export function writtenSince(state: EditorState, clocks: ReadonlyMap<number, number>): boolean {
  const fragment = boundFragment(state);
  if (!fragment) return false;
  let later = false;
  forEachItem(fragment, (item) => {
    if (item.id.clock + item.length > (clocks.get(item.id.client) ?? 0)) later = true;
  });
  return later;
}

export const AuthorHighlights = Extension.create({
  name: 'authorHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<AuthorsState>({
        key: authorHighlightsKey,
        state: {
          init: () => ({ authors: null, set: DecorationSet.empty }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(authorHighlightsKey) as AuthorsMeta | undefined;
            const authors = meta && 'authors' in meta ? meta.authors : value.authors;
            if (authors === null) return { authors: null, set: DecorationSet.empty };
            if (meta) return { authors, set: DecorationSet.create(state.doc, decorations(state, authors)) };
            // The Yjs text has not moved yet: carry the marks along until it has.
            return tr.docChanged ? { authors, set: value.set.map(tr.mapping, tr.doc) } : value;
          },
        },
        props: {
          decorations: (state) => authorHighlightsKey.getState(state)?.set ?? DecorationSet.empty,
        },
        view: (view) =>
          redrawOnYjsChange(
            view,
            () => Boolean(authorHighlightsKey.getState(view.state)?.authors),
            (tr) => tr.setMeta(authorHighlightsKey, { recompute: true } satisfies AuthorsMeta),
          ),
      }),
    ];
  },
});

function boundFragment(state: EditorState): Y.XmlFragment | null {
  const sync = ySyncPluginKey.getState(state) as { type?: Y.XmlFragment } | undefined;
  return sync?.type ?? null;
}

/** Every live character item of the fragment's text, in document order. */
function forEachItem(type: Y.XmlFragment | Y.XmlElement, visit: (item: Y.Item) => void): void {
  for (const child of type.toArray()) {
    if (child instanceof Y.XmlText) {
      for (let item = child._start; item !== null; item = item.right) {
        if (!item.deleted && item.content instanceof Y.ContentString) visit(item);
      }
    } else if (child instanceof Y.XmlElement) forEachItem(child, visit);
  }
}

/** The index of the last of `times` at or before `clock`, -1 if none is. */
function timeAt(times: readonly AuthorTime[], clock: number): number {
  let low = 0;
  let high = times.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (times[middle]!.clock <= clock) low = middle + 1;
    else high = middle - 1;
  }
  return high;
}

/**
 * One inline decoration per run of characters by one author written in one minute: Yjs
 * merges an id's consecutive characters into one item whatever their time, so an item is cut
 * where a later time of its id begins (character k of an item has clock item.id.clock + k).
 */
function decorations(state: EditorState, authors: ReadonlyMap<number, AuthorMark>): Decoration[] {
  const fragment = boundFragment(state);
  if (!fragment) return [];
  const found: Decoration[] = [];
  let run: { from: number; to: number; author: AuthorMark | undefined; title: string } | null = null;
  const close = () => {
    if (run === null) return;
    found.push(
      Decoration.inline(run.from, run.to, {
        class: 'author-span',
        style: `--author-colour: ${run.author?.color ?? '#8a8f98'}`,
        title: run.title,
        'data-author': run.author?.label ?? '',
      }),
    );
    run = null;
  };
  const mark = (from: number, length: number, author: AuthorMark | undefined, title: string) => {
    if (run !== null && run.author === author && run.title === title && run.to === from) run.to = from + length;
    else {
      close();
      run = { from, to: from + length, author, title };
    }
  };
  const markItem = (pos: number, item: Y.Item) => {
    const author = authors.get(item.id.client);
    const times = author?.times;
    if (!author || !times || times.length === 0) {
      mark(pos, item.length, author, author?.label ?? '?');
      return;
    }
    const clock = item.id.clock;
    let index = timeAt(times, clock);
    let from = 0;
    while (from < item.length) {
      const next = times[index + 1];
      const to = next ? Math.min(item.length, next.clock - clock) : item.length;
      if (to > from) mark(pos + from, to - from, author, index < 0 ? author.label : times[index]!.title);
      from = Math.max(from, to);
      index += 1;
    }
  };
  const size = state.doc.content.size;

  /** Walks `node` (at `start`, the position before it) and the element bound to it together. */
  const walk = (node: PMNode, element: Y.XmlElement | Y.XmlText | undefined, start: number) => {
    if (!(element instanceof Y.XmlElement) || element.nodeName !== node.type.name) return; // not bound as expected: leave it plain
    if (node.isTextblock) {
      let pos = start + 1;
      for (const child of element.toArray()) {
        if (child instanceof Y.XmlText) {
          for (let item = child._start; item !== null; item = item.right) {
            if (item.deleted || !item.countable) continue;
            if (item.content instanceof Y.ContentString && pos + item.length <= size) markItem(pos, item);
            pos += item.length;
          }
        } else pos += 1; // an inline leaf (a hard break) is one position
      }
      close();
      return;
    }
    const children = element.toArray();
    node.forEach((child, offset, index) => {
      walk(child, children[index] as Y.XmlElement | undefined, start + 1 + offset);
    });
  };

  const blocks = fragment.toArray();
  state.doc.forEach((block, offset, index) => {
    walk(block, blocks[index] as Y.XmlElement | undefined, offset);
  });
  close();
  return found;
}
