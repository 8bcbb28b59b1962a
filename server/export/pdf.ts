/**
 * PDF export with pdfkit: no browser, no files outside npm. A4, DejaVu Serif embedded (every
 * letter of Latin, Cyrillic, Greek, Armenian and Georgian as written, see pdfFonts.ts),
 * paragraph numbers in the left margin column, page numbers at the foot. The document
 * names the room's language (/Lang), for screen readers and text extraction.
 *
 * Every string passes through drawable(): a character no face draws becomes U+FFFD, and
 * then the header says, in one line, that such characters are not drawn in the PDF.
 */
import PDFDocument from 'pdfkit';
import type { ExportLine, InlineRun } from './documentModel.js';
import { referenceLines, type ExportHeader } from './header.js';
import { splitOverlongWords, withOverlongWordsBroken } from './overlongWords.js';
import { drawable, losesCharacters, registerPdfFonts, type PdfFace } from './pdfFonts.js';
import { labelledLines, type VariantBlock } from './variants.js';

/** The header's line when a character of the text is not drawn (pdfFonts.ts). */
export const UNDRAWN_CHARACTERS_NOTE =
  'Characters outside the scripts this PDF supports are shown as \uFFFD; the DOCX, HTML and Markdown exports keep them.';

/** A4 in points. */
const PAGE_SIZE = 'A4';
/** 2.5 cm page margins, in points. */
const MARGIN_PT = 71;
/** Width of the margin-number column, in points. */
const NUMBER_COLUMN_PT = 30;
/** One step of list or quote nesting, in points. */
const NEST_STEP_PT = 18;
const BODY_SIZE_PT = 12;
const SMALL_SIZE_PT = 10;
const HEADING_SIZES_PT = [14, 13, 12] as const;
const TITLE_SIZE_PT = HEADING_SIZES_PT[0] + 2;

/** The size of a heading of `level` (1–3; any other level is drawn as the nearest of them). */
function headingSize(level: number): number {
  return HEADING_SIZES_PT[Math.min(Math.max(level - 1, 0), 2) as 0 | 1 | 2];
}
/** Extra space between lines of one paragraph, in points. */
const LINE_GAP_PT = 2;
/** Space between the lines (list items, quoted paragraphs) of one block, in points. */
const LINE_SPACING_PT = 2;
/** Space after each numbered paragraph, in points. */
const PARAGRAPH_GAP_PT = 8;

const FONTS: Record<PdfFace, PdfFace> = { regular: 'regular', bold: 'bold', italic: 'italic', boldItalic: 'boldItalic' };

