/**
 * Comments on a paragraph, as in Google Docs: a thread is a first comment and its replies,
 * flat (C2: a reply to a reply joins the thread); a paragraph holds at most
 * MAX_COMMENTS_PER_BLOCK (H2); a thread is resolved by its author, a moderator or the
 * adviser (C3). A thread may sit on a phrase of the paragraph rather than all of it (C4,
 * phraseAnchor.ts). Comments never change the text, so a locked paragraph can still be
 * commented on.
 */
import { MAX_COMMENTS_PER_BLOCK } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import type { Role } from '../../shared/roles.js';
import type { Comment, NewCommentBody } from '../../shared/workflow.js';
import { ApiError } from '../ApiError.js';
import type { Actor } from '../collab/lockActions.js';
import type { CommentRecord } from './records.js';
import { actorName, report, type WorkflowScope } from './scope.js';
import { checkedAnchor } from './phraseAnchor.js';

/** Who comments or resolves: the name records carry, plus what decides the right to resolve. */
export interface Commenter extends Actor {
  role: Role | 'admin';
  /** The invite they act under; null for the admin token. */
  inviteId: string | null;
}

/** The room's comments (or one paragraph's), oldest first, as `caller` sees them. */
export function listComments(scope: WorkflowScope, caller: Commenter, blockId?: string): Comment[] {
  return scope.workflow.listComments(scope.room.docId, blockId).map((comment) => view(comment, caller));
}

export function addComment(scope: WorkflowScope, input: NewCommentBody, caller: Commenter): Comment {
  const { room, workflow } = scope;
  const text = input.text.replace(/\r\n?/g, '\n').trim();
  if (text === '') throw new ApiError(400, ErrorCode.badRequest, 'expected a comment text, got an empty one');
  let threadId: number | null = null;
  if (input.parentId !== undefined) {
    const parent = workflow.getComment(room.docId, input.parentId);
    if (parent === null) throw new ApiError(404, ErrorCode.notFound, `no comment with id ${input.parentId} in this room`);
    if (parent.blockId !== input.blockId) {
      throw new ApiError(
        400,
        ErrorCode.badRequest,
        'expected a reply on the same paragraph as the comment it answers, got another paragraph',
      );
    }
    // Threads are one level deep (the store has kept them so since issue 10): a reply to a reply joins its thread.
    threadId = parent.parentId ?? parent.id;
    if (input.anchor !== undefined) {
      throw new ApiError(
        400,
        ErrorCode.badRequest,
        'expected a reply without a phrase (it sits where its thread does), got one with a phrase',
      );
    }
  } else if (room.policy.findBlock(input.blockId) === null) {
    throw new ApiError(404, ErrorCode.notFound, `no block with id ${input.blockId} in this room`);
  }
  if (workflow.countComments(room.docId, input.blockId) >= MAX_COMMENTS_PER_BLOCK) {
    const number = room.blockNumber(input.blockId);
    const where = number === undefined ? 'this paragraph' : `paragraph ${number}`;
    throw new ApiError(
      409,
      ErrorCode.tooMany,
      `expected a paragraph with room for a comment, got ${where} holding ${MAX_COMMENTS_PER_BLOCK}, the most one paragraph may hold`,
    );
  }
  const anchor = input.anchor === undefined ? null : checkedAnchor(room, input.blockId, input.anchor);
  const at = new Date().toISOString();
  const id = workflow.createComment({
    docId: room.docId,
    blockId: input.blockId,
    parentId: threadId,
    authorName: caller.name,
    authorDelegation: caller.delegation,
    authorInviteId: caller.inviteId,
    text,
    createdAt: at,
    anchor,
  });
  report(scope, {
    kind: 'comment-added',
    actor: caller,
    at,
    blockId: input.blockId,
    detail: { commentId: id, parentId: threadId },
    log: false,
    comments: [eventRecord(workflow.getComment(room.docId, id)!)],
  });
  return view(workflow.getComment(room.docId, id)!, caller);
}

/** Marks a thread resolved; only its author, a moderator or the adviser may (403 otherwise). */
export function resolveComment(scope: WorkflowScope, id: number, caller: Commenter): Comment {
  const { room, workflow } = scope;
  const comment = workflow.getComment(room.docId, id);
  if (comment === null) throw new ApiError(404, ErrorCode.notFound, `no comment with id ${id} in this room`);
  if (comment.parentId !== null) {
    throw new ApiError(
      400,
      ErrorCode.badRequest,
      `expected the first comment of a thread (threads are resolved whole), got a reply in thread ${comment.parentId}`,
    );
  }
  if (!mayResolve(comment, caller)) {
    throw new ApiError(
      403,
      ErrorCode.forbidden,
      'expected the author of the comment, a moderator or the Senior Adviser, got another participant',
    );
  }
  const at = new Date().toISOString();
  if (!workflow.resolveComment(room.docId, id, actorName(caller), at)) {
    throw new ApiError(409, ErrorCode.conflict, 'expected an open comment, got one already resolved');
  }
  report(scope, {
    kind: 'comment-resolved',
    actor: caller,
    at,
    blockId: comment.blockId,
    detail: { commentId: id },
    log: false,
    comments: [eventRecord(workflow.getComment(room.docId, id)!)],
  });
  return view(workflow.getComment(room.docId, id)!, caller);
}

/** C3: the author (the same invite and name; a role link is shared, the name tells its holders apart), a moderator, the adviser. */
function mayResolve(comment: CommentRecord, caller: Commenter): boolean {
  if (comment.parentId !== null) return false;
  if (caller.role === 'adviser' || caller.role === 'moderator' || caller.role === 'admin') return true;
  return caller.inviteId !== null && comment.authorInviteId === caller.inviteId && comment.authorName === caller.name;
}

/** The API's shape of a stored comment for `caller`: without the author's invite id, with their right to resolve. */
function view(comment: CommentRecord, caller: Commenter): Comment {
  const { authorInviteId: _hidden, ...shown } = comment;
  return { ...shown, canResolve: mayResolve(comment, caller) };
}

/** The comment as its room event carries it to everyone (M6): the list's shape without `canResolve`, which is per caller. */
function eventRecord(comment: CommentRecord): Omit<Comment, 'canResolve'> {
  const { authorInviteId: _hidden, ...shown } = comment;
  return shown;
}
