/**
 * A room's first text from the Senior Adviser's draft (PROTOCOL.md I6): a Word file (DOCX),
 * Markdown or HTML, turned into Draftroom's blocks. Headings, paragraphs, lists, bold and
 * italic are kept. The draft's own paragraph numbering is taken off, since the margin numbers
 * paragraphs: a numbered list at the top level becomes one paragraph per item, and a number
 * typed at the start of a paragraph ("12. The participants …") goes. Whatever the document
 * schema has no place for (images, tables, footnotes, colours) is dropped and named in the
 * report, and the result must pass the rules every block passes (shared/blockRules.ts), so
 * an imported room loads in the editor and exports like any other.
 *
 * Every step is bounded: the upload's bytes (the route, MAX_DRAFT_BYTES), a DOCX's entries and unpacked size
 * (checked from the zip directory before anything is unpacked), the HTML's length, and the
 * blocks and characters of the result.
 */
import { generateJSON } from '@tiptap/html/server';
import { unzipSync } from 'fflate';
import { Window } from 'happy-dom';
import mammoth from 'mammoth';
import { marked } from 'marked';
import { blockProblem, blockSize } from '../../shared/blockRules.js';
import type { DROPPED_KINDS } from '../../shared/apiSchemas.js';
import { MAX_BLOCKS, MAX_DOCUMENT_CHARS } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import { documentSchema, schemaExtensions } from '../../shared/schema.js';
import { ApiError } from '../ApiError.js';
import type { DocJson } from './createRoom.js';

export const DRAFT_FORMATS = ['docx', 'md', 'html'] as const;
export type DraftFormat = (typeof DRAFT_FORMATS)[number];

/** A DOCX may unpack to at most this many bytes, and hold at most MAX_DOCX_ENTRIES files (a zip bomb is refused unread). */
const MAX_DOCX_UNPACKED_BYTES = 40 * 1024 * 1024;
const MAX_DOCX_ENTRIES = 2_000;
/** Longest HTML the parser is given (a DOCX's or Markdown's HTML included). */
const MAX_HTML_CHARS = 8 * 1024 * 1024;

type DroppedKind = (typeof DROPPED_KINDS)[number];

export interface DraftImport {
  doc: DocJson;
  /** What was not kept, by kind (a table's and a code passage's text stays, as paragraphs). */
  dropped: Array<{ kind: DroppedKind; count: number }>;
  /** How many paragraphs lost a number of their own ("12. ") to the margin's numbering. */
  renumbered: number;
}

/** The format of a draft from its first bytes: a zip is a DOCX; markup is HTML; anything else is Markdown. */
export function sniffFormat(bytes: Uint8Array): DraftFormat {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'docx';
  const start = new TextDecoder()
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html') || /^<(p|h[1-6]|div|body|ul|ol|table)[\s>]/.test(start)
    ? 'html'
    : 'md';
}

export async function importDraft(bytes: Uint8Array, format: DraftFormat = sniffFormat(bytes)): Promise<DraftImport> {
  const dropped = new Map<DroppedKind, number>();
  const html = await toHtml(bytes, format, dropped);
  if (html.length > MAX_HTML_CHARS)
    throw tooLarge(`expected a draft of at most ${MAX_HTML_CHARS} characters of text and markup, got ${html.length}`);
  countUnkept(html, dropped);
  const json = generateJSON(html, schemaExtensions()) as DocJson;
  const { content, renumbered } = ownNumbering(json.content ?? []);
  const doc: DocJson = { type: 'doc', content: content.length > 0 ? content : [{ type: 'paragraph' }] };
  checkBlocks(doc);
  return { doc, dropped: [...dropped].map(([kind, count]) => ({ kind, count })), renumbered };
}

async function toHtml(bytes: Uint8Array, format: DraftFormat, dropped: Map<DroppedKind, number>): Promise<string> {
  switch (format) {
    case 'docx': {
      checkZip(bytes);
      let images = 0;
      const result = await mammoth.convertToHtml(
        { buffer: Buffer.from(bytes) },
        {
          // Images are not kept: counted, and nothing is read of them.
          convertImage: mammoth.images.imgElement(async () => {
            images += 1;
            return { src: '' };
          }),
          ignoreEmptyParagraphs: true,
        },
      );
      if (images > 0) dropped.set('images', images);
      return result.value;
    }
    case 'md':
      return marked.parse(new TextDecoder().decode(bytes), { async: false, gfm: true });
    case 'html':
      return new TextDecoder().decode(bytes);
  }
}

