/** The words a sender reads when part of its change was refused. */
import { ErrorCode, type ServerNotice } from '../../shared/protocol.js';
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
    default:
      message = `Your change to ${where} tried to set its lock or status, which only moderators can do through the lock controls. It was undone.`;
  }
  return {
    type: 'refused',
    reason: refusal.reason,
    ...(refusal.blockId ? { blockId: refusal.blockId } : {}),
    ...(number !== undefined ? { blockNumber: number } : {}),
    ...(refusal.lockedBy ? { lockedBy: refusal.lockedBy } : {}),
    message,
  };
}
