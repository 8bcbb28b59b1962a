/**
 * The long-paragraph amendment case of issue 10, for scenario 7 and the tests that measure
 * it: an 8,000-word paragraph and replacements of ~1,650 words. The paragraph's words are of
 * one and two letters, because the 20,000-character cap on a paragraph (PROTOCOL.md I3)
 * leaves room for no longer ones; a replacement mixes those with ordinary words and stays
 * under MAX_AMENDMENT_CHARS. Few, often repeated words are the hard case for a word diff:
 * the texts match everywhere, a little.
 */
const SHORT = 'a i o x y z e u n s t w at in on of to by is it'.split(' ');
const LONG =
  'the delegations agreed that paragraph text shall be read together with annex on financing adaptation review of progress by parties noting report'.split(
    ' ',
  );

/** Deterministic words: `pick(n)` draws a number below n from the seed's sequence. */
function words(count: number, seed: number, vocabulary: (index: number, pick: (n: number) => number) => string): string {
  let state = seed;
  const pick = (n: number) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const out: string[] = [];
  for (let index = 0; index < count; index++) out.push(vocabulary(index, pick));
  return out.join(' ');
}

/** A paragraph of `count` one- and two-letter words (8,000 take ~19,200 characters). */
export function longParagraph(count = 8_000, seed = 1): string {
  return words(count, seed, (_, pick) => SHORT[pick(SHORT.length)]!);
}

/** A replacement of `count` words, every other one an ordinary word (1,650 take ~7,400 characters). */
export function longReplacement(count = 1_650, seed = 2): string {
  return words(count, seed, (index, pick) => (index % 2 === 0 ? LONG[pick(LONG.length)]! : SHORT[pick(SHORT.length)]!));
}
