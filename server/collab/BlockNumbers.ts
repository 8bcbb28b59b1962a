/**
 * The margin number of each block, for refusal notices: worked out in one walk and kept until
 * the list of blocks changes (a block added, removed or re-id'd), so a client hammering a
 * locked paragraph costs no walk per refused keystroke.
 */
import * as Y from 'yjs';
import { BlockAttr } from '../../shared/blocks.js';
import { blockNumberer } from '../../shared/blockNumbering.js';

export class BlockNumbers {
  /** Margin number by block id; null when the block list changed since it was worked out. */
  private numbers: Map<string, number> | null = null;

  constructor(private readonly fragment: Y.XmlFragment) {}

  /** The margin number of the block with this id, or undefined (a heading, an unknown id). */
  of(blockId: string): number | undefined {
    if (this.numbers === null) {
      this.numbers = new Map();
      const numberOf = blockNumberer();
      for (const node of this.fragment.toArray()) {
        if (!(node instanceof Y.XmlElement)) continue;
        const id = node.getAttribute(BlockAttr.id);
        const number = numberOf(node.nodeName);
        if (typeof id === 'string' && number !== null && !this.numbers.has(id)) this.numbers.set(id, number);
      }
    }
    return this.numbers.get(blockId);
  }

  /** Forgets the numbers when a transaction changed the list of blocks or a block's id (after each transaction). */
  noteTransaction(transaction: Y.Transaction): void {
    if (this.numbers === null) return;
    for (const [type, keys] of transaction.changed) {
      const isBlock = type._item !== null && type._item.parent === this.fragment;
      if ((type as unknown) === this.fragment || (isBlock && keys.has(BlockAttr.id))) {
        this.numbers = null;
        return;
      }
    }
  }

  /** Forgets the numbers: they are worked out again when next asked for. */
  forget(): void {
    this.numbers = null;
  }
}
