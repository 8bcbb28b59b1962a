/**
 * Which of this person's changes the server is known to hold. The stock provider has no
 * acknowledgement, so this reads what the server sends anyway: its state vector (sync step 1,
 * at every join), its whole delete set (sync step 2), and every change it broadcasts, which
 * it persists first (PROTOCOL.md D1) and sends to the author too. A local change is waiting
 * until every item it made is under the server's clock and every deletion it made is in a
 * delete set the server sent. Work is proportional to the changes, never to the document:
 * server messages are decoded only while something is waiting.
 */
import * as Y from 'yjs';

type Range = [client: number, clock: number, len: number];

/** One local change, as stored with the local copy (JSON). */
export interface PendingChange {
  /** Per client: the clock just past the last item this change made. */
  made: [client: number, end: number][];
  /** Deletions this change made that no server message has confirmed yet. */
  deleted: Range[];
  /** How many changes this entry stands for (older ones are folded together); 1 if absent. */
  n?: number;
}

/** At most this many changes are tracked one by one; older ones fold together (the count stays right). */
const MAX_TRACKED = 5_000;

export class PendingLedger {
  private changes: { made: Map<number, number>; deleted: Range[]; weight: number }[] = [];
  private readonly serverClocks = new Map<number, number>();

  /** How many local changes are waiting for the server. */
  get count(): number {
    let n = 0;
    for (const change of this.changes) n += change.weight;
    return n;
  }

  /** Notes a change made in this browser (its Yjs update). */
  noteLocal(update: Uint8Array): void {
    const { structs, ds } = Y.decodeUpdate(update);
    const made = new Map<number, number>();
    for (const struct of structs) {
      const end = struct.id.clock + struct.length;
      if (end > (made.get(struct.id.client) ?? 0)) made.set(struct.id.client, end);
    }
    const deleted: Range[] = [];
    for (const [client, items] of ds.clients) {
      for (const item of items) deleted.push([client, item.clock, item.len]);
    }
    const change = { made, deleted, weight: 1 };
    if (this.confirmed(change)) return;
    this.changes.push(change);
    if (this.changes.length > MAX_TRACKED) this.fold();
  }

  /** Reads a sync message the server sent (0 step 1, 1 step 2, 2 update); true if the count changed. */
  noteServer(syncType: number, payload: Uint8Array): boolean {
    if (this.changes.length === 0) return false;
    const before = this.count;
    if (syncType === 0) {
      for (const [client, clock] of Y.decodeStateVector(payload)) this.raiseClock(client, clock);
    } else {
      const { structs, ds } = Y.decodeUpdate(payload);
      for (const struct of structs) this.raiseClock(struct.id.client, struct.id.clock + struct.length);
      ds.clients.forEach((items, client) => {
        for (const change of this.changes) change.deleted = subtract(change.deleted, client, items);
      });
    }
    this.changes = this.changes.filter((change) => !this.confirmed(change));
    return this.count !== before;
  }

  /** For the local copy: what is waiting, as JSON-friendly values. */
  toJSON(): PendingChange[] {
    return this.changes.map((change) => ({
      made: [...change.made],
      deleted: change.deleted,
      ...(change.weight > 1 ? { n: change.weight } : {}),
    }));
  }

  /** Adds changes kept by an earlier page (a reload, a crash). */
  restore(saved: PendingChange[]): void {
    for (const entry of saved) {
      if (!Array.isArray(entry?.made) || !Array.isArray(entry?.deleted)) continue;
      const weight = typeof entry.n === 'number' && entry.n > 1 ? Math.floor(entry.n) : 1;
      this.changes.push({ made: new Map(entry.made), deleted: entry.deleted, weight });
    }
    if (this.changes.length > MAX_TRACKED) this.fold();
  }

  private raiseClock(client: number, clock: number): void {
    if (clock > (this.serverClocks.get(client) ?? 0)) this.serverClocks.set(client, clock);
  }

  private confirmed(change: { made: Map<number, number>; deleted: Range[] }): boolean {
    if (change.deleted.length > 0) return false;
    for (const [client, end] of change.made) if ((this.serverClocks.get(client) ?? 0) < end) return false;
    return true;
  }

  /** Folds the oldest half into one entry that waits for all of them. */
  private fold(): void {
    const half = this.changes.splice(0, Math.floor(this.changes.length / 2));
    const made = new Map<number, number>();
    const deleted: Range[] = [];
    let weight = 0;
    for (const change of half) {
      for (const [client, end] of change.made) made.set(client, Math.max(end, made.get(client) ?? 0));
      deleted.push(...change.deleted);
      weight += change.weight;
    }
    this.changes.unshift({ made, deleted, weight });
  }
}

/** `ranges` less what `items` (deletions of `client` the server confirmed) cover. */
function subtract(ranges: Range[], client: number, items: { clock: number; len: number }[]): Range[] {
  if (ranges.length === 0) return ranges;
  let rest = ranges;
  for (const { clock, len } of items) {
    const end = clock + len;
    const next: Range[] = [];
    for (const range of rest) {
      const [c, start, length] = range;
      const stop = start + length;
      if (c !== client || end <= start || clock >= stop) {
        next.push(range);
        continue;
      }
      if (start < clock) next.push([c, start, clock - start]);
      if (end < stop) next.push([c, end, stop - end]);
    }
    rest = next;
  }
  return rest;
}
