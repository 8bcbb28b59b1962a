/**
 * The one rule for every label a person types and others read (PROTOCOL.md N1): names,
 * delegations and room titles. Server and client call the same functions, so the join
 * dialog and the invite form say exactly what the server will refuse.
 *
 * Cleaning takes out what nobody sees but everybody's screen obeys: bidi controls (which
 * turn "Administrator (aissuR)" around), zero-width and other invisible format characters,
 * C0/C1 controls, non-characters and lone surrogates; whitespace collapses to one space.
 * Checking then refuses, rather than rewrites, what a person typed: a label too long, one
 * without a letter or digit, one that reads as a label Draftroom uses itself, and brackets
 * in a name (the room writes people as "Name (Delegation)", and only an invite sets a
 * delegation).
 */
import { MAX_NAME_CHARS, MAX_TITLE_CHARS } from './limits.js';

/** What a label names; each kind has its own length bound and its own words in messages. */
export type LabelKind = 'name' | 'delegation' | 'title';

/** Longest label of each kind, in characters (code points) after cleaning. */
export const LABEL_MAX_CHARS: Record<LabelKind, number> = { name: MAX_NAME_CHARS, delegation: MAX_NAME_CHARS, title: MAX_TITLE_CHARS };

/**
 * Labels the server uses for itself and for roles; no person, delegation or room may read as
 * one of them (compared case-insensitively, after cleaning, ignoring dots, spacing tricks,
 * accents and look-alike letters).
 */
export const RESERVED_LABELS: readonly string[] = [
  'Administrator',
  'Admin',
  'Draftroom',
  'System',
  'Server',
  'Chair',
  'Chairperson',
  'Moderator',
  'Senior Adviser',
  'Adviser',
  'Advisor',
  'Expert',
  'Observer',
  'Root',
];

/** Which rule refused a label, with what a client needs to word it in its own language. */
export type LabelRefusal =
  | { rule: 'too-long'; kind: LabelKind; max: number; length: number }
  | { rule: 'no-letter'; kind: LabelKind }
  | { rule: 'brackets'; kind: LabelKind }
  | { rule: 'reserved'; kind: LabelKind; reserved: string };

/** The outcome of checking a label: the cleaned value, and why it is refused if it is (in English, and as a rule). */
export type LabelCheck = { ok: true; value: string } | { ok: false; value: string; problem: string; refusal: LabelRefusal };

const WORDS: Record<LabelKind, string> = { name: 'A name', delegation: 'A delegation', title: 'A title' };

// Line breaks and tabs become spaces before controls are taken out, so "Anna\nNovak" keeps its space.
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// Controls (C0, C1), format characters (bidi controls, zero-width, soft hyphen, tags …), lone
// surrogates, non-characters, every default-ignorable code point (Hangul fillers, variation
// selectors …), the blank braille pattern, and the replacement characters a lone surrogate
// becomes on its way through a URL.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Noncharacter_Code_Point}\p{Default_Ignorable_Code_Point}\u2800\uFFFC\uFFFD]/gu;
// Opening and closing brackets of any script (fullwidth and ornate ones included), but not
// the low quotation marks („ ‚) that Unicode also files as opening punctuation.
const BRACKETS = /[\p{Ps}\p{Pe}]/u;
const LOW_QUOTES = /[\u201A\u201E\u2E42]/g;
// Where a name or delegation splits into parts a reader takes one by one: "Anna, Chair".
const SEPARATORS = /[\p{Ps}\p{Pe},;:/\\|·•\u2010-\u2015]|\s-\s/u;

/**
 * The label without invisible characters and with whitespace collapsed: what every reader
 * sees. Never refuses; '' when nothing visible is left.
 */
export function cleanLabel(raw: string): string {
  return raw.replace(BREAKS, ' ').replace(INVISIBLE, '').replace(/\s+/gu, ' ').normalize('NFC').trim();
}

/** Length in characters as a person counts them (code points, not UTF-16 units). */
export function labelLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/**
 * Cleans `raw` and checks it as a `kind`. An empty result is ok (value ''): whether a label is
 * required is the caller's business. Refusals say what was expected and what came, in words
 * a person typing can act on.
 */
