/** The results table with ratios Draftroom / reference, and the issue-6 targets, met or not. */
import type { RunResults } from './results.js';
import type { ServerKind } from './servers.js';
import { fmt, mb } from './stats.js';
import type { BareResult, ReplayResult } from '../scenarios/traceReplay.js';

type Row = [
  label: string,
  values: Partial<Record<ServerKind, number>>,
  digits: number,
  target?: string,
  flagged?: Partial<Record<ServerKind, boolean>>,
];

const FLAG = '†';
const FOOTNOTE = `${FLAG} the server closed connections during this phase, so these figures cover only what still arrived (see "connections the server closed").`;

export interface TargetCheck {
  id: string;
  target: string;
  measured: string;
  met: boolean | null;
}

function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
  return `${(a / b).toFixed(2)}×`;
}

export function resultsTable(results: RunResults): string {
  const rows: Row[] = [];
  const m = results.meeting;
  const each = (pick: (k: ServerKind) => number | undefined) => {
    const values: Partial<Record<ServerKind, number>> = {};
    for (const kind of results.servers) {
      const value = pick(kind);
      if (value !== undefined) values[kind] = value;
    }
    return values;
  };
  for (const [phase, key] of [
    ['1a text', 'text'],
    ['1b text + carets', 'carets'],
  ] as const) {
    if (Object.keys(m).length === 0) break;
    const flagged: Partial<Record<ServerKind, boolean>> = {};
    for (const kind of results.servers) flagged[kind] = (m[kind]?.[key].closeCodes.length ?? 0) > 0 || (m[kind]?.[key].missing ?? 0) > 0;
    rows.push([`${phase}: propagation p50 (ms)`, each((k) => m[k]?.[key].latencyMs.p50), 1, undefined, flagged]);
    rows.push([`${phase}: propagation p95 (ms)`, each((k) => m[k]?.[key].latencyMs.p95), 1, undefined, flagged]);
    rows.push([
      `${phase}: propagation p99 (ms)`,
      each((k) => m[k]?.[key].latencyMs.p99),
      1,
      key === 'text' ? '≤ stock' : '≤ best ref',
      flagged,
    ]);
    rows.push([`${phase}: propagation max (ms)`, each((k) => m[k]?.[key].latencyMs.max), 1, undefined, flagged]);
    rows.push([
      `${phase}: server CPU (s)`,
      each((k) => m[k]?.[key].cpuSeconds),
      2,
      key === 'text' ? '≤ 1.3× stock' : '≤ best ref',
      flagged,
    ]);
    rows.push([`${phase}: server peak RSS (MB)`, each((k) => (m[k] ? mb(m[k]![key].peakRssBytes) : undefined)), 0]);
    rows.push([`${phase}: connections the server closed`, each((k) => m[k]?.[key].closeCodes.length), 0, 'none']);
    rows.push([
      `${phase}: CPU of other processes meanwhile (s)`,
      each((k) => (m[k] ? Math.max(0, m[k]![key].otherCpuSeconds) : undefined)),
      1,
    ]);
    rows.push([
      `${phase}: % of keystroke arrivals missing`,
      each((k) => (m[k] ? (100 * m[k]![key].missing) / Math.max(1, m[k]![key].expected) : undefined)),
      1,
      'none',
    ]);
  }
  if (Object.keys(m).length > 0) {
    rows.push(['1 arrival all at once: time to synced p50 (ms)', each((k) => m[k]?.burst.joinMs.p50), 0]);
    rows.push(['1 arrival all at once: time to synced p99 (ms)', each((k) => m[k]?.burst.joinMs.p99), 0]);
    rows.push(['1 arrival all at once: server CPU (s)', each((k) => m[k]?.burst.cpuSeconds), 2]);
    rows.push(['1 arrival over a few s: time to synced p50 (ms)', each((k) => m[k]?.gradual.joinMs.p50), 0]);
    rows.push(['1 arrival over a few s: time to synced p99 (ms)', each((k) => m[k]?.gradual.joinMs.p99), 0]);
  }
  const replay = results.traces.replay;
  for (const [name, bare] of Object.entries(results.traces.bare)) {
    const find = (k: ServerKind) => replay[k]?.find((r) => r.trace === name);
    rows.push([`2 ${name}: updates/s through the server`, each((k) => find(k)?.updatesPerSecond), 0]);
    rows.push([
      `2 ${name}: bare Y.Doc alongside (updates/s; ${fmt(bare.updatesPerSecond, 0)}/s at start)`,
      each((k) => find(k)?.bareUpdatesPerSecond ?? bare.updatesPerSecond),
      0,
    ]);
    rows.push([`2 ${name}: % of bare Y.Doc`, each((k) => (find(k) ? shareOfBare(find(k)!, bare) : undefined)), 1, '≥ 50%']);
    rows.push([`2 ${name}: server CPU (s)`, each((k) => find(k)?.cpuSeconds), 2]);
    rows.push([
      `2 ${name}: CPU of other processes meanwhile (s)`,
      each((k) => (find(k) ? Math.max(0, find(k)!.otherCpuSeconds) : undefined)),
      1,
    ]);
  }
  const j = results.joinStorm;
  if (Object.keys(j).length > 0) {
    const any = Object.values(j)[0]!;
    const label = `3 join storm (${any.clients} clients, ${(any.documentBytes / 1e6).toFixed(2)} MB)`;
    rows.push([`${label}: p50 to synced (ms)`, each((k) => j[k]?.joinMs.p50), 0, '< 1000 ms']);
    rows.push([`${label}: p99 to synced (ms)`, each((k) => j[k]?.joinMs.p99), 0]);
    rows.push([`${label}: server CPU (s)`, each((k) => j[k]?.cpuSeconds), 2]);
    rows.push([`${label}: server peak RSS (MB)`, each((k) => (j[k] ? mb(j[k]!.peakRssBytes) : undefined)), 0]);
  }
  const mem = results.memory;
  if (Object.keys(mem).length > 0) {
    rows.push(['6 heap per idle connection (KB)', each((k) => mem[k]?.heapPerConnectionKb), 1]);
    rows.push(['6 heap per loaded document (KB, 12 KB of text)', each((k) => mem[k]?.heapPerDocumentKb), 1]);
    rows.push(['6 RSS per idle connection (KB)', each((k) => mem[k]?.perConnectionKb), 1]);
    rows.push(['6 RSS per loaded document (KB)', each((k) => mem[k]?.perDocumentKb), 1]);
  }
  const s = results.startup;
  if (Object.keys(s).length > 0) {
    rows.push(['start: time to first answer (ms)', each((k) => s[k]?.wallMs), 0]);
    rows.push(['start: CPU (s)', each((k) => s[k]?.cpuSeconds), 2]);
    rows.push(['start: RSS after start (MB)', each((k) => s[k]?.rssMb), 0]);
  }

  const lines = [
    '| Scenario / metric | Draftroom | stock Yjs | Hocuspocus | Draftroom / stock | Draftroom / Hocuspocus | target |',
    '|---|--:|--:|--:|--:|--:|---|',
  ];
  let anyFlag = false;
  for (const [label, values, digits, target, flagged] of rows) {
    const cell = (kind: ServerKind) => {
      const mark = flagged?.[kind] && values[kind] !== undefined ? FLAG : '';
      if (mark) anyFlag = true;
      return `${fmt(values[kind], digits)}${mark}`;
    };
    const context = label.includes('other processes');
    const pair = (kind: ServerKind) => (context || flagged?.draftroom || flagged?.[kind] ? '–' : ratio(values.draftroom, values[kind]));
    lines.push(
      `| ${label} | ${cell('draftroom')} | ${cell('yws')} | ${cell('hocuspocus')} | ${pair('yws')} | ${pair('hocuspocus')} | ${target ?? ''} |`,
    );
  }
  if (anyFlag) lines.push('', FOOTNOTE);
  return lines.join('\n');
}

