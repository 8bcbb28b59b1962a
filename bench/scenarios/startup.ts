/**
 * Start-up: each server started `rounds` times in turn (Draftroom, stock, Hocuspocus, then
 * again), from spawning the process to its first HTTP answer, with the process's CPU time and
 * RSS at that moment; the median of each. Taking turns spreads the machine's drift over all
 * three, so the ratios hold even when the absolute figures move with the load.
 */
import { sampleProcess } from '../lib/proc.js';
import type { StartupFigures } from '../lib/results.js';
import { type ServerKind, startServer } from '../lib/servers.js';
import { median } from '../lib/stats.js';

export async function measureStartups(kinds: readonly ServerKind[], rounds: number): Promise<Partial<Record<ServerKind, StartupFigures>>> {
  const samples = new Map<ServerKind, StartupFigures[]>(kinds.map((kind) => [kind, []]));
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) {
      const t0 = performance.now();
      const server = await startServer(kind);
      const wallMs = performance.now() - t0;
      const { cpuSeconds, rssBytes } = sampleProcess(server.pid);
      samples.get(kind)?.push({ wallMs, cpuSeconds, rssMb: rssBytes / 1024 ** 2 });
      await server.stop();
    }
  }
  const figures: Partial<Record<ServerKind, StartupFigures>> = {};
  for (const [kind, list] of samples) {
    figures[kind] = {
      wallMs: median(list.map((s) => s.wallMs)),
      cpuSeconds: median(list.map((s) => s.cpuSeconds)),
      rssMb: median(list.map((s) => s.rssMb)),
    };
  }
  return figures;
}
