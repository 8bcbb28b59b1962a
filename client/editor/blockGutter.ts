/**
 * The margin beside each top-level block and what hangs off it: the number (1, 2, 3 …
 * for every block but headings), the lock control for moderators and the adviser, the
 * "Agreed — locked by …" label under a locked block, "+ add paragraph here" around locked
 * blocks, and on the right the block's status, amendments, comments and actions
 * (blockRail.ts). A node view wraps each top-level block; its content stays ProseMirror's.
 * The wrapper carries `data-status`, so the status filter is one class on the page.
 *
 * Cost on a 1,000-paragraph document: nothing per keystroke. Numbers are a CSS counter
 * (`.dr-block--numbered` increments `dr-para`), so inserting paragraph 3 redraws nothing
 * of paragraphs 4–1,000; a block's wrapper is rebuilt only when its own attributes change
 * (id, lock, status). Widget decorations were tried first: ProseMirror scans every doc-level
 * decoration for every block on each update, which is quadratic at this size.
 *
 * What must stay true for the browser's sake (keystroke-to-paint, issue 6): every margin
 * lives inside the editable element, which Chromium walks (selection offsets for the
 * platform's text input) on each keystroke, so a block's DOM stays small: about ten nodes
 * for an expert's paragraph, icons as CSS masks, optional parts made only when shown. The
 * wrapper spans the page's width with the margins in its padding, because it carries
 * `content-visibility: auto` (document.css), which clips to it.
 *
 * Only the margin of the block with the caret is in the tab order, and named as a group
 * ("Margin of paragraph 4"): Tab from the text reaches this paragraph's actions instead of
 * walking through every block's (29 Tabs to ¶ 4 before), and F6 lands there too
 * (client/keyboard/regions.ts). The other margins stay reachable by mouse and by a screen
 * reader's browse mode.
 */
import { Extension } from '@tiptap/core';
import i18next from 'i18next';
import { DOMSerializer, type Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type PluginView } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView, type NodeView, type NodeViewConstructor } from '@tiptap/pm/view';
import { BLOCK_TYPES, BlockAttr } from '../../shared/blocks';
import { isNumbered } from '../../shared/blockNumbering';
import { blockName, formatTime } from '../format';
import { statusOfAttrs } from '../status';
import { blockIndexKey } from './blockIndex';
import { BlockRail } from './blockRail';
import { button, el } from './dom';
import { isLockedNode } from './blocks';
import type { EditorHooks } from './editorHooks';
import { installMarginIcons } from './icons';
import { insertParagraphAt } from './lockPlugin';

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The node view drawn for each top-level block's wrapper, to find it from the DOM. */
const viewOfDom = new WeakMap<Element, TopLevelBlockView>();

/** A top-level block: wrapper, margin, body (the block itself and its lock label), extras. */
class TopLevelBlockView implements NodeView {
  dom: HTMLElement;
  contentDOM: HTMLElement;
  private rail: BlockRail | null = null;
  private gutterDom: HTMLElement | null = null;

  constructor(
    private node: PMNode,
    private readonly view: EditorView,
    private readonly getPos: () => number | undefined,
    hooks: EditorHooks,
  ) {
    const id = str(node.attrs[BlockAttr.id]);
    const locked = isLockedNode(node);
    const type = node.type.name === 'heading' ? `h${node.attrs.level}` : node.type.name;
    const numbered = isNumbered(node.type.name);
    this.dom = el('div', `dr-block dr-block--${type}${numbered ? ' dr-block--numbered' : ''}${locked ? ' is-locked' : ''}`);
    const status = statusOfAttrs(node.attrs);
    if (numbered) this.dom.dataset.status = status;
    if (id) this.dom.dataset.blockId = id;

    const rendered = DOMSerializer.renderSpec(document, node.type.spec.toDOM!(node));
    this.contentDOM = (rendered.contentDOM ?? rendered.dom) as HTMLElement;

    if (locked && hooks.canEdit && getPos() === 0) this.dom.appendChild(this.addParagraph('before', hooks));
    const body = el('div', 'dr-block__body');
    this.gutterDom = this.gutter(id, locked, hooks);
    body.appendChild(this.gutterDom);
    body.appendChild(rendered.dom);
    if (id) {
      this.rail = new BlockRail({
        id,
        status: numbered ? status : null,
        hooks,
        generic: i18next.t(numbered ? 'editor:gutter.thisParagraph' : 'editor:gutter.thisHeading'),
        name: () => blockName(this.number()),
        onPresenting: (on) => this.dom.classList.toggle('is-presenting', on),
      });
      body.appendChild(this.rail.dom);
    }
    if (locked) body.appendChild(this.lockLabel(id, hooks));
    this.dom.appendChild(body);
    if (locked && hooks.canEdit) this.dom.appendChild(this.addParagraph('after', hooks));
    viewOfDom.set(this.dom, this);
    this.setCurrent(false);
  }

  /** The block's id, as its margin's controls carry it. */
  get blockId(): string | null {
    return str(this.node.attrs[BlockAttr.id]);
  }

