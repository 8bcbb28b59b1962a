/**
 * A top-level block's plain text as the server reads it (inner blocks and line breaks as
 * newlines, the way `editorApi.blockText` and amendments read it), with the document position
 * of each character. Amendments speak in offsets into that text; the editor speaks in
 * positions, so a suggestion drawn over the text, or typing turned into one, goes through here.
 */
import type { Node as PMNode } from '@tiptap/pm/model';

export interface BlockTextMap {
  text: string;
  /**
   * positions[i]: the document position before character i of `text` (for a newline that
   * separates two inner blocks, the end of the first one's content); positions[text.length]:
   * the end of the block's last text. Never decreasing.
   */
  positions: number[];
}

/**
 * The text and positions of `block`, the top-level node that starts at `start`. Follows
 * ProseMirror's textBetween(…, '\n', '\n'): a newline before every inner textblock (and leaf
 * block with text) but the first, and one for each inline leaf (a hard break).
 */
export function blockTextMap(block: PMNode, start: number): BlockTextMap {
  let text = '';
  const positions: number[] = [];
  let first = true;
  let end = start + 1;
  block.content.nodesBetween(0, block.content.size, (node, offset) => {
    const at = start + 1 + offset;
    const leafText = !node.isText && node.isLeaf ? '\n' : '';
    if ((node.isBlock && node.isLeaf && leafText) || node.isTextblock) {
      if (first) first = false;
      else {
        positions.push(end);
        text += '\n';
      }
      end = node.isTextblock ? at + 1 : at;
    }
    if (node.isText) {
      const value = node.text ?? '';
      for (let i = 0; i < value.length; i++) positions.push(at + i);
      text += value;
      end = at + value.length;
    } else if (leafText) {
      positions.push(at);
      text += leafText;
      end = at + node.nodeSize;
    }
    return true;
  });
  positions.push(end);
  return { text, positions };
}

/** The offset in the block's text of document position `pos` (clamped to the block). */
export function offsetAt(map: BlockTextMap, pos: number): number {
  const { positions } = map;
  let low = 0;
  let high = positions.length - 1;
  // The first character at or after `pos`.
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((positions[middle] ?? 0) < pos) low = middle + 1;
    else high = middle;
  }
  return low;
}
