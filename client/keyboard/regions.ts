/**
 * The room's regions for F6, in the manner of desktop apps: the text → the margin of the
 * paragraph with the caret → the side panel → the toolbar → the text. Each is a landmark or
 * a labelled group, so a screen reader names it on arrival: the draft's textbox, the
 * margin's group (blockGutter.ts), the open panel or the side column (complementary), the
 * formatting toolbar. A region that is not there (no toolbar for an observer, a margin
 * without controls) is passed over. Coming back to a region returns to where focus was in
 * it, if that is still on the page.
 */
import type { EditorCaret } from './editorCaret';

export type Region = 'editor' | 'margin' | 'panel' | 'toolbar';

export const REGION_ORDER: readonly Region[] = ['editor', 'margin', 'panel', 'toolbar'];

/** The parts of a block's margin that hold controls (blockGutter.ts, blockRail.ts). */
export const MARGIN_PARTS = '.dr-gutter, .dr-rail, .dr-lock-label, .dr-add';
const TEXT = '.ProseMirror';
const PANEL = '.side-panel, .room__side';
const TOOLBAR = '[role="toolbar"]';
const TABBABLE =
  'button:not([disabled]), select:not([disabled]), input:not([disabled]):not([type="hidden"]), textarea:not([disabled]), a[href], summary, [tabindex="0"]';

/** The region an element belongs to, or null (the header, the page itself). */
export function regionOf(node: Element | null): Region | null {
  if (!node) return null;
  if (node.closest(MARGIN_PARTS)) return 'margin';
  if (node.closest(TEXT)) return 'editor';
  if (node.closest(PANEL)) return 'panel';
  if (node.closest(TOOLBAR)) return 'toolbar';
  return null;
}

/** The controls in the margin of the block with the caret, in the order Tab visits them. */
export function currentMarginControls(root: ParentNode): HTMLElement[] {
  const block = root.querySelector('.dr-block.has-caret');
  if (!block) return [];
  const controls: HTMLElement[] = [];
  for (const part of block.querySelectorAll(MARGIN_PARTS)) {
    for (const control of part.querySelectorAll<HTMLElement>('button:not([disabled]), select:not([disabled])')) controls.push(control);
  }
  return controls;
}

export class RegionFocus {
  /** Where focus last was in each region, to return there. */
  private readonly last = new Map<Region, Element>();

  constructor(
    private readonly root: HTMLElement,
    private readonly caret: () => EditorCaret | null,
  ) {}

  /** Remembers where focus is; called for every focusin inside the room. */
  noteFocus(target: Element): void {
    const region = regionOf(target);
    if (region === 'panel' || region === 'toolbar') this.last.set(region, target);
  }

  /** Moves focus to the next (1) or previous (-1) region that can take it. */
  move(direction: 1 | -1): Region | null {
    const from = regionOf(document.activeElement);
    const count = REGION_ORDER.length;
    let index = from === null ? (direction === 1 ? -1 : 0) : REGION_ORDER.indexOf(from);
    for (let step = 0; step < count; step++) {
      index = (index + direction + count) % count;
      const region = REGION_ORDER[index];
      if (region !== undefined && region !== from && this.enter(region)) return region;
    }
    return null;
  }

  /** Focuses a region; false when it is not on the page or holds nothing to focus. */
  enter(region: Region): boolean {
    switch (region) {
      case 'editor':
        return this.toText();
      case 'margin':
        return focusFirst(currentMarginControls(this.root));
      case 'panel':
        return this.toPanel();
      case 'toolbar': {
        const toolbar = this.root.querySelector(TOOLBAR);
        if (!toolbar) return false;
        return this.toRemembered('toolbar', toolbar) || focusFirst([...toolbar.querySelectorAll<HTMLElement>(TABBABLE)]);
      }
    }
  }

  /** Back to the text, the caret where it was; false for a text that cannot take a caret (an observer's). */
  toText(): boolean {
    const caret = this.caret();
    if (!caret || !this.root.querySelector(`${TEXT}[contenteditable="true"]`)) return false;
    caret.focus();
    return true;
  }

  private toPanel(): boolean {
    // An open panel lies over the side column: it is the side panel while it is open.
    const open = this.root.querySelector<HTMLElement>('.side-panel');
    const panel = open ?? this.root.querySelector<HTMLElement>('.room__side');
    if (!panel) return false;
    if (this.toRemembered('panel', panel)) return true;
    if (open) {
      const title = open.querySelector<HTMLElement>('h2[tabindex="-1"]');
      if (title) return focusFirst([title]);
    }
    if (focusFirst([...panel.querySelectorAll<HTMLElement>(TABBABLE)])) return true;
    // Nothing to operate in it: the landmark itself, so it is still named and read.
    panel.tabIndex = -1;
    panel.focus();
    return true;
  }

  private toRemembered(region: Region, within: Element): boolean {
    const last = this.last.get(region);
    return last instanceof HTMLElement && last.isConnected && within.contains(last) && focusFirst([last]);
  }
}

/** Focuses the first candidate that takes focus (hidden and inert ones do not). */
function focusFirst(candidates: HTMLElement[]): boolean {
  for (const candidate of candidates) {
    candidate.focus();
    if (document.activeElement === candidate) return true;
  }
  return false;
}
