/**
 * Words wider than the line, for the PDF. pdfkit fits such a word by cutting it a character
 * at a time and measuring the whole rest of the word again for every line it fills: time
 * quadratic in the word's length. A room at the document cap (100 paragraphs of 19,900
 * letters without a space) took 90 s. Word processors start an overlong word on a line of
 * its own and cut it where the line is full; this does the same, in time linear in the text,
 * and leaves every other word to pdfkit, so ordinary text is laid out exactly as before.
 */
import { widestGlyphEm } from './pdfFonts.js';

/**
 * `text` (already as the PDF draws it, see pdfFonts.ts) cut before and inside each word wider than
 * `width` points, measured in the document's current font at `size`: the first piece is the
 * text before the first such word ('' when the text starts with it), and each later piece
 * starts a new line: a piece of the word that fills a line, or the word's last piece and
 * the text after it.
 */
export function splitOverlongWords(doc: PDFKit.PDFDocument, text: string, width: number, size: number): string[] {
  const pieces: string[] = [];
  // No glyph is wider than this, so a word of n characters is at most n times it wide: most words need no measuring.
  const widestEm = widestGlyphEm();
  let start = 0;
  const widths = new Map<string, number>();
  const charWidth = (char: string): number => {
    let value = widths.get(char);
    if (value === undefined) {
      value = doc.widthOfString(char);
      widths.set(char, value);
    }
    return value;
  };
  for (const match of text.matchAll(/\S+/g)) {
    const word = match[0];
    if (word.length * widestEm * size <= width || doc.widthOfString(word) <= width) continue;
    pieces.push(text.slice(start, match.index));
    let cut = 0;
    let filled = 0;
    for (let i = 0; i < word.length; i++) {
      const advance = charWidth(word.charAt(i));
      if (filled + advance > width && i > cut) {
        const piece = fitting(doc, word.slice(cut, i), width);
        pieces.push(piece);
        cut += piece.length;
        filled = 0;
        for (let j = cut; j < i; j++) filled += charWidth(word.charAt(j));
      }
      filled += advance;
    }
    start = match.index + cut;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** `text` with its last characters left off while it is wider than `width`, by kerning the sum of its glyphs missed; never less than one character. */
function fitting(doc: PDFKit.PDFDocument, text: string, width: number): string {
  let end = text.length;
  while (end > 1 && doc.widthOfString(text.slice(0, end)) > width) end--;
  return text.slice(0, end);
}

/** `text` with the cuts of splitOverlongWords as line breaks, for text pdfkit lays out in one call. */
export function withOverlongWordsBroken(doc: PDFKit.PDFDocument, text: string, width: number, size: number): string {
  const pieces = splitOverlongWords(doc, text, width, size);
  return (pieces[0] === '' ? pieces.slice(1) : pieces).join('\n');
}
