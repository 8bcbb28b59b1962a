/**
 * What the room knows about each block besides its text: pending amendments, open comment
 * threads, and whether it is on the projector. The margin of each block watches its own
 * entry, so a new amendment redraws one margin, never the document, and a keystroke costs
 * nothing here.
 */

export interface BlockMeta {
  /** Pending amendments to this block. */
  amendments: number;
  /** Open (unresolved) comment threads on this block. */
  comments: number;
  /** True while this block is the one shown on the projector. */
  presenting: boolean;
}

const EMPTY: BlockMeta = { amendments: 0, comments: 0, presenting: false };

type Watcher = (meta: BlockMeta) => void;

export class BlockMetaStore {
  private readonly meta = new Map<string, BlockMeta>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private presentingId: string | null = null;

  get(blockId: string): BlockMeta {
    return this.meta.get(blockId) ?? EMPTY;
  }

  get presenting(): string | null {
    return this.presentingId;
  }

  /** Calls `watcher` whenever this block's entry changes; returns the way to stop. */
  watch(blockId: string, watcher: Watcher): () => void {
    let set = this.watchers.get(blockId);
    if (!set) {
      set = new Set();
      this.watchers.set(blockId, set);
    }
    set.add(watcher);
    return () => {
      set.delete(watcher);
      if (set.size === 0) this.watchers.delete(blockId);
    };
  }

  /** Replaces the counts (block id → number); only blocks whose counts changed are told. */
  setCounts(amendments: ReadonlyMap<string, number>, comments: ReadonlyMap<string, number>): void {
    const ids = new Set([...this.meta.keys(), ...amendments.keys(), ...comments.keys()]);
    for (const id of ids) {
      this.update(id, { amendments: amendments.get(id) ?? 0, comments: comments.get(id) ?? 0 });
    }
  }

  setPresenting(blockId: string | null): void {
    if (blockId === this.presentingId) return;
    const before = this.presentingId;
    this.presentingId = blockId;
    if (before) this.update(before, { presenting: false });
    if (blockId) this.update(blockId, { presenting: true });
  }

  private update(blockId: string, patch: Partial<BlockMeta>): void {
    const current = this.get(blockId);
    const next = { ...current, ...patch };
    if (next.amendments === current.amendments && next.comments === current.comments && next.presenting === current.presenting) return;
    if (next.amendments === 0 && next.comments === 0 && !next.presenting) this.meta.delete(blockId);
    else this.meta.set(blockId, next);
    for (const watcher of this.watchers.get(blockId) ?? []) watcher(next);
  }
}
