/**
 * Server-side export (server/export): every format and variant is generated from a Y.Doc and
 * parsed back — DOCX unzipped, PDF through pdftotext, HTML through a DOM, Markdown as text —
 * and must hold exactly the expected header and paragraphs, in order, with their margin numbers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
// fflate is what `docx` itself zips with; happy-dom is what @tiptap/html/server renders with.
import { strFromU8, unzipSync } from 'fflate';
import { Window } from 'happy-dom';
import PDFDocument from 'pdfkit';
import type { JSONContent } from '@tiptap/core';
import { MarkdownManager } from '@tiptap/markdown';
import * as Y from 'yjs';
import {
  exportDocument,
  readDocument,
  selectVariant,
  type ExportAmendment,
  type ExportBlock,
  type ExportVariant,
} from '../../server/export/index.js';
import { TEXT_FIELD } from '../../shared/blocks.js';
import { conclusionsJson, docFromJson } from '../fixtures/conclusionsDocument.js';
import { wordNumbering } from '../helpers/wordNumbers.js';

const workDir = mkdtempSync(join(tmpdir(), 'draftroom-export-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const DATE = new Date('2025-05-22T16:00:00Z');
const BASE = { title: 'Draft conclusions', meeting: '2025 Annual Police Experts Meeting', revision: 'Rev.1', date: DATE };
const AMENDMENTS: ExportAmendment[] = [
  {
    blockId: 'p-2',
    kind: 'replace',
    text: 'They stressed the need for closer co-operation.',
    proposer: 'Maria Rossi',
    delegation: 'Italy',
  },
  { blockId: 'p-3', kind: 'delete', text: '', proposer: 'John Smith', delegation: 'United Kingdom' },
  { blockId: 'no-such-block', kind: 'add', text: 'Never shown.', proposer: 'Nobody' },
];

const HEADER_LINES = (variant: string) => [
  '22 May 2025 (Europe/Vienna)',
  'Rev.1',
  'Original: English',
  '2025 Annual Police Experts Meeting',
  'Draft conclusions',
  variant,
];

const P1 = 'The participants welcomed the Secretariat’s report — “a timely contribution”.';
const P2 = 'They noted the need for closer co-operation between border and customs services.';
const L1 = '• information exchange • joint training courses – for new recruits';
const P3 = 'Participating States are encouraged to ratify the Budapest Convention.';
const P4 = 'The Chair should forward these conclusions to the Security Committee.';
const P5 = 'The next meeting will take place in 2026.'; // a hard line break after "meeting"
const O1 = '1. first priority 2. second priority';
const Q1 = 'Security is indivisible.';

/** What each variant holds after its header: headings, then "N. text" for numbered blocks. */
const EXPECTED: Record<ExportVariant, { variantLine: string; items: string[]; numbers: number[]; headings: string[] }> = {
  agreed: {
    variantLine: 'Agreed paragraphs only',
    items: ['Conclusions', 'Session I: Border security', `1. ${P1}`, 'Recommendations', `5. ${P4}`, `7. ${P5}`],
    numbers: [1, 5, 7],
    headings: ['Conclusions', 'Session I: Border security', 'Recommendations'],
  },
  clean: {
    variantLine: 'Full text',
    items: [
      'Conclusions',
      'Session I: Border security',
      `1. ${P1}`,
      `2. ${P2}`,
      `3. ${L1}`,
      'Session II: Cybercrime',
      `4. ${P3}`,
      'Recommendations',
      `5. ${P4}`,
      `7. ${P5}`,
      `8. ${O1}`,
      `9. ${Q1}`,
    ],
    numbers: [1, 2, 3, 4, 5, 7, 8, 9],
    headings: ['Conclusions', 'Session I: Border security', 'Session II: Cybercrime', 'Recommendations'],
  },
  marked: {
    variantLine: 'Full text with status and pending amendments',
    items: [
      'Conclusions',
      'Session I: Border security',
      `1. [Agreed — locked by Anna Novak] ${P1}`,
      `2. [Under discussion] ${P2}`,
      'Proposed replacement by Maria Rossi (Italy): They stressed the need for closer co-operation.',
      `3. [Draft] ${L1}`,
      'Session II: Cybercrime',
      `4. [Agreed ad referendum] ${P3}`,
      'Proposed deletion of this paragraph by John Smith (United Kingdom)',
      'Recommendations',
      `5. [Agreed — locked by Jean Dupont] ${P4}`,
      `7. [Agreed — locked by Anna Novak] ${P5}`,
      `8. [Draft] ${O1}`,
      `9. [Draft] ${Q1}`,
    ],
    numbers: [1, 2, 3, 4, 5, 7, 8, 9],
    headings: ['Conclusions', 'Session I: Border security', 'Session II: Cybercrime', 'Recommendations'],
  },
};

