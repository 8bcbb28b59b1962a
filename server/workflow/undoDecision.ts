/**
 * Undoing the last decision on a paragraph (PROTOCOL.md M10): a stray click on Unlock, an
 * accept that should not have gone through. The moderator names the decision they saw as
 * the last (its activity entry id), so an undo never takes back a decision someone made in
 * the meantime. The text and statuses come back as the decision found them, in one saved
 * change, recorded as a new decision ('decision-undone') with the lock history rows of any
 * lock it changes. Like an accept (M7), an undo that would replace words typed since the
 * decision is refused with both texts unless the caller confirms the text as it stands.
 */
import { BlockAttr, type BlockStatus } from '../../shared/blocks.js';
import { isBlockStatus, statusOf } from '../../shared/blockStatus.js';
import { lastDecision, whyNotUndoable, type DecisionEntry } from '../../shared/decisions.js';
import { personName } from '../../shared/personName.js';
import { ErrorCode } from '../../shared/protocol.js';
import type { Amendment } from '../../shared/workflow.js';
import { ApiError } from '../ApiError.js';
import { blockText } from '../collab/blockSnapshot.js';
import { record as recordLockEvent, type Actor } from '../collab/lockActions.js';
import { deleteBlock, replaceBlockText } from './blockEdits.js';
import { decisionReason } from './decisionReasons.js';
import { reportChanged } from './amendments.js';
import { report, type WorkflowScope } from './scope.js';

export interface UndoRequest {
  /** The activity entry id of the decision the moderator saw as the last on the paragraph. */
  decisionId: number;
  reason?: string | null;
  /** The paragraph's text as the moderator saw it, to undo over words typed since the decision. */
  confirmText?: string;
}

/** What undoing one decision does: the paragraph's status afterwards, the text to put back, the amendment to reopen or the paragraph to take out. */
interface Inverse {
  /** The status the paragraph returns to; 'agreed' locks it, anything else leaves it unlocked. */
  status?: BlockStatus;
  /** The paragraph's text to put back, and where it stands now. */
  restoreText?: string;
  /** The accepted amendment's added paragraph, to take out again. */
  removeBlockId?: string;
  reopenAmendmentId?: number;
}

export function undoDecision(scope: WorkflowScope, blockId: string, request: UndoRequest, actor: Actor): { undone: number } {
  const { room, store, workflow } = scope;
  const reason = decisionReason(request.reason);
  const element = room.policy.findBlock(blockId);
  if (element === null) throw new ApiError(404, ErrorCode.notFound, `no block with id ${blockId} in this room`);
  const decision = lastDecision(parsedActivity(scope), blockId);
  if (decision === null) throw new ApiError(409, ErrorCode.conflict, 'expected a paragraph with a decision to undo, got one without any');
  if (decision.id !== request.decisionId) {
    throw new ApiError(
      409,
      ErrorCode.conflict,
      `expected decision ${request.decisionId} to be the last on this paragraph, got ${decision.id} (${decision.kind}) made since: look again before undoing`,
    );
  }
  const notUndoable = whyNotUndoable(decision);
  if (notUndoable !== null) {
    throw new ApiError(
      409,
      ErrorCode.conflict,
      notUndoable === 'undo'
        ? 'expected a decision to undo, got an undo: an undo is not undone; decide anew instead'
        : 'expected a decision that left the paragraph in the text, got an accepted deletion: propose the paragraph again as an addition',
    );
  }

  const locked = room.policy.isLocked(blockId);
  const now = statusOf(locked, element.getAttribute(BlockAttr.status));
  const inverse = inverseOf(scope, decision, blockId);
  const liveText = blockText(element);
  const leftText = decisionText(scope, decision);
  if (inverse.restoreText !== undefined && liveText !== leftText && request.confirmText !== liveText) {
    const number = room.blockNumber(blockId);
    throw new ApiError(
      409,
      ErrorCode.baseChanged,
      `expected ${number === undefined ? 'the paragraph' : `paragraph ${number}`} as the decision left it, got it changed since${request.confirmText === undefined ? '' : ' (and since the text confirmed)'}; undoing would replace the text as it stands now: send it back as confirmText to undo anyway`,
      { blockId, baseText: leftText, liveText, restoreText: inverse.restoreText },
    );
  }
  const added = inverse.removeBlockId === undefined ? null : room.policy.findBlock(inverse.removeBlockId);
  if (added !== null && inverse.removeBlockId !== undefined) {
    if (room.policy.isLocked(inverse.removeBlockId)) {
      throw new ApiError(
        409,
        ErrorCode.locked,
        'expected the added paragraph unlocked, got it locked: unlock it before undoing its addition',
        {
          blockId: inverse.removeBlockId,
        },
      );
    }
    const addedText = blockText(added);
    if (addedText !== leftText && request.confirmText !== addedText) {
      throw new ApiError(
        409,
        ErrorCode.baseChanged,
        'expected the added paragraph as the amendment made it, got it changed since; undoing would take it out with the words typed since: send its text back as confirmText to undo anyway',
        { blockId: inverse.removeBlockId, baseText: leftText, liveText: addedText, restoreText: '' },
      );
    }
  }
  const to = inverse.status ?? now;
  const relocks = to === 'agreed' && !locked;
  const unlocks = to !== 'agreed' && locked;
  // Text changes wait for the lock to open and are made before it closes, all in one saved change.
  if (locked && inverse.restoreText !== undefined && inverse.restoreText !== liveText && !unlocks) {
    throw new ApiError(
      409,
      ErrorCode.locked,
      'expected the paragraph unlocked, got it locked: unlock it before undoing a change to its text',
      {
        blockId,
      },
    );
  }

  const at = new Date().toISOString();
  let reopened: number[] = [];
  room.serverAction(
    () => {
      if (unlocks) room.policy.unlock(blockId, to);
      if (inverse.restoreText !== undefined && inverse.restoreText !== liveText) replaceBlockText(element, inverse.restoreText);
      if (added !== null) deleteBlock(room.fragment, added);
      if (relocks) room.policy.lock(blockId, personName(actor.name, actor.delegation), at);
      else if (!unlocks && to !== now) room.policy.writeServerAttrs(element, { [BlockAttr.status]: to });
    },
    () => {
      if (unlocks || relocks) {
        recordLockEvent(room, store, {
          blockId,
          action: relocks ? 'lock' : 'unlock',
          actor,
          at,
          text: blockText(element),
          reason,
          activity: false,
        });
      }
      if (inverse.reopenAmendmentId !== undefined && workflow.reopenAmendment(room.docId, inverse.reopenAmendmentId)) {
        reopened = [inverse.reopenAmendmentId];
      }
      const detail = {
        decisionId: decision.id,
        undid: decision.kind,
        from: now,
        to,
        ...(inverse.reopenAmendmentId === undefined ? {} : { amendmentId: inverse.reopenAmendmentId }),
        ...(reason === null ? {} : { reason }),
      };
      if (reopened.length > 0) reportChanged(scope, { kind: 'decision-undone', actor, at, blockId, detail }, reopened);
      else report(scope, { kind: 'decision-undone', actor, at, blockId, detail });
    },
  );
  return { undone: decision.id };
}

