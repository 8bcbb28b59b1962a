/**
 * The PDF's fonts: DejaVu Serif (regular, bold, italic, bold italic) from the
 * dejavu-fonts-ttf package, embedded (subset) in every PDF. It draws every letter of Latin
 * with its diacritics, Cyrillic (Kazakh and Serbian included), Greek, Armenian and Georgian.
 * The files are read once per process (in the export worker), from wherever npm installed
 * the package; nothing is downloaded at run time.
 *
 * What no face draws (emoji, CJK …) is never left to the font's empty box, which a reader
 * cannot tell from a missing letter and which text extraction loses: each such character
 * (a whole grapheme, so 👍🏽 is one) becomes U+FFFD, and the PDF says so in its header. The
 * DOCX, HTML and Markdown exports keep them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The faces the PDF draws text in, by the names pdfkit registers them under. */
export const PDF_FACES = {
  regular: 'DejaVuSerif.ttf',
  bold: 'DejaVuSerif-Bold.ttf',
  italic: 'DejaVuSerif-Italic.ttf',
  boldItalic: 'DejaVuSerif-BoldItalic.ttf',
} as const;

export type PdfFace = keyof typeof PDF_FACES;

/** What the PDF shows in place of a character no face draws. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

/** The part of fontkit's font this module reads (fontkit is pdfkit's own font engine). */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  unitsPerEm: number;
  hhea: { advanceWidthMax: number };
}

interface LoadedFaces {
  files: Record<PdfFace, Buffer>;
  /** The regular face, to ask which characters it draws (the four faces cover the same scripts). */
  regular: FontkitFont;
  /** The widest glyph of any face, in ems. */
  widestGlyphEm: number;
}

let loaded: LoadedFaces | null = null;

function load(): LoadedFaces {
  if (loaded !== null) return loaded;
  const require = createRequire(import.meta.url);
  // The fontkit pdfkit itself depends on, so both read the fonts alike.
  const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(buffer: Buffer): FontkitFont };
  const files = {} as Record<PdfFace, Buffer>;
  let widestGlyphEm = 1;
  for (const [face, file] of Object.entries(PDF_FACES) as [PdfFace, string][]) {
    files[face] = readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
    const font = fontkit.create(files[face]);
    widestGlyphEm = Math.max(widestGlyphEm, font.hhea.advanceWidthMax / font.unitsPerEm);
  }
  loaded = { files, regular: fontkit.create(files.regular), widestGlyphEm };
  return loaded;
}

/** Registers the four faces with a new PDF document. */
export function registerPdfFonts(doc: PDFKit.PDFDocument): void {
  const { files } = load();
  for (const face of Object.keys(PDF_FACES) as PdfFace[]) doc.registerFont(face, files[face]);
}

/** No glyph of the faces is wider than this many ems, so a word of n characters is at most n times it wide. */
export function widestGlyphEm(): number {
  return load().widestGlyphEm;
}

/** Invisible characters (joiners, variation selectors, bidi marks) that are dropped when the font has no glyph for them. */
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;

const drawsCache = new Map<number, boolean>();

function draws(codePoint: number): boolean {
  let answer = drawsCache.get(codePoint);
  if (answer === undefined) {
    answer = load().regular.hasGlyphForCodePoint(codePoint);
    drawsCache.set(codePoint, answer);
  }
  return answer;
}

/** True when every character of `text` is drawn as written (no U+FFFD needed). */
function allDrawn(text: string): boolean {
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint === 0x0a || draws(codePoint)) continue;
    return false;
  }
  return true;
}

let graphemes: Intl.Segmenter | null = null;

/**
 * `text` as the PDF draws it: tabs and other spaces the font lacks as a space, line and
 * paragraph separators as line breaks, invisible characters the font lacks left out, and
 * every other grapheme the font cannot draw as one U+FFFD.
 */
export function drawable(text: string): string {
  if (allDrawn(text)) return text;
  graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    if (allDrawn(segment)) out += segment;
    else if (/^\s+$/u.test(segment)) out += /[\n\u2028\u2029]/.test(segment) ? '\n' : ' ';
    else {
      const visible = [...segment].filter((char) => !(IGNORABLE.test(char) && !draws(char.codePointAt(0)!))).join('');
      out += visible === '' ? '' : allDrawn(visible) ? visible : REPLACEMENT_CHARACTER;
    }
  }
  return out;
}

/** True when drawing `text` puts U+FFFD in place of a character (the header then says why). */
export function losesCharacters(text: string): boolean {
  const replacements = (value: string) => value.split(REPLACEMENT_CHARACTER).length - 1;
  return !allDrawn(text) && replacements(drawable(text)) > replacements(text);
}