const VARIANTS: ExportVariant[] = ['agreed', 'clean', 'marked'];

function expectedStream(variant: ExportVariant): string {
  return collapse([...HEADER_LINES(EXPECTED[variant].variantLine), ...EXPECTED[variant].items].join(' '));
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

async function exportFixture(format: 'md' | 'html' | 'docx' | 'pdf', variant: ExportVariant, json: JSONContent = conclusionsJson) {
  return exportDocument(docFromJson(json), { ...BASE, format, variant, amendments: AMENDMENTS });
}

// ── reading formats back ────────────────────────────────────────────────────

interface WordParagraph {
  style: string | null;
  /** The number Word shows before the paragraph (a numbered list's), or null. */
  number: number | null;
  /** True when the first line hangs out to the page margin: where the paragraph number stands. */
  hangsToMargin: boolean;
  text: string;
  bold: string[];
  italic: string[];
}

/**
 * The paragraphs of word/document.xml: style, Word's number, text (Word's number as "12. " in
 * front, tabs and breaks as spaces), bold and italic run texts.
 */
function wordParagraphs(docx: Buffer): WordParagraph[] {
  const files = unzipSync(new Uint8Array(docx));
  const xml = strFromU8(files['word/document.xml']!);
  const numberOf = wordNumbering(files);
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([paragraph]) => {
    const number = numberOf(paragraph);
    const runs = [...paragraph.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map(([, run = '']) => ({
      text: [...run.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g)]
        .map((m) => (m[1] !== undefined ? decodeXml(m[1]) : ' '))
        .join(''),
      bold: /<w:b\/>|<w:b w:val="(true|1)"\/>/.test(run),
      italic: /<w:i\/>|<w:i w:val="(true|1)"\/>/.test(run),
    }));
    return {
      style: /<w:pStyle w:val="([^"]+)"\/>/.exec(paragraph)?.[1] ?? null,
      number,
      hangsToMargin: /<w:ind w:left="(\d+)" w:hanging="\1"\/>/.test(paragraph),
      text: (number === null ? '' : `${number}. `) + runs.map((run) => run.text).join(''),
      bold: runs.filter((run) => run.bold).map((run) => run.text),
      italic: runs.filter((run) => run.italic).map((run) => run.text),
    };
  });
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** pdftotext in layout mode: the margin numbers stay on the line of their paragraph. */
function pdfText(pdf: Buffer, name = 'export.pdf'): string {
  const file = join(workDir, name);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** The page text without the "Page n of m" footers, and the footers in page order. */
function pdfPages(text: string): { body: string; footers: string[] } {
  const footers = [...text.matchAll(/^\s*(Page \d+ of \d+)\s*$/gm)].map((m) => m[1]!);
  return { body: text.replace(/^\s*Page \d+ of \d+\s*$/gm, ''), footers };
}

/** The lines that start at the left margin with a number: the numbered paragraphs. */
function pdfNumbers(text: string): number[] {
  return [...text.matchAll(/^\f?(\d+)\.[ \t]+\S/gm)].map((m) => Number(m[1]));
}

function parseHtml(html: string): Document {
  const window = new Window();
  window.document.write(html);
  return window.document as unknown as Document;
}

const INLINE = new Set(['STRONG', 'EM', 'U', 'S', 'SPAN', 'BR']);

/** Visible text of an element, block elements separated by spaces, list items with their markers. */
function visibleText(node: Node, depth = 0): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if ((node as Element).tagName === 'BR') return ' ';
  if (node.nodeType !== 1) return '';
  const element = node as Element;
  if (['STYLE', 'SCRIPT', 'TITLE', 'HEAD'].includes(element.tagName)) return '';
  const nested = element.tagName === 'UL' || element.tagName === 'OL' ? depth + 1 : depth;
  let text = [...element.childNodes].map((child) => visibleText(child, nested)).join('');
  if (element.tagName === 'LI') {
    const list = element.parentElement!;
    const marker =
      list.tagName === 'OL'
        ? `${Number(list.getAttribute('start') ?? 1) + [...list.children].indexOf(element)}.`
        : depth % 2 === 1
          ? '•'
          : '–';
    text = `${marker} ${text}`;
  }
  return INLINE.has(element.tagName) ? text : ` ${text} `;
}

