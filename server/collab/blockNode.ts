/**
 * A top-level block of the room's Y.Doc as the ProseMirror node the editor would build from
 * it, with the shared document schema, read without writing anything (y-tiptap's own
 * conversion deletes whatever does not fit, which the server must not do to the live
 * document). Whatever the editor could not build is an InvalidBlock: an element or mark
 * the schema does not know, an attribute it does not declare, content that is neither an
 * element nor text. The shared rules (shared/blockRules.ts) then judge the node.
 */
import * as Y from 'yjs';
import type { Mark, Node as PMNode, Schema } from '@tiptap/pm/model';
import { documentSchema } from '../../shared/schema.js';
import { MAX_BLOCK_DEPTH } from '../../shared/limits.js';

export class InvalidBlock extends Error {}

/** y-tiptap stores overlapping marks of one type as `name--<hash>`. */
const HASHED_MARK_NAME = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

/** The block as a ProseMirror node; throws InvalidBlock when the editor could not build it. */
export function blockNode(element: Y.XmlElement, schema: Schema = documentSchema, depth = 1): PMNode {
  // Checked on the way down, so a block nested past the bound is never walked to its bottom.
  if (depth > MAX_BLOCK_DEPTH) throw new InvalidBlock(`expected elements nested at most ${MAX_BLOCK_DEPTH} deep, got deeper`);
  const type = schema.nodes[element.nodeName];
  if (type === undefined || type.isText || type === schema.topNodeType)
    throw new InvalidBlock(`expected a node of the document schema, got ${element.nodeName.slice(0, 40)}`);
  const attrs = element.getAttributes() as Record<string, unknown>;
  for (const name of Object.keys(attrs)) {
    if (!(name in (type.spec.attrs ?? {}))) throw new InvalidBlock(`expected the attributes of ${type.name}, got ${name.slice(0, 40)}`);
  }
  const children: PMNode[] = [];
  for (const child of element.toArray() as unknown[]) {
    if (child instanceof Y.XmlElement) children.push(blockNode(child, schema, depth + 1));
    else if (child instanceof Y.XmlText) children.push(...textNodes(child, schema));
    else throw new InvalidBlock(`expected elements and text inside ${type.name}, got other content`);
  }
  try {
    return type.create(attrs, children);
  } catch (error) {
    throw new InvalidBlock(`${type.name} could not be built: ${(error as Error).message}`);
  }
}

function textNodes(text: Y.XmlText, schema: Schema): PMNode[] {
  const nodes: PMNode[] = [];
  for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
    if (typeof op.insert !== 'string') throw new InvalidBlock('expected text, got an embedded object');
    if (op.insert === '') continue;
    nodes.push(schema.text(op.insert, marksOf(op.attributes ?? {}, schema)));
  }
  return nodes;
}

function marksOf(attributes: Record<string, unknown>, schema: Schema): Mark[] {
  const marks: Mark[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    const name = HASHED_MARK_NAME.exec(key)?.[1] ?? key;
    const type = schema.marks[name];
    if (type === undefined) throw new InvalidBlock(`expected a mark of the document schema, got ${name.slice(0, 40)}`);
    if (value !== null && (typeof value !== 'object' || Array.isArray(value)))
      throw new InvalidBlock(`expected the attributes of ${name} as an object`);
    for (const attr of Object.keys(value ?? {})) {
      if (!(attr in (type.spec.attrs ?? {}))) throw new InvalidBlock(`expected the attributes of ${name}, got ${attr.slice(0, 40)}`);
    }
    marks.push(type.create(value as Record<string, unknown> | null));
  }
  return marks;
}
