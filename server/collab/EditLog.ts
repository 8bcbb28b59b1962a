/**
 * When people wrote, beside who (ClientAuthors): the record behind "hover a stretch of text for
 * its author and time" (PROTOCOL.md U2) and "edits per paragraph" in the activity log (U3).
 *
 *  - Time per character, to the minute: Yjs numbers each client id's characters with a clock
 *    that only grows, so one mark "from clock N on, at time T" per client id and minute of
 *    writing dates every character after it, until the next mark.
 *  - Stretches of editing: one record per person and paragraph, extended while they keep
 *    editing it and closed after EDIT_STRETCH_GAP_MS without a change there. This is on the
 *    path of every keystroke, so a stretch is written when it starts and then at most every
 *    STRETCH_WRITE_MS, counting the changes between in memory; `flush` writes what is held
 *    (before the stretches are listed, and when the room closes).
 *
 * Both are metadata, written through the server's EditRecords (batched, off the keystroke's
 * path): recording never stands in the way of an edit, and what the store refuses (F1) is
 * tried again.
 */
import type { EditRecords, HeldStretch } from './EditRecords.js';
import { identityKey, type Session } from './Session.js';

/** A new mark per client id at most this often: hover times are to the minute. */
export const CLOCK_MARK_MS = 60_000;
/** A paragraph left this long by a person ends their stretch of editing there. */
export const EDIT_STRETCH_GAP_MS = 5 * 60_000;
/** An open stretch's record is brought up to date at most this often while its person types. */
export const STRETCH_WRITE_MS = 5_000;
/** Open stretches kept in memory before the ended ones are dropped (each is a few dozen bytes). */
const MAX_OPEN_STRETCHES = 10_000;

interface OpenStretch extends HeldStretch {
  /** When it was last handed to be written. */
  queuedMs: number;
}

type Editor = Pick<Session, 'inviteId' | 'name' | 'delegation'>;

export class EditLog {
  private readonly lastMark = new Map<number, number>();
  private readonly open = new Map<string, OpenStretch>();

  constructor(
    private readonly docId: string,
    private readonly records: EditRecords,
  ) {}

  /** Characters of client id `clientId` from `clock` on are being written now. */
  noteClock(clientId: number, clock: number, now = Date.now()): void {
    if (now - (this.lastMark.get(clientId) ?? Number.NEGATIVE_INFINITY) < CLOCK_MARK_MS) return;
    this.records.clockTime({ docId: this.docId, clientId, clock, at: new Date(now).toISOString() });
    this.lastMark.set(clientId, now);
  }

  /** `editor` changed these paragraphs now (a change the room kept). */
  noteEdits(editor: Editor, blockIds: Iterable<string>, now = Date.now()): void {
    for (const blockId of blockIds) {
      const key = `${blockId}\u0000${identityKey(editor)}`;
      const open = this.open.get(key);
      if (open !== undefined && now - open.lastMs < EDIT_STRETCH_GAP_MS) {
        open.lastMs = now;
        open.unwritten += 1;
        if (now - open.queuedMs >= STRETCH_WRITE_MS) this.queue(open, now);
        continue;
      }
      if (open !== undefined) this.queue(open, now); // the stretch that ended keeps its last change
      const stretch: OpenStretch = {
        id: null,
        docId: this.docId,
        blockId,
        inviteId: editor.inviteId,
        name: editor.name,
        delegation: editor.delegation,
        firstAt: new Date(now).toISOString(),
        lastMs: now,
        unwritten: 1,
        queuedMs: now,
      };
      this.open.set(key, stretch);
      this.records.stretch(stretch);
    }
    if (this.open.size > MAX_OPEN_STRETCHES) this.dropEnded(now);
  }

  /** Writes every change held in memory, this room's and the server's other records (before the records are listed; when the room closes). */
  flush(now = Date.now()): void {
    for (const open of this.open.values()) this.queue(open, now);
    this.records.flush();
  }

  private queue(open: OpenStretch, now: number): void {
    if (open.unwritten === 0) return;
    open.queuedMs = now;
    this.records.stretch(open);
  }

  private dropEnded(now: number): void {
    for (const [key, open] of this.open) {
      if (now - open.lastMs < EDIT_STRETCH_GAP_MS) continue;
      this.queue(open, now);
      this.open.delete(key); // EditRecords holds it until its changes are written
    }
  }
}
