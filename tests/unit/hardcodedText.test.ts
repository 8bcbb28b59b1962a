/**
 * The client's words go through i18next: a component that writes English straight into its
 * markup would show English to a Russian delegate. This reads every .tsx and .ts file under
 * client/ with the TypeScript parser and fails on words in JSX text, in the attributes a
 * person sees or hears (aria-label, title, placeholder, alt, and the label props of our own
 * components), in string literals a JSX expression shows as they are ({busy ? 'Saving…' : …}),
 * and, for the editor's margins that are built without React, in the text of el()/button()
 * and in title, textContent and aria-label set on DOM nodes. Words passed to any other
 * function (t('key'), personName(…)) are not literals shown as they are.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const CLIENT = join(process.cwd(), 'client');

/** Attributes whose value a person reads or a screen reader speaks. */
const VISIBLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'confirmLabel',
  'cancelLabel',
  'submitLabel',
]);

/**
 * Words that are the same in every language: the product's name, key names in shortcuts
 * (Ctrl+Shift+L), and single capital letters (the toolbar's B / I / H glyphs, a shortcut's L).
 */
const SAME_IN_EVERY_LANGUAGE = /\b(Draftroom|Ctrl|Shift|Alt|Cmd|\p{Lu})\b/gu;

const LETTER = /\p{L}/u;

/** DOM properties and attributes whose text a person reads or hears. */
const VISIBLE_DOM_TEXT = new Set(['title', 'textContent', 'innerText', 'placeholder', 'ariaLabel', 'aria-label']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function shownAsIs(text: string): boolean {
  return LETTER.test(text.replace(SAME_IN_EVERY_LANGUAGE, ''));
}

/** The string literals an expression shows as they are (through ?:, &&, ||, ?? and parentheses). */
function literalsShown(expression: ts.Expression): ts.Node[] {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression))
    return shownAsIs(expression.text) ? [expression] : [];
  if (ts.isTemplateExpression(expression)) {
    const parts = [expression.head.text, ...expression.templateSpans.map((span) => span.literal.text)];
    const own = parts.some(shownAsIs) ? [expression] : [];
    return [...own, ...expression.templateSpans.flatMap((span) => literalsShown(span.expression))];
  }
  if (ts.isParenthesizedExpression(expression)) return literalsShown(expression.expression);
  if (ts.isConditionalExpression(expression)) return [...literalsShown(expression.whenTrue), ...literalsShown(expression.whenFalse)];
  if (ts.isBinaryExpression(expression)) {
    const kind = expression.operatorToken.kind;
    if (kind === ts.SyntaxKind.AmpersandAmpersandToken) return literalsShown(expression.right);
    if (kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken)
      return [...literalsShown(expression.left), ...literalsShown(expression.right)];
  }
  return [];
}

/** Every place in a file where English (or any words) would reach the page without a translation. */
function hardcodedWords(path: string): string[] {
  const source = ts.createSourceFile(
    path,
    readFileSync(path, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    path.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.TSX,
  );
  const found: string[] = [];
  const report = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${relative(process.cwd(), path)}:${line + 1}: ${node.getText(source).replace(/\s+/g, ' ').slice(0, 80)}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && shownAsIs(node.text)) report(node);
    if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)))
      literalsShown(node.expression).forEach(report);
    if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(source)) && node.initializer) {
      if (ts.isStringLiteral(node.initializer) && shownAsIs(node.initializer.text)) report(node);
      if (ts.isJsxExpression(node.initializer) && node.initializer.expression) literalsShown(node.initializer.expression).forEach(report);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(source);
      // el(tag, className, text) and button(className, onClick, text) in client/editor/dom.ts.
      if (callee === 'el' && node.arguments[2]) literalsShown(node.arguments[2]).forEach(report);
      if (callee === 'button' && node.arguments[2]) literalsShown(node.arguments[2]).forEach(report);
      const [name, value] = node.arguments;
      if (callee.endsWith('.setAttribute') && name && ts.isStringLiteral(name) && VISIBLE_DOM_TEXT.has(name.text) && value)
        literalsShown(value).forEach(report);
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      VISIBLE_DOM_TEXT.has(node.left.name.text)
    ) {
      literalsShown(node.right).forEach(report);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the client has no hard-coded words', () => {
  it('finds words where a component writes them straight into the page (the check itself)', () => {
    const sample = join(process.cwd(), 'tests/fixtures/hardcodedWords.tsx.txt');
    const found = hardcodedWords(sample);
    expect(found.map((line) => line.replace(/^.*?:\d+: /, ''))).toEqual([
      'Lock history',
      'aria-label="Close panel"',
      "'Saving…'",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, as the check must find it
      '`Save as ${label}`',
      "'Nothing yet'",
      "'On screen'",
      "'Someone'",
      "'Lock this paragraph'",
    ]);
  });

  it('every .tsx and .ts file under client/ words its text through i18next', () => {
    const found = sourceFiles(CLIENT).flatMap(hardcodedWords);
    expect(found).toEqual([]);
  });
});
