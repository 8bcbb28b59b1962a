/**
 * Amendments to one paragraph: proposed by anyone who may edit, co-sponsored by other
 * delegations, then accepted (the text changes, in a server-origin transaction), rejected,
 * or merged with another into one. Lock state is checked on proposal and again on
 * acceptance, in the same event-loop turn as the change, so agreed text never moves
 * (an addition after an agreed paragraph stays possible: it does not touch its text).
 */
import { MAX_PENDING_AMENDMENTS_PER_BLOCK } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import type { Amendment, AmendmentKind, AmendmentMerge, Cosponsor, NewAmendmentBody } from '../../shared/workflow.js';
import type { WordDiff } from '../../shared/wordDiff.js';
import { ApiError } from '../ApiError.js';
import { blockText } from '../collab/blockSnapshot.js';
import type { Actor } from '../collab/lockActions.js';
import type { Room } from '../collab/Room.js';
import type { WorkflowStore } from '../store/Store.js';
import { deleteBlock, insertParagraphAfter, replaceBlockText } from './blockEdits.js';
import { cachedWordDiff, DiffBudget, textHash } from './diffCache.js';
import { ownTurn } from './fairTurns.js';
import { decisionReason } from './decisionReasons.js';
import type { AmendmentRecord } from './records.js';
import { actorName, report, type WorkflowEvent, type WorkflowScope } from './scope.js';

/**
 * Records a proposal in the caller's name, for the delegation their invite names; on a role
 * link `actor.delegation` is '' (N2), so its holder proposes in their own name only.
 */
export async function proposeAmendment(scope: WorkflowScope, input: NewAmendmentBody, actor: Actor): Promise<Amendment> {
  // Its diff is computed now (M5): proposals arriving together take a turn each.
  await ownTurn();
  const { room, workflow } = scope;
  const text = checkedText(input.kind, input.text);
  const current = amendableBlock(room, input.blockId, input.kind);
  if (input.kind === 'replace' && text === current) {
    throw new ApiError(400, ErrorCode.badRequest, 'expected a replacement that differs from the paragraph, got the same text');
  }
  if (workflow.countPendingAmendments(room.docId, input.blockId) >= MAX_PENDING_AMENDMENTS_PER_BLOCK) {
    const number = room.blockNumber(input.blockId);
    const where = number === undefined ? 'this paragraph' : `paragraph ${number}`;
    throw new ApiError(
      409,
      ErrorCode.tooMany,
      `expected a paragraph with room for an amendment, got ${where} with ${MAX_PENDING_AMENDMENTS_PER_BLOCK} pending, the most one paragraph may hold; the moderators must decide some first`,
    );
  }
  const at = new Date().toISOString();
  const id = workflow.createAmendment({
    docId: room.docId,
    blockId: input.blockId,
    kind: input.kind,
    text,
    proposerName: actor.name,
    proposerDelegation: actor.delegation,
    createdAt: at,
    baseText: baseTextFor(input.kind, current),
  });
  return reportChanged(
    scope,
    {
      kind: 'amendment-proposed',
      actor,
      at,
      blockId: input.blockId,
      detail: { amendmentId: id, kind: input.kind, delegation: actor.delegation },
    },
    [id],
  );
}

/**
 * Adds the caller's delegation as a co-sponsor, once; the proposer's own delegation already
 * stands behind it. Co-sponsoring acts for a delegation, so it needs an invite naming one
 * (N2): a role link's delegation is self-declared and never reaches `actor.delegation`.
 */
export function cosponsorAmendment(scope: WorkflowScope, id: number, actor: Actor): Amendment {
  const { room, workflow } = scope;
  const delegation = namedDelegation(actor);
  const amendment = pending(workflow, room.docId, id);
  const at = new Date().toISOString();
  const added = delegation !== amendment.proposerDelegation && workflow.addCosponsor(id, { delegation, byName: actor.name, at });
  if (added) {
    return reportChanged(
      scope,
      { kind: 'amendment-cosponsored', actor, at, blockId: amendment.blockId, detail: { amendmentId: id, delegation } },
      [id],
    );
  }
  return view(room, workflow.getAmendment(room.docId, id)!);
}

