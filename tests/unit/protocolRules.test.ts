/**
 * The numbered rules of shared/PROTOCOL.md and the tests that cite them stay honest with each
 * other: every rule is defined once, every rule is checked by a test that says so, and every
 * citation in a test names a rule that exists.
 *
 * An id is one or two capital letters followed by digits: `L3`, `W4`, `AB12`.
 *
 * A rule is defined in PROTOCOL.md by its id in bold, `**L3**`: at the start of a list item
 * (`- **L3** Everything outside locked blocks …`) or, for a few short rules, inside the item of
 * the rule before it (`**M2** A decided amendment …`). Any other bold id, or a list item opening
 * with bold text that is not a well-formed id, is a mistake.
 *
 * A citation is a pair of square brackets holding one id, or several separated by a comma and
 * one space: `[L3]`, `[L3, L7]`. Citations may follow one another, directly or after one space:
 * `[O2][L3][L7]`, `[X5] [X7]`. Brackets that open with something id-like but are not exactly
 * that (`[L3,L7]`, `[L3 ]`, `[L3 and L7]`) are malformed citations.
 *
 * - Every citation anywhere in a test file (a title, a comment, an assertion message) must
 *   name a rule that exists, and none may be malformed.
 * - A rule counts as cited by a test only when its citation opens a test's or a suite's title:
 *   the first argument (a string or template literal, read with the TypeScript parser) of a call
 *   to `describe`, `it` or `test`, their modifiers included (`it.each(table)('[A1] …')`,
 *   `it.runIf(cond)('[F7] …')`), whose text starts with one or more citations. A citation in a
 *   comment or a message names a rule but does not count as the test checking it.
 *
 * Test files are the *.test.ts files under tests/ (unit, integration, e2e), this file excepted:
 * it talks about citations without making any.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..', '..');
const PROTOCOL = join(ROOT, 'shared', 'PROTOCOL.md');
const TESTS = join(ROOT, 'tests');
const SELF = fileURLToPath(import.meta.url);

const ID = '[A-Z]{1,2}\\d+';
/** A well-formed citation: `[L3]` or `[L3, L7]`. */
const CITATION = new RegExp(`\\[(${ID}(?:, ${ID})*)\\]`, 'g');
/** Anything in brackets that opens like an id; a well-formed citation is one of these. */
const CITATION_LIKE = /\[\s*[A-Z]{1,2}\s*\d+[^\]\n]*\]/g;
/** The leading citations of a title: `[O2][L3][L7] …`, `[X5] [X7] …`. */
const LEADING_CITATIONS = new RegExp(`^\\[${ID}(?:, ${ID})*\\](?: ?\\[${ID}(?:, ${ID})*\\])*`);
const TEST_FUNCTIONS = new Set(['describe', 'it', 'test']);

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;
const idsIn = (citation: string) => citation.slice(1, -1).split(', ');

// ── the rules ───────────────────────────────────────────────────────────────

const protocolText = readFileSync(PROTOCOL, 'utf8');

/** Every bold id in PROTOCOL.md, with the lines it is defined on. */
const definitions = new Map<string, number[]>();
for (const match of protocolText.matchAll(new RegExp(`\\*\\*(${ID})\\*\\*`, 'g'))) {
  const id = match[1]!;
  definitions.set(id, [...(definitions.get(id) ?? []), lineOf(protocolText, match.index!)]);
}

/** List items that open with bold text that is not a well-formed id. */
const malformedDefinitions = protocolText
  .split('\n')
  .map((line, index) => ({ line, number: index + 1 }))
  .filter(({ line }) => /^\s*[-*]\s+\*\*/.test(line) && !new RegExp(`^\\s*[-*]\\s+\\*\\*${ID}\\*\\*\\s`).test(line))
  .map(({ line, number }) => `PROTOCOL.md:${number}: ${line.trim().slice(0, 60)}`);

// ── the tests ───────────────────────────────────────────────────────────────

interface Citation {
  ids: string[];
  where: string;
}

const testFiles = (readdirSync(TESTS, { recursive: true }) as string[])
  .filter((path) => path.endsWith('.test.ts'))
  .map((path) => join(TESTS, path))
  .filter((path) => path !== SELF)
  .sort();

/** Every citation in every test file, wherever it stands. */
const allCitations: Citation[] = [];
/** Citations that open a describe/it/test title. */
const titleCitations: Citation[] = [];
/** Bracketed text that opens like a citation but is not one. */
const malformedCitations: string[] = [];

