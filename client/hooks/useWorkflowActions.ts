/**
 * What a person does with amendments and comments, through the server (which checks role
 * and lock state). Each action resolves to null when done, or to a sentence saying why not,
 * for the form or item that asked. What the server answers is shown at once; the room event
 * that follows brings the change to everyone's lists (M6).
 */
import i18next from 'i18next';
import { useMemo } from 'react';
import { ErrorCode } from '../../shared/protocol';
import { RequestError } from '../api/http';
import { workflowApi } from '../api/workflow';
import { apiErrorText } from '../i18n/apiErrorText';
import type { Amendment, AmendmentKind, Comment } from '../api/workflowTypes';

/** Null when done, otherwise why not, in words. */
export type Outcome = string | null;

/** An accept refused because the paragraph changed since the proposal (M7): the two texts, to show and to confirm. */
export interface ChangedSinceProposed {
  baseText: string;
  liveText: string;
}

/** What a person tried to do, for the words of a refusal. */
export type WorkflowAction = 'propose' | 'cosponsor' | 'accept' | 'reject' | 'merge' | 'comment' | 'resolve';

/** Why an action was refused, in words, from the error's code. */
export function refusal(error: unknown, action: WorkflowAction): string {
  if (!(error instanceof RequestError)) return i18next.t('workflow:refusal.failed', { action });
  switch (error.code) {
    case ErrorCode.locked: {
      const by = error.fields.lockedBy;
      const key = action === 'propose' ? 'lockedPropose' : 'locked';
      return by ? i18next.t(`workflow:refusal.${key}By`, { by }) : i18next.t(`workflow:refusal.${key}`);
    }
    case ErrorCode.forbidden:
      return i18next.t('workflow:refusal.forbidden', { action });
    case ErrorCode.notFound:
      return i18next.t('workflow:refusal.notFound');
    case ErrorCode.conflict:
      return i18next.t('workflow:refusal.conflict', { action });
    default:
      return i18next.t('workflow:refusal.because', { action, reason: apiErrorText(error) });
  }
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
  propose(blockId: string, kind: AmendmentKind, text: string): Promise<Outcome>;
  cosponsor(id: number): Promise<Outcome>;
  withdrawCosponsor(id: number): Promise<Outcome>;
  /** `confirmText`: the paragraph as the moderator saw it, to accept over changes since the proposal. */
  accept(id: number, confirmText?: string): Promise<Outcome | ChangedSinceProposed>;
  /** With the reason for the record (M9). */
  reject(id: number, reason: string): Promise<Outcome>;
  merge(ids: [number, number], text?: string): Promise<Outcome>;
  /** A first comment may sit on a phrase (`anchor`, C4); a reply (`parentId`) never does. */
  comment(blockId: string, text: string, parentId?: number, anchor?: { start: string; end: string }): Promise<Outcome>;
  resolve(id: number): Promise<Outcome>;
}

export function useWorkflowActions(
  token: string,
  docId: string,
  shown: { amendment(record: Amendment): void; comment(record: Comment): void },
): WorkflowActions {
  return useMemo(() => {
    const amendments = shown.amendment;
    const comments = shown.comment;
    return {
      propose: (blockId, kind, text) =>
        attempt(
          () => workflowApi.propose(token, docId, kind === 'delete' ? { blockId, kind } : { blockId, kind, text }),
          amendments,
          (e) => refusal(e, 'propose'),
        ),
      cosponsor: (id) =>
        attempt(
          () => workflowApi.cosponsor(token, docId, id),
          amendments,
          (e) => refusal(e, 'cosponsor'),
        ),
      withdrawCosponsor: (id) =>
        attempt(
          () => workflowApi.withdrawCosponsor(token, docId, id),
          amendments,
          (e) => refusal(e, 'cosponsor'),
        ),
      accept: async (id, confirmText) => {
        let changed: ChangedSinceProposed | null = null;
        const outcome = await attempt(
          () => workflowApi.accept(token, docId, id, confirmText),
          amendments,
          (e) => {
            if (e instanceof RequestError && e.code === ErrorCode.baseChanged) {
              changed = { baseText: e.fields.baseText ?? '', liveText: e.fields.liveText ?? '' };
            }
            return refusal(e, 'accept');
          },
        );
        return changed ?? outcome;
      },
      reject: (id, reason) =>
        attempt(
          () => workflowApi.reject(token, docId, id, reason),
          amendments,
          (e) => refusal(e, 'reject'),
        ),
      merge: (ids, text) =>
        attempt(
          () => workflowApi.merge(token, docId, ids, text),
          amendments,
          (e) => refusal(e, 'merge'),
        ),
      comment: (blockId, text, parentId, anchor) =>
        attempt(
          () =>
            workflowApi.comment(
              token,
              docId,
              parentId !== undefined ? { blockId, text, parentId } : anchor !== undefined ? { blockId, text, anchor } : { blockId, text },
            ),
          comments,
          (e) => refusal(e, 'comment'),
        ),
      resolve: (id) =>
        attempt(
          () => workflowApi.resolveComment(token, docId, id),
          comments,
          (e) => refusal(e, 'resolve'),
        ),
    };
  }, [token, docId, shown.amendment, shown.comment]);
}