/**
 * Takes the caller's delegation's co-sponsorship back while the amendment is pending (a
 * delegation that changed its mind before the decision). Acting for a delegation needs an
 * invite naming it (N2), as co-sponsoring does. Asking twice, or for a delegation that is not
 * a co-sponsor, changes nothing and answers the amendment, so a retry is safe.
 */
export function withdrawCosponsorship(scope: WorkflowScope, id: number, actor: Actor): Amendment {
  const { room, workflow } = scope;
  const delegation = namedDelegation(actor);
  const amendment = pending(workflow, room.docId, id);
  if (workflow.removeCosponsor(id, delegation)) {
    return reportChanged(
      scope,
      {
        kind: 'amendment-cosponsor-withdrawn',
        actor,
        at: new Date().toISOString(),
        blockId: amendment.blockId,
        detail: { amendmentId: id, delegation },
      },
      [id],
    );
  }
  return view(room, workflow.getAmendment(room.docId, id)!);
}

/**
 * The delegation the caller acts for when co-sponsoring or withdrawing: co-sponsors are
 * delegations, so it takes an invite that names one (N2). A role link's delegation is
 * self-declared and never reaches `actor.delegation`.
 */
function namedDelegation(actor: Actor): string {
  if (!actor.delegation) {
    throw new ApiError(
      403,
      ErrorCode.namedInviteNeeded,
      'expected an invite that names a delegation (co-sponsors are delegations), got one that names none: ask the Senior Adviser for a named invite for your delegation; a delegation typed on a role link is self-declared',
    );
  }
  return actor.delegation;
}

/**
 * Applies the amendment to the text; refused while its paragraph is locked or gone, and (M7)
 * when the paragraph changed since the amendment was proposed, unless `confirmText` is the
 * paragraph's text as it stands, which the moderator has seen.
 */
export function acceptAmendment(scope: WorkflowScope, id: number, actor: Actor, confirmText?: string): Amendment {
  const { room, workflow } = scope;
  const amendment = pending(workflow, room.docId, id);
  const textBefore = amendableBlock(room, amendment.blockId, amendment.kind, 'accept');
  const overChanges = amendment.baseText !== null && amendment.baseText !== textBefore;
  if (overChanges && confirmText !== textBefore) {
    const number = room.blockNumber(amendment.blockId);
    const where = number === undefined ? 'the paragraph' : `paragraph ${number}`;
    throw new ApiError(
      409,
      ErrorCode.baseChanged,
      `expected ${where} as it read when amendment #${id} was proposed, got it changed since${confirmText === undefined ? '' : ' (and since the text confirmed)'}; accepting would replace the text as it stands now: send it back as confirmText to accept anyway`,
      { blockId: amendment.blockId, baseText: amendment.baseText!, liveText: textBefore },
    );
  }
  const element = room.policy.findBlock(amendment.blockId)!;
  let addedBlockId: string | undefined;
  const at = new Date().toISOString();
  // The text change and the decision are saved together or not at all (F2), so a retry after
  // a failure applies the amendment once.
  return room.serverAction(
    () => {
      if (amendment.kind === 'replace') replaceBlockText(element, amendment.text);
      else if (amendment.kind === 'insert-after') addedBlockId = insertParagraphAfter(room.fragment, element, amendment.text);
      else deleteBlock(room.fragment, element);
    },
    () => {
      workflow.decideAmendment(room.docId, id, { status: 'accepted', decidedBy: actorName(actor), decidedAt: at, textBefore });
      // A deletion also changes the others pending on that paragraph: it is gone (blockExists).
      const orphans =
        amendment.kind === 'delete'
          ? workflow.listAmendments(room.docId).filter((a) => a.blockId === amendment.blockId && a.status === 'pending')
          : [];
      const accepted: WorkflowEvent = {
        kind: 'amendment-accepted',
        actor,
        at,
        blockId: amendment.blockId,
        detail: {
          amendmentId: id,
          kind: amendment.kind,
          proposer: amendment.proposerName,
          delegation: amendment.proposerDelegation,
          ...(addedBlockId ? { addedBlockId } : {}),
          ...(overChanges ? { overChanges: true } : {}),
        },
      };
      return reportChanged(scope, accepted, [...orphans.map((a) => a.id), id]);
    },
  );
}

