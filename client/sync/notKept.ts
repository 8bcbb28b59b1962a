/**
 * The "Not kept" list: this person's words that the server did not keep, one entry per
 * paragraph and refusal, until the person dismisses it. Entries come from the server's
 * refusal notices (with `refusedText`) and from this browser's own sight of a restore
 * (refusalWatch.ts), whichever arrives; the two accounts of one refusal become one entry.
 * The list is kept with the local copy, so it survives a reload.
 */
import type { RefusalReason } from '../../shared/protocol.js';
import type { DismissedIds } from './dismissedEntries.js';

export interface NotKeptEntry {
  id: string;
  blockId: string | null;
  blockNumber: number | null;
  reason: RefusalReason;
  lockedBy: string | null;
  /** The paragraph as this person's change left it. */
  text: string;
  /** When the refusal was seen (ISO). */
  at: string;
  /** When another account of the same refusal last arrived (ISO). */
  lastAt: string;
}

export type NotKeptInput = Omit<NotKeptEntry, 'id' | 'at' | 'lastAt'>;

/** Accounts of one paragraph's refusal this close together are one entry (a burst of refused keystrokes, the notice after the restore). */
const SAME_REFUSAL_MS = 10_000;
/** At most this many entries are kept; past it the oldest go, so a copy cannot grow without bound. */
const MAX_ENTRIES = 200;

export class NotKeptList {
  private entries: NotKeptEntry[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly save: (entries: NotKeptEntry[]) => void = () => undefined,
    /** Ids dismissed for good, stored at once (dismissedEntries.ts): a list saved before a dismissal cannot bring its entry back. */
    private readonly dismissed: DismissedIds = { has: () => false, add: () => undefined },
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): NotKeptEntry[] => this.entries;

  /** Entries kept by an earlier page; invalid ones are skipped. */
  restore(saved: unknown[]): void {
    const valid = saved.filter(isEntry).filter((e) => !this.dismissed.has(e.id));
    if (valid.length === 0) return;
    const known = new Set(this.entries.map((e) => e.id));
    this.entries = [...valid.filter((e) => !known.has(e.id)), ...this.entries].slice(-MAX_ENTRIES);
    this.emit(false);
  }

  add(input: NotKeptInput, now = new Date()): void {
    if (input.text.trim() === '') return;
    const same = this.entries.find(
      (e) => e.blockId !== null && e.blockId === input.blockId && now.getTime() - Date.parse(e.lastAt) < SAME_REFUSAL_MS,
    );
    if (same) {
      // Refused keystrokes each carry the paragraph with only that keystroke; the fullest account wins.
      const text = input.text.length > same.text.length ? input.text : same.text;
      const next: NotKeptEntry = {
        ...same,
        text,
        lastAt: now.toISOString(),
        blockNumber: input.blockNumber ?? same.blockNumber,
        lockedBy: input.lockedBy ?? same.lockedBy,
      };
      this.entries = this.entries.map((e) => (e === same ? next : e));
    } else {
      const at = now.toISOString();
      const id = `${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      this.entries = [...this.entries, { ...input, id, at, lastAt: at }].slice(-MAX_ENTRIES);
    }
    this.emit(true);
  }

  dismiss(id: string): void {
    const next = this.entries.filter((e) => e.id !== id);
    if (next.length === this.entries.length) return;
    this.dismissed.add(id);
    this.entries = next;
    this.emit(true);
  }

  private emit(save: boolean): void {
    if (save) this.save(this.entries);
    for (const listener of this.listeners) listener();
  }
}

function isEntry(value: unknown): value is NotKeptEntry {
  const e = value as Partial<NotKeptEntry> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.id === 'string' &&
    typeof e.text === 'string' &&
    typeof e.reason === 'string' &&
    typeof e.at === 'string' &&
    typeof e.lastAt === 'string' &&
    (e.blockId === null || typeof e.blockId === 'string') &&
    (e.blockNumber === null || typeof e.blockNumber === 'number') &&
    (e.lockedBy === null || typeof e.lockedBy === 'string')
  );
}
