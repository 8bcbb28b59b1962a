/**
 * Paragraph status: draft → under discussion → agreed ad referendum → agreed. 'Agreed' is
 * the lock: setting it locks the block, and moving a locked block to any other status
 * unlocks it first. Status is a server-only block attribute, so clients cannot forge it.
 */
import { BlockAttr, type BlockStatus } from '../../shared/blocks.js';
import { countStatuses, hasVisibleText, statusOf } from '../../shared/blockStatus.js';
import { ErrorCode } from '../../shared/protocol.js';
import type { BlockStatusState, StatusSummary } from '../../shared/workflow.js';
import { ApiError } from '../ApiError.js';
import { lockBlock, record as recordLockEvent, type Actor } from '../collab/lockActions.js';
import { blockText } from '../collab/blockSnapshot.js';
import type { Room } from '../collab/Room.js';
import { decisionReason } from './decisionReasons.js';
import { report, type WorkflowScope } from './scope.js';

/** Sets a block's status; leaving 'agreed' unlocks it, and `rawReason` goes into that unlock's record (M9). */
export function setBlockStatus(
  scope: WorkflowScope,
  blockId: string,
  status: BlockStatus,
  actor: Actor,
  rawReason?: string | null,
): BlockStatusState {
  const { room, store } = scope;
  const reason = decisionReason(rawReason);
  const element = room.policy.findBlock(blockId);
  if (element === null) throw new ApiError(404, ErrorCode.notFound, `no block with id ${blockId} in this room`);
  const locked = room.policy.isLocked(blockId);
  const from = statusOf(locked, element.getAttribute(BlockAttr.status));
  if (from === status) throw new ApiError(409, ErrorCode.conflict, `expected a status other than the current one, got '${status}' again`);

  const at = new Date().toISOString();
  const unlockReason = locked && reason !== null ? { reason } : {};
  const reportStatus = () => report(scope, { kind: 'status', actor, at, blockId, detail: { from, to: status, ...unlockReason } });
  if (status === 'agreed') {
    lockBlock(room, store, blockId, actor); // writes status 'agreed' with the lock
    reportStatus();
  } else {
    // Unlocking and the new status are one saved change (F2).
    room.serverAction(
      () => (locked ? room.policy.unlock(blockId, status) : room.policy.writeServerAttrs(element, { [BlockAttr.status]: status })),
      () => {
        if (locked) recordLockEvent(room, store, { blockId, action: 'unlock', actor, at, text: blockText(element), reason });
        reportStatus();
      },
    );
  }
  return { ...room.policy.lockState(blockId), status };
}

/** How many paragraphs stand at each status ("12 agreed · 3 ad ref · 5 open"), counted by the shared rule. */
export function statusSummary(room: Room): StatusSummary {
  return countStatuses(room.blocks(), {
    type: (block) => block.type,
    hasText: (block) => hasVisibleText(block.text),
    status: (block) => block.status,
  });
}