/** Rejects a pending amendment; `rawReason`, the moderator's reason as typed, goes into the record cleaned (M9). */
export function rejectAmendment(scope: WorkflowScope, id: number, actor: Actor, rawReason?: string | null): Amendment {
  const { room, workflow } = scope;
  const reason = decisionReason(rawReason);
  const amendment = pending(workflow, room.docId, id);
  const at = new Date().toISOString();
  workflow.decideAmendment(room.docId, id, { status: 'rejected', decidedBy: actorName(actor), decidedAt: at, reason });
  return reportChanged(
    scope,
    {
      kind: 'amendment-rejected',
      actor,
      at,
      blockId: amendment.blockId,
      detail: { amendmentId: id, kind: amendment.kind, proposer: amendment.proposerName, ...(reason === null ? {} : { reason }) },
    },
    [id],
  );
}

/**
 * Merges two pending amendments to the same paragraph into a new one with `text`: it keeps
 * the first one's proposer, and every other delegation behind either becomes a co-sponsor.
 */
export function mergeAmendments(
  scope: WorkflowScope,
  ids: AmendmentMerge['ids'],
  input: Omit<AmendmentMerge, 'ids'>,
  actor: Actor,
): Amendment {
  const { room, workflow } = scope;
  if (ids[0] === ids[1]) throw new ApiError(400, ErrorCode.badRequest, 'expected two different amendments, got the same id twice');
  const [first, second] = ids.map((id) => pending(workflow, room.docId, id)) as [AmendmentRecord, AmendmentRecord];
  if (first.blockId !== second.blockId) {
    throw new ApiError(400, ErrorCode.badRequest, 'expected two amendments to the same paragraph, got amendments to different paragraphs');
  }
  const kind = input.kind ?? (first.kind === second.kind ? first.kind : 'replace');
  const text = checkedText(kind, input.text);
  const current = amendableBlock(room, first.blockId, kind, 'merge');
  const at = new Date().toISOString();
  const delegations = new Map<string, Cosponsor>();
  const behind = [
    ...first.cosponsors,
    { delegation: second.proposerDelegation, byName: second.proposerName, at: second.createdAt },
    ...second.cosponsors,
  ];
  for (const cosponsor of behind) {
    if (cosponsor.delegation && cosponsor.delegation !== first.proposerDelegation && !delegations.has(cosponsor.delegation)) {
      delegations.set(cosponsor.delegation, cosponsor);
    }
  }
  const id = workflow.mergeAmendments(
    {
      docId: room.docId,
      blockId: first.blockId,
      kind,
      text,
      proposerName: first.proposerName,
      proposerDelegation: first.proposerDelegation,
      createdAt: at,
      // The moderator merging has the paragraph before them as it reads now.
      baseText: baseTextFor(kind, current),
    },
    [...delegations.values()],
    ids,
    actorName(actor),
  );
  return reportChanged(
    scope,
    { kind: 'amendment-merged', actor, at, blockId: first.blockId, detail: { amendmentId: id, mergedFrom: ids } },
    [...ids, id],
  );
}

/**
 * Every amendment of the room, oldest first, each with its diff against the text as it
 * stands (M5: each diff computed once per text and cached; past the request's budget,
 * coarse), in an event-loop turn of its own.
 */
export async function listAmendments(room: Room, workflow: WorkflowStore): Promise<Amendment[]> {
  await ownTurn();
  const reading = newReading();
  return workflow.listAmendments(room.docId).map((amendment) => view(room, amendment, reading));
}

/** What one request has read so far: the paragraphs' texts, their hashes, and its diff budget. */
interface Reading {
  texts: Map<string, string | null>;
  hashes: Map<string, string>;
  budget: DiffBudget;
}

function newReading(): Reading {
  return { texts: new Map(), hashes: new Map(), budget: new DiffBudget() };
}

/**
 * Reports the event with the amendments it changed (`ids`, the one acted on last), as the
 * list shows them (M6), so every client merges them instead of reloading the list; returns
 * the last.
 */
export function reportChanged(scope: WorkflowScope, event: WorkflowEvent, ids: number[]): Amendment {
  const { room, workflow } = scope;
  const amendments = ids.map((id) => view(room, workflow.getAmendment(room.docId, id)!));
  report(scope, { ...event, amendments });
  return amendments[amendments.length - 1]!;
}