  /**
   * Puts this block's margin in the tab order (the caret is here) or takes it out (roving
   * tabindex), and names it as a group while it is the current one.
   */
  setCurrent(current: boolean): void {
    for (const control of this.dom.querySelectorAll<HTMLElement>('button, select')) {
      if (!this.contentDOM.contains(control)) control.tabIndex = current ? 0 : -1;
    }
    this.rail?.setCurrent(current);
    const label = current ? i18next.t('keyboard:regions.margin', { where: blockName(this.number()) }) : null;
    for (const part of [this.gutterDom?.firstElementChild ? this.gutterDom : null, this.rail?.dom ?? null]) {
      if (!part) continue;
      if (label) {
        part.setAttribute('role', 'group');
        part.setAttribute('aria-label', label);
      } else {
        part.removeAttribute('role');
        part.removeAttribute('aria-label');
      }
    }
  }

  /** The block's number now (numbers shift as paragraphs come and go). */
  private number(): number | null {
    const id = str(this.node.attrs[BlockAttr.id]);
    return blockIndexKey.getState(this.view.state)?.find((b) => b.id === id)?.number ?? null;
  }

  private gutter(id: string | null, locked: boolean, hooks: EditorHooks): HTMLElement {
    // The number is the gutter's ::before (a CSS counter), icons are CSS masks: a thousand
    // margins cost one element each, plus the lock control for those who may lock.
    const gutter = el('div', 'dr-gutter');
    gutter.contentEditable = 'false';
    if (hooks.canLock && id) {
      const lock = button(`dr-lock-btn${locked ? ' is-locked' : ''}`, () => hooks.toggleLock(id));
      lock.dataset.testid = 'lock-button';
      lock.dataset.blockId = id;
      lock.setAttribute('aria-pressed', String(locked));
      lock.setAttribute(
        'aria-label',
        i18next.t(locked ? 'editor:gutter.unlock' : 'editor:gutter.lock', {
          where: i18next.t(this.node.type.name === 'heading' ? 'editor:gutter.thisHeading' : 'editor:gutter.thisParagraph'),
        }),
      );
      const name = () => {
        const label = i18next.t(locked ? 'editor:gutter.unlock' : 'editor:gutter.lock', { where: blockName(this.number()) });
        lock.setAttribute('aria-label', label);
        lock.title = `${label} (Ctrl+Shift+L)`;
      };
      lock.addEventListener('focus', name);
      lock.addEventListener('mouseenter', name);
      gutter.appendChild(lock);
    } else if (locked) {
      gutter.classList.add('dr-gutter--locked');
    }
    return gutter;
  }

  private lockLabel(id: string | null, hooks: EditorHooks): HTMLElement {
    // The padlock is the label's ::before.
    const by = str(this.node.attrs[BlockAttr.lockedBy]);
    const when = formatTime(str(this.node.attrs[BlockAttr.lockedAt]));
    const label = el(
      'div',
      'dr-lock-label',
      i18next.t(when ? 'editor:gutter.lockedByAt' : 'editor:gutter.lockedBy', { by: by ?? i18next.t('editor:gutter.aModerator'), when }),
    );
    label.contentEditable = 'false';
    label.dataset.testid = 'lock-label';
    if (id) {
      label.dataset.blockId = id;
      const history = button('dr-lock-label__history', () => hooks.showHistory(id), i18next.t('editor:gutter.history'));
      history.addEventListener('focus', () =>
        history.setAttribute('aria-label', i18next.t('editor:gutter.historyOf', { where: blockName(this.number()) })),
      );
      label.appendChild(history);
    }
    return label;
  }

  private addParagraph(where: 'before' | 'after', hooks: EditorHooks): HTMLElement {
    const add = button(
      `dr-add dr-add--${where}`,
      () => {
        const pos = this.getPos();
        if (pos === undefined || !hooks.canEdit) return;
        const blockId = this.node.attrs[BlockAttr.id];
        // Someone who only suggests (pen-holder mode) proposes the paragraph after this one instead.
        if (hooks.typesSuggestions && where === 'after' && typeof blockId === 'string') {
          hooks.suggest({ blockId, kind: 'insert-after', text: '', caret: 0 }, true);
          return;
        }
        insertParagraphAt(this.view, where === 'before' ? pos : pos + this.node.nodeSize);
      },
      i18next.t('editor:gutter.addParagraph'),
    );
    add.contentEditable = 'false';
    add.dataset.testid = 'add-paragraph';
    return add;
  }

  update(node: PMNode): boolean {
    // Same block with the same attributes: ProseMirror updates the content. Anything
    // else (a lock, a status, a new id, another heading level) rebuilds the wrapper.
    if (node.type !== this.node.type || !node.hasMarkup(this.node.type, this.node.attrs, node.marks)) return false;
    this.node = node;
    return true;
  }

  destroy(): void {
    this.rail?.destroy();
    viewOfDom.delete(this.dom);
  }

