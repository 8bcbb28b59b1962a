/**
 * The silence procedure (PROTOCOL.md Q1–Q3), how OSCE texts are often finalised after a
 * meeting: the Senior Adviser puts the whole text or one paragraph under silence until a
 * deadline; a delegation that objects breaks silence, with its reason; at the deadline the
 * room records the outcome, "adopted" when nobody broke it, otherwise "silence broken by …".
 * The deadline is kept by SilenceClock, one timer for the server's earliest deadline; a
 * server that was down at a deadline records it as soon as it starts.
 */
import type { FastifyBaseLogger } from 'fastify';
import { MAX_SILENCE_DAYS } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import type { SilenceOpen, SilenceProcedure } from '../../shared/workflow.js';
import { ApiError } from '../ApiError.js';
import type { Actor } from '../collab/lockActions.js';
import type { RoomRegistry } from '../collab/RoomRegistry.js';
import { recordActivity } from '../rooms/activity.js';
import type { Store } from '../store/Store.js';
import type { WorkflowStore } from '../store/Store.js';
import { decisionReason } from './decisionReasons.js';
import { actorName, report, type WorkflowScope } from './scope.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Opens a procedure on a paragraph or (blockId null) the whole text; one open procedure per paragraph and one on the whole text (Q1). */
export function openSilence(scope: WorkflowScope, input: SilenceOpen, actor: Actor, clock: SilenceClock): SilenceProcedure {
  const { room, workflow } = scope;
  const blockId = input.blockId ?? null;
  if (blockId !== null && room.policy.findBlock(blockId) === null) {
    throw new ApiError(404, ErrorCode.notFound, `no block with id ${blockId} in this room`);
  }
  const now = Date.now();
  const deadline = parseDeadline(input.deadline, now);
  if (workflow.openSilenceOn(room.docId, blockId) !== null) {
    throw new ApiError(
      409,
      ErrorCode.conflict,
      `expected no silence procedure open on ${blockId === null ? 'the whole text' : 'this paragraph'}, got one already: wait for its deadline`,
    );
  }
  const openedAt = new Date(now).toISOString();
  const id = workflow.createSilence({ docId: room.docId, blockId, openedBy: actorName(actor), openedAt, deadline });
  report(scope, { kind: 'silence-opened', actor, at: openedAt, blockId, detail: { silenceId: id, deadline } });
  clock.wake();
  return workflow.getSilence(room.docId, id)!;
}

/**
 * A delegation breaks silence (Q2): an invite naming the delegation (N2), a reason (cleaned
 * and bounded as M9's, required), before the deadline; once per delegation (asking again
 * changes nothing and answers the procedure).
 */
export function breakSilence(scope: WorkflowScope, id: number, rawReason: string, actor: Actor): SilenceProcedure {
  const { room, workflow } = scope;
  if (!actor.delegation) {
    throw new ApiError(
      403,
      ErrorCode.namedInviteNeeded,
      'expected an invite that names a delegation (silence is broken by a delegation), got one that names none',
    );
  }
  const reason = decisionReason(rawReason);
  if (reason === null) throw new ApiError(400, ErrorCode.badRequest, 'expected the reason for breaking silence, got none');
  const procedure = workflow.getSilence(room.docId, id);
  if (procedure === null) throw new ApiError(404, ErrorCode.notFound, `no silence procedure ${id} in this room`);
  const at = new Date().toISOString();
  if (procedure.outcome !== 'open' || procedure.deadline <= at) {
    throw new ApiError(409, ErrorCode.conflict, `expected silence procedure ${id} still open, got it past its deadline`);
  }
  const added = workflow.addSilenceBreak(id, { delegation: actor.delegation, byName: actor.name, reason, at });
  if (added) {
    report(scope, {
      kind: 'silence-broken',
      actor,
      at,
      blockId: procedure.blockId,
      detail: { silenceId: id, delegation: actor.delegation, reason },
    });
  }
  return workflow.getSilence(room.docId, id)!;
}

/** The deadline as a UTC instant: ISO 8601 with a zone, in the future, at most MAX_SILENCE_DAYS ahead. */
function parseDeadline(raw: string, now: number): string {
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw);
  const at = zoned ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new ApiError(
      400,
      ErrorCode.badRequest,
      `expected the deadline as an ISO 8601 time with its zone (2026-12-18T17:00:00+01:00), got '${raw}'`,
    );
  }
  if (at <= now) throw new ApiError(400, ErrorCode.badRequest, `expected a deadline in the future, got ${new Date(at).toISOString()}`);
  if (at > now + MAX_SILENCE_DAYS * DAY_MS) {
    throw new ApiError(
      400,
      ErrorCode.badRequest,
      `expected a deadline at most ${MAX_SILENCE_DAYS} days ahead, got ${new Date(at).toISOString()}`,
    );
  }
  return new Date(at).toISOString();
}

/** Longest a timer may wait in Node (about 24.8 days); a later deadline is reached by waking again. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Ends every procedure whose deadline has come (Q3), in every room: one timer, set for the
 * earliest open deadline, and set again after each change. The outcome is recorded in the
 * activity log, and announced when the room is open.
 */
export class SilenceClock {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly workflow: WorkflowStore,
    private readonly rooms: RoomRegistry,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Ends what is due now and sets the timer for the next deadline. */
  wake(): void {
    if (this.stopped) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    try {
      this.endDue(new Date());
    } catch (error) {
      // A store that cannot write now (a full disk) is tried again at the next wake.
      this.log.error({ err: error }, 'could not record the end of a silence procedure');
    }
    const next = this.workflow.nextSilenceDeadline();
    if (next === null) return;
    const wait = Math.min(Math.max(Date.parse(next) - Date.now(), 0), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.wake(), wait);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private endDue(now: Date): void {
    for (const procedure of this.workflow.dueSilences(now.toISOString())) {
      const outcome = procedure.breaks.length === 0 ? 'adopted' : 'broken';
      const endedAt = procedure.deadline;
      if (!this.workflow.endSilence(procedure.id, outcome, endedAt)) continue;
      recordActivity(this.store, this.rooms.peek(procedure.docId), {
        docId: procedure.docId,
        kind: 'silence-ended',
        // The server records it, under a name no person may take (labels.ts RESERVED_LABELS).
        byName: 'Draftroom',
        at: endedAt,
        blockId: procedure.blockId,
        detail: { silenceId: procedure.id, outcome, brokenBy: procedure.breaks.map((b) => b.delegation) },
      });
    }
  }
}
