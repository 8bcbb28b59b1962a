/**
 * Markdown export. Block content goes through TipTap's own Markdown serializer
 * (@tiptap/markdown over the shared schema); the header, paragraph numbers, status labels
 * and amendments around it are written here, with their text escaped.
 *
 * Paragraph numbers are written as "**12.**" rather than as a Markdown ordered list, because
 * a list renumbers itself from its first item and the agreed text has gaps that must show.
 * Document headings move down one level: the export's title is the only level-1 heading.
 *
 * Text never becomes Markdown syntax. TipTap escapes what is special inside a line
 * (\ ` * _ [ ] ~, and < > & as entities); what is special at the start of a line (# - + =
 * 1. 1) and indentation) and table pipes are escaped here, at every line start: a list
 * item's or quote's first line, and the line after each hard break or line feed in the text.
 */
import type { JSONContent } from '@tiptap/core';
import { MarkdownManager } from '@tiptap/markdown';
import { schemaExtensions } from '../../shared/schema.js';
import { referenceLines, type ExportHeader } from './header.js';
import type { VariantBlock } from './variants.js';

let manager: MarkdownManager | null = null;
function markdownManager(): MarkdownManager {
  manager ??= new MarkdownManager({ extensions: schemaExtensions() });
  return manager;
}

/** Renders the export as one Markdown document. */
export function renderMarkdown(header: ExportHeader, blocks: readonly VariantBlock[]): string {
  const parts: string[] = [];
  // Two trailing spaces: a hard line break, so the reference block stays three lines.
  parts.push(referenceLines(header).map(escapeLine).join('  \n'));
  if (header.meeting) parts.push(`**${escapeLine(header.meeting)}**`);
  parts.push(`# ${escapeLine(header.title)}`);
  parts.push(`*${escapeLine(header.variant)}*`);
  for (const line of header.silence) parts.push(`*${escapeLine(line)}*`);
  for (const item of blocks) parts.push(...renderBlock(item));
  return `${parts.join('\n\n')}\n`;
}

function renderBlock(item: VariantBlock): string[] {
  const { block } = item;
  const label = item.statusLabel ? `*${escapeLine(item.statusLabel)}*` : '';
  const parts: string[] = [];
  if (block.type === 'heading') {
    const level = Math.min((block.level ?? 1) + 1, 6);
    const heading = serialize({ ...block.json, attrs: { ...block.json.attrs, level } });
    parts.push(label ? `${heading} ${label}` : heading);
  } else {
    const number = `**${block.number}.**`;
    const body = serialize(block.json);
    if (block.type === 'paragraph') parts.push([number, label, body].filter(Boolean).join(' '));
    else parts.push([number, label].filter(Boolean).join(' '), body);
  }
  for (const note of item.amendments) {
    const text = note.text.trim() ? `\n>\n${quoteLines(escapeMarkdown(note.text))}` : '';
    parts.push(`> *${escapeLine(note.label)}*${text}`);
  }
  return parts;
}

function serialize(json: JSONContent): string {
  return restoreStandIns(
    markdownManager()
      .serialize({ type: 'doc', content: [escapedBlock(withoutUnderline(json), false)] })
      .trim(),
  );
}

/**
 * Markdown has no underline; TipTap writes it as "++text++", which other Markdown readers
 * show literally. The text stays, the underline goes.
 */
function withoutUnderline(node: JSONContent): JSONContent {
  const marks = node.marks?.filter((mark) => mark.type !== 'underline');
  return {
    ...node,
    ...(node.marks ? { marks } : {}),
    ...(node.content ? { content: node.content.map(withoutUnderline) } : {}),
  };
}

/**
 * Stand-ins for what the escaping here writes into the text before TipTap serializes it:
 * TipTap would escape a backslash written directly. They are non-characters, which
 * exportText() removes from every text an export reads, so none comes from the document.
 */
