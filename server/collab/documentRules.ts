/**
 * The rules on the document's shape and size that the server enforces after every client
 * transaction, in the same transaction, beside the lock policy (PROTOCOL.md I1–I4):
 *
 *  - Every top-level block fits the document schema and its depth bound, and is at most
 *    MAX_BLOCK_CHARS long (shared/blockRules.ts; E_INVALID, E_TOO_LARGE). Checked before
 *    the lock policy, so the policy only ever indexes blocks that may stand.
 *  - The document holds at most MAX_DOCUMENT_CHARS and MAX_BLOCKS (E_TOO_LARGE). Checked
 *    after the lock policy, when every block the transaction left is known.
 *
 * A block the change made that breaks a rule is removed; a block it changed is put back as
 * it stood before the change (blockSnapshot.ts). Everything else in the change stands, as
 * with locks. Work is proportional to the blocks the change touched: sizes are indexed per
 * block and the total kept as a running sum.
 */
import * as Y from 'yjs';
import { blockProblem, blockSize, type BlockProblem } from '../../shared/blockRules.js';
import { BlockAttr } from '../../shared/blocks.js';
import { MAX_BLOCK_CHARS, MAX_BLOCKS, MAX_DOCUMENT_CHARS } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import { InvalidBlock, blockNode } from './blockNode.js';
import { blockText, overwriteElement, snapshotElementBefore } from './blockSnapshot.js';
import type { Refusal } from './lockPolicy.js';
import { createdIn, type TouchedBlocks } from './touchedBlocks.js';

export class DocumentRules {
  /** Size of each block (blockSize), and their sum. */
  private readonly sizes = new Map<Y.XmlElement, number>();
  private total = 0;
  /** Sizes worked out by checkBlocks in the current transaction, for checkDocument to reuse. */
  private readonly measured = new Map<Y.XmlElement, number>();

  constructor(
    private readonly fragment: Y.XmlFragment,
    private readonly onProblem: (problem: BlockProblem, blockId: string | null) => void = () => {},
  ) {}

  /** Step one: the blocks `touched` that break the schema, depth or block-size rules are undone. */
  checkBlocks(transaction: Y.Transaction, touched: TouchedBlocks, isLocked: (element: Y.XmlElement) => boolean): Refusal[] {
    const refusals: Refusal[] = [];
    this.measured.clear();
    for (const item of touched.blocks) {
      if (item.deleted) continue;
      const created = createdIn(transaction, item);
      const element = elementOf(item);
      if (element === null) {
        // Text, an embed or any other content straight under the document: never a block.
        if (created) item.delete(transaction);
        this.refuse(refusals, { reason: ErrorCode.invalid, detail: 'expected a block element at the top level, got other content' }, null);
        continue;
      }
      if (isLocked(element)) continue; // the lock policy puts it back to its canonical copy
      const { problem, size } = judge(element);
      if (problem === null) {
        this.measured.set(element, size);
        continue;
      }
      const blockId = created ? null : idOf(element);
      const typed = blockText(element);
      if (created) item.delete(transaction);
      else overwriteElement(element, snapshotElementBefore(transaction, element));
      this.refuse(refusals, problem, blockId, typed);
    }
    return refusals;
  }