/** /healthz while scenario 7 runs stays under this (issue 10). */
export const LONG_AMENDMENTS_HEALTH_TARGET_MS = 50;

/** Scenario 7's rows, Draftroom only: the reference servers have no amendments, so their cells say so. */
export function longAmendmentsTable(results: RunResults): string {
  const r = results.longAmendments;
  if (!r) return '';
  const o = r.options;
  const label = '7 long-paragraph amendments';
  const none = 'no amendments';
  const rows: Array<[string, number, number, string?]> = [
    ['/healthz while it runs: p50 (ms)', r.healthMs.p50, 1],
    ['/healthz while it runs: p95 (ms)', r.healthMs.p95, 1],
    ['/healthz while it runs: p99 (ms)', r.healthMs.p99, 1],
    ['/healthz while it runs: max (ms)', r.healthMs.max, 1, `< ${LONG_AMENDMENTS_HEALTH_TARGET_MS} ms`],
    [`/healthz while it runs: answers over ${LONG_AMENDMENTS_HEALTH_TARGET_MS} ms (of ${r.healthMs.count})`, r.healthOver50, 0],
    ['proposal, answered: p50 (ms)', r.proposeMs.p50, 0],
    ['proposal, answered: max (ms)', r.proposeMs.max, 0],
    ['GET …/amendments: p50 (ms)', r.listMs.p50, 0],
    ['GET …/amendments: p99 (ms)', r.listMs.p99, 0],
    ['GET …/amendments: max (ms)', r.listMs.max, 0],
    ['GET …/amendments, slowest after an edit: median (ms)', r.listAfterEditMs.p50, 0],
    ['accept one (ms)', r.acceptMs, 0],
    ['server CPU (s)', r.cpuSeconds, 2],
  ];
  const lines = [
    '| Scenario / metric | Draftroom | stock Yjs | Hocuspocus | Draftroom / stock | Draftroom / Hocuspocus | target |',
    '|---|--:|--:|--:|--:|--:|---|',
    ...rows.map(
      ([metric, value, digits, target]) => `| ${label}: ${metric} | ${fmt(value, digits)} | ${none} | ${none} | – | – | ${target ?? ''} |`,
    ),
  ];
  const notes = [
    `Scenario 7, Draftroom only (the reference servers have no amendments): a paragraph of ${o.paragraphWords.toLocaleString('en')} words (${r.paragraphChars.toLocaleString('en')} characters), ` +
      `${o.amendments} replace amendments of ${o.replacementWords.toLocaleString('en')} words (${r.replacementChars.toLocaleString('en')} characters) proposed at once, ` +
      `listed by ${o.people} connected people at once, then ${o.edits} edit${o.edits === 1 ? '' : 's'} to the paragraph each listed again by all, then one accepted; /healthz asked back to back throughout.`,
  ];
  if (r.failures.length || r.healthFailures)
    notes.push(`Failures: ${[...r.failures, ...(r.healthFailures ? [`${r.healthFailures} /healthz requests failed`] : [])].join('; ')}.`);
  return [...lines, '', ...notes].join('\n');
}

