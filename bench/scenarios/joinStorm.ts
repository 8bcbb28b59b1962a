/**
 * Scenario 3, join storm: 150 people open a room whose document is ~1 MB at the same
 * moment. Time to synced = from opening the socket to receiving the server's sync step 2
 * (what y-websocket's provider calls synced). The clients behave on the wire like the stock
 * providers (presence, step 1/2, y-websocket's awareness echo) but do not apply the 1 MB:
 * each person's browser does that in parallel, one load-generator process would serialize it.
 */
import { RawClient } from '../lib/rawClient.js';
import { documentOfSize, seedRoom } from '../lib/documents.js';
import { createRoom } from '../lib/rooms.js';
import { resetPeakRss, sampleProcess } from '../lib/proc.js';
import type { RunningServer } from '../lib/servers.js';
import { distribution, settle, sleep, until, type Distribution } from '../lib/stats.js';

export interface JoinStormResult {
  clients: number;
  documentBytes: number;
  joinMs: Distribution;
  notSynced: number;
  cpuSeconds: number;
  peakRssBytes: number;
  closeCodes: number[];
  window: [number, number];
}

export async function runJoinStorm(server: RunningServer, clients: number, documentBytes: number): Promise<JoinStormResult> {
  const room = await createRoom(server, clients + 2, 'Join storm');
  const { update } = documentOfSize(documentBytes);
  const holder = await seedRoom(room, update, clients);
  await settle(server.pid, 5_000);
  resetPeakRss(server.pid);
  const before = sampleProcess(server.pid);
  const started = performance.now();
  const opening = Array.from({ length: clients }, (_, i) =>
    RawClient.open(room, i, { asProvider: { name: `Delegate ${i + 1}` } }, 60_000).catch(() => null),
  );
  const people = await Promise.all(opening);
  const joined = people.filter((p): p is RawClient => p !== null);
  await until(() => joined.every((p) => p.syncedAt !== null), 60_000);
  const after = sampleProcess(server.pid);
  const ended = performance.now();
  const joins = joined.filter((p) => p.syncedAt !== null).map((p) => p.syncedAt! - p.startedAt);
  const closeCodes = joined.flatMap((p) => p.closeCodes);
  for (const person of joined) person.close();
  holder.close();
  await sleep(300);
  return {
    clients,
    documentBytes: update.length,
    joinMs: distribution(joins),
    notSynced: clients - joins.length,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    peakRssBytes: after.peakRssBytes,
    closeCodes,
    window: [started, ended],
  };
}
