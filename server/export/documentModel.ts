/**
 * The document as exports see it: the top-level blocks of the room's Y.Doc, in order, each
 * with its ProseMirror JSON, margin number, lock and status attributes, plain text, and its
 * content flattened into lines of marked-up runs (for the renderers that lay out text
 * themselves: DOCX and PDF).
 */
import * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { documentSchema } from '../../shared/schema.js';
import { BlockAttr, TEXT_FIELD, isLockedValue, type BlockStatus } from '../../shared/blocks.js';
import { blockNumberer } from '../../shared/blockNumbering.js';
import { statusOf } from '../../shared/blockStatus.js';
import { isTextLanguage, type TextLanguage } from '../../shared/textLanguages.js';
import { exportText } from './exportText.js';

/** A stretch of text with one set of inline marks. A hard break is a run whose text is '\n'. */
export interface InlineRun {
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  /** Set on words in another language than their line's: Draftroom's own English labels. */
  lang?: TextLanguage;
}

/**
 * One line of a block as a word processor lays it out: a paragraph, a heading, a list item's
 * paragraph, or a paragraph inside a quote.
 */
export interface ExportLine {
  runs: InlineRun[];
  /** Indent steps below the block's text column: list nesting plus quote nesting. 0 for a plain paragraph. */
  indent: number;
  /** The list marker ('•', '–', '3.') on a list item's first paragraph, else null. */
  marker: string | null;
  /** True inside a blockquote. */
  quote: boolean;
  /** The line's own language (its paragraph's, else its list item's or block's), or null for the room's. */
  lang: TextLanguage | null;
}

/** A top-level block, ready for any export format. */
export interface ExportBlock {
  id: string;
  type: string;
  /** Heading level (1–3) for headings, else null. */
  level: number | null;
  /** Paragraph number as the margin shows it (shared/blockNumbering.ts), or null for headings. */
  number: number | null;
  status: BlockStatus;
  locked: boolean;
  lockedBy: string | null;
  lockedAt: string | null;
  /** The block's own language, or null when it is written in the room's. */
  lang: TextLanguage | null;
  /** Plain text; paragraphs inside the block (list items, quoted paragraphs) and hard breaks are separated by '\n'. */
  text: string;
  /** The block's ProseMirror JSON, as TipTap's serializers take it. */
  json: JSONContent;
  lines: ExportLine[];
}

/**
 * Reads the top-level blocks of the room's text (the 'default' XmlFragment) in document order.
 * Never changes `doc`: it reads a copy (see below).
 */
export function readDocument(doc: Y.Doc): ExportBlock[] {
  // y-tiptap's conversion writes to the Y.Doc it reads: it deletes any element that does not
  // fit the schema and merges neighbouring texts of the doc's own client. On the room's live
  // doc that would be an export silently editing (and broadcasting) the text, so it reads a copy.
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const root = yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(TEXT_FIELD), documentSchema);
  copy.destroy();
  const blocks: ExportBlock[] = [];
  const numberOf = blockNumberer();
  root.forEach((node) => {
    const json = exportableJson(node.toJSON() as JSONContent);
    const attrs = (json.attrs ?? {}) as Record<string, unknown>;
    const str = (name: string) => (typeof attrs[name] === 'string' ? (attrs[name] as string) : null);
    const locked = isLockedValue(node.attrs[BlockAttr.locked]);
    const lines = flattenBlock(json);
    blocks.push({
      id: str(BlockAttr.id) ?? '',
      type: node.type.name,
      level: node.type.name === 'heading' ? Number(attrs.level ?? 1) : null,
      number: numberOf(node.type.name),
      status: statusOf(locked, node.attrs[BlockAttr.status]),
      locked,
      lockedBy: str(BlockAttr.lockedBy),
      lockedAt: str(BlockAttr.lockedAt),
      lang: languageOf(json),
      text: lines.map((line) => line.runs.map((run) => run.text).join('')).join('\n'),
      json,
      lines,
    });
  });
  return blocks;
}

/**
 * The block's JSON with its text and string attributes as exports may carry them
 * (exportText); a text node left empty is dropped, since ProseMirror refuses empty text.
 */
function exportableJson(node: JSONContent): JSONContent {
  const out: JSONContent = { ...node };
  if (typeof node.text === 'string') out.text = exportText(node.text);
  if (node.attrs) {
    out.attrs = Object.fromEntries(
      Object.entries(node.attrs).map(([key, value]) => [key, typeof value === 'string' ? exportText(value) : value]),
    );
  }
  if (node.content) out.content = node.content.map(exportableJson).filter((child) => child.type !== 'text' || child.text !== '');
  return out;
}

/** The node's own language, when it carries one from the list (anything else reads as the room's). */
function languageOf(node: JSONContent): TextLanguage | null {
  const value = node.attrs?.[BlockAttr.lang];
  return isTextLanguage(value) ? value : null;
}

/** Bullets by nesting depth. */
const BULLETS = ['•', '–'] as const;

/** Flattens a block's JSON into lines. Unknown node types contribute their text as plain lines. */
export function flattenBlock(json: JSONContent): ExportLine[] {
  const lines: ExportLine[] = [];
  const walk = (node: JSONContent, indent: number, quote: boolean, marker: string | null, inherited: TextLanguage | null): void => {
    const lang = languageOf(node) ?? inherited;
    switch (node.type) {
      case 'paragraph':
      case 'heading':
        lines.push({ runs: inlineRuns(node.content ?? []), indent, marker, quote, lang });
        return;
      case 'bulletList':
      case 'orderedList': {
        const start = Number(node.attrs?.start ?? 1);
        (node.content ?? []).forEach((item, index) => {
          const itemMarker = node.type === 'orderedList' ? `${start + index}.` : BULLETS[indent % 2 === 0 ? 0 : 1];
          // The marker goes on the item's first line; later paragraphs of the item hang under its text.
          const itemLang = languageOf(item) ?? lang;
          (item.content ?? []).forEach((child, childIndex) => {
            walk(child, indent + 1, quote, childIndex === 0 && child.type === 'paragraph' ? itemMarker : null, itemLang);
          });
        });
        return;
      }
      case 'blockquote':
        for (const child of node.content ?? []) walk(child, indent + 1, true, null, lang);
        return;
      default:
        if (node.content) for (const child of node.content) walk(child, indent, quote, null, lang);
        else if (node.text) lines.push({ runs: inlineRuns([node]), indent, marker, quote, lang });
    }
  };
  walk(json, 0, false, null, null);
  return lines;
}

function inlineRuns(content: JSONContent[]): InlineRun[] {
  const runs: InlineRun[] = [];
  for (const node of content) {
    if (node.type === 'hardBreak') {
      runs.push({ text: '\n', bold: false, italic: false, underline: false, strike: false });
      continue;
    }
    if (typeof node.text !== 'string' || node.text === '') continue;
    const marks = new Set((node.marks ?? []).map((mark) => mark.type));
    runs.push({
      text: node.text,
      bold: marks.has('bold'),
      italic: marks.has('italic'),
      underline: marks.has('underline'),
      strike: marks.has('strike'),
    });
  }
  return runs;
}
