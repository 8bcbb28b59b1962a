/**
 * The languages a room's text may be written in (PROTOCOL.md I5): a room's working language
 * and a paragraph's own `lang` come from this one list, on the server and in the editor.
 * The OSCE's six working languages first, then the other languages of its participating
 * States whose scripts the exports keep (Latin, Cyrillic, Greek, Armenian, Georgian). Each
 * is named in itself, as a person looks for their own language whatever the page shows.
 */

export const TEXT_LANGUAGES = [
  'en',
  'fr',
  'de',
  'it',
  'ru',
  'es',
  'be',
  'bg',
  'bs',
  'cs',
  'el',
  'et',
  'hr',
  'hu',
  'hy',
  'ka',
  'kk',
  'lt',
  'lv',
  'mk',
  'pl',
  'ro',
  'sk',
  'sl',
  'sq',
  'sr',
  'tr',
  'uk',
] as const;

/** A BCP 47 tag of TEXT_LANGUAGES. */
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

/** A room made before rooms had a language, or made without naming one, works in English. */
export const DEFAULT_TEXT_LANGUAGE: TextLanguage = 'en';

/** Each language's name in itself, as "Original: …" in an export and the editor's language list show it. */
export const TEXT_LANGUAGE_NAMES: Record<TextLanguage, string> = {
  en: 'English',
  fr: 'français',
  de: 'Deutsch',
  it: 'italiano',
  ru: 'русский',
  es: 'español',
  be: 'беларуская',
  bg: 'български',
  bs: 'bosanski',
  cs: 'čeština',
  el: 'Ελληνικά',
  et: 'eesti',
  hr: 'hrvatski',
  hu: 'magyar',
  hy: 'հայերեն',
  ka: 'ქართული',
  kk: 'қазақ тілі',
  lt: 'lietuvių',
  lv: 'latviešu',
  mk: 'македонски',
  pl: 'polski',
  ro: 'română',
  sk: 'slovenčina',
  sl: 'slovenščina',
  sq: 'shqip',
  sr: 'српски',
  tr: 'Türkçe',
  uk: 'українська',
};

const KNOWN: ReadonlySet<unknown> = new Set(TEXT_LANGUAGES);

/** True for a tag of TEXT_LANGUAGES, exactly as listed (lower case, no region). */
export function isTextLanguage(value: unknown): value is TextLanguage {
  return KNOWN.has(value);
}