const STAND_IN = { escape: '\uFDD0', space: '\uFDD1', tab: '\uFDD2', lineBreak: '\uFDD3' } as const;
const STAND_INS = /[\uFDD0-\uFDD3]/g;
const WRITTEN: Record<string, string> = {
  [STAND_IN.escape]: '\\',
  // A character reference is text, not indentation: four leading spaces would make code.
  [STAND_IN.space]: '&#32;',
  [STAND_IN.tab]: '&#9;',
  [STAND_IN.lineBreak]: '  \n',
};

function restoreStandIns(markdown: string): string {
  return markdown.replace(STAND_INS, (standIn) => WRITTEN[standIn] ?? '');
}

/**
 * The block with its text escaped (see escapeText). A top-level paragraph's or heading's
 * first line follows its number or its #s, so it does not start a line (`startsLine`
 * false); a paragraph's inside a list item or a quote does.
 */
function escapedBlock(node: JSONContent, startsLine: boolean): JSONContent {
  if (!node.content) return node;
  if (!node.content.some((child) => child.type === 'text' || child.type === 'hardBreak')) {
    return { ...node, content: node.content.map((child) => escapedBlock(child, true)) };
  }
  // A textblock: whatever follows a hard break starts a line.
  const content: JSONContent[] = [];
  let lineStart = startsLine;
  for (const child of node.content) {
    if (child.type === 'hardBreak') {
      // An empty line would be a blank line, which ends the paragraph: give it a space.
      if (lineStart) content.push({ type: 'text', text: STAND_IN.space });
      content.push(child);
      lineStart = true;
    } else if (child.type === 'text' && child.text) {
      const text = escapeText(child.text, lineStart);
      content.push({ ...child, text });
      lineStart = text.endsWith(STAND_IN.lineBreak);
    } else {
      content.push(child);
      lineStart = false;
    }
  }
  return { ...node, content };
}

/**
 * Text with the block syntax of every line it starts escaped, table pipes escaped, and line
 * feeds as hard breaks (a Markdown line feed would join lines; two would end the paragraph).
 */
function escapeText(text: string, atLineStart: boolean): string {
  return text
    .replace(STAND_INS, '')
    .replace(/\|/g, `${STAND_IN.escape}|`)
    .split('\n')
    .map((line, index, lines) => {
      if (index === 0 && !atLineStart) return line;
      const escaped = escapeLineStart(line);
      // An empty line before a break would be a blank line, which ends the paragraph.
      return escaped === '' && index < lines.length - 1 ? STAND_IN.space : escaped;
    })
    .join(STAND_IN.lineBreak);
}

/**
 * A line's start as text: leading spaces and tabs as character references (indentation
 * would make code or a nested block), and a leading # - + = or "12." / "12)" escaped
 * (heading, list item, setext underline, thematic break). Quote, HTML, fence, emphasis and
 * table characters are escaped wherever they stand, by TipTap or by the callers here.
 */
function escapeLineStart(line: string): string {
  const indent = /^[ \t]*/.exec(line)![0];
  const rest = line
    .slice(indent.length)
    .replace(/^[#+=-]/, `${STAND_IN.escape}$&`)
    .replace(/^(\d+)([.)])/, `$1${STAND_IN.escape}$2`);
  return indent.replace(/ /g, STAND_IN.space).replace(/\t/g, STAND_IN.tab) + rest;
}

function quoteLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/** Escapes a one-line text (a title, a name, a label): line breaks in it become spaces. */
function escapeLine(text: string): string {
  return escapeMarkdown(text.replace(/\s*\n\s*/g, ' '));
}

/** Escapes text so that Markdown shows it as written (no emphasis, links, HTML or block syntax), line by line. */
export function escapeMarkdown(text: string): string {
  const inline = text
    .replace(STAND_INS, '')
    .replace(/[\\`*_[\]<>|~]/g, '\\$&')
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;');
  return restoreStandIns(inline.split('\n').map(escapeLineStart).join('\n'));
}
