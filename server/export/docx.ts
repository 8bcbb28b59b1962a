/**
 * Word export with the `docx` library. Paragraph numbers are Word numbering ("%1." in the
 * margin, then a tab into a hanging indent), so Word renumbers when an editor adds or removes
 * a paragraph. They still say what they say in the room: headings are not numbered, and the
 * agreed text keeps the live numbers with their gaps, because each run of consecutive numbers
 * is a list of its own that starts at its first number. Document headings are Word headings
 * (Heading 1–3), so the navigation pane and a table of contents work; bold, italic,
 * underline and strikethrough are kept. Every run carries its language (`w:lang`): the room's
 * (also the document default), a paragraph's own, or English for Draftroom's labels.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  LevelFormat,
  LevelSuffix,
  Packer,
  Paragraph,
  Tab,
  TabStopType,
  TextRun,
  type IRunOptions,
  type NumberingDefinition,
  type ParagraphChild,
} from 'docx';
import { TEXT_LANGUAGE_NAMES, type TextLanguage } from '../../shared/textLanguages.js';
import type { ExportLine, InlineRun } from './documentModel.js';
import { ORIGINAL_LABEL, referenceLines, type ExportHeader } from './header.js';
import { labelledLines, type VariantBlock } from './variants.js';
import { wordLanguage } from './wordLanguage.js';

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
  const lists = numberLists(blocks);
  const children: Paragraph[] = [...headerParagraphs(header)];
  for (const item of blocks) children.push(...blockParagraphs(item, header.language, lists.referenceOf));
  const document = new Document({
    creator: 'Draftroom',
    title: header.title,
    description: header.variant,
    numbering: { config: lists.definitions },
    styles: {
      default: {
        document: { run: { font: FONT, size: FONT_SIZE_HALF_POINTS, language: { value: wordLanguage(header.language) } } },
        title: { run: { font: FONT, size: 32, bold: true, color: '000000' } },
        heading1: { run: { font: FONT, size: 28, bold: true, color: '000000' }, paragraph: { spacing: { before: 360, after: 160 } } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '000000' }, paragraph: { spacing: { before: 280, after: 120 } } },
        heading3: {
          run: { font: FONT, size: 24, bold: true, italics: true, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
      },
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

/**
 * One Word list per run of consecutive paragraph numbers, each starting at its first number:
 * "1, 2, 3, 5, 7" are lists from 1, from 5 and from 7. Within a list Word counts on (headings
 * between its paragraphs carry no number and do not break it).
 */
function numberLists(blocks: readonly VariantBlock[]): { definitions: NumberingDefinition[]; referenceOf: Map<number, string> } {
  const definitions: NumberingDefinition[] = [];
  const referenceOf = new Map<number, string>();
  let previous: number | null = null;
  let reference = '';
  for (const { block } of blocks) {
    if (block.number === null || block.type === 'heading') continue;
    if (previous === null || block.number !== previous + 1) {
      reference = `paragraphs-from-${block.number}`;
      definitions.push({ reference, levels: [numberLevel(block.number)] });
    }
    referenceOf.set(block.number, reference);
    previous = block.number;
  }
  return { definitions, referenceOf };
}

/** "12." at the page margin, then a tab to the text column, where wrapped lines hang. */
function numberLevel(start: number): NumberingDefinition['levels'][number] {
  return {
    level: 0,
    format: LevelFormat.DECIMAL,
    text: '%1.',
    start,
    alignment: AlignmentType.LEFT,
    suffix: LevelSuffix.TAB,
    style: { paragraph: { indent: { left: TEXT_INDENT_TWIPS, hanging: TEXT_INDENT_TWIPS } } },
  };
}

/** Run options for text in `language`: its `w:lang`. */
function inLanguage(language: TextLanguage): Pick<IRunOptions, 'language'> {
  return { language: { value: wordLanguage(language) } };
}

function headerParagraphs(header: ExportHeader): Paragraph[] {
  // Draftroom's words are English; the language line names the room's language in itself.
  const [date, revision] = referenceLines(header);
  const paragraphs = [date, revision].map(
    (line) => new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: line, ...inLanguage('en') })] }),
  );
  paragraphs.push(
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      children: [
        new TextRun({ text: `${ORIGINAL_LABEL} `, ...inLanguage('en') }),
        new TextRun({ text: TEXT_LANGUAGE_NAMES[header.language], ...inLanguage(header.language) }),
      ],
    }),
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
    ...[header.variant, ...header.silence].map(
      (line, index, lines) =>
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: index === lines.length - 1 ? 480 : 60 },
          children: [new TextRun({ text: line, italics: true, ...inLanguage('en') })],
        }),
    ),
  );
  return paragraphs;
}