/** Renders the export as a PDF file. */
export function renderPdf(header: ExportHeader, blocks: readonly VariantBlock[]): Promise<Buffer> {
  const doc = new PDFDocument({
    size: PAGE_SIZE,
    margins: { top: MARGIN_PT, bottom: MARGIN_PT, left: MARGIN_PT, right: MARGIN_PT },
    bufferPages: true,
    lang: header.language,
    // Document info strings are written as UTF-16 by pdfkit, so they keep every character.
    info: { Title: header.title, Creator: 'Draftroom', Subject: header.variant },
  });
  registerPdfFonts(doc);
  const done = collect(doc);
  writeHeader(doc, header, blocks.some(losesAny) || [header.title, header.meeting ?? ''].some(losesCharacters));
  for (const item of blocks) writeBlock(doc, item);
  writePageNumbers(doc);
  doc.end();
  return done;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function left(doc: PDFKit.PDFDocument): number {
  return doc.page.margins.left;
}
function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** True when a character of the block (text, status, amendments) is not drawn. */
function losesAny(item: VariantBlock): boolean {
  return (
    item.block.lines.some((line) => line.runs.some((run) => losesCharacters(run.text))) ||
    losesCharacters(item.statusLabel ?? '') ||
    item.amendments.some((note) => losesCharacters(note.label) || losesCharacters(note.text))
  );
}

function writeHeader(doc: PDFKit.PDFDocument, header: ExportHeader, undrawn: boolean): void {
  const width = contentWidth(doc);
  doc.font(FONTS.regular).fontSize(SMALL_SIZE_PT + 1);
  for (const line of referenceLines(header)) doc.text(drawable(line), left(doc), doc.y, { width, align: 'right' });
  doc.moveDown(2);
  if (header.meeting) {
    doc.font(FONTS.bold).fontSize(BODY_SIZE_PT);
    doc.text(withOverlongWordsBroken(doc, drawable(header.meeting), width, BODY_SIZE_PT), left(doc), doc.y, { width, align: 'center' });
    doc.moveDown(0.4);
  }
  doc.font(FONTS.bold).fontSize(TITLE_SIZE_PT);
  doc.text(withOverlongWordsBroken(doc, drawable(header.title), width, TITLE_SIZE_PT), left(doc), doc.y, {
    width,
    align: 'center',
  });
  doc.moveDown(0.3);
  doc
    .font(FONTS.italic)
    .fontSize(SMALL_SIZE_PT + 1)
    .text(drawable(header.variant), left(doc), doc.y, { width, align: 'center' });
  for (const line of header.silence) doc.text(drawable(line), left(doc), doc.y, { width, align: 'center' });
  if (undrawn) {
    doc.moveDown(0.3);
    doc.font(FONTS.italic).fontSize(SMALL_SIZE_PT).text(UNDRAWN_CHARACTERS_NOTE, left(doc), doc.y, { width, align: 'center' });
  }
  doc.moveDown(2);
}

function writeBlock(doc: PDFKit.PDFDocument, item: VariantBlock): void {
  const { block } = item;
  const lines = labelledLines(item);
  if (block.type === 'heading') {
    const size = headingSize(block.level ?? 1);
    // Keep a heading with at least three lines of what follows it.
    ensureSpace(doc, size * 1.4 + 3 * lineHeight(doc, BODY_SIZE_PT));
    doc.moveDown(0.6);
    for (const line of lines) {
      writeRuns(
        doc,
        line.runs.map((run) => ({ ...run, bold: true })),
        left(doc),
        contentWidth(doc),
        size,
      );
    }
    doc.moveDown(0.4);
    return;
  }
  // A short block stays on one page; a long one starts with at least two lines on this page.
  const height = blockHeight(doc, lines);
  const pageBody = doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
  ensureSpace(doc, height <= pageBody / 4 ? height : 2 * lineHeight(doc, BODY_SIZE_PT));
  lines.forEach((line, index) => {
    writeLine(doc, line, index === 0 ? `${block.number}.` : null);
  });
  doc.y += PARAGRAPH_GAP_PT;
  for (const note of item.amendments) writeAmendment(doc, note.label, note.text);
}

/** The height the lines will take, measured in the regular face (bold runs may add a little). */
function blockHeight(doc: PDFKit.PDFDocument, lines: readonly ExportLine[]): number {
  doc.font(FONTS.regular).fontSize(BODY_SIZE_PT);
  let height = 0;
  for (const line of lines) {
    const width = contentWidth(doc) - NUMBER_COLUMN_PT - line.indent * NEST_STEP_PT;
    const text = withOverlongWordsBroken(doc, drawable(line.runs.map((run) => run.text).join('')), width, BODY_SIZE_PT) || ' ';
    height += doc.heightOfString(text, { width, lineGap: LINE_GAP_PT }) + LINE_SPACING_PT;
  }
  return height;
}

/** One line of a numbered block: the number in the margin column, the marker, then the text. */
function writeLine(doc: PDFKit.PDFDocument, line: ExportLine, number: string | null): void {
  ensureSpace(doc, lineHeight(doc, BODY_SIZE_PT));
  const y = doc.y;
  const textX = left(doc) + NUMBER_COLUMN_PT + line.indent * NEST_STEP_PT;
  if (number !== null) {
    doc.font(FONTS.regular).fontSize(BODY_SIZE_PT).text(number, left(doc), y, { width: NUMBER_COLUMN_PT, lineBreak: false });
  }
  if (line.marker) {
    doc
      .font(FONTS.regular)
      .fontSize(BODY_SIZE_PT)
      .text(drawable(line.marker), textX - NEST_STEP_PT, y, {
        width: NEST_STEP_PT,
        lineBreak: false,
      });
  }
  doc.y = y;
  const runs = line.quote ? line.runs.map((run) => ({ ...run, italic: true })) : line.runs;
  writeRuns(doc, runs, textX, left(doc) + contentWidth(doc) - textX, BODY_SIZE_PT);
  doc.y += LINE_SPACING_PT;
}

function writeAmendment(doc: PDFKit.PDFDocument, label: string, text: string): void {
  const x = left(doc) + NUMBER_COLUMN_PT + NEST_STEP_PT;
  const width = left(doc) + contentWidth(doc) - x;
  ensureSpace(doc, 2 * lineHeight(doc, BODY_SIZE_PT));
  const top = doc.y;
  const page = doc.page;
  const size = SMALL_SIZE_PT + 1;
  doc.font(FONTS.italic).fontSize(size);
  doc.text(withOverlongWordsBroken(doc, drawable(label), width, size), x, top, { width, lineGap: LINE_GAP_PT });
  if (text.trim()) {
    doc.font(FONTS.regular).fontSize(size);
    doc.text(withOverlongWordsBroken(doc, drawable(text), width, size), x, doc.y, { width, lineGap: LINE_GAP_PT });
  }
  // A rule beside the amendment, drawn when it did not run onto the next page.
  if (doc.page === page) {
    doc
      .save()
      .moveTo(x - 8, top)
      .lineTo(x - 8, doc.y - LINE_GAP_PT)
      .lineWidth(1.5)
      .strokeColor('#777777')
      .stroke()
      .restore();
  }
  doc.y += PARAGRAPH_GAP_PT;
}

/** Writes runs as one flowing paragraph at (x, doc.y), each in its own font and decoration. */
function writeRuns(doc: PDFKit.PDFDocument, runs: readonly InlineRun[], x: number, width: number, size: number): void {
  // Hard breaks are laid out here, one pdfkit paragraph per visual line: pdfkit's continued
  // text misplaces what follows a '\n' inside a segment. So are the cuts in overlong words.
  let current: InlineRun[] = [];
  const lines = [current];
  const newLine = () => {
    current = [];
    lines.push(current);
  };
  for (const run of runs) {
    if (run.text === '\n') {
      newLine();
      continue;
    }
    doc.font(fontFor(run)).fontSize(size);
    splitOverlongWords(doc, drawable(run.text), width, size).forEach((piece, index) => {
      // Each cut starts a new line, unless nothing stands on the current one yet.
      if (index > 0 && current.length > 0) newLine();
      if (piece !== '') current.push({ ...run, text: piece });
    });
  }
  if (lines.length > 1 && current.length === 0) lines.pop(); // a closing break shows nothing
  doc.fontSize(size);
  for (const line of lines) {
    const parts = line.length ? line : [{ text: ' ', bold: false, italic: false, underline: false, strike: false }];
    parts.forEach((run, index) => {
      const options: PDFKit.Mixins.TextOptions = {
        continued: index < parts.length - 1,
        underline: run.underline,
        strike: run.strike,
        lineGap: LINE_GAP_PT,
        width,
      };
      doc.font(fontFor(run));
      if (index === 0) doc.text(run.text, x, doc.y, options);
      else doc.text(run.text, options);
    });
  }
}

function fontFor(run: InlineRun): string {
  if (run.bold && run.italic) return FONTS.boldItalic;
  if (run.bold) return FONTS.bold;
  if (run.italic) return FONTS.italic;
  return FONTS.regular;
}

function lineHeight(doc: PDFKit.PDFDocument, size: number): number {
  return doc.font(FONTS.regular).fontSize(size).currentLineHeight(true) + LINE_GAP_PT;
}

/** Starts a new page unless `height` points still fit above the bottom margin. */
function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** "Page 2 of 5" centred in the bottom margin of every page. */
function writePageNumbers(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would start a new page; lift the margin while we do.
    doc.page.margins.bottom = 0;
    doc
      .font(FONTS.regular)
      .fontSize(SMALL_SIZE_PT - 1)
      .text(`Page ${index + 1} of ${range.count}`, left(doc), doc.page.height - bottom / 2, {
        width: contentWidth(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
