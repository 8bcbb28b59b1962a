/**
 * The wire contract between client and server (see shared/PROTOCOL.md for the numbered rules).
 *
 * Frames are the standard y-websocket protocol built on y-protocols: a varUint message type,
 * then the payload. Draftroom adds one server→client type for notices; stock providers
 * ignore it.
 */

import type { RoomEventKind } from './roomEvents.js';
import type { Amendment, Comment } from './workflow.js';

/** y-websocket message types, plus Draftroom's notice. */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** server → client: a JSON `ServerNotice` as a varString. */
  notice: 100,
} as const;

/** Websocket close codes. 4400–4499 stop the stock provider from reconnecting. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  /** A frame over MAX_FRAME_BYTES. */
  messageTooBig: 1009,
  internalError: 1011,
  /** A frame that is not a valid y-websocket message. */
  malformed: 4400,
  /** Missing, forged or expired token. */
  unauthenticated: 4401,
  /** Valid token without the right: revoked, or for another room. */
  forbidden: 4403,
  /** The room does not exist. */
  notFound: 4404,
  /** Too many messages, or too many connections for one invite. */
  rateLimited: 4429,
  /** The server is stopping to restart (PROTOCOL.md D5): reconnect in a moment (stock providers do). */
  serviceRestart: 1012,
} as const;

/** Stable error codes, used in HTTP errors, close reasons and notices. */
export const ErrorCode = {
  tokenMissing: 'E_TOKEN_MISSING',
  tokenInvalid: 'E_TOKEN_INVALID',
  tokenExpired: 'E_TOKEN_EXPIRED',
  tokenRevoked: 'E_TOKEN_REVOKED',
  otherRoom: 'E_OTHER_ROOM',
  forbidden: 'E_FORBIDDEN',
  notFound: 'E_NOT_FOUND',
  conflict: 'E_CONFLICT',
  badRequest: 'E_BAD_REQUEST',
  readOnly: 'E_READ_ONLY',
  locked: 'E_LOCKED',
  /** A change to the text by someone who only suggests while the room is in pen-holder mode (E1). */
  penHolder: 'E_PEN_HOLDER',
  serverAttribute: 'E_SERVER_ATTRIBUTE',
  /** A block outside the document schema or its depth bound. */
  invalid: 'E_INVALID',
  /** A block or the document over its size cap. */
  tooLarge: 'E_TOO_LARGE',
  tooBig: 'E_TOO_BIG',
  malformed: 'E_MALFORMED',
  rateLimited: 'E_RATE_LIMITED',
  internal: 'E_INTERNAL',
  /** A paragraph already holds as many comments, or pending amendments, as it may (409). */
  tooMany: 'E_TOO_MANY',
  /** A name, delegation or title refused by the label rule (PROTOCOL.md N1; 400, or 4400 at join). */
  labelRefused: 'E_LABEL_REFUSED',
  /** Acting for a delegation without an invite that names it (PROTOCOL.md N2; 403). */
  namedInviteNeeded: 'E_NAMED_INVITE_NEEDED',
  /** A line of a pasted invite list that repeats another line or an active invite (N3). */
  duplicate: 'E_DUPLICATE',
  /** Close reason of 1012: the server is stopping and will be back (D5). */
  restarting: 'E_RESTARTING',
  /** A change the store could not save: undone, the room read-only until saving works (F1). */
  saveFailed: 'E_SAVE_FAILED',
  /** The server cannot do this now (saving fails); try again later (503). */
  unavailable: 'E_UNAVAILABLE',
  /** An accept over changes made to the paragraph since the amendment was proposed, not confirmed (PROTOCOL.md M7; 409). */
  baseChanged: 'E_BASE_CHANGED',
} as const;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

const ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** True for one of the stable error codes above. */
export function isErrorCode(value: unknown): value is ErrorCodeValue {
  return typeof value === 'string' && ERROR_CODES.has(value);
}

/**
 * The error code a close reason starts with (the server words every reason as
 * `E_TOKEN_REVOKED: what happened`), or null when it names none: read a reason by its code,
 * never by its words.
 */
export function closeReasonCode(reason: string | undefined): ErrorCodeValue | null {
  const code = reason?.split(':', 1)[0]?.trim();
  return isErrorCode(code) ? code : null;
}

/** Values an error carries beside its words, for a client to say what happened in its own language. */
export interface ErrorFields {
  /** The block the refused action concerned. */
  blockId?: string;
  /** Who locked it, when the error is E_LOCKED and the lock names someone. */
  lockedBy?: string;
  /** E_BASE_CHANGED: the paragraph's text when the amendment was proposed, and now (M7). */
  baseText?: string;
  liveText?: string;
  /** E_BASE_CHANGED of an undo (M10): the text the undo would put back. */
  restoreText?: string;
}

/** JSON error body of every HTTP error: a stable code, the English words, and the values behind them. */
export interface ErrorBody {
  error: { code: ErrorCodeValue; message: string } & ErrorFields;
}

/** Why part of a client's change was undone by the server. */
export type RefusalReason =
  | typeof ErrorCode.readOnly
  | typeof ErrorCode.locked
  | typeof ErrorCode.penHolder
  | typeof ErrorCode.serverAttribute
  | typeof ErrorCode.invalid
  | typeof ErrorCode.tooLarge
  | typeof ErrorCode.saveFailed;

/** Server → client notices (MessageType.notice). */
export type ServerNotice =
  | {
      type: 'refused';
      reason: RefusalReason;
      /** The block the refused change touched, if any. */
      blockId?: string;
      /** Paragraph number as the margin shows it, if the block is numbered. */
      blockNumber?: number;
      lockedBy?: string;
      /**
       * The block's text as the sender's change left it, before the server put the block back:
       * the author's words, to copy or to propose as an amendment (sent to the author only).
       */
      refusedText?: string;
      message: string;
    }
  | { type: 'room-event'; event: RoomEvent }
  /**
   * Whether the room can save (F1): `ok: false` when writes to the store fail (the room is
   * read-only from `since` until a write succeeds), `ok: true` when they work again. Sent to
   * everyone when it changes, and to each newcomer while saving fails.
   */
  | {
      type: 'saving';
      ok: boolean;
      since?: string;
      /** While saving fails: why, as a stable word a client can put in its own language (additive, F1). */
      cause?: StoreProblem;
      message: string;
    };

/** Why the store could not write: a full disk, a read-only data directory, a disk error, a busy database, anything else. */
export type StoreProblem = 'disk-full' | 'read-only' | 'io-error' | 'busy' | 'other';

/** Something that happened in the room that every client shows without a reload. */
export interface RoomEvent {
  kind: RoomEventKind;
  at: string;
  by: string;
  /**
   * The invite the person acted under (absent for the admin token). A role link is shared, so
   * a page knows an event as its own by this and `by` (its name) together.
   */
  byInviteId?: string;
  blockId?: string;
  detail?: Record<string, unknown>;
  /** The amendments the event changed, as GET /amendments returns them (M6): clients merge them by id. */
  amendments?: Amendment[];
  /** The comments the event changed, as GET /comments returns them without `canResolve`, which is worked out per caller (M6). */
  comments?: Array<Omit<Comment, 'canResolve'>>;
}