/** Markdown as a reader sees it rendered: emphasis, escapes, quote and heading marks gone; bullets by depth. */
function markdownText(md: string): string {
  return md
    .split('\n')
    .map((line) =>
      line
        .replace(/^#+ /, '')
        .replace(/^>\s?/, '')
        .replace(/^( *)- /, (_, indent: string) => ((indent.length / 2) % 2 === 0 ? '• ' : '– ')),
    )
    .join('\n')
    .replace(/(?<!\\)\*+/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// ── the tests ───────────────────────────────────────────────────────────────

describe('reading the room document for export', () => {
  it('lists the top-level blocks in order with margin numbers, status, lock holder, text and marks', () => {
    const blocks = readDocument(docFromJson(conclusionsJson));
    expect(blocks.map((b) => [b.id, b.type, b.number])).toEqual([
      ['h-conc', 'heading', null],
      ['h-s1', 'heading', null],
      ['p-1', 'paragraph', 1],
      ['p-2', 'paragraph', 2],
      ['l-1', 'bulletList', 3],
      ['h-s2', 'heading', null],
      ['p-3', 'paragraph', 4],
      ['h-rec', 'heading', null],
      ['p-4', 'paragraph', 5],
      ['p-empty', 'paragraph', 6],
      ['p-5', 'paragraph', 7],
      ['o-1', 'orderedList', 8],
      ['q-1', 'blockquote', 9],
    ]);
    const [conclusions, , p1, p2, list] = blocks as [ExportBlock, ExportBlock, ExportBlock, ExportBlock, ExportBlock];
    expect(conclusions.level).toBe(1);
    expect(p1).toMatchObject({ locked: true, lockedBy: 'Anna Novak', lockedAt: '2025-05-22T15:04:00.000Z', status: 'agreed', text: P1 });
    expect(p2).toMatchObject({ locked: false, lockedBy: null, status: 'discussion' });
    expect(p1.lines[0]!.runs.filter((r) => r.bold).map((r) => r.text)).toEqual(['welcomed']);
    expect(list.text).toBe('information exchange\njoint training courses\nfor new recruits');
    expect(list.lines.map((l) => [l.indent, l.marker])).toEqual([
      [1, '•'],
      [1, '•'],
      [2, '–'],
    ]);
    expect(blocks.find((b) => b.id === 'p-3')?.status).toBe('ad-ref');
    expect(blocks.find((b) => b.id === 'q-1')?.lines[0]).toMatchObject({ quote: true, indent: 1 });
  });

  it('exporting never changes the room document, even where its text does not fit the schema', async () => {
    const doc = docFromJson(conclusionsJson);
    const fragment = doc.getXmlFragment(TEXT_FIELD);
    // A paragraph holding a heading: not valid in the schema, as a hand-written client could send it.
    const bad = new Y.XmlElement('paragraph');
    bad.setAttribute('id', 'bad');
    bad.insert(0, [new Y.XmlElement('heading')]);
    fragment.insert(fragment.length, [bad]);
    const before = Y.encodeStateAsUpdate(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    for (const format of ['md', 'html', 'docx', 'pdf'] as const) await exportDocument(doc, { format, variant: 'marked', title: 'T' });
    expect(updates).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(fragment.toArray().at(-1)).toBe(bad);
  });
});

describe.each(VARIANTS)('the %s export', (variant) => {
  const expected = EXPECTED[variant];

  it('as Word: holds the header, then exactly the expected paragraphs in order with their margin numbers', async () => {
    const result = await exportFixture('docx', variant);
    expect(result.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(result.fileName).toBe(`draft-conclusions-${variant}-rev-1.docx`);
    const paragraphs = wordParagraphs(result.body as Buffer);
    expect(paragraphs.slice(0, 6).map((p) => p.text)).toEqual(HEADER_LINES(expected.variantLine));
    expect(collapse(paragraphs.map((p) => p.text).join(' '))).toBe(expectedStream(variant));
    expect(paragraphs.filter((p) => p.hangsToMargin).map((p) => p.number)).toEqual(expected.numbers);
    expect(paragraphs.filter((p) => p.style?.startsWith('Heading')).map((p) => p.text)).toEqual(expected.headings);
  });

  it('as PDF: pdftotext reads the header, then exactly the expected paragraphs in order with their margin numbers', async () => {
    const result = await exportFixture('pdf', variant);
    expect(result.contentType).toBe('application/pdf');
    const text = pdfText(result.body as Buffer, `${variant}.pdf`);
    const { body, footers } = pdfPages(text);
    expect(collapse(body)).toBe(expectedStream(variant));
    expect(pdfNumbers(text)).toEqual(expected.numbers);
    expect(footers).toEqual(footers.map((_, i) => `Page ${i + 1} of ${footers.length}`));
  });

  it('as HTML: a standalone page whose parsed DOM holds the header, then exactly the expected paragraphs, numbered', async () => {
    const result = await exportFixture('html', variant);
    expect(result.contentType).toBe('text/html; charset=utf-8');
    const html = result.body as string;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<style>');
    const document = parseHtml(html);
    expect(document.title).toBe('Draft conclusions');
    expect(collapse(visibleText(document.querySelector('header')!))).toBe(collapse(HEADER_LINES(expected.variantLine).join(' ')));
    expect(collapse(visibleText(document.body))).toBe(expectedStream(variant));
    expect([...document.querySelectorAll('.block > .num')].map((n) => n.textContent)).toEqual(expected.numbers.map((n) => `${n}.`));
    expect([...document.querySelectorAll('main h2, main h3')].map((h) => h.textContent)).toEqual(expected.headings);
    expect(document.querySelectorAll('h1')).toHaveLength(1); // the title; document headings start at h2
  });

  it('as Markdown: reads as the header, then exactly the expected paragraphs in order with their numbers', async () => {
    const result = await exportFixture('md', variant);
    expect(result.contentType).toBe('text/markdown; charset=utf-8');
    const md = result.body as string;
    expect(collapse(markdownText(md))).toBe(expectedStream(variant));
    expect([...md.matchAll(/^\*\*(\d+)\.\*\*/gm)].map((m) => Number(m[1]))).toEqual(expected.numbers);
    expect(md).toMatch(/^# Draft conclusions$/m);
  });
});

describe('what the exports keep and refuse', () => {
  it('the agreed text leaves out a heading with no agreed paragraph under it, and open paragraphs, but keeps live numbers', async () => {
    const md = (await exportFixture('md', 'agreed')).body as string;
    expect(md).not.toContain('Session II');
    expect(md).not.toContain('Draft\\]');
    expect(md).toContain('**5.** The Chair');
  });

  it('Word keeps headings as Word headings and bold and italic text as bold and italic runs', async () => {
    const paragraphs = wordParagraphs((await exportFixture('docx', 'clean')).body as Buffer);
    expect(paragraphs.find((p) => p.text === 'Conclusions')?.style).toBe('Heading1');
    expect(paragraphs.find((p) => p.text === 'Session I: Border security')?.style).toBe('Heading2');
    expect(paragraphs.find((p) => p.text === 'Draft conclusions')?.style).toBe('Title');
    const p1 = paragraphs.find((p) => p.text.startsWith('1. '))!;
    expect(p1.bold).toEqual(['welcomed']);
    const p4 = paragraphs.find((p) => p.text.startsWith('5. '))!;
    expect(p4.bold).toEqual(['should']);
    expect(p4.italic).toEqual(['should']);
    expect(paragraphs.find((p) => p.text.startsWith('2. '))!.italic).toEqual(['noted']);
  });

  it('text that looks like markup is shown as written, never run, in HTML and Markdown', async () => {
    const json: JSONContent = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          attrs: { id: 'x' },
          content: [{ type: 'text', text: `<script>alert('x')</script> & *not bold* [link](http://e.x)` }],
        },
        { type: 'paragraph', attrs: { id: 'y' }, content: [{ type: 'text', text: '1. not a list item' }] },
      ],
    };
    const written = `<script>alert('x')</script> & *not bold* [link](http://e.x)`;
    const doc = docFromJson(json);
    const html = (await exportDocument(doc, { format: 'html', variant: 'clean', title: 'A <b>bold</b> & "title"' })).body as string;
    const dom = parseHtml(html);
    expect(dom.querySelectorAll('script')).toHaveLength(0);
    expect(dom.querySelectorAll('b')).toHaveLength(0);
    expect(dom.querySelector('.block .body')!.textContent).toBe(written);
    expect(dom.querySelector('h1')!.textContent).toBe('A <b>bold</b> & "title"');
    const md = (await exportDocument(doc, { format: 'md', variant: 'clean', title: 'T' })).body as string;
    expect(md).toMatch(/^\*\*2\.\*\* 1\. not a list item$/m); // after the number, so not a list
    expect(md).not.toContain('*not bold*');
    expect(collapse(markdownText(md))).toContain(`1. ${written} 2. 1. not a list item`);
  });

  it('PDF shows every letter, quote and dash as written; what no font draws shows as U+FFFD, and the header says why', async () => {
    const json: JSONContent = {
      type: 'doc',
      content: [
        { type: 'paragraph', attrs: { id: 'x' }, content: [{ type: 'text', text: 'Łódź, Čapek, Москва, Zürich, 10 € – “ok” … ’ 😀' }] },
      ],
    };
    const text = pdfText(
      (await exportDocument(docFromJson(json), { format: 'pdf', variant: 'clean', title: 'Ünïcode — test' })).body as Buffer,
      'unicode.pdf',
    );
    expect(collapse(text)).toContain('1. Łódź, Čapek, Москва, Zürich, 10 € – “ok” … ’ \uFFFD');
    expect(text).toContain('Ünïcode — test');
    expect(collapse(text)).toContain(
      'Characters outside the scripts this PDF supports are shown as \uFFFD; the DOCX, HTML and Markdown exports keep them.',
    );
    // Text every font draws needs no such line.
    const plain: JSONContent = {
      type: 'doc',
      content: [{ type: 'paragraph', attrs: { id: 'x' }, content: [{ type: 'text', text: 'Łódź, Москва' }] }],
    };
    expect(
      pdfText((await exportDocument(docFromJson(plain), { format: 'pdf', variant: 'clean', title: 'T' })).body as Buffer, 'plain.pdf'),
    ).not.toContain('Characters outside');
    // Word keeps every character as written.
    const paragraphs = wordParagraphs(
      (await exportDocument(docFromJson(json), { format: 'docx', variant: 'clean', title: 'T' })).body as Buffer,
    );
    expect(paragraphs.at(-1)!.text).toBe('1. Łódź, Čapek, Москва, Zürich, 10 € – “ok” … ’ 😀');
  });

  it('a long text runs over several pages with "Page n of m" and every paragraph number in order', async () => {
    const sentence = 'The participating States reaffirmed their commitment to comprehensive, co-operative and indivisible security. ';
    const json: JSONContent = {
      type: 'doc',
      content: Array.from({ length: 60 }, (_, i) => ({
        type: 'paragraph',
        attrs: { id: `p${i}` },
        content: [{ type: 'text', text: `Paragraph ${i + 1}. ${sentence.repeat(1 + (i % 3))}` }],
      })),
    };
    const text = pdfText(
      (await exportDocument(docFromJson(json), { format: 'pdf', variant: 'clean', title: 'Long' })).body as Buffer,
      'long.pdf',
    );
    const pages = [...text.matchAll(/Page (\d+) of (\d+)/g)];
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.map((m) => Number(m[1]))).toEqual(pages.map((_, i) => i + 1));
    expect(new Set(pages.map((m) => m[2]))).toEqual(new Set([String(pages.length)]));
    expect(pdfNumbers(text)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(text.split('\f').filter((page) => page.trim()).length).toBe(pages.length);
  });

  it('an empty room exports its header alone in every format', async () => {
    const empty = docFromJson({ type: 'doc', content: [{ type: 'paragraph', attrs: { id: 'e' } }] });
    const options = { variant: 'clean' as const, title: 'Empty', date: DATE };
    const header = '22 May 2025 (Europe/Vienna) Live text Original: English Empty Full text';
    expect(collapse(markdownText((await exportDocument(empty, { ...options, format: 'md' })).body as string))).toBe(header);
    expect(collapse(visibleText(parseHtml((await exportDocument(empty, { ...options, format: 'html' })).body as string).body))).toBe(
      header,
    );
    expect(
      collapse(
        wordParagraphs((await exportDocument(empty, { ...options, format: 'docx' })).body as Buffer)
          .map((p) => p.text)
          .join(' '),
      ),
    ).toBe(header);
    expect(collapse(pdfText((await exportDocument(empty, { ...options, format: 'pdf' })).body as Buffer, 'empty.pdf'))).toBe(
      `${header} Page 1 of 1`,
    );
  });

  it('the marked text names each kind of amendment in words, with proposer and delegation', () => {
    const blocks = readDocument(docFromJson(conclusionsJson));
    const notes = selectVariant(blocks, 'marked', [
      { blockId: 'p-1', kind: 'replace', text: 'New text.', proposer: 'Ana', delegation: 'Spain' },
      { blockId: 'p-1', kind: 'insert-after', text: 'Added text.', proposer: 'Ben', delegation: null },
      { blockId: 'p-1', kind: 'delete', text: '', proposer: 'Cem', delegation: 'Türkiye' },
    ]).find((item) => item.block.id === 'p-1')!.amendments;
    expect(notes).toEqual([
      { label: 'Proposed replacement by Ana (Spain):', text: 'New text.' },
      { label: 'Proposed addition after this paragraph by Ben:', text: 'Added text.' },
      { label: 'Proposed deletion of this paragraph by Cem (Türkiye)', text: '' },
    ]);
    expect(selectVariant(blocks, 'clean', AMENDMENTS).every((item) => item.amendments.length === 0 && item.statusLabel === null)).toBe(
      true,
    );
  });

  it('names the file after the title, variant and revision, in plain ASCII', async () => {
    const doc = docFromJson(conclusionsJson);
    expect(
      (await exportDocument(doc, { format: 'pdf', variant: 'agreed', title: 'Schlussfolgerungen: Entwurf (Überblick)', revision: 'Rev.2' }))
        .fileName,
    ).toBe('schlussfolgerungen-entwurf-uberblick-agreed-rev-2.pdf');
    expect((await exportDocument(doc, { format: 'md', variant: 'clean', title: '' })).fileName).toBe('document-clean-live.md');
  });
});

// npm test installs LibreOffice Writer where it is missing (scripts/test.sh), so this runs everywhere.
describe('in LibreOffice', () => {
  it('the Word file opens in LibreOffice and shows the same paragraphs', async () => {
    const file = join(workDir, 'marked.docx');
    writeFileSync(file, (await exportFixture('docx', 'marked')).body as Buffer);
    execFileSync(
      'soffice',
      ['--headless', `-env:UserInstallation=file://${workDir}/lo-profile`, '--convert-to', 'pdf', '--outdir', workDir, file],
      { stdio: 'ignore', timeout: 25_000 },
    );
    const text = pdfText(readFileSync(join(workDir, 'marked.pdf')), 'marked-lo.pdf');
    expect(collapse(text)).toBe(expectedStream('marked'));
    expect(pdfNumbers(text)).toEqual(EXPECTED.marked.numbers);
  });
});

describe('[X2] code points XML forbids', () => {
  // U+FFFF, U+0001 and a lone surrogate: each alone makes a DOCX's document.xml ill-formed.
  // In the room's text a lone surrogate arrives as U+FFFD (Yjs stores strings as UTF-8); in
  // the title, meeting and amendments, which are not Yjs text, it arrives as it is.
  const FORBIDDEN = '\uFFFF\u0001\uD800';
  const NAME = `Anna${FORBIDDEN} Novak`;
  const json: JSONContent = {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { id: 'h', level: 1 }, content: [{ type: 'text', text: `Con${FORBIDDEN}clusions` }] },
      {
        type: 'paragraph',
        attrs: { id: 'p-1', locked: 'true', lockedBy: NAME, lockedAt: '2025-05-22T15:04:00.000Z', status: 'agreed' },
        content: [
          { type: 'text', text: `Before${FORBIDDEN} after the marks.` },
          { type: 'hardBreak' },
          { type: 'text', text: `Second \uDC00line\u000B.` },
        ],
      },
      { type: 'paragraph', attrs: { id: 'p-2' }, content: [{ type: 'text', text: `${FORBIDDEN}` }] },
      { type: 'paragraph', attrs: { id: 'p-3' }, content: [{ type: 'text', text: 'Amended paragraph.' }] },
    ],
  };
  const options = {
    variant: 'marked' as const,
    title: `Draft${FORBIDDEN} conclusions`,
    meeting: `Experts${FORBIDDEN} Meeting`,
    revision: `Rev.${FORBIDDEN}1`,
    date: DATE,
    amendments: [{ blockId: 'p-3', kind: 'replace', text: `New${FORBIDDEN} text.`, proposer: NAME, delegation: `Aus${FORBIDDEN}tria` }],
  };
  const NOT_IN_XML =
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML 1.0 forbids are what this looks for (X2)
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  const EXPECTED_TEXT = [
    '22 May 2025 (Europe/Vienna)',
    'Rev.1',
    'Original: English',
    'Experts Meeting',
    'Draft conclusions',
    'Full text with status and pending amendments',
    'Con\uFFFDclusions',
    '1. [Agreed — locked by Anna\uFFFD Novak] Before\uFFFD after the marks. Second \uFFFDline.',
    '2. [Draft] \uFFFD',
    '3. [Draft] Amended paragraph.',
    'Proposed replacement by Anna Novak (Austria): New text.',
  ].join(' ');

  it('[X2] the Word file drops them from text, names, delegation, title and header, and opens in LibreOffice showing the text around them', async () => {
    const docx = (await exportDocument(docFromJson(json), { ...options, format: 'docx' })).body as Buffer;
    const files = unzipSync(new Uint8Array(docx));
    for (const name of ['word/document.xml', 'docProps/core.xml']) expect(NOT_IN_XML.test(strFromU8(files[name]!)), name).toBe(false);
    expect(
      collapse(
        wordParagraphs(docx)
          .map((p) => p.text)
          .join(' '),
      ),
    ).toBe(EXPECTED_TEXT);
    const file = join(workDir, 'forbidden.docx');
    writeFileSync(file, docx);
    execFileSync(
      'soffice',
      ['--headless', `-env:UserInstallation=file://${workDir}/lo-profile`, '--convert-to', 'txt:Text', '--outdir', workDir, file],
      { stdio: 'ignore', timeout: 60_000 },
    );
    expect(collapse(readFileSync(join(workDir, 'forbidden.txt'), 'utf8').replace(/^\uFEFF/, ''))).toBe(EXPECTED_TEXT);
  }, 90_000);

  it('[X2] the HTML page holds none of them and parses to the text around them', async () => {
    const html = (await exportDocument(docFromJson(json), { ...options, format: 'html' })).body as string;
    expect(NOT_IN_XML.test(html)).toBe(false);
    expect(html).not.toMatch(/[\u007F-\u009F\uFDD0-\uFDEF]/);
    const document = parseHtml(html);
    expect(document.title).toBe('Draft conclusions');
    expect(collapse(visibleText(document.body))).toBe(EXPECTED_TEXT);
  });

  it('[X2] Markdown and PDF drop them too', async () => {
    const md = (await exportDocument(docFromJson(json), { ...options, format: 'md' })).body as string;
    expect(NOT_IN_XML.test(md)).toBe(false);
    expect(collapse(markdownText(md))).toBe(EXPECTED_TEXT);
    const pdf = pdfText((await exportDocument(docFromJson(json), { ...options, format: 'pdf' })).body as Buffer, 'forbidden.pdf');
    expect(collapse(pdfPages(pdf).body)).toBe(EXPECTED_TEXT);
  });
});

describe('[X3] Markdown block syntax in the text', () => {
  /** Lines that would each make a block of their own (or join one) if written unescaped at a line start. */
  const TRAPS = [
    '# not a heading',
    '###### nor this',
    '> not a quote',
    '- not a list',
    '+ not a list',
    '* not a list',
    '1. not a list',
    '2) not a list',
    '---',
    '===',
    '***',
    '___',
    '- - -',
    '```',
    '~~~ js',
    '    not code',
    '\tnot code either',
    '| a | b |',
    '|---|---|',
    'a | b',
    '-|-',
    '<div>not html</div>',
    '<!-- not a comment -->',
    '[x]: http://not.a.definition',
    '[^1]: not a footnote',
    '- [ ] not a task',
  ];
  const text = (value: string): JSONContent => ({ type: 'text', text: value });
  const lines = (values: string[]): JSONContent[] =>
    values.flatMap((value, i) => (i === 0 ? [text(value)] : [{ type: 'hardBreak' }, text(value)]));
  const paragraph = (content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
  const json: JSONContent = {
    type: 'doc',
    content: [
      // After a hard break, each trap starts a line; the paragraph's first line follows its number.
      { type: 'paragraph', attrs: { id: 'p-1' }, content: lines(['Setext trap:', ...TRAPS]) },
      // A paragraph's first line inside a list item and a quote starts a line too.
      {
        type: 'bulletList',
        attrs: { id: 'l-1' },
        content: TRAPS.map((trap) => ({ type: 'listItem', content: [paragraph(lines([trap, trap]))] })),
      },
      { type: 'blockquote', attrs: { id: 'q-1' }, content: TRAPS.map((trap) => paragraph([text(trap)])) },
      // Line feeds inside a text node (a raw client can send them) and empty lines between hard breaks.
      {
        type: 'paragraph',
        attrs: { id: 'p-2' },
        content: [
          text(`Feeds:\n${TRAPS.join('\n')}\n\n# after an empty line`),
          { type: 'hardBreak' },
          { type: 'hardBreak' },
          text('# after two breaks'),
        ],
      },
      { type: 'heading', attrs: { id: 'h-1', level: 2 }, content: [text('# heading text')] },
      {
        type: 'paragraph',
        attrs: { id: 'p-3', locked: 'true', lockedBy: '# Anna\n- Novak', status: 'agreed' },
        content: [text('Amended.')],
      },
    ],
  };

  async function rendered() {
    const md = (
      await exportDocument(docFromJson(json), {
        format: 'md',
        variant: 'marked',
        title: '1. # Title',
        meeting: '> Meeting',
        date: DATE,
        amendments: [{ blockId: 'p-3', kind: 'replace', text: TRAPS.join('\n'), proposer: '- Maria', delegation: '# Italy' }],
      })
    ).body as string;
    // The project's own Markdown reader (marked, as @tiptap/markdown configures it: GFM).
    const reader = new MarkdownManager({ extensions: [] }).instance;
    return { md, tokens: reader.lexer(md), dom: parseHtml(`<!DOCTYPE html><html><body>${reader.parse(md) as string}</body></html>`) };
  }

  it('[X3] a Markdown reader finds exactly the blocks the document has: no heading, list, quote, code, table, rule or HTML made of text', async () => {
    const { tokens, dom } = await rendered();
    const blocks = tokens
      .filter((token) => token.type !== 'space')
      .map((token) => (token.type === 'heading' ? `h${token.depth}` : token.type));
    expect(blocks).toEqual([
      'paragraph',
      'paragraph',
      'h1',
      'paragraph', // reference lines, meeting, title, variant
      'paragraph', // **1.** and its lines
      'paragraph',
      'list', // **2.** and the list
      'paragraph',
      'blockquote', // **3.** and the quote
      'paragraph', // **4.**
      'h3', // the document's heading, one level down
      'paragraph',
      'blockquote', // **5.** and its amendment
    ]);
    expect(dom.querySelectorAll('h1, h2, h3, h4, h5, h6')).toHaveLength(2);
    expect(dom.querySelectorAll('li')).toHaveLength(TRAPS.length);
    expect(dom.querySelectorAll('blockquote')).toHaveLength(2);
    expect(
      dom.querySelectorAll('li ul, li ol, li blockquote, li h1, li h2, blockquote ul, blockquote ol, blockquote h1, blockquote blockquote'),
    ).toHaveLength(0);
    expect(dom.querySelectorAll('pre, code, table, hr, div, input')).toHaveLength(0);
    expect(dom.body.innerHTML).not.toContain('<!--');
  });

  it('[X3] and shows every line as written, line for line', async () => {
    const { dom } = await rendered();
    /** The text of an element, line by line (a <br> ends a line). */
    const linesOf = (element: Element) =>
      element.innerHTML.split(/<br\s*\/?>/).map((html) => {
        const holder = dom.createElement('span');
        holder.innerHTML = html;
        return (holder.textContent ?? '').replace(/^\n/, '');
      });
    const paragraphs = [...dom.querySelectorAll('body > p')];
    expect(linesOf(paragraphs.find((p) => p.textContent!.startsWith('1.'))!)).toEqual(['1. [Draft] Setext trap:', ...TRAPS]);
    expect([...dom.querySelectorAll('li')].map(linesOf)).toEqual(TRAPS.map((trap) => [trap, trap]));
    expect([...dom.querySelectorAll('blockquote')][0]!.textContent!.trim().split('\n')).toEqual(TRAPS);
    expect(linesOf(paragraphs.find((p) => p.textContent!.startsWith('4.'))!)).toEqual([
      '4. [Draft] Feeds:',
      ...TRAPS,
      ' ',
      '# after an empty line',
      ' ',
      '# after two breaks',
    ]);
    expect(dom.querySelector('h1')!.textContent).toBe('1. # Title');
    expect(dom.querySelector('h3')!.textContent).toBe('# heading text');
    expect(paragraphs.some((p) => p.textContent === '> Meeting')).toBe(true);
    expect(paragraphs.find((p) => p.textContent!.startsWith('5.'))!.textContent).toBe('5. [Agreed — locked by # Anna - Novak] Amended.');
    const amendment = [...dom.querySelectorAll('blockquote')][1]!;
    expect(amendment.querySelector('p')!.textContent).toBe('Proposed replacement by - Maria (# Italy):');
    expect(linesOf(amendment.querySelectorAll('p')[1]!).join('\n')).toBe(TRAPS.join('\n'));
  });
});

describe('[X4] words longer than a line, in the PDF', () => {
  const word = (letters: number) => 'z'.repeat(letters);
  const json = (letters: number): JSONContent => ({
    type: 'doc',
    content: [{ type: 'paragraph', attrs: { id: 'p' }, content: [{ type: 'text', text: `Before ${word(letters)} after.` }] }],
  });

  /** Characters pdfkit and the export measured to lay out the document: the cost of the line breaking. */
  async function measuredCharacters(letters: number): Promise<{ characters: number; text: string }> {
    const spy = vi.spyOn(PDFDocument.prototype, 'widthOfString');
    try {
      const pdf = (await exportDocument(docFromJson(json(letters)), { format: 'pdf', variant: 'clean', title: 'T' })).body as Buffer;
      const characters = spy.mock.calls.reduce((sum, [text]) => sum + String(text).length, 0);
      return { characters, text: execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' }) };
    } finally {
      spy.mockRestore();
    }
  }

  it('[X4] such a word starts a line of its own and is cut where the line is full, every letter kept', async () => {
    const { text } = await measuredCharacters(2_000);
    const lines = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const first = lines.findIndex((line) => line.startsWith('zzz'));
    const last = lines.findIndex((line) => line.endsWith('after.'));
    expect(lines[first - 1]).toMatch(/Before$/);
    const cut = lines.slice(first, last + 1).map((line) => line.replace(/ after\.$/, ''));
    expect(cut.join('')).toBe(word(2_000));
    // Full lines all alike; the last piece shorter.
    expect(new Set(cut.slice(0, -1).map((line) => line.length)).size).toBe(1);
    expect(cut.at(-1)!.length).toBeLessThanOrEqual(cut[0]!.length);
  });

  it('[X4] laying it out costs time linear in its length (pdfkit alone measured the rest of the word again for every line)', async () => {
    const short = await measuredCharacters(5_000);
    const long = await measuredCharacters(20_000);
    expect(long.characters, 'characters measured for a word of 20,000 letters').toBeLessThan(10 * 20_000);
    // Four times the letters, about four times the work (pdfkit alone: about sixteen).
    expect(long.characters / short.characters).toBeLessThan(5);
  });
});
