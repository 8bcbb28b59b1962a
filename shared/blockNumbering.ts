/**
 * Paragraph numbers: which top-level blocks get a number and what it is. The margin, the
 * refusal notices, the blocks API, readings and exports all number blocks with this rule;
 * callers read the type name of each top-level block from their own view of the text
 * (ProseMirror node, Y.XmlElement, JSON) and pass it here.
 */

/** True when a top-level block of this type gets a margin number: every type but `heading`, empty blocks included. */
export function isNumbered(type: string): boolean {
  return type !== 'heading';
}

/** Numbers top-level blocks read in document order: each call takes the next block's type name and returns its number (1, 2, 3 … over numbered blocks only), or null for a heading. */
export function blockNumberer(): (type: string) => number | null {
  let last = 0;
  return (type) => (isNumbered(type) ? ++last : null);
}

/** The margin numbers of top-level blocks given their type names in document order (null for headings), as blockNumberer hands them out. */
export function blockNumbers(types: Iterable<string>): (number | null)[] {
  const next = blockNumberer();
  return Array.from(types, next);
}
