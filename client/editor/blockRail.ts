/**
 * The right-hand margin of a top-level block: its status (icon and words; a status menu for
 * moderators and the adviser), its pending amendments and open comments, and the actions
 * on it: propose an amendment, comment, present it on the projector.
 *
 * Built once per node view, and small: a document has a thousand of these, all inside the
 * editable element that the browser walks for every keystroke. Icons are CSS masks (no
 * SVG nodes), the counts and the "On screen" mark exist only while there is something to
 * show, and the status menu gets its choices when it is about to be used. The counts and
 * the projector mark are redrawn from the block's own entry in the BlockMetaStore, so
 * nothing here runs for a keystroke elsewhere.
 */
import i18next from 'i18next';
import { BLOCK_STATUSES, statusLabel, statusShort, type BlockStatus } from '../status';
import type { BlockMeta } from './blockMeta';
import type { EditorHooks } from './editorHooks';
import { button, el } from './dom';

export interface RailOptions {
  id: string;
  /** Null for blocks without a status of their own (headings). */
  status: BlockStatus | null;
  hooks: EditorHooks;
  /** "this paragraph" or "this heading", in words: the name used until the number is looked up. */
  generic: string;
  /** "paragraph 3", as the block is numbered now. */
  name(): string;
  /** Marks the whole block while it is on the projector. */
  onPresenting(on: boolean): void;
}

export class BlockRail {
  readonly dom: HTMLElement;
  /** Where the counts and the projector mark go: before the actions. */
  private readonly actions: HTMLElement | null;
  private amendments: HTMLButtonElement | null = null;
  private comments: HTMLButtonElement | null = null;
  private onScreen: HTMLElement | null = null;
  private readonly present: HTMLButtonElement | null = null;
  private readonly stopWatching: () => void;
  /** True while the caret is in this block: its controls are in the tab order (blockGutter.ts). */
  private current = false;

  constructor(private readonly options: RailOptions) {
    const { id, status, hooks } = options;
    this.dom = el('div', 'dr-rail');
    this.dom.contentEditable = 'false';
    if (status) this.dom.appendChild(this.statusChip(status));

    const actions = el('div', 'dr-rail__actions');
    if (hooks.canEdit) {
      const propose = this.action('dr-icon--amend', 'propose-amendment', () => hooks.openBlock(id, 'amendments', true));
      this.named(propose, (name) => i18next.t('editor:rail.propose', { where: name }));
      actions.appendChild(propose);
    }
    if (hooks.canComment) {
      const comment = this.action('dr-icon--comment', 'open-comments', () => hooks.openBlock(id, 'comments'));
      this.named(comment, (name) => i18next.t('editor:rail.comment', { where: name }));
      actions.appendChild(comment);
    }
    if (hooks.canLock) {
      const present = this.action('dr-icon--present', 'present-block', () => hooks.present(hooks.meta.presenting === id ? null : id));
      this.named(present, (name) =>
        i18next.t(hooks.meta.presenting === id ? 'editor:rail.stopPresenting' : 'editor:rail.present', { where: name }),
      );
      actions.appendChild(present);
      this.present = present;
    }
    this.actions = actions.childElementCount > 0 ? actions : null;
    if (this.actions) this.dom.appendChild(this.actions);

    this.show(hooks.meta.get(id));
    this.stopWatching = hooks.meta.watch(id, (meta) => this.show(meta));
  }

  destroy(): void {
    this.stopWatching();
  }

  /** Count buttons made later join the tab order as the rest of the margin does. */
  setCurrent(current: boolean): void {
    this.current = current;
  }

  private action(icon: string, testid: string, onClick: () => void): HTMLButtonElement {
    const control = button(`dr-rail__action ${icon}`, onClick);
    control.dataset.testid = testid;
    control.dataset.blockId = this.options.id;
    return control;
  }

