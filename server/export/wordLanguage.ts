/**
 * Languages as Word names them in `w:lang`: a tag with the region whose proofing tools Word
 * installs (a bare "sr" or "bs" leaves Word guessing the script), so spell-check and
 * hyphenation work in each paragraph's own language.
 */
import type { TextLanguage } from '../../shared/textLanguages.js';

const WORD_LANGUAGE: Record<TextLanguage, string> = {
  // British spelling, as OSCE documents are written.
  en: 'en-GB',
  fr: 'fr-FR',
  de: 'de-DE',
  it: 'it-IT',
  ru: 'ru-RU',
  es: 'es-ES',
  be: 'be-BY',
  bg: 'bg-BG',
  bs: 'bs-Latn-BA',
  cs: 'cs-CZ',
  el: 'el-GR',
  et: 'et-EE',
  hr: 'hr-HR',
  hu: 'hu-HU',
  hy: 'hy-AM',
  ka: 'ka-GE',
  kk: 'kk-KZ',
  lt: 'lt-LT',
  lv: 'lv-LV',
  mk: 'mk-MK',
  pl: 'pl-PL',
  ro: 'ro-RO',
  sk: 'sk-SK',
  sl: 'sl-SI',
  sq: 'sq-AL',
  sr: 'sr-Cyrl-RS',
  tr: 'tr-TR',
  uk: 'uk-UA',
};

/** The `w:lang` value for a language of the list. */
export function wordLanguage(language: TextLanguage): string {
  return WORD_LANGUAGE[language];
}
