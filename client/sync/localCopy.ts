/**
 * This person's copy of a room, kept in the browser (IndexedDB, through y-indexeddb) so that
 * changes the server has not confirmed survive a reload, a closed lid or a crashed tab. One
 * copy per room and per person (invite + name): two people sharing a laptop, or one link,
 * never mix. Beside the document it keeps what the header counts (the changes waiting), the
 * Yjs client ids this person's pages have written under, and the "Not kept" list.
 *
 * On the next connection the stock provider's sync sends the server whatever it lacks and
 * the server's rules apply as to any change (a locked paragraph is put back, and told).
 * Yjs merges: what others deleted meanwhile stays deleted, whatever an old copy holds.
 */
import * as idb from 'lib0/indexeddb';
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import type { PendingChange } from './pendingLedger';

const PREFIX = 'draftroom';
const CUSTOM_STORE = 'custom';
const UPDATES_STORE = 'updates';
/** How long loading a copy may take before the page connects without it (a stuck IndexedDB). */
const LOAD_TIMEOUT_MS = 4_000;

/** The IndexedDB database name of one person's copy of one room. */
export function localCopyName(docId: string, inviteId: string, name: string): string {
  return `${PREFIX}:${docId}:${inviteId}:${encodeURIComponent(name)}`;
}

/** What the copy keeps beside the document. */
export interface LocalCopyMeta {
  pending: PendingChange[];
  clients: number[];
  notKept: unknown[];
}

export class LocalCopy {
  private readonly persistence: IndexeddbPersistence;
  private failed = false;
  private dropped = false;

  constructor(
    readonly name: string,
    doc: Y.Doc,
  ) {
    this.persistence = new IndexeddbPersistence(name, doc);
    this.persistence._db.catch(() => (this.failed = true));
  }

  /** The origin of the changes that loading the copy applies to the document. */
  get origin(): unknown {
    return this.persistence;
  }

  /** False when IndexedDB is not available (a private window of some browsers, a full disk). */
  get available(): boolean {
    return !this.failed && !this.dropped;
  }

  /** Loads the stored document into the doc; resolves with what was kept beside it (empty if nothing). */
  async load(): Promise<LocalCopyMeta> {
    const empty: LocalCopyMeta = { pending: [], clients: [], notKept: [] };
    const loaded = Promise.race([
      this.persistence.whenSynced.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), LOAD_TIMEOUT_MS)),
    ]);
    if (!(await loaded.catch(() => false))) {
      this.failed = true;
      return empty;
    }
    try {
      const [pending, clients, notKept] = await Promise.all([
        this.persistence.get('pending'),
        this.persistence.get('clients'),
        this.persistence.get('notKept'),
      ]);
      return {
        pending: Array.isArray(pending) ? (pending as PendingChange[]) : [],
        clients: Array.isArray(clients) ? (clients as unknown[]).filter((c): c is number => typeof c === 'number') : [],
        notKept: Array.isArray(notKept) ? (notKept as unknown[]) : [],
      };
    } catch {
      return empty;
    }
  }

  /**
   * Writes what is kept beside the document. Resolves true once it is committed, and with
   * it every document change stored before it (the write spans the updates store too, so
   * IndexedDB orders it after them); false if it could not be written.
   */
  async saveMeta(meta: Partial<LocalCopyMeta>): Promise<boolean> {
    if (!this.available) return false;
    try {
      const db = await this.persistence._db;
      if (this.dropped) return false;
      const [custom] = idb.transact(db, [CUSTOM_STORE, UPDATES_STORE]);
      const done = new Promise<void>((resolve, reject) => {
        const transaction = custom!.transaction;
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error);
      });
      for (const [key, value] of Object.entries(meta)) void idb.put(custom!, value as never, key);
      await done;
      return true;
    } catch {
      this.failed = true;
      return false;
    }
  }

  /** Stops writing (the page is leaving); the copy stays. */
  async close(): Promise<void> {
    await this.persistence.destroy();
  }

  /** Deletes the copy (revoked or expired invite, room gone, an observer's leftover). */
  async drop(): Promise<void> {
    this.dropped = true;
    await this.persistence.destroy().catch(() => undefined);
    await dropLocalCopy(this.name);
  }
}

/** Deletes a copy without opening it into a document. */
export async function dropLocalCopy(name: string): Promise<void> {
  await idb.deleteDB(name).catch(() => undefined);
}

/**
 * Deletes every copy of a room kept in this browser for one invite (any name), or for the
 * whole room when `inviteId` is null: on a page that learns the invite is revoked or expired,
 * or the room is gone, before anything was opened. Browsers that cannot list their
 * databases keep them (they can never be sent: the server refuses the invite).
 */
export async function dropLocalCopiesOf(docId: string, inviteId: string | null): Promise<void> {
  const list = (indexedDB as IDBFactory & { databases?: () => Promise<IDBDatabaseInfo[]> }).databases;
  if (typeof list !== 'function') return;
  const prefix = `${PREFIX}:${docId}:${inviteId === null ? '' : `${inviteId}:`}`;
  const all = await list.call(indexedDB).catch(() => [] as IDBDatabaseInfo[]);
  await Promise.all(all.flatMap((db) => (db.name?.startsWith(prefix) ? [dropLocalCopy(db.name)] : [])));
}