/** The room's activity with each entry's detail read back. */
function parsedActivity(scope: WorkflowScope): DecisionEntry[] {
  return scope.store.listActivity(scope.room.docId).map((entry) => ({
    id: entry.id,
    kind: entry.kind,
    blockId: entry.blockId,
    detail: entry.detail === null ? null : (JSON.parse(entry.detail) as Record<string, unknown>),
  }));
}

function inverseOf(scope: WorkflowScope, decision: DecisionEntry, blockId: string): Inverse {
  const detail = decision.detail ?? {};
  const previous = (value: unknown, otherwise: BlockStatus): BlockStatus => (isBlockStatus(value) ? value : otherwise);
  switch (decision.kind) {
    case 'lock':
      // Locks recorded before the previous status was kept reopen for discussion, as an unlock does.
      return { status: previous(detail.from, 'discussion') };
    case 'unlock':
      return { status: 'agreed', restoreText: unlockedText(scope, blockId) };
    case 'status': {
      const from = previous(detail.from, 'draft');
      // Leaving 'agreed' unlocked the paragraph: going back locks it again, on the text it was agreed with.
      return from === 'agreed' ? { status: from, restoreText: unlockedText(scope, blockId) } : { status: from };
    }
    case 'amendment-accepted': {
      const amendment = decidedAmendment(scope, detail.amendmentId, 'accepted');
      if (amendment.kind === 'insert-after') {
        if (typeof detail.addedBlockId !== 'string' || scope.room.policy.findBlock(detail.addedBlockId) === null) {
          throw new ApiError(409, ErrorCode.conflict, 'expected the paragraph the amendment added, got it gone from the text already');
        }
        return { removeBlockId: detail.addedBlockId, reopenAmendmentId: amendment.id };
      }
      return { restoreText: amendment.textBefore ?? '', reopenAmendmentId: amendment.id };
    }
    case 'amendment-rejected':
      return { reopenAmendmentId: decidedAmendment(scope, detail.amendmentId, 'rejected').id };
    default:
      throw new ApiError(409, ErrorCode.conflict, `expected a decision that can be undone, got '${decision.kind}'`);
  }
}

/** The paragraph's text when it was last unlocked: the text it was agreed with. */
function unlockedText(scope: WorkflowScope, blockId: string): string | undefined {
  const events = scope.store.listLockEvents(scope.room.docId);
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.blockId === blockId && event.action === 'unlock') return event.text;
  }
  return undefined;
}

/** The text the decision left: what the paragraph read right after it, for the 409 of an undo over later changes. */
function decisionText(scope: WorkflowScope, decision: DecisionEntry): string {
  if (decision.kind === 'amendment-accepted') {
    const amendment = scope.workflow.getAmendment(scope.room.docId, Number(decision.detail?.amendmentId));
    if (amendment) return amendment.text;
  }
  return unlockedText(scope, decision.blockId ?? '') ?? '';
}

function decidedAmendment(scope: WorkflowScope, id: unknown, status: Amendment['status']) {
  const amendment = typeof id === 'number' ? scope.workflow.getAmendment(scope.room.docId, id) : null;
  if (amendment === null || amendment.status !== status) {
    throw new ApiError(409, ErrorCode.conflict, `expected the decided amendment still ${status}, got it changed since`);
  }
  return amendment;
}
