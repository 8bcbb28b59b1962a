/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and lists where the time went: self time per
 * function and per package, and inclusive (total) time for chosen functions.
 * Usage: node --import tsx bench/lib/profileSummary.ts <file.cpuprofile> [top=25] [fromMs toMs]
 *        [--grep=name1,name2] (inclusive time of functions whose label contains a name)
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  totalMs: number;
  selfPct: number;
}

export interface ProfileReport {
  totalMs: number;
  idleMs: number;
  /** Samples outside JavaScript ("(program)": in a browser, style, layout, paint, editing). */
  programMs: number;
  functions: ProfileLine[];
  packages: ProfileLine[];
}

/** `window`: only samples between these ms after the profile started (a phase of the run). */
export function summarizeProfile(path: string, top = 25, window?: [number, number]): ProfileReport {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window[0] * 1000 || at > window[1] * 1000)) continue;
    const id = profile.samples[i]!;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  }
  const label = (node: ProfileNode) => {
    const file = node.callFrame.url
      .replace(/^file:\/\//, '')
      .replace(/^.*\/node_modules\//, '')
      .replace(/^.*\/main\//, '');
    return `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
  };
  const pkg = (node: ProfileNode) => {
    const url = node.callFrame.url;
    if (!url) return node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : '(native)';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1]!;
    if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
    const local = /\/main\/([^/]+\/(?:[^/]+\/)?)/.exec(url);
    return local ? local[1]! : url;
  };
  const selfByFn = new Map<string, number>();
  const totalByFn = new Map<string, number>();
  const selfByPkg = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let program = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    total += us;
    if (node.callFrame.functionName === '(idle)') idle += us;
    if (node.callFrame.functionName === '(program)') program += us;
    const name = label(node);
    selfByFn.set(name, (selfByFn.get(name) ?? 0) + us);
    selfByPkg.set(pkg(node), (selfByPkg.get(pkg(node)) ?? 0) + us);
    // Inclusive time: count each distinct function once per sample stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = label(byId.get(at)!);
      if (seen.has(frame)) continue;
      seen.add(frame);
      totalByFn.set(frame, (totalByFn.get(frame) ?? 0) + us);
    }
  }
  const busy = total - idle;
  const lines = (map: Map<string, number>) =>
    [...map]
      .filter(([name]) => !name.startsWith('(idle)') && !name.startsWith('(program)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: us / 1000, totalMs: (totalByFn.get(name) ?? us) / 1000, selfPct: (100 * us) / busy }));
  return { totalMs: total / 1000, idleMs: idle / 1000, programMs: program / 1000, functions: lines(selfByFn), packages: lines(selfByPkg) };
}

/** Inclusive time of every function whose label contains `needle`. */
export function inclusiveTime(path: string, needle: string, window?: [number, number]): Array<{ name: string; totalMs: number }> {
  const report = summarizeProfile(path, 100_000, window);
  return report.functions.filter((line) => line.name.includes(needle)).map((line) => ({ name: line.name, totalMs: line.totalMs }));
}

export function formatProfile(report: ProfileReport): string {
  const out = [
    `busy ${(report.totalMs - report.idleMs).toFixed(0)} ms of ${report.totalMs.toFixed(0)} ms sampled, of which ${report.programMs.toFixed(0)} ms outside JavaScript ("(program)")`,
  ];
  out.push('self time by package:');
  for (const line of report.packages.slice(0, 12))
    out.push(`  ${line.selfPct.toFixed(1).padStart(5)}%  ${line.selfMs.toFixed(0).padStart(6)} ms  ${line.name}`);
  out.push('self time by function (total = inclusive):');
  for (const line of report.functions) {
    out.push(
      `  ${line.selfPct.toFixed(1).padStart(5)}%  ${line.selfMs.toFixed(0).padStart(6)} ms  total ${line.totalMs.toFixed(0).padStart(6)} ms  ${line.name}`,
    );
  }
  return out.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const grep = process.argv
    .find((a) => a.startsWith('--grep='))
    ?.slice(7)
    .split(',');
  const [file, top, from, to] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: profileSummary.ts <file.cpuprofile> [top] [fromMs toMs]\n');
    process.exit(2);
  }
  const window: [number, number] | undefined = from !== undefined ? [Number(from), Number(to ?? Infinity)] : undefined;
  process.stdout.write(`${formatProfile(summarizeProfile(file, Number(top ?? 25), window))}\n`);
  for (const needle of grep ?? []) {
    for (const line of inclusiveTime(file, needle, window)
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, 5)) {
      process.stdout.write(`  inclusive ${line.totalMs.toFixed(0).padStart(7)} ms  ${line.name}\n`);
    }
  }
}
