/**
 * Word export with the `docx` library. Paragraph numbers are text ("12." then a tab into a
 * hanging indent) rather than a Word numbering definition, because the agreed text keeps
 * the live numbers, gaps included, and Word and LibreOffice would renumber a list. Document
 * headings are Word headings (Heading 1–3), so the navigation pane and a table of contents
 * work; bold, italic, underline and strikethrough are kept.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Tab,
  TabStopType,
  TextRun,
  type ParagraphChild,
} from 'docx';
import type { ExportLine, InlineRun } from './documentModel.js';
import { referenceLines, type ExportHeader } from './header.js';
import { labelledLines, type VariantBlock } from './variants.js';

/** Where paragraph text starts, right of the margin numbers (1 cm), in twentieths of a point. */
const TEXT_INDENT_TWIPS = 567;
/** One step of list or quote nesting (0.635 cm). */
const NEST_STEP_TWIPS = 360;
/** Space after a numbered paragraph, in twentieths of a point. */
const PARAGRAPH_AFTER_TWIPS = 160;
const FONT = 'Times New Roman';
/** Body text size in half-points (12 pt). */
const FONT_SIZE_HALF_POINTS = 24;

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;

/** Renders the export as a .docx file. */
export async function renderDocx(header: ExportHeader, blocks: readonly VariantBlock[]): Promise<Buffer> {
  const children: Paragraph[] = [...headerParagraphs(header)];
  for (const item of blocks) children.push(...blockParagraphs(item));
  const document = new Document({
    creator: 'Draftroom',
    title: header.title,
    description: header.variant,
    styles: {
      default: {
        document: { run: { font: FONT, size: FONT_SIZE_HALF_POINTS } },
        title: { run: { font: FONT, size: 32, bold: true, color: '000000' } },
        heading1: { run: { font: FONT, size: 28, bold: true, color: '000000' }, paragraph: { spacing: { before: 360, after: 160 } } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '000000' }, paragraph: { spacing: { before: 280, after: 120 } } },
        heading3: { run: { font: FONT, size: 24, bold: true, italics: true, color: '000000' }, paragraph: { spacing: { before: 240, after: 120 } } },
      },
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

function headerParagraphs(header: ExportHeader): Paragraph[] {
  const paragraphs = referenceLines(header).map(
    (line) => new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(line)] }),
  );
  if (header.meeting) {
    paragraphs.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 480 },
        children: [new TextRun({ text: header.meeting, bold: true })],
      }),
    );
  }
  paragraphs.push(
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      spacing: { before: header.meeting ? 120 : 480, after: 120 },
      children: [new TextRun(header.title)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 480 },
      children: [new TextRun({ text: header.variant, italics: true })],
    }),
  );
  return paragraphs;
}

function blockParagraphs(item: VariantBlock): Paragraph[] {
  const { block } = item;
  const lines = labelledLines(item);
  const paragraphs: Paragraph[] = [];
  if (block.type === 'heading') {
    for (const line of lines) {
      paragraphs.push(
        new Paragraph({
          heading: HEADINGS[Math.min(Math.max((block.level ?? 1) - 1, 0), HEADINGS.length - 1)],
          keepNext: true,
          children: textRuns(line.runs),
        }),
      );
    }
  } else {
    lines.forEach((line, index) => {
      const last = index === lines.length - 1 && item.amendments.length === 0;
      paragraphs.push(lineParagraph(line, index === 0 ? `${block.number}.` : null, last));
    });
  }
  for (const note of item.amendments) paragraphs.push(...amendmentParagraphs(note.label, note.text));
  return paragraphs;
}

/**
 * One line of a numbered block. The number line starts at the margin and tabs across to the
 * text column; the hanging indent keeps wrapped lines under the text, not under the number.
 */
function lineParagraph(line: ExportLine, number: string | null, lastOfBlock: boolean): Paragraph {
  const textIndent = TEXT_INDENT_TWIPS + line.indent * NEST_STEP_TWIPS;
  const tabStops = Array.from({ length: line.indent + 1 }, (_, step) => ({
    type: TabStopType.LEFT,
    position: TEXT_INDENT_TWIPS + step * NEST_STEP_TWIPS,
  }));
  const children: ParagraphChild[] = [];
  let hanging: number;
  if (number !== null) {
    // From the margin: number, then one tab per stop up to the marker (or the text).
    hanging = textIndent;
    children.push(new TextRun(number), tab());
    for (let step = 1; step < line.indent; step++) children.push(tab());
    if (line.marker) children.push(new TextRun(line.marker), tab());
    else if (line.indent > 0) children.push(tab());
  } else {
    hanging = line.marker ? NEST_STEP_TWIPS : 0;
    if (line.marker) children.push(new TextRun(line.marker), tab());
  }
  children.push(...textRuns(line.runs, line.quote));
  return new Paragraph({
    indent: { left: textIndent, hanging },
    tabStops,
    spacing: { after: lastOfBlock ? PARAGRAPH_AFTER_TWIPS : 60 },
    children,
  });
}

function amendmentParagraphs(label: string, text: string): Paragraph[] {
  const indent = { left: TEXT_INDENT_TWIPS + NEST_STEP_TWIPS };
  // A rule down the left, as in the PDF and HTML, so the proposal reads apart from the text.
  const border = { left: { style: BorderStyle.SINGLE, size: 12, color: '777777', space: 6 } };
  const paragraphs = [
    new Paragraph({
      indent,
      border,
      keepNext: text.trim() !== '',
      spacing: { after: text.trim() ? 0 : PARAGRAPH_AFTER_TWIPS },
      children: [new TextRun({ text: label, italics: true })],
    }),
  ];
  if (text.trim()) {
    paragraphs.push(
      new Paragraph({
        indent,
        border,
        spacing: { after: PARAGRAPH_AFTER_TWIPS },
        children: splitBreaks(text).map((part, i) => new TextRun({ text: part, break: i > 0 ? 1 : undefined })),
      }),
    );
  }
  return paragraphs;
}

function tab(): TextRun {
  return new TextRun({ children: [new Tab()] });
}

/** Word runs for inline runs; a '\n' run becomes a line break on the next run. */
function textRuns(runs: readonly InlineRun[], italicAll = false): TextRun[] {
  const out: TextRun[] = [];
  let pendingBreak = false;
  for (const run of runs) {
    if (run.text === '\n') {
      if (pendingBreak) out.push(new TextRun({ text: '', break: 1 }));
      pendingBreak = true;
      continue;
    }
    splitBreaks(run.text).forEach((part, i) => {
      out.push(
        new TextRun({
          text: part,
          bold: run.bold || undefined,
          italics: run.italic || italicAll || undefined,
          underline: run.underline ? {} : undefined,
          strike: run.strike || undefined,
          break: pendingBreak || i > 0 ? 1 : undefined,
        }),
      );
      pendingBreak = false;
    });
  }
  if (pendingBreak) out.push(new TextRun({ text: '', break: 1 }));
  return out;
}

function splitBreaks(text: string): string[] {
  return text.split('\n');
}
