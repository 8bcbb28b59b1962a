/**
 * Writes the generated parts of BENCHMARKS.md (machine, date, table, targets) between
 * markers; the hand-written analysis around them is kept. Scenarios 7, 8 and 9 have a section of
 * their own, so that a run of one alone (`--only=7`, `--only=8`, `--only=9`) can write it without the others.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { RunResults } from './results.js';
import { checkTargets, longAmendmentsTable, lockCostTable, resultsTable, targetsList, type TargetCheck } from './report.js';
import { storeEnginesTable } from '../scenarios/storeEngines.js';
import { clusterTable, clusterTargets } from '../scenarios/cluster.js';

const BEGIN = '<!-- bench:results:begin (written by npm run bench) -->';
const END = '<!-- bench:results:end -->';
const LONG_BEGIN = '<!-- bench:long-amendments:begin (written by npm run bench, scenario 7) -->';
const LONG_END = '<!-- bench:long-amendments:end -->';
const STORE_BEGIN = '<!-- bench:store-engines:begin (written by npm run bench, scenario 8) -->';
const STORE_END = '<!-- bench:store-engines:end -->';
const CLUSTER_BEGIN = '<!-- bench:cluster:begin (written by npm run bench, scenario 9) -->';
const CLUSTER_END = '<!-- bench:cluster:end -->';

/** The run's machine, date and commit, as both sections state them. */
function runLines(results: RunResults): string[] {
  const m = results.machine;
  return [
    `Run: ${m.date} (${results.mode}, ${results.durationSeconds.toFixed(0)} s), commit ${m.commit}.`,
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb.toFixed(1)} GB, ${m.os}, Node ${m.node}. Load average at start ${m.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${results.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')}.`,
  ];
}

/** Scenario 7's section: its run, its table and its target. */
export function longAmendmentsSection(results: RunResults): string {
  const target = checkTargets(results).filter((c) => c.id === '7');
  return [LONG_BEGIN, ...runLines(results), '', longAmendmentsTable(results), '', targetsList(target), LONG_END].join('\n');
}

/** Writes scenario 7's section (after the results section when it is not there yet). */
export function writeLongAmendmentsMd(path: string, results: RunResults): void {
  writeSection(path, LONG_BEGIN, LONG_END, longAmendmentsSection(results));
}

/** Writes scenario 8's section: its run and its table. */
export function writeStoreEnginesMd(path: string, results: RunResults): void {
  if (!results.storeEngines) return;
  writeSection(
    path,
    STORE_BEGIN,
    STORE_END,
    [STORE_BEGIN, ...runLines(results), '', storeEnginesTable(results.storeEngines), STORE_END].join('\n'),
  );
}

/** Writes scenario 9's section: its run, its tables and its targets. */
export function writeClusterMd(path: string, results: RunResults): void {
  const r = results.cluster;
  if (!r || 'skipped' in r) return;
  writeSection(
    path,
    CLUSTER_BEGIN,
    CLUSTER_END,
    [CLUSTER_BEGIN, ...runLines(results), '', clusterTable(r), '', targetsList(clusterTargets(r)), CLUSTER_END].join('\n'),
  );
}

/** Replaces the section between `begin` and `end`, or adds it after the results section. */
function writeSection(path: string, beginMarker: string, endMarker: string, section: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const begin = text.indexOf(beginMarker);
  const end = text.indexOf(endMarker);
  if (begin !== -1 && end !== -1) {
    writeFileSync(path, text.slice(0, begin) + section + text.slice(end + endMarker.length));
    return;
  }
  const after = text.indexOf(END);
  if (after === -1) writeFileSync(path, `${text.trimEnd()}\n\n${section}\n`);
  else writeFileSync(path, `${text.slice(0, after + END.length)}\n\n${section}${text.slice(after + END.length)}`);
}

export function generatedSection(results: RunResults, checks: TargetCheck[]): string {
  return [
    BEGIN,
    ...runLines(results),
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
