/**
 * Scenario 8 (issue 15): what keeping the data in PostgreSQL costs. One editing trace replayed
 * through Draftroom on SQLite, Draftroom on PostgreSQL (a throwaway server on loopback, the one
 * the tests start, with fsync off like theirs) and the stock server (which keeps nothing), in
 * turns, `rounds` times; the median of each. Every Draftroom update is committed before it is
 * broadcast (D1), so the trace's throughput is the store's write path under load.
 */
import { startPostgres } from '../../tests/helpers/postgres.js';
import type { RunningServer, ServerKind, StartOptions } from '../lib/servers.js';
import { median } from '../lib/stats.js';
import type { BuiltTrace } from '../lib/traces.js';
import { replayTrace } from './traceReplay.js';

export const STORE_ENGINES = ['sqlite', 'postgres', 'stock'] as const;
export type StoreEngine = (typeof STORE_ENGINES)[number];

export interface StoreEngineFigures {
  updatesPerSecond: number;
  /** Server CPU for the whole replay (s). */
  cpuSeconds: number;
  /** Every replay read back the trace's final text. */
  contentMatches: boolean;
}

export interface StoreEnginesResult {
  trace: string;
  updates: number;
  rounds: number;
  engines: Record<StoreEngine, StoreEngineFigures>;
}

export async function measureStoreEngines(
  trace: BuiltTrace,
  rounds: number,
  timeoutMs: number,
  start: (kind: ServerKind, options: StartOptions) => Promise<RunningServer>,
  stop: (server: RunningServer) => Promise<void>,
): Promise<StoreEnginesResult> {
  const postgres = await startPostgres();
  try {
    const runs = new Map<StoreEngine, Array<{ updatesPerSecond: number; cpuSeconds: number; contentMatches: boolean }>>();
    for (let round = 0; round < rounds; round++) {
      for (const engine of STORE_ENGINES) {
        const options: StartOptions = engine === 'postgres' ? { env: { DATABASE_URL: await postgres.newDatabase() } } : {};
        const server = await start(engine === 'stock' ? 'yws' : 'draftroom', options);
        try {
          const run = await replayTrace(server, trace, timeoutMs);
          const list = runs.get(engine) ?? [];
          list.push({
            updatesPerSecond: run.updatesPerSecond,
            cpuSeconds: run.cpuSeconds,
            contentMatches: run.contentMatches !== false && !run.timedOut,
          });
          runs.set(engine, list);
        } finally {
          await stop(server);
        }
      }
    }
    const figures = (engine: StoreEngine): StoreEngineFigures => {
      const list = runs.get(engine) ?? [];
      return {
        updatesPerSecond: median(list.map((r) => r.updatesPerSecond)),
        cpuSeconds: median(list.map((r) => r.cpuSeconds)),
        contentMatches: list.every((r) => r.contentMatches),
      };
    };
    return {
      trace: trace.name,
      updates: trace.updates.length,
      rounds,
      engines: { sqlite: figures('sqlite'), postgres: figures('postgres'), stock: figures('stock') },
    };
  } finally {
    await postgres.stop();
  }
}

/** The scenario's table: each engine, and Draftroom on each against the stock server. */
export function storeEnginesTable(r: StoreEnginesResult): string {
  const { sqlite, postgres, stock } = r.engines;
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');
  return [
    `| 8 ${r.trace} (${r.updates.toLocaleString('en')} updates, median of ${r.rounds}) | Draftroom on SQLite | Draftroom on PostgreSQL | stock Yjs | PostgreSQL / SQLite | PostgreSQL / stock |`,
    '|---|--:|--:|--:|--:|--:|',
    `| updates/s through the server | ${sqlite.updatesPerSecond.toFixed(0)} | ${postgres.updatesPerSecond.toFixed(0)} | ${stock.updatesPerSecond.toFixed(0)} | ${ratio(postgres.updatesPerSecond, sqlite.updatesPerSecond)} | ${ratio(postgres.updatesPerSecond, stock.updatesPerSecond)} |`,
    `| server CPU (s) | ${sqlite.cpuSeconds.toFixed(2)} | ${postgres.cpuSeconds.toFixed(2)} | ${stock.cpuSeconds.toFixed(2)} | ${ratio(postgres.cpuSeconds, sqlite.cpuSeconds)} | ${ratio(postgres.cpuSeconds, stock.cpuSeconds)} |`,
    `| final text read back | ${sqlite.contentMatches ? 'yes' : 'NO'} | ${postgres.contentMatches ? 'yes' : 'NO'} | ${stock.contentMatches ? 'yes' : 'NO'} | | |`,
  ].join('\n');
}