  /**
   * Names a control, with the block's number once it is about to be used: numbers shift as
   * blocks come and go, and looking one up for every block while drawing would cost the
   * whole document per block.
   */
  private named(control: HTMLElement, label: (name: string) => string): void {
    const apply = (name: string) => {
      control.setAttribute('aria-label', label(name));
      control.title = label(name);
    };
    apply(this.options.generic);
    control.addEventListener('focus', () => apply(this.options.name()));
    control.addEventListener('mouseenter', () => apply(this.options.name()));
  }

  private statusChip(status: BlockStatus): HTMLElement {
    const { id, hooks } = this.options;
    // The icon is the chip's ::before, which also reads "Status: " to screen readers.
    const chip = el('span', `dr-status dr-status--${status}`, statusShort(status));
    chip.dataset.testid = 'block-status';
    chip.dataset.status = status;
    chip.dataset.blockId = id;
    chip.title = statusLabel(status);
    if (!hooks.canLock) return chip;

    // A native menu laid over the chip: one thing to see, a real control for keyboards and
    // readers. It holds only the current status until it is about to open.
    chip.classList.add('dr-status--editable');
    const select = el('select', 'dr-status__select');
    select.dataset.testid = 'set-status';
    select.dataset.blockId = id;
    const current = el('option', '', statusLabel(status));
    current.value = status;
    select.appendChild(current);
    const fill = () => {
      if (select.options.length > 1) return;
      select.replaceChildren(
        ...BLOCK_STATUSES.map((value) => {
          const option = el('option', '', statusLabel(value));
          option.value = value;
          return option;
        }),
      );
      select.value = status;
    };
    for (const event of ['pointerdown', 'focus', 'mouseenter', 'keydown']) select.addEventListener(event, fill);
    this.named(select, (name) => i18next.t('editor:rail.status', { where: name }));
    select.addEventListener('change', () => {
      const next = select.value as BlockStatus;
      select.disabled = true;
      void hooks.setStatus(id, next).then((done) => {
        // Once set, the status arrives through the document and this margin is rebuilt.
        select.disabled = false;
        if (!done) select.value = status;
      });
    });
    chip.appendChild(select);
    return chip;
  }

  /** A count button, made when there is something to count and removed when there is not. */
  private count(existing: HTMLButtonElement | null, n: number, kind: 'amendments' | 'comments'): HTMLButtonElement | null {
    if (n === 0) {
      existing?.remove();
      return null;
    }
    const { id, hooks } = this.options;
    let control = existing;
    if (!control) {
      control = button(`dr-rail__count dr-icon--${kind === 'amendments' ? 'amend' : 'comment'}`, () => hooks.openBlock(id, kind));
      control.dataset.testid = kind === 'amendments' ? 'amendment-count' : 'comment-count';
      control.dataset.blockId = id;
      control.tabIndex = this.current ? 0 : -1;
      // Amendments first, then comments, then the projector mark, then the actions.
      const before = kind === 'amendments' ? (this.comments ?? this.onScreen ?? this.actions) : (this.onScreen ?? this.actions);
      this.dom.insertBefore(control, before);
    }
    control.textContent = i18next.t(kind === 'amendments' ? 'editor:rail.amendmentCount' : 'editor:rail.commentCount', { count: n });
    control.title = i18next.t(kind === 'amendments' ? 'editor:rail.showAmendments' : 'editor:rail.showComments', { count: n });
    return control;
  }

  private show(meta: BlockMeta): void {
    this.amendments = this.count(this.amendments, meta.amendments, 'amendments');
    this.comments = this.count(this.comments, meta.comments, 'comments');
    if (meta.presenting && !this.onScreen) {
      this.onScreen = el('span', 'dr-rail__onscreen dr-icon--present', i18next.t('editor:rail.onScreen'));
      this.onScreen.dataset.testid = 'on-projector';
      this.onScreen.title = i18next.t('editor:rail.onScreenTitle');
      this.dom.insertBefore(this.onScreen, this.actions);
    } else if (!meta.presenting && this.onScreen) {
      this.onScreen.remove();
      this.onScreen = null;
    }
    this.present?.setAttribute('aria-pressed', String(meta.presenting));
    this.options.onPresenting(meta.presenting);
  }
}
