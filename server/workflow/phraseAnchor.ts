/**
 * Where a comment on a phrase sits (PROTOCOL.md C4): two Yjs relative positions, which name
 * the characters at either end of the phrase rather than offsets, so the comment stays on its
 * words while people type around them. The page makes them from the selection; the server
 * checks that both are in one run of text of the paragraph commented on, in order, around at
 * most MAX_ANCHOR_QUOTE_CHARS characters, and keeps the words they held (the quote).
 */
import * as Y from 'yjs';
import { MAX_ANCHOR_QUOTE_CHARS } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import type { Comment } from '../../shared/workflow.js';
import { ApiError } from '../ApiError.js';
import type { Room } from '../collab/Room.js';

export type PhraseAnchor = NonNullable<Comment['anchor']>;

/** The anchor of a new comment on `blockId`, checked and with its quote; 400 for any position the page could not have made. */
export function checkedAnchor(room: Room, blockId: string, anchor: { start: string; end: string }): PhraseAnchor {
  const block = room.policy.findBlock(blockId);
  if (block === null) throw new ApiError(404, ErrorCode.notFound, `no block with id ${blockId} in this room`);
  const start = resolve(room, anchor.start, 'start');
  const end = resolve(room, anchor.end, 'end');
  if (start.type !== end.type || topLevelOf(room, start.type) !== block) {
    throw refused('expected both ends of the phrase in one run of text of the paragraph commented on, got ends elsewhere');
  }
  if (end.index <= start.index) throw refused('expected the end of the phrase after its start, got it at or before');
  if (end.index - start.index > MAX_ANCHOR_QUOTE_CHARS) {
    throw refused(
      `expected a phrase of at most ${MAX_ANCHOR_QUOTE_CHARS} characters, got ${end.index - start.index}; comment on the paragraph instead`,
    );
  }
  const quote = plainText(start.type).slice(start.index, end.index);
  if (quote.trim() === '') throw refused('expected a phrase with words in it, got only spaces');
  return { start: anchor.start, end: anchor.end, quote };
}

function resolve(room: Room, encoded: string, which: string): { type: Y.XmlText; index: number } {
  let position: Y.RelativePosition;
  try {
    position = Y.decodeRelativePosition(Buffer.from(encoded, 'base64'));
  } catch {
    throw refused(`expected the phrase's ${which} as an encoded Yjs relative position, got something else`);
  }
  // A position by root name would make Yjs create that root in the room's document on lookup;
  // the page's positions always name an item or a type inside the text.
  if (position.tname !== null) throw refused(`expected the phrase's ${which} inside the text, got a position by root name`);
  let absolute: Y.AbsolutePosition | null;
  try {
    absolute = Y.createAbsolutePositionFromRelativePosition(position, room.doc);
  } catch {
    absolute = null;
  }
  if (absolute === null || !(absolute.type instanceof Y.XmlText)) {
    throw refused(`expected the phrase's ${which} in the room's text, got a position that is not in it`);
  }
  return { type: absolute.type, index: absolute.index };
}

/** The top-level block a type sits in, or null when it is not in the text. */
function topLevelOf(room: Room, type: Y.XmlText): Y.AbstractType<unknown> | null {
  let current = type as unknown as Y.AbstractType<unknown>;
  while (current._item !== null) {
    const parent = current._item.parent;
    if (parent === room.fragment) return current._item.deleted ? null : current;
    if (!(parent instanceof Y.AbstractType)) return null;
    current = parent;
  }
  return null;
}

/** The text's characters as Yjs counts them: an embed is one character. */
function plainText(text: Y.XmlText): string {
  return (text.toDelta() as Array<{ insert: unknown }>).map((op) => (typeof op.insert === 'string' ? op.insert : '\uFFFC')).join('');
}

function refused(message: string): ApiError {
  return new ApiError(400, ErrorCode.badRequest, message);
}