export function lockCostTable(results: RunResults): string {
  if (results.lockCost.length === 0) return '';
  const lines = [
    '| 4 paragraphs (half locked) | Yjs clients in doc | bare Y.Doc apply (µs) | apply + lock check (µs) | check overhead (µs) | whole pipeline (µs) | refused keystroke, whole pipeline (µs) |',
    '|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of results.lockCost) {
    lines.push(
      `| ${row.paragraphs.toLocaleString('en')} | ${row.authors.toLocaleString('en')} | ${fmt(row.bareUs)} | ${fmt(row.checkedUs)} | ${fmt(row.checkedUs - row.bareUs)} | ${fmt(row.pipelineUs)} | ${fmt(row.refusedUs)} |`,
    );
  }
  return lines.join('\n');
}

export function checkTargets(results: RunResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const m = results.meeting;
  if (m.draftroom && m.yws) {
    const d = m.draftroom.text;
    const y = m.yws.text;
    checks.push({
      id: '1a',
      target: "p99 ≤ stock Yjs p99 and server CPU ≤ 1.3× stock's",
      measured: `p99 ${fmt(d.latencyMs.p99)} vs ${fmt(y.latencyMs.p99)} ms; CPU ${fmt(d.cpuSeconds, 2)} vs ${fmt(y.cpuSeconds, 2)} s (${ratio(d.cpuSeconds, y.cpuSeconds)})`,
      met: d.missing === 0 && d.latencyMs.p99 <= y.latencyMs.p99 && d.cpuSeconds <= 1.3 * y.cpuSeconds,
    });
  }
  if (m.draftroom && m.yws && m.hocuspocus) {
    const d = m.draftroom.carets;
    const bestP99 = Math.min(m.yws.carets.latencyMs.p99, m.hocuspocus.carets.latencyMs.p99);
    const bestCpu = Math.min(m.yws.carets.cpuSeconds, m.hocuspocus.carets.cpuSeconds);
    checks.push({
      id: '1b',
      target: 'p99 and server CPU ≤ the better reference',
      measured: `p99 ${fmt(d.latencyMs.p99)} vs best ${fmt(bestP99)} ms; CPU ${fmt(d.cpuSeconds, 2)} vs best ${fmt(bestCpu, 2)} s`,
      met: d.missing === 0 && d.latencyMs.p99 <= bestP99 && d.cpuSeconds <= bestCpu,
    });
  }
  const replays = results.traces.replay.draftroom ?? [];
  if (replays.length > 0) {
    const shares = replays.map((r) => ({ r, share: shareOfBare(r, results.traces.bare[r.trace]!) }));
    checks.push({
      id: '2',
      target: '≥ 50% of bare Y.Doc throughput',
      measured: shares.map(({ r, share }) => `${r.trace} ${fmt(share)}%${r.timedOut ? ' (timed out)' : ''}`).join(', '),
      met: shares.every(({ r, share }) => share >= 50 && !r.timedOut),
    });
  }
  const j = results.joinStorm.draftroom;
  if (j) {
    checks.push({
      id: '3',
      target: 'join storm p50 < 1 s',
      measured: `p50 ${fmt(j.joinMs.p50, 0)} ms, p99 ${fmt(j.joinMs.p99, 0)} ms${j.notSynced ? `, ${j.notSynced} never synced` : ''}`,
      met: j.notSynced === 0 && j.joinMs.p50 < 1000,
    });
  }
  const single = results.lockCost.filter((r) => r.authors === 1).sort((a, b) => a.paragraphs - b.paragraphs);
  const small = single[0];
  const large = single[single.length - 1];
  if (small && large && large !== small) {
    const n = (x: number) => x.toLocaleString('en');
    checks.push({
      id: '4',
      target: `${n(large.paragraphs)}-paragraph cost ≤ 1.5× the ${n(small.paragraphs)}-paragraph cost${large.paragraphs === 10_000 ? '' : ' (issue 6: 10,000 vs 10; smaller in this run)'}`,
      measured: `apply + check ${fmt(large.checkedUs)} vs ${fmt(small.checkedUs)} µs (${ratio(large.checkedUs, small.checkedUs)}); whole pipeline ${ratio(large.pipelineUs, small.pipelineUs)}; refused keystroke ${ratio(large.refusedUs, small.refusedUs)}`,
      met: large.checkedUs <= 1.5 * small.checkedUs && large.pipelineUs <= 1.5 * small.pipelineUs,
    });
  }
  const long = results.longAmendments;
  if (long) {
    checks.push({
      id: '7',
      target: `/healthz under ${LONG_AMENDMENTS_HEALTH_TARGET_MS} ms while the long-paragraph amendment case runs (Draftroom only)`,
      measured: `p50 ${fmt(long.healthMs.p50)} ms, p99 ${fmt(long.healthMs.p99)} ms, max ${fmt(long.healthMs.max)} ms (${long.healthOver50} of ${long.healthMs.count} over ${LONG_AMENDMENTS_HEALTH_TARGET_MS} ms); proposal max ${fmt(long.proposeMs.max, 0)} ms, list p99 ${fmt(long.listMs.p99, 0)} ms`,
      met: long.failures.length === 0 && long.healthFailures === 0 && long.healthMs.max < LONG_AMENDMENTS_HEALTH_TARGET_MS,
    });
  }
  const b = results.browser;
  checks.push({
    id: '5',
    target: 'keystroke-to-paint p95 < 16 ms',
    measured: b === null ? 'not run' : 'skipped' in b ? `skipped: ${b.skipped}` : `p50 ${fmt(b.p50Ms)} ms, p95 ${fmt(b.p95Ms)} ms`,
    met: b === null || 'skipped' in b ? null : b.p95Ms < 16,
  });
  return checks;
}

export function targetsList(checks: TargetCheck[]): string {
  return checks
    .map((c) => `- **${c.id}** ${c.target}: ${c.met === null ? 'NOT MEASURED' : c.met ? 'MET' : 'MISSED'} — ${c.measured}`)
    .join('\n');
}

/** A replay's throughput as a percentage of the bare Y.Doc measured alongside it (or at the start, in older results). */
function shareOfBare(replay: ReplayResult, bareAtStart: BareResult): number {
  return (100 * replay.updatesPerSecond) / (replay.bareUpdatesPerSecond ?? bareAtStart.updatesPerSecond);
}
