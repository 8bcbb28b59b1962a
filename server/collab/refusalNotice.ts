/** The notice a sender receives when part of its change was refused, worded as Draftroom's page words it. */
import type { ServerNotice } from '../../shared/protocol.js';
import { refusalPlace, refusalWords } from '../../shared/refusalWords.js';
import { english } from '../englishWords.js';
import type { Refusal } from './lockPolicy.js';
import type { Room } from './Room.js';

export function describeRefusal(room: Room, refusal: Refusal): ServerNotice {
  const number = refusal.blockId ? room.blockNumber(refusal.blockId) : undefined;
  const words = refusalWords(refusal, english(refusalPlace(refusal.blockId, number)));
  return {
    type: 'refused',
    reason: refusal.reason,
    ...(refusal.blockId ? { blockId: refusal.blockId } : {}),
    ...(number !== undefined ? { blockNumber: number } : {}),
    ...(refusal.lockedBy ? { lockedBy: refusal.lockedBy } : {}),
    ...(refusal.refusedText !== undefined ? { refusedText: refusal.refusedText } : {}),
    message: words ? english(words) : 'Part of your change was not kept.',
  };
}
