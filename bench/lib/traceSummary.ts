/**
 * Summarizes a Chromium performance trace (devtools.timeline): main-thread time by event
 * (Layout, UpdateLayoutTree = style, Paint, FunctionCall, …) and how much of the document
 * each Layout had to lay out. Usage: node --import tsx bench/lib/traceSummary.ts trace.json
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { beginData?: { dirtyObjects?: number; totalObjects?: number }; elementCount?: number; data?: Record<string, unknown> };
}

export interface TraceSummary {
  byEvent: Array<{ name: string; count: number; totalMs: number }>;
  /** Main-thread events nested in the browser's handling of typed text (EventDispatch textInput). */
  insideTextInput: Array<{ name: string; count: number; totalMs: number }>;
  textInputMedianMs: number;
  layouts: number;
  layoutDirtyObjectsMedian: number;
  layoutTotalObjectsMedian: number;
  styleElementsMedian: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
};

export function summarizeTrace(path: string): TraceSummary {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  // The renderer main thread: the thread with the most Layout events.
  const layoutsByThread = new Map<string, number>();
  for (const e of events)
    if (e.name === 'Layout') layoutsByThread.set(`${e.pid}:${e.tid}`, (layoutsByThread.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = [...layoutsByThread].sort((a, b) => b[1] - a[1])[0]?.[0];
  const totals = new Map<string, { count: number; us: number }>();
  const dirty: number[] = [];
  const total: number[] = [];
  const styled: number[] = [];
  for (const e of events) {
    if (`${e.pid}:${e.tid}` !== main || e.ph !== 'X' || e.dur === undefined) continue;
    const entry = totals.get(e.name) ?? { count: 0, us: 0 };
    entry.count++;
    entry.us += e.dur;
    totals.set(e.name, entry);
    if (e.name === 'Layout' && e.args?.beginData) {
      dirty.push(e.args.beginData.dirtyObjects ?? 0);
      total.push(e.args.beginData.totalObjects ?? 0);
    }
    if (e.name === 'UpdateLayoutTree' && typeof e.args?.elementCount === 'number') styled.push(e.args.elementCount);
  }
  const inputs = events.filter(
    (e) =>
      `${e.pid}:${e.tid}` === main &&
      e.ph === 'X' &&
      e.name === 'EventDispatch' &&
      (e.args?.data as { type?: string } | undefined)?.type === 'textInput',
  );
  const nested = new Map<string, { count: number; us: number }>();
  for (const e of events) {
    if (`${e.pid}:${e.tid}` !== main || e.ph !== 'X' || e.dur === undefined || e.name === 'EventDispatch') continue;
    const outer = inputs.find((input) => e.ts >= input.ts && e.ts + e.dur! <= input.ts + input.dur!);
    if (!outer) continue;
    const entry = nested.get(e.name) ?? { count: 0, us: 0 };
    entry.count++;
    entry.us += e.dur;
    nested.set(e.name, entry);
  }
  return {
    insideTextInput: [...nested]
      .map(([name, { count, us }]) => ({ name, count, totalMs: us / 1000 }))
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, 12),
    textInputMedianMs: median(inputs.map((e) => (e.dur ?? 0) / 1000)),
    byEvent: [...totals]
      .map(([name, { count, us }]) => ({ name, count, totalMs: us / 1000 }))
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, 15),
    layouts: dirty.length,
    layoutDirtyObjectsMedian: median(dirty),
    layoutTotalObjectsMedian: median(total),
    styleElementsMedian: median(styled),
  };
}

if (process.argv[1]?.endsWith('traceSummary.ts')) {
  const summary = summarizeTrace(process.argv[2]!);
  for (const e of summary.byEvent)
    process.stdout.write(`${e.totalMs.toFixed(0).padStart(7)} ms  ${String(e.count).padStart(6)}×  ${e.name}\n`);
  process.stdout.write(`inside textInput (median ${summary.textInputMedianMs.toFixed(1)} ms per keystroke):\n`);
  for (const e of summary.insideTextInput)
    process.stdout.write(`${e.totalMs.toFixed(0).padStart(7)} ms  ${String(e.count).padStart(6)}×  ${e.name}\n`);
  process.stdout.write(
    `Layout: ${summary.layouts}×, median dirty objects ${summary.layoutDirtyObjectsMedian} of ${summary.layoutTotalObjectsMedian}; style recalc median ${summary.styleElementsMedian} elements\n`,
  );
}