  ignoreMutation(mutation: MutationRecord | { type: 'selection'; target: Node }): boolean {
    if (mutation.type === 'selection') return false;
    return !this.contentDOM.contains(mutation.target);
  }

  /** Events on the margin, the label and the add button are ours; clicks on the block's
   * padding still go to ProseMirror (they place the caret). */
  stopEvent(event: Event): boolean {
    const target = event.target;
    return (
      target instanceof Element &&
      !this.contentDOM.contains(target) &&
      target.closest('.dr-gutter, .dr-rail, .dr-lock-label, .dr-add') !== null
    );
  }
}

/** Node views for every block type; only top-level blocks get the margin. */
function blockViews(hooks: EditorHooks): Record<string, NodeViewConstructor> {
  const views: Record<string, NodeViewConstructor> = {};
  for (const type of BLOCK_TYPES) {
    views[type] = (node, view, getPos) => {
      const pos = getPos();
      if (pos === undefined || view.state.doc.resolve(pos).depth !== 0) {
        // Nested blocks (a paragraph in a list item) render as ProseMirror would.
        return null as unknown as NodeView;
      }
      return new TopLevelBlockView(node, view, getPos, hooks);
    };
  }
  return views;
}

/**
 * Classes on the blocks the selection reaches, found from the selection alone (nothing per
 * block of the document): `holds-selection` keeps each of them laid out while the browser
 * edits it (document.css: an off-screen block may skip rendering, and a browser typing into
 * a block without layout puts the text outside it); `has-caret` shows the margin actions of
 * the block with the caret, as hovering does.
 */
function selectionDecorations(state: EditorState): DecorationSet | null {
  const { from, to, $head } = state.selection;
  const caretBlock = $head.depth === 0 ? -1 : $head.before(1);
  const decorations: Decoration[] = [];
  state.doc.nodesBetween(from, to, (node, pos) => {
    const classes = pos === caretBlock ? 'holds-selection has-caret' : 'holds-selection';
    decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: classes }));
    return false;
  });
  return decorations.length === 0 ? null : DecorationSet.create(state.doc, decorations);
}

/**
 * Keeps the margin of the block with the caret, and only that one, in the tab order. Work
 * happens when the caret changes block or that block is redrawn, never per block. A
 * keyboard user whose margin control is redrawn under them (locking from the lock button
 * rebuilds the block) gets focus back on the same control of the new margin.
 */
class CurrentMargin implements PluginView {
  private current: TopLevelBlockView | null = null;
  /** The margin control that last had focus: which block, which control. */
  private focused: { blockId: string; control: string } | null = null;
  private readonly onFocusIn = (event: FocusEvent) => {
    const target = event.target;
    const control = target instanceof HTMLElement ? target.dataset.testid : undefined;
    const blockId = target instanceof HTMLElement ? target.dataset.blockId : undefined;
    this.focused =
      control && blockId && target instanceof HTMLElement && target.closest('.dr-gutter, .dr-rail, .dr-lock-label')
        ? { blockId, control }
        : null;
  };
  /** Focus that moved elsewhere on purpose is not brought back (a removed control moves it nowhere). */
  private readonly onFocusOut = (event: FocusEvent) => {
    if (event.relatedTarget instanceof Node && !this.view.dom.contains(event.relatedTarget)) this.focused = null;
  };

  constructor(private readonly view: EditorView) {
    view.dom.addEventListener('focusin', this.onFocusIn);
    view.dom.addEventListener('focusout', this.onFocusOut);
    this.update(view, null);
  }

  update(view: EditorView, prevState: EditorState | null): void {
    const { state } = view;
    if (prevState && prevState.doc === state.doc && prevState.selection.eq(state.selection)) return;
    const { $head } = state.selection;
    const dom = $head.depth === 0 ? null : view.nodeDOM($head.before(1));
    const next = dom instanceof HTMLElement ? (viewOfDom.get(dom) ?? null) : null;
    if (next === this.current) return;
    if (this.current?.dom.isConnected) this.current.setCurrent(false);
    next?.setCurrent(true);
    this.current = next;
    this.refocus(next);
  }

  private refocus(next: TopLevelBlockView | null): void {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (!lost || !next || !this.focused || this.focused.blockId !== next.blockId) return;
    next.dom.querySelector<HTMLElement>(`[data-testid="${this.focused.control}"][data-block-id="${this.focused.blockId}"]`)?.focus();
  }

  destroy(): void {
    this.view.dom.removeEventListener('focusin', this.onFocusIn);
    this.view.dom.removeEventListener('focusout', this.onFocusOut);
  }
}

export const BlockGutter = Extension.create<{ hooks: EditorHooks }>({
  name: 'blockGutter',

  onBeforeCreate() {
    installMarginIcons();
  },

  addOptions() {
    return { hooks: undefined as unknown as EditorHooks };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('draftroomGutter'),
        view: (view) => new CurrentMargin(view),
        props: {
          nodeViews: blockViews(this.options.hooks),
          decorations: selectionDecorations,
        },
      }),
    ];
  },
});