/** The amendment as the API shows it, against the paragraph's text as `reading` has it. */
function view(room: Room, amendment: AmendmentRecord, reading = newReading()): Amendment {
  let current = reading.texts.get(amendment.blockId);
  if (current === undefined) {
    const element = room.policy.findBlock(amendment.blockId);
    current = element === null ? null : blockText(element);
    reading.texts.set(amendment.blockId, current);
  }
  const diff = diffOf(room.docId, amendment, current, reading);
  return { ...amendment, blockExists: current !== null, diff: diff?.parts ?? null, diffCoarse: diff?.coarse ?? false };
}

function diffOf(docId: string, amendment: AmendmentRecord, current: string | null, reading: Reading): WordDiff | null {
  const base = amendment.status === 'pending' ? (current ?? '') : amendment.status === 'accepted' ? (amendment.textBefore ?? '') : null;
  if (base === null) return null;
  if (amendment.kind === 'insert-after') return { parts: [{ type: 'insert', text: amendment.text }], coarse: false };
  if (amendment.kind === 'delete') return { parts: base === '' ? [] : [{ type: 'delete', text: base }], coarse: false };
  let hash = reading.hashes.get(base);
  if (hash === undefined) {
    hash = textHash(base);
    reading.hashes.set(base, hash);
  }
  return cachedWordDiff(`amendment:${docId}:${amendment.id}:${hash}`, base, amendment.text, reading.budget);
}

/** The amendment, if it is in this room and still pending (404 / 409 otherwise). */
function pending(workflow: WorkflowStore, docId: string, id: number): AmendmentRecord {
  const amendment = workflow.getAmendment(docId, id);
  if (amendment === null) throw new ApiError(404, ErrorCode.notFound, `no amendment with id ${id} in this room`);
  if (amendment.status !== 'pending') {
    throw new ApiError(409, ErrorCode.conflict, `expected a pending amendment, got one already ${amendment.status}`);
  }
  return amendment;
}

/**
 * The paragraph's current text, if it exists (404, or 409 once it has gone) and the amendment
 * may touch it: a replacement or deletion of an agreed (locked) paragraph is refused with
 * E_LOCKED. An addition after it is not: it leaves the agreed text as it is, and without it
 * nothing could be proposed after a locked last paragraph (docs/ARCHITECTURE.md, "Paragraph
 * locks over a CRDT": new paragraphs stay possible before, between and after locked ones).
 */
function amendableBlock(room: Room, blockId: string, kind: AmendmentKind, action?: 'accept' | 'merge'): string {
  const element = room.policy.findBlock(blockId);
  if (element === null) {
    if (action) throw new ApiError(409, ErrorCode.conflict, `cannot ${action}: expected the amended paragraph in the text, got it deleted`);
    throw new ApiError(404, ErrorCode.notFound, `no block with id ${blockId} in this room`);
  }
  if (kind !== 'insert-after' && room.policy.isLocked(blockId)) {
    const { lockedBy } = room.policy.lockState(blockId);
    const number = room.blockNumber(blockId);
    const where = number === undefined ? 'the block' : `paragraph ${number}`;
    throw new ApiError(
      409,
      ErrorCode.locked,
      `expected an unlocked paragraph, got ${where} agreed and locked${lockedBy ? ` by ${lockedBy}` : ''}; unlock it first`,
      { blockId, ...(lockedBy ? { lockedBy } : {}) },
    );
  }
  return blockText(element);
}

/** What an amendment of `kind` would replace (M7): the paragraph's text, or nothing for an addition. */
function baseTextFor(kind: AmendmentKind, paragraphText: string): string | null {
  return kind === 'insert-after' ? null : paragraphText;
}

/** The amendment text a kind needs: a non-empty text for a replacement or an addition, none for a deletion. */
function checkedText(kind: AmendmentKind, text: string | undefined): string {
  if (kind === 'delete') return '';
  const trimmed = (text ?? '').replace(/\r\n?/g, '\n').trim();
  if (trimmed === '') throw new ApiError(400, ErrorCode.badRequest, `expected a text for a '${kind}' amendment, got none`);
  return trimmed;
}