/** The function a test call ultimately calls: `it` for it(…), it.each(…)(…), it.runIf(…)(…). */
function rootName(callee: ts.Expression): string | null {
  let node = callee;
  for (;;) {
    if (ts.isIdentifier(node)) return node.text;
    if (ts.isPropertyAccessExpression(node)) node = node.expression;
    else if (ts.isCallExpression(node)) node = node.expression;
    else return null;
  }
}

/** The literal text a title starts with (a template's text before its first `${…}`). */
function titleText(argument: ts.Expression | undefined): string | null {
  if (argument === undefined) return null;
  if (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)) return argument.text;
  if (ts.isTemplateExpression(argument)) return argument.head.text;
  return null;
}

for (const file of testFiles) {
  const text = readFileSync(file, 'utf8');
  const name = relative(ROOT, file);
  for (const match of text.matchAll(CITATION_LIKE)) {
    const where = `${name}:${lineOf(text, match.index!)}`;
    if (!new RegExp(`^${CITATION.source}$`).test(match[0])) malformedCitations.push(`${where} ${match[0]}`);
  }
  for (const match of text.matchAll(CITATION)) {
    allCitations.push({ ids: idsIn(match[0]), where: `${name}:${lineOf(text, match.index!)}` });
  }
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && TEST_FUNCTIONS.has(rootName(node.expression) ?? '')) {
      const title = titleText(node.arguments[0]);
      const leading = title === null ? null : LEADING_CITATIONS.exec(title);
      if (leading !== null) {
        const where = `${name}:${source.getLineAndCharacterOfPosition(node.arguments[0]!.getStart()).line + 1}`;
        for (const citation of leading[0].match(CITATION)!) titleCitations.push({ ids: idsIn(citation), where });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

// ── the checks ──────────────────────────────────────────────────────────────

describe('shared/PROTOCOL.md and the tests that cite it', () => {
  it('reads the rules and the tests (the parser found what is there)', () => {
    expect(definitions.size, 'rules defined in PROTOCOL.md').toBeGreaterThan(50);
    expect(
      testFiles.some((file) => file.includes(`${join('tests', 'unit')}`)),
      'unit tests found',
    ).toBe(true);
    expect(
      testFiles.some((file) => file.includes(`${join('tests', 'integration')}`)),
      'integration tests found',
    ).toBe(true);
    expect(
      testFiles.some((file) => file.includes(`${join('tests', 'e2e')}`)),
      'e2e tests found',
    ).toBe(true);
    expect(titleCitations.length, 'citations in test titles').toBeGreaterThan(100);
  });

  it('every rule id is defined exactly once, and every list item opening in bold opens with a well-formed id', () => {
    const twice = [...definitions]
      .filter(([, lines]) => lines.length > 1)
      .map(([id, lines]) => `${id} (PROTOCOL.md lines ${lines.join(', ')})`);
    expect(twice, `rule ids defined more than once in shared/PROTOCOL.md: ${twice.join('; ')}`).toEqual([]);
    expect(malformedDefinitions, `list items in bold without a well-formed rule id: ${malformedDefinitions.join('; ')}`).toEqual([]);
  });

  it('every rule is cited by at least one test title', () => {
    const cited = new Set(titleCitations.flatMap((citation) => citation.ids));
    const uncited = [...definitions.keys()].filter((id) => !cited.has(id)).sort();
    const elsewhere = uncited.map((id) => {
      const mentions = allCitations.filter((citation) => citation.ids.includes(id)).map((citation) => citation.where);
      return mentions.length > 0 ? `${id} (only outside titles: ${mentions.join(', ')})` : id;
    });
    expect(uncited, `rules in shared/PROTOCOL.md that no describe/it/test title cites: ${elsewhere.join('; ')}`).toEqual([]);
  });

  it('every citation in a test names a rule that exists, and none is malformed', () => {
    const unknown = allCitations.flatMap((citation) =>
      citation.ids.filter((id) => !definitions.has(id)).map((id) => `[${id}] at ${citation.where}`),
    );
    expect(unknown, `citations of rules shared/PROTOCOL.md does not define: ${unknown.join('; ')}`).toEqual([]);
    expect(malformedCitations, `malformed citations (write [L3] or [L3, L7]): ${malformedCitations.join('; ')}`).toEqual([]);
  });
});
