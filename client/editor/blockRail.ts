/**
 * The right-hand margin of a top-level block: its status (icon and words; a status menu for
 * moderators and the adviser), its pending amendments and open comments, and the actions
 * on it: propose an amendment, comment, present it on the projector.
 *
 * Built once per node view; the counts and the projector mark are redrawn from the block's
 * own entry in the BlockMetaStore, so nothing here runs for a keystroke elsewhere.
 */
import { BLOCK_STATUSES, BLOCK_STATUS_LABELS, STATUS_SHORT, type BlockStatus } from '../status';
import type { BlockMeta } from './blockMeta';
import type { EditorHooks } from './editorHooks';
import { button, el } from './dom';
import { amendIcon, commentIcon, presentIcon, statusIcon } from './icons';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export interface RailOptions {
  id: string;
  /** Null for blocks without a status of their own (headings). */
  status: BlockStatus | null;
  hooks: EditorHooks;
  /** "this paragraph" or "this heading": the name used until the number is looked up. */
  generic: string;
  /** "paragraph 3", as the block is numbered now. */
  name(): string;
  /** Marks the whole block while it is on the projector. */
  onPresenting(on: boolean): void;
}

export class BlockRail {
  readonly dom: HTMLElement;
  private readonly amendments: HTMLButtonElement;
  private readonly comments: HTMLButtonElement;
  private readonly present: HTMLButtonElement | null = null;
  private readonly onScreen: HTMLElement;
  private readonly stopWatching: () => void;

  constructor(private readonly options: RailOptions) {
    const { id, status, hooks } = options;
    this.dom = el('div', 'dr-rail');
    this.dom.contentEditable = 'false';
    if (status) this.dom.appendChild(this.statusChip(status));

    this.amendments = button('dr-rail__count', () => hooks.openBlock(id, 'amendments'));
    this.amendments.dataset.testid = 'amendment-count';
    this.comments = button('dr-rail__count', () => hooks.openBlock(id, 'comments'));
    this.comments.dataset.testid = 'comment-count';
    this.onScreen = el('span', 'dr-rail__onscreen', 'On screen');
    this.onScreen.prepend(presentIcon());
    this.onScreen.dataset.testid = 'on-projector';
    this.onScreen.title = 'Shown on the projector in the hall now';
    this.dom.append(this.amendments, this.comments, this.onScreen);

    const actions = el('div', 'dr-rail__actions');
    if (hooks.canEdit) {
      const propose = button('dr-rail__action', () => hooks.openBlock(id, 'amendments', true));
      propose.dataset.testid = 'propose-amendment';
      propose.appendChild(amendIcon());
      this.named(propose, (name) => `Propose an amendment to ${name}`);
      actions.appendChild(propose);
    }
    if (hooks.canComment) {
      const comment = button('dr-rail__action', () => hooks.openBlock(id, 'comments'));
      comment.dataset.testid = 'open-comments';
      comment.appendChild(commentIcon());
      this.named(comment, (name) => `Comment on ${name}`);
      actions.appendChild(comment);
    }
    if (hooks.canLock) {
      const present = button('dr-rail__action', () => hooks.present(hooks.meta.presenting === id ? null : id));
      present.dataset.testid = 'present-block';
      present.appendChild(presentIcon());
      this.named(present, (name) => (hooks.meta.presenting === id ? `Stop presenting ${name}` : `Present ${name} on the projector`));
      actions.appendChild(present);
      this.present = present;
    }
    for (const control of [this.amendments, this.comments, ...actions.children]) (control as HTMLElement).dataset.blockId = id;
    if (actions.childElementCount > 0) this.dom.appendChild(actions);

    this.show(hooks.meta.get(id));
    this.stopWatching = hooks.meta.watch(id, (meta) => this.show(meta));
  }

  destroy(): void {
    this.stopWatching();
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
    const chip = el('span', `dr-status dr-status--${status}`);
    chip.dataset.testid = 'block-status';
    chip.dataset.status = status;
    chip.dataset.blockId = id;
    chip.appendChild(statusIcon(status));
    chip.appendChild(el('span', 'sr-only', 'Status: '));
    chip.appendChild(el('span', 'dr-status__text', STATUS_SHORT[status]));
    chip.title = BLOCK_STATUS_LABELS[status];
    if (!hooks.canLock) return chip;

    // A native menu laid over the chip: one thing to see, a real control for keyboards and readers.
    chip.classList.add('dr-status--editable');
    const select = el('select', 'dr-status__select');
    select.dataset.testid = 'set-status';
    select.dataset.blockId = id;
    for (const value of BLOCK_STATUSES) {
      const option = el('option', '', BLOCK_STATUS_LABELS[value]);
      option.value = value;
      select.appendChild(option);
    }
    select.value = status;
    this.named(select, (name) => `Status of ${name}`);
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

  private show(meta: BlockMeta): void {
    this.amendments.hidden = meta.amendments === 0;
    this.amendments.replaceChildren(amendIcon(), document.createTextNode(plural(meta.amendments, 'amendment', 'amendments')));
    this.amendments.title = `Show ${plural(meta.amendments, 'pending amendment', 'pending amendments')}`;
    this.comments.hidden = meta.comments === 0;
    this.comments.replaceChildren(commentIcon(), document.createTextNode(plural(meta.comments, 'comment', 'comments')));
    this.comments.title = `Show ${plural(meta.comments, 'open comment thread', 'open comment threads')}`;
    this.onScreen.hidden = !meta.presenting;
    this.present?.setAttribute('aria-pressed', String(meta.presenting));
    this.options.onPresenting(meta.presenting);
  }
}
