/**
 * Scenario 6, memory: what one more idle connection and one more loaded document cost the
 * server, from its RSS (and, for Draftroom, the V8 heap it reports at /metrics).
 * Phase 1 loads D documents (the 40-paragraph meeting draft), one connection each; phase 2
 * adds D idle connections to the first. Both only add, so nothing freed is reused:
 * per connection = Δ2 / D, per document = (Δ1 − Δ2) / D. When the server runs with the
 * inspector on, every reading follows two forced full GCs and includes the V8 heap.
 */
import { RawClient } from '../lib/rawClient.js';
import { paragraphsUpdate, seedRoom } from '../lib/documents.js';
import { createRoom, type Room } from '../lib/rooms.js';
import { sampleProcess } from '../lib/proc.js';
import type { RunningServer } from '../lib/servers.js';
import { Inspector, inspectorUrl } from '../lib/inspector.js';
import { settle, sleep, until } from '../lib/stats.js';

export interface MemoryResult {
  documents: number;
  connections: number;
  perDocumentKb: number;
  perConnectionKb: number;
  heapPerDocumentKb?: number;
  heapPerConnectionKb?: number;
  rssAfterStartMb: number;
  /** Readings taken after forced full GCs (server started with the inspector). */
  gcForced: boolean;
}

async function measure(server: RunningServer, inspector: Inspector | null, settleMaxMs: number): Promise<{ rss: number; heap?: number }> {
  await settle(server.pid, settleMaxMs);
  if (inspector === null) return { rss: sampleProcess(server.pid).rssBytes };
  await inspector.collectGarbage();
  await sleep(200);
  return { rss: sampleProcess(server.pid).rssBytes, heap: await inspector.heapUsedBytes() };
}

export async function runMemory(
  server: RunningServer,
  count: number,
  rssAfterStartBytes: number,
  settleMaxMs = 5_000,
): Promise<MemoryResult> {
  const update = paragraphsUpdate(40, 300);
  // Rooms and invites first: HTTP work and its garbage stay out of the deltas.
  const rooms: Room[] = [await createRoom(server, count + 2, 'Memory bench 0')];
  for (let i = 1; i < count; i++) rooms.push(await createRoom(server, 2, `Memory bench ${i}`));
  const open: RawClient[] = [];
  const url = inspectorUrl(server.output());
  const inspector = url ? await Inspector.connect(url) : null;
  try {
    const start = await measure(server, inspector, settleMaxMs);
    for (const room of rooms) open.push(await seedRoom(room, update, 0));
    const loaded = await measure(server, inspector, settleMaxMs);
    const idle = await Promise.all(
      Array.from({ length: count }, (_, i) => RawClient.open(rooms[0]!, i + 2, { asProvider: { name: `Idle ${i + 1}` } })),
    );
    open.push(...idle);
    await until(() => idle.every((c) => c.syncedAt !== null), 30_000);
    const connected = await measure(server, inspector, settleMaxMs);
    const d1 = loaded.rss - start.rss;
    const d2 = connected.rss - loaded.rss;
    const result: MemoryResult = {
      documents: count,
      connections: count,
      perDocumentKb: (d1 - d2) / count / 1024,
      perConnectionKb: d2 / count / 1024,
      rssAfterStartMb: rssAfterStartBytes / (1024 * 1024),
      gcForced: inspector !== null,
    };
    if (start.heap !== undefined && loaded.heap !== undefined && connected.heap !== undefined) {
      const h1 = loaded.heap - start.heap;
      const h2 = connected.heap - loaded.heap;
      result.heapPerDocumentKb = (h1 - h2) / count / 1024;
      result.heapPerConnectionKb = h2 / count / 1024;
    }
    return result;
  } finally {
    inspector?.close();
    for (const client of open) client.close();
    await sleep(300);
  }
}
