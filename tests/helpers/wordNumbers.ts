/**
 * The numbers Word shows before numbered paragraphs of a .docx, worked out as Word does from
 * word/numbering.xml: each list (`w:num`) counts its own paragraphs from its start (its
 * `w:startOverride`, else its definition's `w:start`). Only single-level decimal lists, which
 * is what Draftroom writes.
 */
import { strFromU8, type Unzipped } from 'fflate';

/** A function that gives each paragraph (its `<w:p>` XML, in document order) its number, or null when it has none. */
export function wordNumbering(files: Unzipped): (paragraphXml: string) => number | null {
  const numbering = files['word/numbering.xml'] ? strFromU8(files['word/numbering.xml']) : '';
  const abstractStart = new Map<string, number>();
  for (const [, id, body] of numbering.matchAll(/<w:abstractNum w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    abstractStart.set(id!, Number(/<w:lvl w:ilvl="0"[^>]*><w:start w:val="(\d+)"\/>/.exec(body!)?.[1] ?? 1));
  }
  const listStart = new Map<string, number>();
  for (const [, id, body] of numbering.matchAll(/<w:num w:numId="(\d+)">([\s\S]*?)<\/w:num>/g)) {
    const abstract = /<w:abstractNumId w:val="(\d+)"\/>/.exec(body!)?.[1] ?? '';
    const override = /<w:startOverride w:val="(\d+)"\/>/.exec(body!)?.[1];
    listStart.set(id!, override !== undefined ? Number(override) : (abstractStart.get(abstract) ?? 1));
  }
  const counted = new Map<string, number>();
  return (paragraphXml) => {
    const numId = /<w:numPr>[\s\S]*?<w:numId w:val="(\d+)"\/>[\s\S]*?<\/w:numPr>/.exec(paragraphXml)?.[1];
    if (numId === undefined || numId === '0') return null;
    const count = counted.get(numId) ?? 0;
    counted.set(numId, count + 1);
    return (listStart.get(numId) ?? 1) + count;
  };
}