function blockParagraphs(item: VariantBlock, roomLanguage: TextLanguage, referenceOf: ReadonlyMap<number, string>): Paragraph[] {
  const { block } = item;
  const lines = labelledLines(item);
  const paragraphs: Paragraph[] = [];
  if (block.type === 'heading') {
    for (const line of lines) {
      paragraphs.push(
        new Paragraph({
          heading: HEADINGS[Math.min(Math.max((block.level ?? 1) - 1, 0), HEADINGS.length - 1)],
          keepNext: true,
          children: textRuns(line.runs, line.lang ?? roomLanguage),
        }),
      );
    }
  } else {
    const list = block.number === null ? undefined : referenceOf.get(block.number);
    lines.forEach((line, index) => {
      const last = index === lines.length - 1 && item.amendments.length === 0;
      paragraphs.push(lineParagraph(line, index === 0 ? (list ?? null) : null, last, line.lang ?? block.lang ?? roomLanguage));
    });
  }
  for (const note of item.amendments) paragraphs.push(...amendmentParagraphs(note.label, note.text, block.lang ?? roomLanguage));
  return paragraphs;
}

/**
 * One line of a numbered block. The number line (in list `numberList`) starts at the margin
 * with Word's number and tabs across to the text column; the hanging indent keeps wrapped
 * lines under the text, not under the number.
 */
function lineParagraph(line: ExportLine, numberList: string | null, lastOfBlock: boolean, language: TextLanguage): Paragraph {
  const textIndent = TEXT_INDENT_TWIPS + line.indent * NEST_STEP_TWIPS;
  const tabStops = Array.from({ length: line.indent + 1 }, (_, step) => ({
    type: TabStopType.LEFT,
    position: TEXT_INDENT_TWIPS + step * NEST_STEP_TWIPS,
  }));
  const children: ParagraphChild[] = [];
  let hanging: number;
  if (numberList !== null) {
    // From the margin: Word's number and its tab, then one tab per stop up to the marker (or the text).
    hanging = textIndent;
    for (let step = 1; step < line.indent; step++) children.push(tab());
    if (line.marker) children.push(new TextRun(line.marker), tab());
    else if (line.indent > 0) children.push(tab());
  } else {
    hanging = line.marker ? NEST_STEP_TWIPS : 0;
    if (line.marker) children.push(new TextRun(line.marker), tab());
  }
  children.push(...textRuns(line.runs, language, line.quote));
  return new Paragraph({
    ...(numberList !== null ? { numbering: { reference: numberList, level: 0 } } : {}),
    indent: { left: textIndent, hanging },
    tabStops,
    spacing: { after: lastOfBlock ? PARAGRAPH_AFTER_TWIPS : 60 },
    children,
  });
}

function amendmentParagraphs(label: string, text: string, language: TextLanguage): Paragraph[] {
  const indent = { left: TEXT_INDENT_TWIPS + NEST_STEP_TWIPS };
  // A rule down the left, as in the PDF and HTML, so the proposal reads apart from the text.
  const border = { left: { style: BorderStyle.SINGLE, size: 12, color: '777777', space: 6 } };
  const paragraphs = [
    new Paragraph({
      indent,
      border,
      keepNext: text.trim() !== '',
      spacing: { after: text.trim() ? 0 : PARAGRAPH_AFTER_TWIPS },
      children: [new TextRun({ text: label, italics: true, ...inLanguage('en') })],
    }),
  ];
  if (text.trim()) {
    paragraphs.push(
      new Paragraph({
        indent,
        border,
        spacing: { after: PARAGRAPH_AFTER_TWIPS },
        children: splitBreaks(text).map((part, i) => new TextRun({ text: part, break: i > 0 ? 1 : undefined, ...inLanguage(language) })),
      }),
    );
  }
  return paragraphs;
}

function tab(): TextRun {
  return new TextRun({ children: [new Tab()] });
}

/** Word runs for inline runs, in `language` unless a run says otherwise; a '\n' run becomes a line break on the next run. */
function textRuns(runs: readonly InlineRun[], language: TextLanguage, italicAll = false): TextRun[] {
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
          ...inLanguage(run.lang ?? language),
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
