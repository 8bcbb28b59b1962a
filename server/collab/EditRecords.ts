/**
 * The records of who wrote what and when (PROTOCOL.md U1–U3), for every room of this server,
 * written together at most every EDIT_RECORDS_FLUSH_MS instead of on the keystroke that
 * causes them.
 *
 * Why: a person's first keystroke in a room makes three records (their client id's author, a
 * clock mark, a stretch of editing), and when a session opens everybody's first keystroke
 * comes within the same second. Written one by one before the keystroke is broadcast, they
 * were three waits on the database per person, on PostgreSQL a round trip each: 200 people
 * starting to type held the server's thread for most of the first second and every keystroke
 * in it waited (BENCHMARKS.md, scenario 9). Here each kind is one statement per flush,
 * however many rooms and people it carries.
 *
 * What it costs: a record reaches the store up to EDIT_RECORDS_FLUSH_MS after the change it
 * describes, which is saved first. Whoever reads the records flushes first (a room's
 * `EditLog.flush`, the routes that list them; a room that closes flushes), so no reader sees
 * them late; a server killed in between loses at most that much metadata, never text. As
 * before, recording never stands in the way of an edit: while the store refuses writes (F1)
 * the records stay held and are tried again with the next flush; a record the store will never
 * take is dropped alone, not with its batch.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../store/Store.js';
import type { ClientAuthorRecord, EditStretchRecord, RoomClockTimeRecord } from '../store/records.js';

/** The longest a record waits before it is written (a reader never waits: it flushes). */
export const EDIT_RECORDS_FLUSH_MS = 200;
/** Records of each kind held while the store refuses them; past it the oldest are dropped (and logged). */
const MAX_HELD_RECORDS = 10_000;

/** A stretch of editing as EditLog keeps it: written when new, then extended by what it gained. */
export interface HeldStretch extends Omit<EditStretchRecord, 'id' | 'lastAt' | 'changes'> {
  /** Its row's id, once written. */
  id: number | null;
  lastMs: number;
  /** Changes not yet in its row. */
  unwritten: number;
}

export class EditRecords {
  private authors: ClientAuthorRecord[] = [];
  private clockTimes: RoomClockTimeRecord[] = [];
  private readonly stretches = new Set<HeldStretch>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly log: FastifyBaseLogger,
  ) {}

  author(record: ClientAuthorRecord): void {
    this.authors = held(this.authors, record, this.log);
    this.schedule();
  }

  clockTime(record: RoomClockTimeRecord): void {
    this.clockTimes = held(this.clockTimes, record, this.log);
    this.schedule();
  }

  /** `stretch` is new, or has changes its row lacks. */
  stretch(stretch: HeldStretch): void {
    if (this.stretches.size >= MAX_HELD_RECORDS && !this.stretches.has(stretch)) {
      this.log.warn({ held: this.stretches.size }, 'stretches of editing the store refuses: the oldest dropped');
      this.stretches.delete(this.stretches.values().next().value!);
    }
    this.stretches.add(stretch);
    this.schedule();
  }

  /** Writes everything held now; what the store refuses stays held. Never throws. */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.authors.length > 0) this.authors = this.write(this.authors, (batch) => this.store.recordClientAuthors(batch));
    if (this.clockTimes.length > 0) this.clockTimes = this.write(this.clockTimes, (batch) => this.store.recordClockTimes(batch));
    const fresh = [...this.stretches].filter((s) => s.id === null);
    const grown = [...this.stretches].filter((s) => s.id !== null);
    this.writeStretches(fresh, (batch) => {
      const ids = this.store.insertEditStretches(batch.map((s) => ({ ...rowOf(s), changes: s.unwritten })));
      batch.forEach((s, i) => {
        s.id = ids[i]!;
      });
    });
    this.writeStretches(grown, (batch) =>
      this.store.extendEditStretches(batch.map((s) => ({ id: s.id!, lastAt: rowOf(s).lastAt, changes: s.unwritten }))),
    );
  }

  private writeStretches(stretches: HeldStretch[], write: (batch: HeldStretch[]) => void): void {
    if (stretches.length === 0) return;
    const held = new Set(
      this.write(stretches, (batch) => {
        write(batch);
        for (const s of batch) s.unwritten = 0;
      }),
    );
    for (const s of stretches) if (!held.has(s)) this.stretches.delete(s);
  }

  /**
   * Writes `records` in one call and returns those still held: none, or all of them while the
   * store refuses writes (F1). When the store takes writes but not this batch, each record is
   * written alone and one the store refuses is dropped (logged): a record it will never take
   * must not hold back all the others.
   */
  private write<T>(records: T[], write: (batch: T[]) => void): T[] {
    try {
      write(records);
      return [];
    } catch (error) {
      if (!this.storeTakesWrites()) {
        this.log.debug({ err: error }, 'records of who wrote what held: the store refuses writes now');
        return records;
      }
      const refused = records.filter((record) => {
        try {
          write([record]);
          return false;
        } catch {
          return true;
        }
      });
      if (refused.length > 0)
        this.log.error({ err: error, dropped: refused.length }, 'records of who wrote what the store refuses: dropped');
      return [];
    }
  }

  private storeTakesWrites(): boolean {
    try {
      this.store.probeWrite();
      return true;
    } catch {
      return false;
    }
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => this.flush(), EDIT_RECORDS_FLUSH_MS);
    this.timer.unref();
  }
}

function held<T>(records: T[], record: T, log: FastifyBaseLogger): T[] {
  records.push(record);
  if (records.length <= MAX_HELD_RECORDS) return records;
  log.warn({ held: records.length }, 'records of who wrote what the store refuses: the oldest dropped');
  return records.slice(-MAX_HELD_RECORDS);
}

function rowOf(stretch: HeldStretch): Omit<EditStretchRecord, 'id' | 'changes'> {
  const { docId, blockId, inviteId, name, delegation, firstAt } = stretch;
  return { docId, blockId, inviteId, name, delegation, firstAt, lastAt: new Date(stretch.lastMs).toISOString() };
}
