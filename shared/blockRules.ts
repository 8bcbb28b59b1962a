/**
 * What a top-level block must be, in one place for the editor and the server (PROTOCOL.md
 * I1–I3): a node of the document schema that the schema allows at the top level, valid
 * in every part (content, marks, attributes), at most MAX_BLOCK_DEPTH elements deep, with
 * attribute values of the expected kind (a `lang` from shared/textLanguages.ts, I5), and at
 * most MAX_BLOCK_CHARS long. The editor
 * refuses its own transactions that would break these; the server restores any block that a
 * client's change leaves breaking them, so every state it holds opens in the editor and
 * exports.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { BLOCK_TYPES, BlockAttr, isValidBlockId } from './blocks.js';
import { MAX_ATTRIBUTE_CHARS, MAX_BLOCK_CHARS, MAX_BLOCK_DEPTH } from './limits.js';
import { ErrorCode } from './protocol.js';
import { isTextLanguage } from './textLanguages.js';

export interface BlockProblem {
  reason: typeof ErrorCode.invalid | typeof ErrorCode.tooLarge;
  /** What was expected and what came, for logs (never the text itself). */
  detail: string;
}

const TOP_LEVEL_TYPES: ReadonlySet<string> = new Set(BLOCK_TYPES);
const HEADING_LEVELS: ReadonlySet<unknown> = new Set([1, 2, 3]);

/** A block's size as the caps count it: its characters of text, plus one per element. */
export function blockSize(node: PMNode): number {
  let size = 1;
  node.descendants((child) => {
    size += child.isText ? child.text!.length : 1;
  });
  return size;
}

/** Why `node` may not stand as a top-level block, or null when it may. */
export function blockProblem(node: PMNode): BlockProblem | null {
  if (!TOP_LEVEL_TYPES.has(node.type.name)) {
    return invalid(`expected a top-level block (${BLOCK_TYPES.join(', ')}), got ${node.type.name}`);
  }
  const depth = nestingDepth(node);
  if (depth > MAX_BLOCK_DEPTH) return invalid(`expected elements nested at most ${MAX_BLOCK_DEPTH} deep, got ${depth}`);
  try {
    node.check();
  } catch (error) {
    return invalid(`the block does not fit the document schema: ${(error as Error).message}`);
  }
  const attributeProblem = badAttribute(node);
  if (attributeProblem !== null) return invalid(attributeProblem);
  const size = blockSize(node);
  if (size > MAX_BLOCK_CHARS)
    return { reason: ErrorCode.tooLarge, detail: `expected a block of at most ${MAX_BLOCK_CHARS} characters, got ${size}` };
  return null;
}

function invalid(detail: string): BlockProblem {
  return { reason: ErrorCode.invalid, detail };
}

/** Elements on the longest path down from `node`, `node` included (text does not count). */
function nestingDepth(node: PMNode): number {
  let deepest = 0;
  node.forEach((child) => {
    if (!child.isText) deepest = Math.max(deepest, nestingDepth(child));
  });
  return 1 + deepest;
}

/** The first attribute value in the block of a kind its attribute never takes, described. */
function badAttribute(root: PMNode): string | null {
  let problem: string | null = null;
  const check = (node: PMNode) => {
    for (const [name, value] of Object.entries(node.attrs)) {
      if (value === null || value === undefined) continue;
      if (name === BlockAttr.id && !isValidBlockId(value))
        problem = `expected a block id of letters, digits, - and _, got another ${name} on ${node.type.name}`;
      else if (name === BlockAttr.lang && !isTextLanguage(value))
        problem = `expected a language tag of the room's list or none, got another ${name} on ${node.type.name}`;
      else if (name === 'level' && !HEADING_LEVELS.has(value))
        problem = `expected a heading level 1–3, got ${JSON.stringify(value).slice(0, 20)}`;
      else if (typeof value === 'string' && value.length > MAX_ATTRIBUTE_CHARS)
        problem = `expected ${name} of at most ${MAX_ATTRIBUTE_CHARS} characters, got ${value.length}`;
      else if (typeof value === 'number' && !Number.isSafeInteger(value)) problem = `expected a whole number for ${name}, got ${value}`;
      else if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        problem = `expected a plain value for ${name}, got a ${typeof value}`;
    }
  };
  check(root);
  root.descendants((node) => {
    if (problem === null && !node.isText) check(node);
    for (const mark of node.marks)
      if (Object.keys(mark.attrs).length > 0 && problem === null) problem = `expected ${mark.type.name} without attributes`;
    return problem === null;
  });
  return problem;
}
