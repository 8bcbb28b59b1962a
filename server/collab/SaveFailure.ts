/**
 * Why a room cannot save (PROTOCOL.md F1) and how that is told: in words for people, as the
 * stable cause clients translate, in the `saving` notices and in the 503 a server action
 * answers, so the room only has to know that saving failed.
 */
import { ErrorCode, type ServerNotice, type StoreProblem } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import { isDatabaseUnreachable, storeErrorCode } from '../store/storeErrors.js';

/** The notice that saving works again. */
export const SAVING_WORKS_NOTICE: ServerNotice = { type: 'saving', ok: true, message: 'Saving works again: the text can be edited.' };

/** What the sender of a change that could not be saved is told, with the update that undid it. */
export const SAVE_FAILED_REFUSAL = {
  type: 'refused',
  reason: ErrorCode.saveFailed,
  message:
    'Your last change could not be saved (the server cannot write), so it was undone: the text is back as it was saved. Keep your words elsewhere until saving works again.',
} as const satisfies ServerNotice;

export class SaveFailure {
  /** When saving began to fail. */
  readonly since = new Date().toISOString();
  /** Why, in words for people (never a path or a document's text). */
  readonly reason: string;
  /** Why, as the stable word clients translate. */
  readonly cause: StoreProblem;

  constructor(error: unknown) {
    this.reason = storeProblem(error);
    this.cause = storeProblemKind(error);
  }

  /** The notice that the room is read-only since then, and why. */
  notice(): ServerNotice {
    return {
      type: 'saving',
      ok: false,
      since: this.since,
      cause: this.cause,
      message: `Saving has failed since ${this.since.slice(11, 16)} UTC (${this.reason}). The text is read-only until the server can save again; everything saved before is safe.`,
    };
  }
}

/** The answer to a server action the room could not save (503): nothing of it stands. */
export function unavailableError(failure: SaveFailure | null): ApiError {
  const reason = failure?.reason ?? 'the store refused the write';
  return new ApiError(
    503,
    ErrorCode.unavailable,
    `expected the server to save the change, but saving fails (${reason}); nothing was changed; try again once saving works`,
  );
}

function storeProblemKind(error: unknown): StoreProblem {
  const code = storeErrorCode(error);
  if (code === 'SQLITE_FULL' || code === '53100') return 'disk-full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code.startsWith('SQLITE_IOERR')) return 'io-error';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'busy';
  return 'other';
}

function storeProblem(error: unknown): string {
  const code = storeErrorCode(error);
  if (code === 'SQLITE_FULL' || code === '53100') return 'the disk is full';
  if (isDatabaseUnreachable(error)) return 'the database does not answer';
  if (code.startsWith('SQLITE_READONLY')) return 'the data directory is read-only';
  if (code.startsWith('SQLITE_IOERR')) return 'the disk reported an error';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'the database is busy';
  return code ? `the store refused the write (${code})` : 'the store refused the write';
}