/** Reads only the zip's directory: too many entries, or too much once unpacked, is refused before anything is unpacked. */
function checkZip(bytes: Uint8Array): void {
  let entries = 0;
  let unpacked = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        entries += 1;
        unpacked += file.originalSize;
        return false;
      },
    });
  } catch {
    throw new ApiError(400, ErrorCode.badRequest, 'expected a Word document (DOCX), got a file that is not a readable zip');
  }
  if (entries > MAX_DOCX_ENTRIES || unpacked > MAX_DOCX_UNPACKED_BYTES) {
    throw tooLarge(
      `expected a Word document that unpacks to at most ${MAX_DOCX_UNPACKED_BYTES} bytes in ${MAX_DOCX_ENTRIES} files, got ${unpacked} bytes in ${entries}`,
    );
  }
}

/** Counts what the document schema has no place for, to name it in the report. */
function countUnkept(html: string, dropped: Map<DroppedKind, number>): void {
  const window = new Window();
  try {
    const body = window.document.body;
    body.innerHTML = html;
    const kinds: Array<[DroppedKind, string]> = [
      // A DOCX's images were counted as they were left out; these are an HTML or Markdown draft's.
      ['images', 'img[src]:not([src=""])'],
      ['tables', 'table'],
      ['footnotes', 'sup a[href^="#footnote"], sup a[href^="#endnote"]'],
      ['code', 'pre, code'],
      ['rules', 'hr'],
    ];
    for (const [kind, selector] of kinds) {
      const count = body.querySelectorAll(selector).length;
      if (count > 0) dropped.set(kind, (dropped.get(kind) ?? 0) + count);
    }
  } finally {
    void window.happyDOM.close();
  }
}

type Block = NonNullable<DocJson['content']>[number];

/**
 * Draftroom numbers paragraphs itself: a numbered list at the top level gives one block per
 * item (its nested lists stay lists), and a number the author typed at the start of a
 * top-level paragraph ("12.", "12)") is taken off. A paragraph left with nothing (it held an
 * image, or only its number) goes too: the margin would number it.
 */
function ownNumbering(blocks: readonly Block[]): { content: Block[]; renumbered: number } {
  const content: Block[] = [];
  let renumbered = 0;
  for (const block of blocks) {
    if (block.type === 'orderedList') {
      for (const item of (block.content ?? []) as Block[]) {
        content.push(...((item.content ?? []) as Block[]));
        renumbered += 1;
      }
      continue;
    }
    if (block.type === 'paragraph' && stripTypedNumber(block)) renumbered += 1;
    if (block.type === 'paragraph' && isBlank(block)) continue;
    content.push(block);
  }
  return { content, renumbered };
}

function isBlank(paragraph: Block): boolean {
  return (paragraph.content ?? []).every((node) => {
    const inline = node as { type: string; text?: string };
    return inline.type === 'text' && (inline.text ?? '').trim() === '';
  });
}

const TYPED_NUMBER = /^\s*\(?\d{1,3}[.)]\s+/;

function stripTypedNumber(paragraph: Block): boolean {
  const first = paragraph.content?.[0] as { type: string; text?: string } | undefined;
  if (first?.type !== 'text' || typeof first.text !== 'string' || !TYPED_NUMBER.test(first.text)) return false;
  first.text = first.text.replace(TYPED_NUMBER, '');
  if (first.text === '') paragraph.content = paragraph.content!.slice(1);
  return true;
}

/** The imported text must be what any room may hold: each block by the block rules, and the document within its caps. */
function checkBlocks(doc: DocJson): void {
  const node = documentSchema.nodeFromJSON(doc);
  if (node.childCount > MAX_BLOCKS) throw tooLarge(`expected a draft of at most ${MAX_BLOCKS} blocks, got ${node.childCount}`);
  let total = 0;
  node.forEach((block, _offset, index) => {
    const problem = blockProblem(block);
    if (problem !== null) {
      const status = problem.reason === ErrorCode.tooLarge ? 413 : 400;
      throw new ApiError(
        status,
        problem.reason === ErrorCode.tooLarge ? ErrorCode.tooBig : ErrorCode.badRequest,
        `block ${index + 1} of the draft: ${problem.detail}`,
      );
    }
    total += blockSize(block);
  });
  if (total > MAX_DOCUMENT_CHARS) throw tooLarge(`expected a draft of at most ${MAX_DOCUMENT_CHARS} characters, got ${total}`);
}

function tooLarge(message: string): ApiError {
  return new ApiError(413, ErrorCode.tooBig, message);
}
