/** The words a sender reads when part of its change was refused. */
import { ErrorCode, type ServerNotice } from '../../shared/protocol.js';
import { MAX_BLOCK_CHARS, MAX_BLOCK_DEPTH, MAX_BLOCKS, MAX_DOCUMENT_CHARS } from '../../shared/limits.js';
import type { Refusal } from './lockPolicy.js';
import type { Room } from './Room.js';

export function describeRefusal(room: Room, refusal: Refusal): ServerNotice {
  const number = refusal.blockId ? room.blockNumber(refusal.blockId) : undefined;
  const where = number !== undefined ? `paragraph ${number}` : 'a heading or block';
  let message: string;
  switch (refusal.reason) {
    case ErrorCode.locked:
      message = `Your change to ${where} was refused: it is agreed and locked${refusal.lockedBy ? ` by ${refusal.lockedBy}` : ''}. The agreed text has been restored.`;
      break;
    case ErrorCode.readOnly:
      message = 'You are observing this room: your change was not applied and the text has been restored.';
      break;
    case ErrorCode.invalid:
      message = refusal.blockId
        ? `Your change to ${where} was undone: it made something the editor cannot show (outside the document's structure or nested deeper than ${MAX_BLOCK_DEPTH} levels). ${capitalize(where)} is back as it was.`
        : `Part of your change was not kept: it added something the editor cannot show (outside the document's structure or nested deeper than ${MAX_BLOCK_DEPTH} levels).`;
      break;
    case ErrorCode.tooLarge:
      message = refusal.blockId
        ? `Your change to ${where} was not kept: a paragraph may hold at most ${MAX_BLOCK_CHARS.toLocaleString('en')} characters and the whole text ${MAX_DOCUMENT_CHARS.toLocaleString('en')} in ${MAX_BLOCKS.toLocaleString('en')} paragraphs. ${capitalize(where)} is back as it was.`
        : `Part of your change was not kept: a paragraph may hold at most ${MAX_BLOCK_CHARS.toLocaleString('en')} characters and the whole text ${MAX_DOCUMENT_CHARS.toLocaleString('en')} in ${MAX_BLOCKS.toLocaleString('en')} paragraphs.`;
      break;
    default:
      message = `Your change to ${where} tried to set its lock or status, which only moderators can do through the lock controls. It was undone.`;
  }
  return {
    type: 'refused',
    reason: refusal.reason,
    ...(refusal.blockId ? { blockId: refusal.blockId } : {}),
    ...(number !== undefined ? { blockNumber: number } : {}),
    ...(refusal.lockedBy ? { lockedBy: refusal.lockedBy } : {}),
    ...(refusal.refusedText !== undefined ? { refusedText: refusal.refusedText } : {}),
    message,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
