/**
 * This page's unsynced work: which local changes the server has not confirmed
 * (pendingLedger.ts), whether they are saved on this computer (localCopy.ts), and the Yjs
 * client ids this person has written under in this room (so a restore of their words is
 * recognised after a reload too). RoomConnection feeds it and reads it.
 */
import type * as Y from 'yjs';
import { LocalCopy, type LocalCopyMeta } from './localCopy';
import { PendingLedger } from './pendingLedger';
import type { NotKeptEntry } from './notKept';

/** Where the waiting changes are: saved on this computer, being saved, or only in this tab. */
export type KeptWhere = 'computer' | 'saving' | 'tab';

/** Saving what is kept beside the document waits this long after a change (the document itself is written at once). */
const SAVE_DELAY_MS = 150;
/** A save still unconfirmed after this long shows as "saving" (a slow or stuck disk); shorter ones are not worth a flicker. */
const SLOW_SAVE_MS = 1_000;

export class KeptWork {
  readonly ledger = new PendingLedger();
  readonly ownClients = new Set<number>();
  private readonly copy: LocalCopy | null;
  private changeSeq = 0;
  private savedSeq = 0;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private slowTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the oldest change not yet confirmed saved was made (null: all saved). */
  private unsavedSince: number | null = null;
  private clientsSaved = 0;
  private closed = false;

  constructor(
    private readonly doc: Y.Doc,
    copyName: string | null,
    private readonly onChange: () => void,
  ) {
    this.copy = copyName ? new LocalCopy(copyName, doc) : null;
    this.ownClients.add(doc.clientID);
  }

  /** The origin of the changes the local copy applies when it loads. */
  get copyOrigin(): unknown {
    return this.copy?.origin ?? null;
  }

  get waiting(): number {
    return this.ledger.count;
  }

  get where(): KeptWhere {
    if (!this.copy?.available) return 'tab';
    return this.unsavedSince !== null && Date.now() - this.unsavedSince >= SLOW_SAVE_MS ? 'saving' : 'computer';
  }

  /** Loads the local copy (if this page keeps one); resolves with the "Not kept" entries it held. */
  async load(): Promise<unknown[]> {
    if (!this.copy) return [];
    const meta: LocalCopyMeta = await this.copy.load();
    this.ledger.restore(meta.pending);
    for (const client of meta.clients) this.ownClients.add(client);
    this.clientsSaved = this.ownClients.size;
    this.onChange();
    return meta.notKept;
  }

  /** A change made in this page. */
  noteLocal(update: Uint8Array): void {
    this.ownClients.add(this.doc.clientID); // Yjs may pick a new id after a clash
    this.ledger.noteLocal(update);
    this.changeSeq += 1;
    this.scheduleSave();
    this.onChange();
  }

  /** A sync message from the server (0 step 1, 1 step 2, 2 update). */
  noteServer(syncType: number, payload: Uint8Array): void {
    if (!this.ledger.noteServer(syncType, payload)) return;
    this.changeSeq += 1;
    this.scheduleSave();
    this.onChange();
  }

  saveNotKept(entries: NotKeptEntry[]): void {
    void this.copy?.saveMeta({ notKept: entries });
  }

  /** Stops writing; the copy stays for the next page. */
  close(): void {
    this.closed = true;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    if (this.slowTimer) clearTimeout(this.slowTimer);
    // What is waiting is written once more, then the copy is let go.
    const copy = this.copy;
    if (copy) void copy.saveMeta(this.meta()).finally(() => void copy.close());
  }

  /** Deletes the copy: nothing of it may be sent any more (revoked, expired, room gone), or it is not this page's to keep. */
  async drop(): Promise<void> {
    this.closed = true;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    if (this.slowTimer) clearTimeout(this.slowTimer);
    await this.copy?.drop();
    this.onChange();
  }

  private meta(): Partial<LocalCopyMeta> {
    const meta: Partial<LocalCopyMeta> = { pending: this.ledger.toJSON() };
    if (this.ownClients.size !== this.clientsSaved) meta.clients = [...this.ownClients];
    return meta;
  }

  private scheduleSave(): void {
    if (!this.copy || this.closed) return;
    if (this.unsavedSince === null) {
      this.unsavedSince = Date.now();
      this.slowTimer = setTimeout(() => {
        this.slowTimer = null;
        this.onChange();
      }, SLOW_SAVE_MS);
    }
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      const seq = this.changeSeq;
      const meta = this.meta();
      void this.copy!.saveMeta(meta).then((ok) => {
        if (!ok) return this.onChange();
        if (meta.clients) this.clientsSaved = meta.clients.length;
        if (seq > this.savedSeq) this.savedSeq = seq;
        if (this.savedSeq === this.changeSeq) {
          this.unsavedSince = null;
          if (this.slowTimer) clearTimeout(this.slowTimer);
          this.slowTimer = null;
        } else this.scheduleSave();
        this.onChange();
      });
    }, SAVE_DELAY_MS);
  }
}
