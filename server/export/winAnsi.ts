/**
 * Text for the PDF standard fonts. pdfkit's built-in fonts (Times, Helvetica) encode text as
 * WinAnsi (Windows-1252): Latin-1 plus typographic quotes, dashes, bullet, ellipsis, euro.
 * Anything else would come out as wrong glyphs, so it is brought into that set here:
 * accents dropped where the letter has no WinAnsi form (Č → C), common symbols spelled in
 * ASCII (≥ → >=), Cyrillic transliterated, and the rest shown as '?'.
 */

/** Unicode code points above Latin-1 that WinAnsi holds (0x80–0x9F in Windows-1252). */
const WIN_ANSI_EXTRAS = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a,
  0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

const SUBSTITUTES: Record<string, string> = {
  'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ı': 'i', 'ħ': 'h', 'Ħ': 'H', 'ŋ': 'n', 'Ŋ': 'N', 'ŧ': 't', 'Ŧ': 'T',
  'ĸ': 'k', 'ŀ': 'l', 'Ŀ': 'L', 'ə': 'e', 'Ə': 'E',
  '‐': '-', '‑': '-', '‒': '–', '―': '—', '−': '-', '⁃': '-',
  '‛': '’', '′': '’', '‟': '”', '″': '”',
  '←': '<-', '→': '->', '↔': '<->', '⇒': '=>', '≤': '<=', '≥': '>=', '≠': '!=', '≈': '~', '∙': '·', '●': '•',
  '◦': '•', '▪': '•', '✓': 'v',
  '\t': ' ', '\u2028': '\n', '\u2029': '\n',
};

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ј: 'j',
  љ: 'lj', њ: 'nj', ћ: 'c', ђ: 'dj', џ: 'dz', ў: 'u', ќ: 'k', ѓ: 'g', ѕ: 'dz', қ: 'q', ғ: 'gh', ң: 'ng',
  ү: 'u', ұ: 'u', һ: 'h', ө: 'o', ә: 'a',
};

function isWinAnsi(codePoint: number): boolean {
  return (
    codePoint === 0x0a ||
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xff) ||
    WIN_ANSI_EXTRAS.has(codePoint)
  );
}

/** The text with every character in WinAnsi, as close to the original as that allows. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (isWinAnsi(codePoint)) out += char;
    else out += substitute(char, codePoint);
  }
  return out;
}

function substitute(char: string, codePoint: number): string {
  if (char in SUBSTITUTES) return SUBSTITUTES[char];
  // Spaces of every width become a plain space; zero-width and control characters vanish.
  if ((codePoint >= 0x2000 && codePoint <= 0x200a) || codePoint === 0x202f || codePoint === 0x205f || codePoint === 0x3000) return ' ';
  if ((codePoint >= 0x200b && codePoint <= 0x200f) || codePoint === 0xfeff || codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return '';
  const lower = char.toLowerCase();
  if (lower in CYRILLIC) {
    const latin = CYRILLIC[lower];
    return char === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
  }
  // A letter with an accent WinAnsi lacks: keep the letter, and any accent WinAnsi has (ǘ → ü).
  const decomposed = char.normalize('NFD');
  for (let cut = decomposed.length - 1; cut >= 1; cut--) {
    const candidate = decomposed.slice(0, cut).normalize('NFC');
    if ([...candidate].every((c) => isWinAnsi(c.codePointAt(0) ?? 0))) return candidate;
  }
  return '?';
}
