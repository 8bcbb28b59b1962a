/**
 * Other people's carets and selections, and publishing our own caret: what TipTap's
 * CollaborationCaret (y-tiptap's yCursorPlugin) does, with the same DOM and classes, at a
 * cost that does not grow with the room and the document for every keystroke:
 *
 *  - Our own caret changing is not a reason to redraw anyone's: y-tiptap's plugin rebuilt
 *    every caret (each one a walk over the document's blocks) and ran one more editor
 *    update after every keystroke, because our own awareness entry had changed.
 *  - Someone's caret moving redraws that caret only; the others are kept.
 *  - Our caret is published when our selection changes, not on every transaction, and
 *    after the next frame rather than inside the keystroke.
 * After a remote edit (positions in ProseMirror shift in ways local mapping cannot follow)
 * every caret is read again from its Yjs position, as y-tiptap does.
 *
 * Each caret carries its owner's awareness client id (the presence list jumps to it) and
 * its name label is written in black or white, whichever reads on the person's colour.
 */
import { Extension } from '@tiptap/core';
import i18next from 'i18next';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { labelTextColour } from '../../shared/presence';

export interface CaretUser {
  name: string;
  color: string;
  [key: string]: unknown;
}

export interface RemoteCaretsOptions {
  awareness: Awareness;
  /** Our own entry in awareness (name, delegation, colour). */
  user: CaretUser;
  /** The caret's DOM (a widget at the other person's caret). */
  render(user: CaretUser): HTMLElement;
}

interface CaretState {
  set: DecorationSet;
}

/** Which remote people to redraw: their client ids, or every one. */
type Redraw = { clients: number[] } | { all: true };

export const remoteCaretsKey = new PluginKey<CaretState>('draftroomRemoteCarets');

const VALID_COLOR = /^#[0-9a-fA-F]{6}$/;

/** Added for a moment to a caret someone asked to see (jumpToCaret.ts). */
export const CARET_FLASH_CLASS = 'collaboration-carets__caret--flash';

/** The caret widget of awareness client `clientId`, if it is drawn. */
export function caretElement(view: EditorView, clientId: number): HTMLElement | null {
  return view.dom.querySelector<HTMLElement>(`[data-client-id="${clientId}"]`);
}

/**
 * The caret as `render` drew it, marked with its owner, with a readable name label, and
 * with the "#2" the presence list shows when two people present share a name.
 */
function ownedCaret(caret: HTMLElement, clientId: number, user: CaretUser): HTMLElement {
  caret.dataset.clientId = String(clientId);
  const label = caret.querySelector<HTMLElement>('.collaboration-carets__label');
  if (label) {
    label.style.color = labelTextColour(user.color);
    if (typeof user.namesake === 'number' && user.namesake > 1) label.textContent = `${user.name} #${user.namesake}`;
  }
  return caret;
}

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Map<unknown, unknown> } | null;
  isChangeOrigin?: boolean;
  snapshot?: unknown;
  prevSnapshot?: unknown;
}

function syncState(state: EditorState): SyncState | null {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  if (!sync?.binding || sync.doc == null || sync.snapshot != null || sync.prevSnapshot != null || sync.binding.mapping.size === 0)
    return null;
  return sync;
}

interface CursorField {
  anchor: unknown;
  head: unknown;
}

function caretDecorations(
  state: EditorState,
  sync: SyncState,
  clientId: number,
  entry: unknown,
  render: (user: CaretUser) => HTMLElement,
): Decoration[] {
  const aw = entry as { cursor?: CursorField | null; user?: Partial<CaretUser> } | null;
  if (!aw?.cursor) return [];
  const toPos = (rel: unknown) =>
    relativePositionToAbsolutePosition(sync.doc, sync.type, Y.createRelativePositionFromJSON(rel), sync.binding!.mapping as never);
  let anchor = toPos(aw.cursor.anchor);
  let head = toPos(aw.cursor.head);
  if (anchor === null || head === null) return [];
  const max = Math.max(state.doc.content.size - 1, 0);
  anchor = Math.min(anchor, max);
  head = Math.min(head, max);
  const color = typeof aw.user?.color === 'string' && VALID_COLOR.test(aw.user.color) ? aw.user.color : null;
  const user: CaretUser = {
    ...aw.user,
    name: typeof aw.user?.name === 'string' ? aw.user.name : i18next.t('common:someone'),
    color: color ?? '#777777',
  };
  const spec = { key: String(clientId), clientId, side: 10 };
  const decorations = [Decoration.widget(head, () => ownedCaret(render(user), clientId, user), spec)];
  if (anchor !== head && color) {
    decorations.push(
      Decoration.inline(
        Math.min(anchor, head),
        Math.max(anchor, head),
        { style: `background-color: ${color}70`, class: 'ProseMirror-yjs-selection' },
        {
          clientId,
          inclusiveEnd: true,
          inclusiveStart: false,
        },
      ),
    );
  }
  return decorations;
}

function redraw(set: DecorationSet, state: EditorState, what: Redraw, options: RemoteCaretsOptions): DecorationSet {
  const sync = syncState(state);
  if (!sync) return DecorationSet.empty;
  const { awareness, render } = options;
  const own = awareness.clientID;
  if ('all' in what) {
    const decorations: Decoration[] = [];
    awareness.getStates().forEach((entry, clientId) => {
      if (clientId !== own) decorations.push(...caretDecorations(state, sync, clientId, entry, render));
    });
    return DecorationSet.create(state.doc, decorations);
  }
  const clients = new Set(what.clients.filter((id) => id !== own));
  if (clients.size === 0) return set;
  const stale = set.find(undefined, undefined, (spec) => clients.has(spec.clientId as number));
  const fresh: Decoration[] = [];
  for (const clientId of clients) fresh.push(...caretDecorations(state, sync, clientId, awareness.getStates().get(clientId), render));
  return set.remove(stale).add(state.doc, fresh);
}

