/**
 * Text as an export file may carry it. XML 1.0, inside every DOCX, forbids most control
 * characters, U+FFFE, U+FFFF and unpaired surrogates: one of them in a paragraph or a name
 * makes document.xml ill-formed, and Word and LibreOffice refuse the whole file. HTML calls
 * the same code points (and the other non-characters) parse errors. A client can type any
 * of them into the room, so every string that reaches an export passes through here first:
 * the block text and attributes (documentModel.ts) and the title, header and amendments
 * (index.ts). The Markdown writer relies on non-characters never reaching it (markdown.ts).
 */

/**
 * Control characters other than tab, line feed and carriage return (C0, DEL, C1), unpaired
 * surrogates (a `u` regular expression sees a pair as one code point, so only lone halves
 * match \p{Cs}), and the 66 non-characters (U+FDD0–U+FDEF, U+FFFE, U+FFFF, U+1FFFE …).
 */
const NOT_IN_EXPORTS = /(?![\t\n\r])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/gu;

/** `text` without the code points XML and HTML forbid; everything else as written. */
export function exportText(text: string): string {
  return text.replace(NOT_IN_EXPORTS, '');
}
