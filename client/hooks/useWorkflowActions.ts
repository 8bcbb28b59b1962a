/**
 * What a person does with amendments and comments, through the server (which checks role
 * and lock state). Each action resolves to null when done, or to a sentence saying why not,
 * for the form or item that asked. What the server answers is shown at once; the room event
 * that follows brings the change to everyone's lists (M6).
 */
import { useMemo } from 'react';
import { ErrorCode } from '../../shared/protocol';
import { ApiError } from '../api/http';
import { workflowApi } from '../api/workflow';
import type { Amendment, AmendmentKind, Comment } from '../api/workflowTypes';

/** Null when done, otherwise why not, in words. */
export type Outcome = string | null;

/** Why an action was refused, in words; `where` names the paragraph ("paragraph 3"). */
export function refusal(error: unknown, where: string, doing: string): string {
  if (!(error instanceof ApiError)) return `Could not ${doing}.`;
  switch (error.code) {
    case ErrorCode.locked: {
      const by = /locked by ([^;]+)/.exec(error.message)?.[1];
      const next = doing.startsWith('propose') ? 'You can still propose a new paragraph after it.' : 'A moderator must unlock it first.';
      return `${capitalized(where)} is agreed and locked${by ? ` by ${by}` : ''}, so it cannot be changed. ${next}`;
    }
    case ErrorCode.forbidden:
      return `Your role may not ${doing}.`;
    case ErrorCode.notFound:
      return `${capitalized(where)} or the item is no longer there; it may have been removed a moment ago.`;
    case ErrorCode.conflict:
      return `Could not ${doing}: someone else acted on it first (${error.message}).`;
    case ErrorCode.badRequest:
      return `Could not ${doing}: ${error.message.replace(/^invalid request: /, '')}.`;
    default:
      return `Could not ${doing}: ${error.message}`;
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function attempt<T>(run: () => Promise<T>, onDone: (result: T) => void, describe: (error: unknown) => string): Promise<Outcome> {
  try {
    onDone(await run());
    return null;
  } catch (error) {
    return describe(error);
  }
}

export interface WorkflowActions {
  propose(blockId: string, where: string, kind: AmendmentKind, text: string): Promise<Outcome>;
  cosponsor(id: number, where: string): Promise<Outcome>;
  accept(id: number, where: string): Promise<Outcome>;
  reject(id: number, where: string): Promise<Outcome>;
  merge(ids: [number, number], where: string, text?: string): Promise<Outcome>;
  comment(blockId: string, where: string, text: string, parentId?: number): Promise<Outcome>;
  resolve(id: number, where: string): Promise<Outcome>;
}

export function useWorkflowActions(token: string, docId: string, shown: { amendment(record: Amendment): void; comment(record: Comment): void }): WorkflowActions {
  return useMemo(() => {
    const amendments = shown.amendment;
    const comments = shown.comment;
    return {
      propose: (blockId, where, kind, text) =>
        attempt(() => workflowApi.propose(token, docId, kind === 'delete' ? { blockId, kind } : { blockId, kind, text }), amendments, (e) =>
          refusal(e, where, `propose this amendment to ${where}`),
        ),
      cosponsor: (id, where) => attempt(() => workflowApi.cosponsor(token, docId, id), amendments, (e) => refusal(e, where, 'co-sponsor this amendment')),
      accept: (id, where) => attempt(() => workflowApi.accept(token, docId, id), amendments, (e) => refusal(e, where, 'accept this amendment')),
      reject: (id, where) => attempt(() => workflowApi.reject(token, docId, id), amendments, (e) => refusal(e, where, 'reject this amendment')),
      merge: (ids, where, text) => attempt(() => workflowApi.merge(token, docId, ids, text), amendments, (e) => refusal(e, where, 'merge these amendments')),
      comment: (blockId, where, text, parentId) =>
        attempt(() => workflowApi.comment(token, docId, parentId === undefined ? { blockId, text } : { blockId, text, parentId }), comments, (e) =>
          refusal(e, where, 'add this comment'),
        ),
      resolve: (id, where) => attempt(() => workflowApi.resolveComment(token, docId, id), comments, (e) => refusal(e, where, 'resolve this comment')),
    };
  }, [token, docId, shown.amendment, shown.comment]);
}
