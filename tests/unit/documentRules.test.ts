/**
 * The pieces behind the document rules (PROTOCOL.md I1–I3), without a network: a block read
 * as the editor would build it, a block as it stood before a transaction, and the nesting
 * an update builds, read before it is applied.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { blockProblem, blockSize } from '../../shared/blockRules.js';
import { MAX_BLOCK_CHARS, MAX_BLOCK_DEPTH } from '../../shared/limits.js';
import { InvalidBlock, blockNode } from '../../server/collab/blockNode.js';
import { snapshotElement, snapshotElementBefore } from '../../server/collab/blockSnapshot.js';
import { deepestNesting } from '../../server/collab/updateNesting.js';
import { nestedElementsUpdate } from '../helpers/forgedUpdates.js';

function paragraph(text: string, attrs: Record<string, unknown> = { id: 'p1' }): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value as string);
  const xmlText = new Y.XmlText();
  xmlText.insert(0, text);
  element.insert(0, [xmlText]);
  return element;
}

function docWith(...blocks: Y.XmlElement[]): { doc: Y.Doc; fragment: Y.XmlFragment } {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  fragment.insert(0, blocks);
  return { doc, fragment };
}

/** A blockquote chain `levels` deep (the quote itself counting 1) around one paragraph. */
function nestedQuotes(levels: number): Y.XmlElement {
  const outer = new Y.XmlElement('blockquote');
  let current = outer;
  for (let i = 1; i < levels; i++) {
    const inner = new Y.XmlElement('blockquote');
    current.insert(0, [inner]);
    current = inner;
  }
  current.insert(0, [paragraph('deep', {})]);
  return outer;
}

describe('[I1] a block read as the editor would build it', () => {
  it('reads text, marks, hard breaks and lists into a node the shared rules accept', () => {
    const p = paragraph('Agreed text');
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    item.insert(0, [paragraph('an item', {})]);
    list.insert(0, [item]);
    list.setAttribute('id', 'l1');
    docWith(p, list);
    (p.get(0) as Y.XmlText).format(0, 6, { bold: {} });
    p.insert(1, [new Y.XmlElement('hardBreak'), new Y.XmlText('second line')]);
    const node = blockNode(p);
    expect(node.textContent).toBe('Agreed textsecond line');
    expect(node.firstChild!.marks.map((m) => m.type.name)).toEqual(['bold']);
    expect(blockProblem(node)).toBeNull();
    expect(blockProblem(blockNode(list))).toBeNull();
  });

  it.each([
    ['an element the schema does not know', () => new Y.XmlElement('script'), () => {}],
    ['an attribute the schema does not declare', () => paragraph('x', { id: 'p1', onclick: 'alert(1)' }), () => {}],
    [
      'a mark the schema does not know',
      () => paragraph('x'),
      (p: Y.XmlElement) => (p.get(0) as Y.XmlText).format(0, 1, { link: { href: 'javascript:' } }),
    ],
    ['an embedded object in the text', () => paragraph('x'), (p: Y.XmlElement) => (p.get(0) as Y.XmlText).insertEmbed(0, { image: 'x' })],
    ['other content among the children', () => paragraph('x'), (p: Y.XmlElement) => (p as unknown as Y.Array<unknown>).insert(0, [42])],
  ])('refuses %s', (_what, make, change) => {
    const block = make();
    docWith(block);
    change(block);
    expect(() => blockNode(block)).toThrow(InvalidBlock);
  });

  it.each([
    [
      'a list item at the top level',
      () => {
        const li = new Y.XmlElement('listItem');
        li.insert(0, [paragraph('x', {})]);
        return li;
      },
    ],
    [
      'an empty list',
      () => {
        const l = new Y.XmlElement('bulletList');
        l.setAttribute('id', 'l1');
        return l;
      },
    ],
    [
      'a paragraph holding a paragraph',
      () => {
        const p = paragraph('x');
        p.insert(0, [paragraph('y', {})]);
        return p;
      },
    ],
    [
      'a heading of level 7',
      () => {
        const heading = new Y.XmlElement('heading');
        heading.setAttribute('level', 7 as never);
        heading.insert(0, [new Y.XmlText('t')]);
        return heading;
      },
    ],
    ['a forged id', () => paragraph('x', { id: '<img src=x>' })],
    [`quotes nested ${MAX_BLOCK_DEPTH + 1} deep`, () => nestedQuotes(MAX_BLOCK_DEPTH + 1)],
  ])('[I2] finds %s invalid', (_what, make) => {
    const block = make();
    docWith(block);
    let reason: string | undefined;
    try {
      reason = blockProblem(blockNode(block))?.reason;
    } catch (error) {
      if (error instanceof InvalidBlock) reason = 'E_INVALID';
      else throw error;
    }
    expect(reason).toBe('E_INVALID');
  });

  it(`[I2] accepts quotes nested ${MAX_BLOCK_DEPTH - 1} deep around a paragraph (${MAX_BLOCK_DEPTH} levels)`, () => {
    const block = nestedQuotes(MAX_BLOCK_DEPTH - 1);
    docWith(block);
    expect(blockProblem(blockNode(block))).toBeNull();
  });

  it('[I3] counts a block by its characters and elements, and refuses one over the cap', () => {
    const ok = paragraph('a'.repeat(MAX_BLOCK_CHARS - 1));
    const over = paragraph('a'.repeat(MAX_BLOCK_CHARS));
    docWith(ok, over);
    expect(blockSize(blockNode(ok))).toBe(MAX_BLOCK_CHARS);
    expect(blockProblem(blockNode(ok))).toBeNull();
    expect(blockProblem(blockNode(over))?.reason).toBe('E_TOO_LARGE');
  });
});

