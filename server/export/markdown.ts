/**
 * Markdown export. Block content goes through TipTap's own Markdown serializer
 * (@tiptap/markdown over the shared schema); the header, paragraph numbers, status labels
 * and amendments around it are written here, with their text escaped.
 *
 * Paragraph numbers are written as "**12.**" rather than as a Markdown ordered list, because
 * a list renumbers itself from its first item and the agreed text has gaps that must show.
 * Document headings move down one level: the export's title is the only level-1 heading.
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
  parts.push(referenceLines(header).map(escapeMarkdown).join('  \n'));
  if (header.meeting) parts.push(`**${escapeMarkdown(header.meeting)}**`);
  parts.push(`# ${escapeMarkdown(header.title)}`);
  parts.push(`*${escapeMarkdown(header.variant)}*`);
  for (const item of blocks) parts.push(...renderBlock(item));
  return `${parts.join('\n\n')}\n`;
}

function renderBlock(item: VariantBlock): string[] {
  const { block } = item;
  const label = item.statusLabel ? `*${escapeMarkdown(item.statusLabel)}*` : '';
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
    parts.push(`> *${escapeMarkdown(note.label)}*${text}`);
  }
  return parts;
}

function serialize(json: JSONContent): string {
  return markdownManager().serialize({ type: 'doc', content: [withoutUnderline(json)] }).trim();
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

function quoteLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/** Escapes text so that Markdown shows it as written (no emphasis, links, HTML or block syntax). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~]/g, '\\$&')
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;')
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}
