/**
 * Writes the generated part of BENCHMARKS.md (machine, date, table, targets) between two
 * markers; the hand-written analysis around them is kept.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { RunResults } from './results.js';
import { lockCostTable, resultsTable, targetsList, type TargetCheck } from './report.js';

const BEGIN = '<!-- bench:results:begin (written by npm run bench) -->';
const END = '<!-- bench:results:end -->';

export function generatedSection(results: RunResults, checks: TargetCheck[]): string {
  const m = results.machine;
  return [
    BEGIN,
    `Run: ${m.date} (${results.mode}, ${results.durationSeconds.toFixed(0)} s), commit ${m.commit}.`,
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb.toFixed(1)} GB, ${m.os}, Node ${m.node}. Load average at start ${m.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${results.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')}.`,
    '',
    resultsTable(results),
    '',
    lockCostTable(results),
    '',
    'Targets:',
    '',
    targetsList(checks),
    ...(results.errors.length ? ['', 'Errors during the run:', '', ...results.errors.map((e) => `- ${e.split('\n')[0]}`)] : []),
    END,
  ].join('\n');
}

export function writeBenchmarksMd(path: string, results: RunResults, checks: TargetCheck[]): void {
  const section = generatedSection(results, checks);
  if (!existsSync(path)) {
    writeFileSync(path, `# Benchmarks\n\n${section}\n`);
    return;
  }
  const text = readFileSync(path, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin === -1 || end === -1) writeFileSync(path, `${text.trimEnd()}\n\n${section}\n`);
  else writeFileSync(path, text.slice(0, begin) + section + text.slice(end + END.length));
}
