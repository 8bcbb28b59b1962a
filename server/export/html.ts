/**
 * HTML export: one standalone document (inline <style>, no scripts, no external files).
 * Block content goes through TipTap's own HTML serializer (@tiptap/html/server over the
 * shared schema); the header, margin numbers, status labels and amendments around it are
 * written here, every piece of text escaped.
 */
import type { JSONContent } from '@tiptap/core';
import { generateHTML } from '@tiptap/html/server';
import { schemaExtensions } from '../../shared/schema.js';
import { BlockAttr } from '../../shared/blocks.js';
import { TEXT_LANGUAGE_NAMES, isTextLanguage, type TextLanguage } from '../../shared/textLanguages.js';
import { ORIGINAL_LABEL, type ExportHeader } from './header.js';
import type { VariantBlock } from './variants.js';

const STYLE = `
  body { font-family: "Times New Roman", Times, serif; font-size: 12pt; line-height: 1.4;
         max-width: 44em; margin: 2em auto; padding: 0 1.5em; color: #111; background: #fff; }
  .doc-header { margin-bottom: 2em; }
  .reference { text-align: right; }
  .reference p { margin: 0; }
  .meeting { text-align: center; font-weight: bold; margin: 2em 0 0.5em; }
  h1.title { text-align: center; font-size: 1.35em; margin: 0.3em 0; }
  .variant { text-align: center; font-style: italic; margin: 0.3em 0; }
  h2, h3, h4 { margin: 1.5em 0 0.6em; }
  .block { display: grid; grid-template-columns: 3em minmax(0, 1fr); margin: 0.7em 0; }
  .num { grid-column: 1; }
  .body { grid-column: 2; }
  .body > p, .body > ul, .body > ol, .body > blockquote { margin-top: 0; margin-bottom: 0; }
  .status { font-style: italic; }
  .status + p { display: inline; }
  .status + :is(ul, ol, blockquote) { margin-top: 0.3em; }
  blockquote { margin: 0.3em 0 0 1.5em; font-style: italic; }
  .body ul, .body ol { padding-left: 1.6em; }
  li > p { margin: 0.15em 0; }
  .amendment { margin: 0.3em 0 0.9em 3em; padding: 0.2em 0 0.2em 0.8em; border-left: 3px solid #777; }
  .amendment p { margin: 0; }
  .amendment-label { font-style: italic; }
  @media print { body { margin: 0; max-width: none; } }
`;

/** Renders the export as one standalone HTML document. */
export function renderHtml(header: ExportHeader, blocks: readonly VariantBlock[]): string {
  const contents = blockHtml(blocks.map((item) => htmlJson(item.block.json)));
  const body = blocks.map((item, index) => renderBlock(item, contents[index] ?? '', header.language)).join('\n');
  // Draftroom's own words are English; the language line names the room's language in itself.
  const reference = [
    `<p class="date">${escapeHtml(header.date)}</p>`,
    `<p class="revision">${escapeHtml(header.revision)}</p>`,
    `<p class="original">${ORIGINAL_LABEL} <span lang="${header.language}">${escapeHtml(TEXT_LANGUAGE_NAMES[header.language])}</span></p>`,
  ].join('');
  const english = header.language === 'en' ? '' : ' lang="en"';
  return `<!DOCTYPE html>
<html lang="${header.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(header.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="doc-header">
<div class="reference"${english}>${reference}</div>
${header.meeting ? `<p class="meeting">${escapeHtml(header.meeting)}</p>\n` : ''}<h1 class="title">${escapeHtml(header.title)}</h1>
<p class="variant"${english}>${escapeHtml(header.variant)}</p>
${header.silence.map((line) => `<p class="variant silence"${english}>${escapeHtml(line)}</p>\n`).join('')}</header>
<main>
${body}
</main>
</body>
</html>
`;
}

function renderBlock(item: VariantBlock, content: string, language: TextLanguage): string {
  const { block } = item;
  const english = language === 'en' ? '' : ' lang="en"';
  const status = item.statusLabel ? `<span class="status"${english}>${escapeHtml(item.statusLabel)}</span> ` : '';
  const amendments = item.amendments
    .map((note) => {
      const text = note.text.trim() ? `<p class="amendment-text">${escapeHtml(note.text).replace(/\n/g, '<br>')}</p>` : '';
      return `<aside class="amendment"><p class="amendment-label"${english}>${escapeHtml(note.label)}</p>${text}</aside>`;
    })
    .join('\n');
  const main =
    block.number === null
      ? status
        ? `<div class="heading">${content}${status}</div>`
        : content
      : `<div class="block" id="para-${block.number}" data-number="${block.number}"><span class="num">${block.number}.</span><div class="body">${status}${content}</div></div>`;
  return amendments ? `${main}\n${amendments}` : main;
}

/**
 * The block for HTML: headings one level down (the title is the page's only h1), the block
 * attributes (ids, lock and status) left out, since the export states them in words, and a
 * paragraph's own language kept (the serializer writes it as `lang`).
 */
function htmlJson(json: JSONContent): JSONContent {
  const strip = (node: JSONContent): JSONContent => {
    const { attrs, content, ...rest } = node;
    const kept: Record<string, unknown> = {};
    if (isTextLanguage(attrs?.[BlockAttr.lang])) kept[BlockAttr.lang] = attrs[BlockAttr.lang];
    if (node.type === 'heading') kept.level = Math.min(Number(attrs?.level ?? 1) + 1, 6);
    if (node.type === 'orderedList' && attrs?.start != null) kept.start = attrs.start;
    return { ...rest, ...(Object.keys(kept).length ? { attrs: kept } : {}), ...(content ? { content: content.map(strip) } : {}) };
  };
  return strip(json);
}

/**
 * The HTML of each block. TipTap's serializer starts a fresh DOM window per call (~10 ms), so
 * all blocks go through one call and the output is cut at its top-level elements; if the cut
 * does not give one element per block, each block is rendered on its own instead.
 */
function blockHtml(jsons: JSONContent[]): string[] {
  if (jsons.length === 0) return [];
  const extensions = schemaExtensions();
  const parts = splitTopLevel(generateHTML({ type: 'doc', content: jsons }, extensions));
  if (parts && parts.length === jsons.length) return parts;
  return jsons.map((json) => generateHTML({ type: 'doc', content: [json] }, extensions));
}

const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'wbr']);

/**
 * Cuts serialized HTML at its top-level elements. Sound here because text is escaped by the
 * serializer (a '<' always opens a tag) and the only attributes left are numbers and
 * language tags of the list (letters).
 */
function splitTopLevel(html: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*>/g)) {
    const [tag, closing, name = ''] = match;
    const index = match.index ?? 0;
    if (depth === 0 && index !== start) return null; // text outside any element
    if (closing) depth -= 1;
    else if (!VOID_ELEMENTS.has(name.toLowerCase()) && !tag.endsWith('/>')) depth += 1;
    if (depth < 0) return null;
    if (depth === 0) {
      parts.push(html.slice(start, index + tag.length));
      start = index + tag.length;
    }
  }
  return depth === 0 && start === html.length ? parts : null;
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
