/**
 * The changes an accepted amendment makes to the text, as Yjs operations on the room's
 * fragment. Call them inside a server-origin transaction, then let the lock policy index the
 * result (`room.policy.indexDocument()`), since server changes do not pass through it.
 *
 * Amendment text is plain: '\n' separates lines. In a paragraph or heading a line break
 * becomes a hard break; in a list each line is an item, in a quote each line a paragraph.
 */
import * as Y from 'yjs';
import { BlockAttr, newBlockId } from '../../shared/blocks.js';
import { blockText } from '../collab/blockSnapshot.js';
import { textEdits } from './wordDiff.js';

/** Block types whose children are inline content (text and hard breaks). */
const TEXTBLOCKS: ReadonlySet<string> = new Set(['paragraph', 'heading']);

/**
 * Makes the block's text `text`, keeping the element (so its id, attributes and place stay).
 * A single-line paragraph is edited word by word, so words that did not change keep their
 * formatting; anything else is rebuilt from the text.
 */
export function replaceBlockText(element: Y.XmlElement, text: string): void {
  if (TEXTBLOCKS.has(element.nodeName)) {
    const only = element.length === 1 ? element.get(0) : null;
    if (only instanceof Y.XmlText && !text.includes('\n')) {
      editInPlace(only, text);
      if (blockText(element) === text) return;
    }
    element.delete(0, element.length);
    element.insert(0, inlineNodes(text));
    return;
  }
  element.delete(0, element.length);
  element.insert(0, containerChildren(element.nodeName, text));
}

/** Inserts a new paragraph holding `text` right after `element`; returns its fresh id. */
export function insertParagraphAfter(fragment: Y.XmlFragment, element: Y.XmlElement, text: string): string {
  const id = newBlockId();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.setAttribute(BlockAttr.id, id);
  paragraph.insert(0, inlineNodes(text));
  fragment.insertAfter(element, [paragraph]);
  return id;
}

/** Removes the block; a text never ends up empty (the editor needs one block), so an empty paragraph takes its place if it was the last. */
export function deleteBlock(fragment: Y.XmlFragment, element: Y.XmlElement): void {
  const index = fragment.toArray().indexOf(element);
  if (index < 0) return;
  fragment.delete(index, 1);
  if (fragment.length === 0) {
    const empty = new Y.XmlElement('paragraph');
    empty.setAttribute(BlockAttr.id, newBlockId());
    fragment.insert(0, [empty]);
  }
}

function editInPlace(target: Y.XmlText, text: string): void {
  const delta = target.toDelta() as Array<{ insert: unknown }>;
  if (delta.some((op) => typeof op.insert !== 'string')) return; // embeds: indexes differ from the text; rebuild instead
  const before = delta.map((op) => op.insert as string).join('');
  let index = 0;
  for (const edit of textEdits(before, text)) {
    if (edit.op === 'keep') index += edit.text.length;
    else if (edit.op === 'remove') target.delete(index, edit.text.length);
    else {
      target.insert(index, edit.text);
      index += edit.text.length;
    }
  }
}

/** Text and hard breaks for one paragraph. */
function inlineNodes(text: string): Array<Y.XmlText | Y.XmlElement> {
  const nodes: Array<Y.XmlText | Y.XmlElement> = [];
  text.split('\n').forEach((line, index) => {
    if (index > 0) nodes.push(new Y.XmlElement('hardBreak'));
    if (line === '') return;
    const node = new Y.XmlText();
    node.insert(0, line);
    nodes.push(node);
  });
  return nodes;
}

function paragraphOf(line: string): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, inlineNodes(line));
  return paragraph;
}

/** The children of a list or quote holding `text`, one item or paragraph per non-empty line. */
function containerChildren(nodeName: string, text: string): Y.XmlElement[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) lines.push('');
  if (nodeName === 'bulletList' || nodeName === 'orderedList') {
    return lines.map((line) => {
      const item = new Y.XmlElement('listItem');
      item.insert(0, [paragraphOf(line)]);
      return item;
    });
  }
  return lines.map(paragraphOf);
}
