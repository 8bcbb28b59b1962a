/**
 * axe-core in a Playwright page: the WCAG 2.0, 2.1 and 2.2 A and AA rules, and the violations a
 * person meets first (impact serious or critical), worded so that a failing test says what to
 * fix and where.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * Evaluated through the debugging protocol rather than added as a <script> (page.addScriptTag):
 * the app's Content-Security-Policy (script-src 'self') refuses injected scripts.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Every A and AA tag of WCAG 2.0–2.2 (axe has no rule of level A new in 2.2). Running by tag
 * also runs the AA rules axe leaves off by default (target-size, 2.5.8 in WCAG 2.2).
 */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** One rule broken on one or more elements. */
export interface AxeViolation {
  rule: string;
  impact: 'serious' | 'critical';
  help: string;
  elements: Array<{ target: string; failure: string }>;
}

/**
 * Runs axe-core on `page` (or only within `selector`) and returns its serious and critical
 * violations; `[]` when there are none.
 */
export async function seriousViolations(page: Page, selector?: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ selector, tags }) => {
      type Node = { target: unknown[]; failureSummary?: string };
      type Result = { id: string; impact: string | null; help: string; nodes: Node[] };
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Result[] }> } }).axe;
      const { violations } = await axe.run(selector ?? document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({
          rule: v.id,
          impact: v.impact as 'serious' | 'critical',
          help: v.help,
          elements: v.nodes.map((n) => ({
            target: n.target.map(String).join(' >> '),
            failure: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
          })),
        }));
    },
    { selector: selector ?? null, tags: WCAG_AA_TAGS },
  );
}

/** The violations as lines to read in a test's failure: rule, impact, each element and why it fails. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => [`${v.rule} (${v.impact}): ${v.help}`, ...v.elements.map((e) => `  ${e.target}\n    ${e.failure}`)].join('\n'))
    .join('\n');
}

/**
 * Fails, naming every serious or critical violation, unless axe finds none on `page` (or
 * within `selector`). `where` says which page and state was scanned.
 */
export async function expectNoSeriousViolations(page: Page, where: string, selector?: string): Promise<void> {
  const violations = await seriousViolations(page, selector);
  if (violations.length > 0)
    throw new Error(`axe-core on ${where}: ${violations.length} serious or critical rule(s) broken\n${describeViolations(violations)}`);
}