describe('a block as it stood before a transaction, read inside it', () => {
  it('sees text, marks and attributes as they were, whatever the transaction did to them', () => {
    const p = paragraph('The participants agreed.');
    const { doc } = docWith(p);
    const text = p.get(0) as Y.XmlText;
    text.format(4, 12, { italic: {} });
    text.delete(0, 4);
    text.insert(0, 'All ');
    const expected = snapshotElement(p);
    let before: unknown;
    doc.transact((transaction) => {
      text.insert(3, ' forged');
      text.delete(10, 5);
      text.format(0, 3, { bold: {} });
      p.setAttribute('id', 'other');
      p.insert(1, [new Y.XmlElement('script')]);
      before = snapshotElementBefore(transaction, p);
    });
    expect(before).toEqual(expected);
  });
});

describe('[I2] the nesting an update builds, read before it is applied', () => {
  function updateOf(build: (fragment: Y.XmlFragment) => void, base?: Y.Doc): { update: Uint8Array; base: Y.Doc } {
    const room = base ?? new Y.Doc();
    const attacker = new Y.Doc();
    Y.applyUpdate(attacker, Y.encodeStateAsUpdate(room));
    const before = Y.encodeStateVector(attacker);
    build(attacker.getXmlFragment('default'));
    return { update: Y.encodeStateAsUpdate(attacker, before), base: room };
  }

  it('counts a chain of quotes built in one update', () => {
    const { update, base } = updateOf((fragment) => fragment.insert(0, [nestedQuotes(40)]));
    // 40 quotes, the paragraph and its text.
    expect(deepestNesting(base, Y.decodeUpdate(update).structs)).toBe(42);
  });

  it('counts from the elements the room already has', () => {
    const room = new Y.Doc();
    room.getXmlFragment('default').insert(0, [nestedQuotes(10)]);
    const { update } = updateOf((fragment) => {
      let deepest = fragment.get(0) as Y.XmlElement;
      while (deepest.get(0) instanceof Y.XmlElement && (deepest.get(0) as Y.XmlElement).nodeName === 'blockquote')
        deepest = deepest.get(0) as Y.XmlElement;
      deepest.insert(0, [nestedQuotes(5)]);
    }, room);
    expect(deepestNesting(room, Y.decodeUpdate(update).structs)).toBe(10 + 5 + 2);
  });

  it('counts siblings inserted next to one another at their parent’s depth, however many', () => {
    const { update, base } = updateOf((fragment) => {
      for (let i = 0; i < 3_000; i++) fragment.insert(i, [paragraph(`p${i}`, {})]);
    });
    expect(deepestNesting(base, Y.decodeUpdate(update).structs)).toBe(2);
  });

  it('reads a chain 100,000 deep, written by hand, without recursing and without applying it', () => {
    const room = new Y.Doc();
    const update = nestedElementsUpdate(777, 100_000);
    expect(deepestNesting(room, Y.decodeUpdate(update).structs)).toBe(100_000);
    expect(room.getXmlFragment('default').length).toBe(0);
  });
});
