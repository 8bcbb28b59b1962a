/**
 * Comments on a paragraph: threads (a reply names its parent and stays on the parent's
 * paragraph), resolvable, kept apart from amendments. Comments never change the text, so a
 * locked paragraph can still be commented on.
 */
import { ErrorCode } from '../../shared/protocol.js';
import type { NewComment } from '../../shared/workflow.js';
import { ApiError } from '../ApiError.js';
import type { Actor } from '../collab/lockActions.js';
import type { CommentRecord } from './records.js';
import { actorName, report, type WorkflowScope } from './scope.js';

export function addComment(scope: WorkflowScope, input: NewComment, actor: Actor): CommentRecord {
  const { room, workflow } = scope;
  const text = input.text.replace(/\r\n?/g, '\n').trim();
  if (text === '') throw new ApiError(400, ErrorCode.badRequest, 'expected a comment text, got an empty one');
  if (input.parentId !== undefined) {
    const parent = workflow.getComment(room.docId, input.parentId);
    if (parent === null) throw new ApiError(404, ErrorCode.notFound, `no comment with id ${input.parentId} in this room`);
    if (parent.blockId !== input.blockId) {
      throw new ApiError(400, ErrorCode.badRequest, 'expected a reply on the same paragraph as the comment it answers, got another paragraph');
    }
  } else if (room.policy.findBlock(input.blockId) === null) {
    throw new ApiError(404, ErrorCode.notFound, `no block with id ${input.blockId} in this room`);
  }
  const at = new Date().toISOString();
  const id = workflow.createComment({
    docId: room.docId,
    blockId: input.blockId,
    parentId: input.parentId ?? null,
    authorName: actor.name,
    authorDelegation: actor.delegation,
    text,
    createdAt: at,
  });
  report(scope, { kind: 'comment-added', actor, at, blockId: input.blockId, detail: { commentId: id, parentId: input.parentId ?? null }, log: false });
  return workflow.getComment(room.docId, id)!;
}

/** Marks a comment resolved (resolving the first comment of a thread resolves the thread). */
export function resolveComment(scope: WorkflowScope, id: number, actor: Actor): CommentRecord {
  const { room, workflow } = scope;
  const comment = workflow.getComment(room.docId, id);
  if (comment === null) throw new ApiError(404, ErrorCode.notFound, `no comment with id ${id} in this room`);
  const at = new Date().toISOString();
  if (!workflow.resolveComment(room.docId, id, actorName(actor), at)) {
    throw new ApiError(409, ErrorCode.conflict, 'expected an open comment, got one already resolved');
  }
  report(scope, { kind: 'comment-resolved', actor, at, blockId: comment.blockId, detail: { commentId: id }, log: false });
  return workflow.getComment(room.docId, id)!;
}
