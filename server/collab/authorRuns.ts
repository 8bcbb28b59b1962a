/**
 * Who wrote each character of a block's plain text (PROTOCOL.md U1, in compare): the text as
 * `blockText` reads it, as runs of one Yjs client id each, so a page can colour any stretch of
 * it (a word a comparison marks as added) by its author. The walk mirrors `blockText` exactly:
 * inline text from the items themselves (each carries its client id), a hard break and the
 * boundary between inner blocks as one '\n' that nobody wrote (clientId null).
 */
import * as Y from 'yjs';

export interface AuthorRun {
  clientId: number | null;
  length: number;
}

export function authorRuns(element: Y.XmlElement): AuthorRun[] {
  const runs: AuthorRun[] = [];
  for (const run of flatten(element)) {
    if (run.length === 0) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.clientId === run.clientId) last.length += run.length;
    else runs.push({ ...run });
  }
  return runs;
}

/** blockText's parts joined with '\n': inline stretches that hold something, and every inner block. */
function flatten(element: Y.XmlElement): AuthorRun[] {
  const parts: AuthorRun[][] = [];
  let inline: AuthorRun[] = [];
  let inlineLength = 0;
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      // Yjs keeps a text's items as a linked list from _start; deleted ones stay as tombstones.
      for (let item = child._start; item !== null; item = item.right) {
        if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
        inline.push({ clientId: item.id.client, length: item.length });
        inlineLength += item.length;
      }
    } else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') {
        inline.push({ clientId: null, length: 1 });
        inlineLength += 1;
        continue;
      }
      if (inlineLength > 0) parts.push(inline);
      inline = [];
      inlineLength = 0;
      parts.push(flatten(child));
    }
  }
  if (inlineLength > 0) parts.push(inline);
  return parts.flatMap((part, index) => (index === 0 ? part : [{ clientId: null, length: 1 }, ...part]));
}