/** Publishes our caret as Yjs relative positions (what every Yjs editor reads), when it moved. */
function publishCaret(view: EditorView, awareness: Awareness): void {
  const sync = ySyncPluginKey.getState(view.state) as SyncState | undefined;
  if (!sync?.binding) return;
  const current = (awareness.getLocalState() ?? {}) as { cursor?: CursorField | null };
  if (!view.hasFocus()) {
    if (current.cursor != null) awareness.setLocalStateField('cursor', null);
    return;
  }
  const mapping = sync.binding.mapping as never;
  const { anchor, head } = view.state.selection;
  const relAnchor = absolutePositionToRelativePosition(anchor, sync.type, mapping);
  const relHead = absolutePositionToRelativePosition(head, sync.type, mapping);
  const same = (published: unknown, next: Y.RelativePosition) =>
    published != null && Y.compareRelativePositions(Y.createRelativePositionFromJSON(published), next);
  if (current.cursor && same(current.cursor.anchor, relAnchor) && same(current.cursor.head, relHead)) return;
  awareness.setLocalStateField('cursor', { anchor: relAnchor, head: relHead });
}

export const RemoteCarets = Extension.create<RemoteCaretsOptions>({
  name: 'remoteCarets',
  priority: 999,

  addOptions() {
    return { awareness: undefined as unknown as Awareness, user: { name: '', color: '' }, render: () => document.createElement('span') };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    const { awareness } = options;
    return [
      new Plugin<CaretState>({
        key: remoteCaretsKey,
        state: {
          init: (_config, state) => ({ set: redraw(DecorationSet.empty, state, { all: true }, options) }),
          apply(tr: Transaction, value, _old, state) {
            const what = tr.getMeta(remoteCaretsKey) as Redraw | undefined;
            const remote = (ySyncPluginKey.getState(state) as SyncState | undefined)?.isChangeOrigin === true;
            if (tr.docChanged && remote) return { set: redraw(value.set, state, { all: true }, options) };
            let set = tr.docChanged ? value.set.map(tr.mapping, tr.doc) : value.set;
            if (what) set = redraw(set, state, what, options);
            return set === value.set ? value : { set };
          },
        },
        props: {
          decorations: (state) => remoteCaretsKey.getState(state)?.set,
        },
        view(view) {
          // Our entry is the connection's (roomConnection.ts), with the colour the server gave
          // us: an editor drawn anew (a language switch) must not put the first guess back.
          if ((awareness.getLocalState() as { user?: unknown } | null)?.user === undefined)
            awareness.setLocalStateField('user', options.user);
          // Awareness changes come in bursts (every person's caret, once a second each):
          // gather them and redraw once, outside whatever dispatch may be running.
          let pending: Set<number> | null = null;
          let timer: ReturnType<typeof setTimeout> | null = null;
          const flush = () => {
            timer = null;
            const clients = pending;
            pending = null;
            if (!clients || clients.size === 0 || view.isDestroyed) return;
            view.dispatch(
              view.state.tr.setMeta(remoteCaretsKey, { clients: [...clients] } satisfies Redraw).setMeta('addToHistory', false),
            );
          };
          const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
            for (const id of [...added, ...updated, ...removed]) {
              if (id === awareness.clientID) continue;
              pending ??= new Set();
              pending.add(id);
            }
            if (pending && !timer) timer = setTimeout(flush, 0);
          };
          const onFocus = () => publishCaret(view, awareness);
          // Our caret is published after the next frame, not inside the keystroke: working
          // out its Yjs position walks the blocks before it, and the message can wait a frame.
          let frame: number | null = null;
          let publishTimer: ReturnType<typeof setTimeout> | null = null;
          const publishSoon = () => {
            if (frame !== null || publishTimer !== null) return;
            if (document.hidden) return publishCaret(view, awareness);
            frame = requestAnimationFrame(() => {
              frame = null;
              publishTimer = setTimeout(() => {
                publishTimer = null;
                if (!view.isDestroyed) publishCaret(view, awareness);
              }, 0);
            });
          };
          awareness.on('change', onChange);
          view.dom.addEventListener('focusin', onFocus);
          view.dom.addEventListener('focusout', onFocus);
          return {
            update(view, prevState) {
              if (view.state.selection.eq(prevState.selection) && view.state.doc === prevState.doc) return;
              // A remote edit leaves our caret's Yjs position as it was: nothing to publish.
              if (
                view.state.selection.eq(prevState.selection) &&
                (ySyncPluginKey.getState(view.state) as SyncState | undefined)?.isChangeOrigin
              )
                return;
              publishSoon();
            },
            destroy() {
              if (timer) clearTimeout(timer);
              if (frame !== null) cancelAnimationFrame(frame);
              if (publishTimer) clearTimeout(publishTimer);
              awareness.off('change', onChange);
              view.dom.removeEventListener('focusin', onFocus);
              view.dom.removeEventListener('focusout', onFocus);
              awareness.setLocalStateField('cursor', null);
            },
          };
        },
      }),
    ];
  },
});