export function checkLabel(raw: string, kind: LabelKind): LabelCheck {
  const value = cleanLabel(raw);
  if (value === '') return { ok: true, value };
  const refuse = (problem: string, refusal: LabelRefusal): LabelCheck => ({ ok: false, value, problem, refusal });
  const length = labelLength(value);
  const max = LABEL_MAX_CHARS[kind];
  if (length > max)
    return refuse(`${WORDS[kind]} can have at most ${max} characters; this one has ${length}.`, { rule: 'too-long', kind, max, length });
  if (!/[\p{L}\p{N}]/u.test(value))
    return refuse(`${WORDS[kind]} needs a letter or a digit; this one has none.`, { rule: 'no-letter', kind });
  if (kind === 'name' && BRACKETS.test(value.normalize('NFKC').replace(LOW_QUOTES, ''))) {
    return refuse('A name may not contain brackets: the room shows people as “Name (Delegation)”, and only an invite sets a delegation.', {
      rule: 'brackets',
      kind,
    });
  }
  const reserved = reservedLabelIn(value, kind !== 'title');
  if (reserved !== null)
    return refuse(`${WORDS[kind]} may not read as “${reserved}”: Draftroom uses that label itself.`, { rule: 'reserved', kind, reserved });
  return { ok: true, value };
}

/**
 * The reserved label `value` reads as, or null. Looked at whole, as its words (when every
 * word is itself reserved: "Draftroom Administrator"), and, with `byParts`, part by part
 * ("Anna Novak, Chair").
 */
export function reservedLabelIn(value: string, byParts = true): string | null {
  const candidates = [value, ...(byParts ? value.split(SEPARATORS) : [])];
  for (const candidate of candidates) {
    // Signs read as letters ("Adm!n") or as punctuation ("Server!"): either reading counts.
    for (const key of new Set([lookAlikeKey(candidate), lookAlikeKey(candidate, false)])) {
      if (key === '') continue;
      const whole = RESERVED_BY_KEY.get(key);
      if (whole) return whole;
      const words = key.split(' ').filter((word) => !FILLER_WORDS.has(word));
      if (words.length > 0 && words.every((word) => RESERVED_BY_KEY.has(word))) return RESERVED_BY_KEY.get(words[0]!)!;
    }
  }
  return null;
}

/** Words that do not make a reserved label someone's own: "The Moderator". */
const FILLER_WORDS = new Set(['the', 'of', 'a', 'an']);

/** Latin letters that other scripts' letters, digits and signs pass for. */
const LOOK_ALIKES: Record<string, string> = {
  // digits
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  l: 'i',
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  з: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  п: 'n',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'i',
  һ: 'h',
  ү: 'y',
  ԍ: 'g',
  // Greek
  α: 'a',
  β: 'b',
  γ: 'y',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  μ: 'u',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  σ: 'o',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  // Latin look-alikes
  ı: 'i',
  ɑ: 'a',
  ɡ: 'g',
  ʀ: 'r',
  ꜱ: 's',
  ᴅ: 'd',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴛ: 't',
  ᴠ: 'v',
  ᴡ: 'w',
};

/** Signs that pass for letters inside a word ("Adm!n", "@dmin"), but are only punctuation after one ("Server!"). */
const SIGN_LOOK_ALIKES: Record<string, string> = { '!': 'i', '|': 'i', '@': 'a', $: 's' };

/**
 * What a label looks like to a reader, for comparison only: compatibility forms folded
 * (fullwidth, superscript), accents dropped, lower case, look-alike letters mapped to Latin
 * (and, with `signsAsLetters`, signs such as "!" and "@"), dots and other signs gone, words
 * one space apart, and letters spaced out one by one ("A d m i n") joined again.
 */
export function lookAlikeKey(text: string, signsAsLetters = true): string {
  const folded = cleanLabel(text).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  let mapped = '';
  for (const char of folded) mapped += LOOK_ALIKES[char] ?? (signsAsLetters ? SIGN_LOOK_ALIKES[char] : undefined) ?? char;
  const words = mapped
    .replace(/rn/g, 'm')
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .split(/\s+/u)
    .filter(Boolean);
  const joined: string[] = [];
  let spelledOut = '';
  for (const word of words) {
    if (labelLength(word) === 1) {
      spelledOut += word;
      continue;
    }
    if (spelledOut) joined.push(spelledOut);
    spelledOut = '';
    joined.push(word);
  }
  if (spelledOut) joined.push(spelledOut);
  return joined.join(' ');
}

const RESERVED_BY_KEY = new Map<string, string>();
for (const label of RESERVED_LABELS) {
  RESERVED_BY_KEY.set(lookAlikeKey(label), label);
  // "SeniorAdviser" reads as "Senior Adviser".
  RESERVED_BY_KEY.set(lookAlikeKey(label).replace(/ /g, ''), label);
}
