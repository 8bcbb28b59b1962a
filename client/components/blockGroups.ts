/** Grouping a room's items (amendments, comments) by paragraph, in the order of the text. */
import i18next from 'i18next';
import type { BlockInfo } from '../editor/blocks';
import { blockName, blockTitle } from '../format';

export interface BlockGroup<T> {
  blockId: string;
  /** "paragraph 3", "a heading", or "a removed paragraph": the block inside a sentence. */
  where: string;
  /** "Paragraph 3", "Heading", "Removed paragraph": the block as a heading names it. */
  title: string;
  items: T[];
}

/** Names a block as the text numbers it now, inside a sentence. */
export function blockNamer(blocks: readonly BlockInfo[]): (blockId: string) => string {
  const byId = new Map(blocks.map((b) => [b.id, b]));
  return (blockId) => {
    const block = byId.get(blockId);
    return block ? blockName(block.number) : i18next.t('common:block.removed');
  };
}

/** Names a block as the text numbers it now, as a heading or a menu item does. */
export function blockTitler(blocks: readonly BlockInfo[]): (blockId: string) => string {
  const byId = new Map(blocks.map((b) => [b.id, b]));
  return (blockId) => {
    const block = byId.get(blockId);
    return block ? blockTitle(block.number) : i18next.t('common:block.removedTitle');
  };
}

/** Items grouped by block, blocks in document order, removed blocks last. */
export function groupByBlock<T extends { blockId: string }>(items: readonly T[], blocks: readonly BlockInfo[]): BlockGroup<T>[] {
  const order = new Map(blocks.map((b, i) => [b.id, i]));
  const nameOf = blockNamer(blocks);
  const titleOf = blockTitler(blocks);
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(item.blockId);
    if (list) list.push(item);
    else groups.set(item.blockId, [item]);
  }
  const rank = (id: string) => order.get(id) ?? blocks.length;
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([blockId, list]) => ({ blockId, where: nameOf(blockId), title: titleOf(blockId), items: list }));
}
