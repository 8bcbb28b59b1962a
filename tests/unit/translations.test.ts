/**
 * The interface's words in six languages (shared/locales/<language>/<namespace>.json):
 * no language lacks a key another has, every message is valid ICU in its language, and a
 * translation asks for exactly the values ({name}, {count} …) the English message is given,
 * so no person ever sees a raw key, a broken plural or a "{name}" left in the text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { UI_LANGUAGES } from '../../client/i18n/languages.js';

const LOCALES = join(process.cwd(), 'shared/locales');

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function load(language: string, namespace: string): Map<string, string> {
  try {
    return flatten(JSON.parse(readFileSync(join(LOCALES, language, `${namespace}.json`), 'utf8')) as Tree);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
}

type MessageFormatElement = ReturnType<IntlMessageFormat['getAst']>[number];

/** The parser's type number of plain text. */
const LITERAL = 0;

/** Parses `text` as an ICU message formatted with the plural rules of `language`; throws if it is not one. */
function parse(text: string, language = 'en'): MessageFormatElement[] {
  return new IntlMessageFormat(text, language).getAst();
}

/** The names of the values a message uses, at any depth (inside plurals, selects and tags too). */
function placeholders(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if ('options' in element) for (const option of Object.values(element.options)) placeholders(option.value, into);
    if ('children' in element) placeholders(element.children, into);
    // A literal's value is its text; every other element with a value names one ("#" has none).
    if ('value' in element && typeof element.value === 'string' && element.type !== LITERAL) into.add(element.value);
  }
  return into;
}

const namespaces = [
  ...new Set(
    UI_LANGUAGES.flatMap((language) =>
      readdirSync(join(LOCALES, language))
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5)),
    ),
  ),
].sort();

describe('translations', () => {
  it('has the six languages and English for every namespace', () => {
    expect(readdirSync(LOCALES).sort()).toEqual([...UI_LANGUAGES].sort());
    for (const namespace of namespaces) expect(load('en', namespace).size, `en/${namespace}.json`).toBeGreaterThan(0);
  });

  for (const namespace of namespaces) {
    describe(namespace, () => {
      const english = load('en', namespace);

      for (const language of UI_LANGUAGES) {
        const messages = load(language, namespace);

        it(`${language}: has every key English has, and no other`, () => {
          const missing = [...english.keys()].filter((key) => !messages.has(key));
          const extra = [...messages.keys()].filter((key) => !english.has(key));
          expect({ missing, extra }, `${language}/${namespace}.json`).toEqual({ missing: [], extra: [] });
        });

        it(`${language}: every message is ICU and uses the values English uses`, () => {
          const problems: string[] = [];
          for (const [key, text] of messages) {
            if (text.trim() === '') problems.push(`${key}: empty`);
            let elements: MessageFormatElement[];
            try {
              elements = parse(text, language);
            } catch (error) {
              problems.push(`${key}: not ICU (${(error as Error).message})`);
              continue;
            }
            const source = english.get(key);
            if (source === undefined) continue;
            const want = [...placeholders(parse(source))].sort();
            const got = [...placeholders(elements)].sort();
            if (want.join() !== got.join()) problems.push(`${key}: uses {${got.join(', ')}}, English uses {${want.join(', ')}}`);
          }
          expect(problems, `${language}/${namespace}.json`).toEqual([]);
        });
      }
    });
  }

  it('Russian counts with one, few and many: 1 изменение, 2 изменения, 5 изменений', () => {
    const format = (count: number) =>
      new IntlMessageFormat('{count, plural, one {# изменение} few {# изменения} many {# изменений} other {# изменения}}', 'ru').format({
        count,
      });
    expect([1, 2, 5, 21].map(format)).toEqual(['1 изменение', '2 изменения', '5 изменений', '21 изменение']);
  });
});
