/** The projector: which paragraph the adviser's team is presenting on the screen in the hall. */
import { ErrorCode } from '../../shared/protocol.js';
import type { Presenting } from '../../shared/workflow.js';
import { ApiError } from '../ApiError.js';
import type { Actor } from '../collab/lockActions.js';
import { report, type WorkflowScope } from './scope.js';

/** Presents `blockId` (null: presents nothing, the projector shows the top of the text). */
export function setPresenting(scope: WorkflowScope, blockId: string | null, actor: Actor): Presenting {
  const { room, workflow } = scope;
  if (blockId !== null && room.policy.findBlock(blockId) === null) {
    throw new ApiError(404, ErrorCode.notFound, `no block with id ${blockId} in this room`);
  }
  const record: Presenting = { blockId, byName: actor.name, at: new Date().toISOString() };
  workflow.setPresenting(room.docId, record);
  // Following the speaker is not a decision: announced for the projector, not logged.
  report(scope, { kind: 'presenting', actor, at: record.at!, blockId, detail: { blockId }, log: false });
  return record;
}