  /**
   * Step two, after the lock policy: keeps the size index current, and when the document is
   * over a cap, undoes what this change added to it (blocks it made, growth of blocks it changed).
   */
  checkDocument(transaction: Y.Transaction, touched: TouchedBlocks, isLocked: (element: Y.XmlElement) => boolean): Refusal[] {
    const sizes = this.sizes;
    const grown: Array<{ item: Y.Item; element: Y.XmlElement }> = [];
    for (const item of touched.blocks) {
      const element = elementOf(item);
      if (element === null) continue;
      const before = sizes.get(element) ?? 0;
      if (item.deleted) {
        if (sizes.delete(element)) this.total -= before;
        continue;
      }
      const after = this.measured.get(element) ?? judge(element).size;
      sizes.set(element, after);
      this.total += after - before;
      // The server's own writes (a restored locked block) are never the change's growth.
      if (after > before && item.id.client !== transaction.doc.clientID && !isLocked(element)) grown.push({ item, element });
    }
    this.measured.clear();
    if (this.total <= MAX_DOCUMENT_CHARS && this.fragment.length <= MAX_BLOCKS) return [];

    const refusals: Refusal[] = [];
    const problem: BlockProblem = {
      reason: ErrorCode.tooLarge,
      detail: `expected a document of at most ${MAX_DOCUMENT_CHARS} characters in ${MAX_BLOCKS} blocks, got ${this.total} in ${this.fragment.length}`,
    };
    for (const { item, element } of grown) {
      const created = createdIn(transaction, item);
      const blockId = created ? null : idOf(element);
      const typed = blockText(element);
      const recorded = sizes.get(element)!;
      if (created) {
        item.delete(transaction);
        sizes.delete(element);
        this.total -= recorded;
      } else {
        const previous = snapshotElementBefore(transaction, element);
        // Only the content goes back: ids and lock attributes are the lock policy's, already settled.
        overwriteElement(element, { ...previous, attrs: element.getAttributes() as Record<string, unknown> });
        const restored = judge(element).size;
        sizes.set(element, restored);
        this.total += restored - recorded;
      }
      this.refuse(refusals, problem, blockId, typed);
    }
    return refusals;
  }

  /** Keeps the size index current after a change the server made itself (trusted, never refused). */
  noteServerChange(touched: TouchedBlocks): void {
    for (const item of touched.blocks) {
      const element = elementOf(item);
      if (element === null) continue;
      const before = this.sizes.get(element) ?? 0;
      const after = item.deleted ? 0 : judge(element).size;
      if (item.deleted) this.sizes.delete(element);
      else this.sizes.set(element, after);
      this.total += after - before;
    }
  }

  /** The document's size as the caps count it (for tests and metrics). */
  get documentSize(): number {
    return this.total;
  }

  /**
   * Measures every block of the document as loaded. A stored block that breaks a rule (saved
   * before the rule existed) is reported, not changed: loading never edits the text.
   */
  indexDocument(): void {
    this.sizes.clear();
    this.total = 0;
    for (const node of this.fragment.toArray()) {
      if (!(node instanceof Y.XmlElement)) continue;
      const { problem, size } = judge(node);
      if (problem !== null) this.onProblem(problem, idOf(node));
      this.sizes.set(node, size);
      this.total += size;
    }
  }

  private refuse(refusals: Refusal[], problem: BlockProblem, blockId: string | null, refusedText?: string): void {
    this.onProblem(problem, blockId);
    // What the author typed is theirs to keep (issue 11), within the block cap so a notice stays small.
    const keep = refusedText !== undefined && refusedText !== '' && refusedText.length <= MAX_BLOCK_CHARS ? { refusedText } : {};
    refusals.push({ reason: problem.reason, ...(blockId !== null ? { blockId } : {}), ...keep });
  }
}

/** The block's problem under the shared rules, if any, and its size (0 when it cannot be read). */
function judge(element: Y.XmlElement): { problem: BlockProblem | null; size: number } {
  try {
    const node = blockNode(element);
    return { problem: blockProblem(node), size: blockSize(node) };
  } catch (error) {
    if (!(error instanceof InvalidBlock)) throw error;
    return { problem: { reason: ErrorCode.invalid, detail: error.message }, size: 0 };
  }
}

function elementOf(item: Y.Item): Y.XmlElement | null {
  const content = item.content;
  return content instanceof Y.ContentType && content.type instanceof Y.XmlElement ? content.type : null;
}

function idOf(element: Y.XmlElement): string | null {
  const id = element.getAttribute(BlockAttr.id);
  return typeof id === 'string' ? id : null;
}
