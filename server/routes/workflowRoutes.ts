/**
 * The chair's workflow over HTTP: paragraph status, amendments, comments, readings
 * (revisions), the projector. Each route declares the right it needs and opens the room
 * (access.ts), validates at the edge, then calls one workflow action; the action announces
 * the change to the room.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { BlockParamsSchema, DecisionReasonSchema, DocParamsSchema, ERROR_RESPONSES } from '../../shared/apiSchemas.js';
import type { Permission } from '../../shared/roles.js';
import type { TextRef } from '../../shared/workflow.js';
import {
  AmendmentAcceptSchema,
  AmendmentMergeSchema,
  AmendmentSchema,
  AmendmentsQuerySchema,
  BlockStatusChangeSchema,
  BlockStatusStateSchema,
  CommentSchema,
  CommentsQuerySchema,
  CompareQuerySchema,
  ComparisonSchema,
  IdParamsSchema,
  NewAmendmentSchema,
  NewCommentSchema,
  NewRevisionSchema,
  PresentingChangeSchema,
  PresentingSchema,
  RevisionBlockSchema,
  RevisionParamsSchema,
  RevisionSummarySchema,
  SilenceBreakBodySchema,
  SilenceOpenSchema,
  SilenceProcedureSchema,
  StatusSummarySchema,
  UndoDecisionSchema,
  UndoneDecisionSchema,
} from '../../shared/workflowSchemas.js';
import { actorLabel } from '../auth/Authenticator.js';
import type { ServerContext } from '../context.js';
import {
  acceptAmendment,
  cosponsorAmendment,
  withdrawCosponsorship,
  listAmendments,
  mergeAmendments,
  proposeAmendment,
  rejectAmendment,
} from '../workflow/amendments.js';
import { setBlockStatus, statusSummary } from '../workflow/blockStatus.js';
import { breakSilence, openSilence } from '../workflow/silence.js';
import { undoDecision } from '../workflow/undoDecision.js';
import { addComment, listComments, resolveComment, type Commenter } from '../workflow/comments.js';
import { setPresenting } from '../workflow/presenting.js';
import { compareRevisions, restoreRevision, revisionBlocks, saveRevision } from '../workflow/revisions.js';
import type { WorkflowScope } from '../workflow/scope.js';

export function registerWorkflowRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  /** The room to act on, with the stores the workflow writes to. */
  const scopeOf = (request: FastifyRequest): WorkflowScope => ({ room: request.room, store: ctx.store, workflow: ctx.workflow });
  /** A comment's author or resolver: who they are and what decides their right to resolve (C3). */
  const commenter = ({ caller }: FastifyRequest): Commenter =>
    caller.kind === 'admin'
      ? { ...actorLabel(caller), role: 'admin', inviteId: null }
      : { ...actorLabel(caller), role: caller.session.role, inviteId: caller.session.inviteId };
  /** Every workflow route needs its room: the caller's right there, and the room opened. */
  const inRoom = (access: Permission) => ({ access, openRoom: true });

  // ── paragraph status ──────────────────────────────────────────────────────

  api.post(
    '/api/documents/:docId/blocks/:blockId/status',
    {
      schema: { params: BlockParamsSchema, body: BlockStatusChangeSchema, response: { 200: BlockStatusStateSchema, ...ERROR_RESPONSES } },
      config: inRoom('lock'),
    },
    async (request) =>
      setBlockStatus(scopeOf(request), request.params.blockId, request.body.status, actorLabel(request.caller), request.body.reason),
  );

  // Undoing the last decision on a paragraph (M10).
  api.post(
    '/api/documents/:docId/blocks/:blockId/undo',
    {
      schema: { params: BlockParamsSchema, body: UndoDecisionSchema, response: { 200: UndoneDecisionSchema, ...ERROR_RESPONSES } },
      config: inRoom('lock'),
    },
    async (request) => undoDecision(scopeOf(request), request.params.blockId, request.body, actorLabel(request.caller)),
  );

  api.get(
    '/api/documents/:docId/status-summary',
    { schema: { params: DocParamsSchema, response: { 200: StatusSummarySchema, ...ERROR_RESPONSES } }, config: inRoom('read') },
    async (request) => statusSummary(request.room),
  );

  // ── amendments ────────────────────────────────────────────────────────────

  api.get(
    '/api/documents/:docId/amendments',
    {
      schema: {
        params: DocParamsSchema,
        querystring: AmendmentsQuerySchema,
        response: { 200: Type.Array(AmendmentSchema), ...ERROR_RESPONSES },
      },
      config: inRoom('read'),
    },
    async (request) => {
      const { blockId, status } = request.query;
      return (await listAmendments(request.room, ctx.workflow)).filter(
        (amendment) => (blockId === undefined || amendment.blockId === blockId) && (status === undefined || amendment.status === status),
      );
    },
  );

  api.post(
    '/api/documents/:docId/amendments',
    {
      schema: { params: DocParamsSchema, body: NewAmendmentSchema, response: { 201: AmendmentSchema, ...ERROR_RESPONSES } },
      config: inRoom('edit'),
    },
    async (request, reply) => {
      reply.code(201);
      return proposeAmendment(scopeOf(request), request.body, actorLabel(request.caller));
    },
  );

  api.post(
    '/api/documents/:docId/amendments/merge',
    {
      schema: { params: DocParamsSchema, body: AmendmentMergeSchema, response: { 201: AmendmentSchema, ...ERROR_RESPONSES } },
      config: inRoom('decide-amendment'),
    },
    async (request, reply) => {
      reply.code(201);
      return mergeAmendments(scopeOf(request), request.body.ids, request.body, actorLabel(request.caller));
    },
  );

  const amendmentAction = (path: string, permission: Permission, action: typeof cosponsorAmendment) =>
    api.post(
      `/api/documents/:docId/amendments/:id/${path}`,
      { schema: { params: IdParamsSchema, response: { 200: AmendmentSchema, ...ERROR_RESPONSES } }, config: inRoom(permission) },
      async (request) => action(scopeOf(request), request.params.id, actorLabel(request.caller)),
    );
  amendmentAction('cosponsor', 'comment', cosponsorAmendment);
  api.delete(
    '/api/documents/:docId/amendments/:id/cosponsor',
    { schema: { params: IdParamsSchema, response: { 200: AmendmentSchema, ...ERROR_RESPONSES } }, config: inRoom('comment') },
    async (request) => withdrawCosponsorship(scopeOf(request), request.params.id, actorLabel(request.caller)),
  );
  // An accept may carry the text it replaces, confirmed (M7).
  api.post(
    '/api/documents/:docId/amendments/:id/accept',
    {
      schema: { params: IdParamsSchema, body: AmendmentAcceptSchema, response: { 200: AmendmentSchema, ...ERROR_RESPONSES } },
      config: inRoom('decide-amendment'),
    },
    async (request) => acceptAmendment(scopeOf(request), request.params.id, actorLabel(request.caller), request.body?.confirmText),
  );
  // A rejection may carry the reason for the record (M9).
  api.post(
    '/api/documents/:docId/amendments/:id/reject',
    {
      schema: { params: IdParamsSchema, body: DecisionReasonSchema, response: { 200: AmendmentSchema, ...ERROR_RESPONSES } },
      config: inRoom('decide-amendment'),
    },
    async (request) => rejectAmendment(scopeOf(request), request.params.id, actorLabel(request.caller), request.body?.reason),
  );

  // ── silence procedure (Q1–Q3) ─────────────────────────────────────────────

  api.get(
    '/api/documents/:docId/silence',
    {
      schema: { params: DocParamsSchema, response: { 200: Type.Array(SilenceProcedureSchema), ...ERROR_RESPONSES } },
      config: inRoom('read'),
    },
    async (request) => ctx.workflow.listSilences(request.room.docId),
  );
  api.post(
    '/api/documents/:docId/silence',
    {
      schema: { params: DocParamsSchema, body: SilenceOpenSchema, response: { 201: SilenceProcedureSchema, ...ERROR_RESPONSES } },
      config: inRoom('open-silence'),
    },
    async (request, reply) => {
      reply.code(201);
      return openSilence(scopeOf(request), request.body, actorLabel(request.caller), ctx.silence);
    },
  );
  api.post(
    '/api/documents/:docId/silence/:id/break',
    {
      schema: { params: IdParamsSchema, body: SilenceBreakBodySchema, response: { 200: SilenceProcedureSchema, ...ERROR_RESPONSES } },
      config: inRoom('comment'),
    },
    async (request) => breakSilence(scopeOf(request), request.params.id, request.body.reason, actorLabel(request.caller)),
  );

  // ── comments ──────────────────────────────────────────────────────────────

  api.get(
    '/api/documents/:docId/comments',
    {
      schema: {
        params: DocParamsSchema,
        querystring: CommentsQuerySchema,
        response: { 200: Type.Array(CommentSchema), ...ERROR_RESPONSES },
      },
      config: inRoom('read'),
    },
    async (request) => listComments(scopeOf(request), commenter(request), request.query.blockId),
  );

  api.post(
    '/api/documents/:docId/comments',
    {
      schema: { params: DocParamsSchema, body: NewCommentSchema, response: { 201: CommentSchema, ...ERROR_RESPONSES } },
      config: inRoom('comment'),
    },
    async (request, reply) => {
      reply.code(201);
      return addComment(scopeOf(request), request.body, commenter(request));
    },
  );

  api.post(
    '/api/documents/:docId/comments/:id/resolve',
    { schema: { params: IdParamsSchema, response: { 200: CommentSchema, ...ERROR_RESPONSES } }, config: inRoom('comment') },
    async (request) => resolveComment(scopeOf(request), request.params.id, commenter(request)),
  );

  // ── readings (revisions) ──────────────────────────────────────────────────

  api.post(
    '/api/documents/:docId/revisions',
    {
      schema: { params: DocParamsSchema, body: NewRevisionSchema, response: { 201: RevisionSummarySchema, ...ERROR_RESPONSES } },
      config: inRoom('save-version'),
    },
    async (request, reply) => {
      reply.code(201);
      return saveRevision(scopeOf(request), request.body.note ?? '', actorLabel(request.caller));
    },
  );

  api.get(
    '/api/documents/:docId/revisions',
    {
      schema: { params: DocParamsSchema, response: { 200: Type.Array(RevisionSummarySchema), ...ERROR_RESPONSES } },
      config: inRoom('read'),
    },
    async (request) => ctx.workflow.listRevisions(request.room.docId),
  );

  api.get(
    '/api/documents/:docId/revisions/:n/blocks',
    {
      schema: { params: RevisionParamsSchema, response: { 200: Type.Array(RevisionBlockSchema), ...ERROR_RESPONSES } },
      config: inRoom('read'),
    },
    async (request) => revisionBlocks(request.room, ctx.workflow, request.params.n),
  );

  api.post(
    '/api/documents/:docId/revisions/:n/restore',
    {
      schema: { params: RevisionParamsSchema, response: { 201: RevisionSummarySchema, ...ERROR_RESPONSES } },
      config: inRoom('save-version'),
    },
    async (request, reply) => {
      reply.code(201);
      return restoreRevision(scopeOf(request), request.params.n, actorLabel(request.caller));
    },
  );

  api.get(
    '/api/documents/:docId/compare',
    {
      schema: { params: DocParamsSchema, querystring: CompareQuerySchema, response: { 200: ComparisonSchema, ...ERROR_RESPONSES } },
      config: inRoom('read'),
    },
    async (request) =>
      compareRevisions(request.room, ctx.workflow, textRef(request.query.from), textRef(request.query.to), request.query.authors === true),
  );

  // ── projector ─────────────────────────────────────────────────────────────

  api.get(
    '/api/documents/:docId/presenting',
    { schema: { params: DocParamsSchema, response: { 200: PresentingSchema, ...ERROR_RESPONSES } }, config: inRoom('follow-projector') },
    async (request) => ctx.workflow.getPresenting(request.room.docId),
  );

  api.post(
    '/api/documents/:docId/presenting',
    {
      schema: { params: DocParamsSchema, body: PresentingChangeSchema, response: { 200: PresentingSchema, ...ERROR_RESPONSES } },
      config: inRoom('lock'),
    },
    async (request) => setPresenting(scopeOf(request), request.body.blockId, actorLabel(request.caller)),
  );
}

function textRef(value: string): TextRef {
  return value === 'live' ? 'live' : Number(value);
}
