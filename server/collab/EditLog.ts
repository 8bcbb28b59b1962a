/**
 * When people wrote, beside who (ClientAuthors): the record behind "hover a stretch of text for
 * its author and time" (PROTOCOL.md U2) and "edits per paragraph" in the activity log (U3).
 *
 *  - Time per character, to the minute: Yjs numbers each client id's characters with a clock
 *    that only grows, so one mark "from clock N on, at time T" per client id and minute of
 *    writing dates every character after it, until the next mark.
 *  - Stretches of editing: one record per person and paragraph, extended while they keep
 *    editing it and closed after EDIT_STRETCH_GAP_MS without a change there.
 *
 * Both are metadata: recording never stands in the way of an edit. If the store cannot write
 * now (F1), the mark or the stretch is tried again on the next change.
 */
import type { SqliteStore } from '../store/SqliteStore.js';
import { identityKey, type Session } from './Session.js';

/** A new mark per client id at most this often: hover times are to the minute. */
export const CLOCK_MARK_MS = 60_000;
/** A paragraph left this long by a person ends their stretch of editing there. */
export const EDIT_STRETCH_GAP_MS = 5 * 60_000;
/** Open stretches kept in memory before the ended ones are dropped (each is a few dozen bytes). */
const MAX_OPEN_STRETCHES = 10_000;

type Editor = Pick<Session, 'inviteId' | 'name' | 'delegation'>;

export class EditLog {
  private readonly lastMark = new Map<number, number>();
  private readonly open = new Map<string, { id: number; lastMs: number }>();

  constructor(
    private readonly docId: string,
    private readonly store: SqliteStore,
  ) {}

  /** Characters of client id `clientId` from `clock` on are being written now. */
  noteClock(clientId: number, clock: number, now = Date.now()): void {
    if (now - (this.lastMark.get(clientId) ?? Number.NEGATIVE_INFINITY) < CLOCK_MARK_MS) return;
    try {
      this.store.recordClockTime(this.docId, { clientId, clock, at: new Date(now).toISOString() });
      this.lastMark.set(clientId, now);
    } catch {
      // Not written: the next change under this id marks it.
    }
  }

  /** `editor` changed these paragraphs now (a change the room kept). */
  noteEdits(editor: Editor, blockIds: Iterable<string>, now = Date.now()): void {
    const at = new Date(now).toISOString();
    for (const blockId of blockIds) {
      const key = `${blockId}\u0000${identityKey(editor)}`;
      const open = this.open.get(key);
      try {
        if (open !== undefined && now - open.lastMs < EDIT_STRETCH_GAP_MS) {
          this.store.extendEditStretch(open.id, at);
          open.lastMs = now;
          continue;
        }
        const id = this.store.insertEditStretch({
          docId: this.docId,
          blockId,
          inviteId: editor.inviteId,
          name: editor.name,
          delegation: editor.delegation,
          firstAt: at,
          lastAt: at,
          changes: 1,
        });
        this.open.set(key, { id, lastMs: now });
      } catch {
        // Not written: the next change to this paragraph tries again.
      }
    }
    if (this.open.size > MAX_OPEN_STRETCHES) this.dropEnded(now);
  }

  private dropEnded(now: number): void {
    for (const [key, open] of this.open) if (now - open.lastMs >= EDIT_STRETCH_GAP_MS) this.open.delete(key);
  }
}
