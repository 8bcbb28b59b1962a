/**
 * The chair's workflow over HTTP: paragraph status, amendments, comments, readings
 * (revisions), the projector. Each route checks the caller's right, validates at the edge,
 * then calls one workflow action; the action announces the change to the room.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { BLOCK_STATUSES, type BlockStatus } from '../../shared/blocks.js';
import { ErrorCode } from '../../shared/protocol.js';
import { MAX_AMENDMENT_CHARS, MAX_COMMENT_CHARS, MAX_REVISION_NOTE_CHARS } from '../../shared/limits.js';
import type { Permission } from '../../shared/roles.js';
import {
  AMENDMENT_KINDS,
  AMENDMENT_STATUSES,
  type AmendmentMerge,
  type AmendmentStatus,
  type NewAmendmentBody,
  type NewCommentBody,
  type PresentingChange,
  type TextRef,
} from '../../shared/workflow.js';
import { ApiError } from '../ApiError.js';
import { actorLabel, type Caller } from '../auth/Authenticator.js';
import type { Actor } from '../collab/lockActions.js';
import type { ServerContext } from '../context.js';
import {
  acceptAmendment,
  cosponsorAmendment,
  listAmendments,
  mergeAmendments,
  proposeAmendment,
  rejectAmendment,
} from '../workflow/amendments.js';
import { setBlockStatus, statusSummary } from '../workflow/blockStatus.js';
import { addComment, listComments, resolveComment, type Commenter } from '../workflow/comments.js';
import { setPresenting } from '../workflow/presenting.js';
import { compareRevisions, restoreRevision, revisionBlocks, saveRevision } from '../workflow/revisions.js';
import type { WorkflowScope } from '../workflow/scope.js';
import { bearerToken, identityHints } from './bearer.js';
import { literals } from './schemas.js';

const BlockId = Type.String({ minLength: 1, maxLength: 64 });
const IdParams = Type.Object({ docId: Type.String(), id: Type.Integer({ minimum: 1 }) });
const RevisionParams = Type.Object({ docId: Type.String(), n: Type.Integer({ minimum: 1 }) });
const TextRefPattern = '^(live|[1-9][0-9]*)$';

type Doc = { Params: { docId: string } };
type WithId = { Params: { docId: string; id: number } };
type WithRevision = { Params: { docId: string; n: number } };

export function registerWorkflowRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /** The caller, if they may do `permission` here (as records name them, and as authenticated), and the room to act on. */
  const enter = async (
    request: FastifyRequest<{ Params: { docId: string } }>,
    permission: Permission,
  ): Promise<{ actor: Actor; caller: Caller; scope: WorkflowScope }> => {
    const { docId } = request.params;
    const caller = await ctx.auth.authorize(bearerToken(request), docId, permission, identityHints(request));
    const room = ctx.rooms.open(docId);
    if (room === null) throw new ApiError(404, ErrorCode.notFound, `no room with id ${docId}`);
    return { actor: actorLabel(caller), caller, scope: { room, store: ctx.store, workflow: ctx.workflow } };
  };
  /** A comment's author or resolver: who they are and what decides their right to resolve (C3). */
  const commenter = (actor: Actor, caller: Caller): Commenter =>
    caller.kind === 'admin'
      ? { ...actor, role: 'admin', inviteId: null }
      : { ...actor, role: caller.session.role, inviteId: caller.session.inviteId };

  // ── paragraph status ──────────────────────────────────────────────────────

  app.post<{ Params: { docId: string; blockId: string }; Body: { status: BlockStatus } }>(
    '/api/documents/:docId/blocks/:blockId/status',
    { schema: { body: Type.Object({ status: literals(BLOCK_STATUSES) }, { additionalProperties: false }) } },
    async (request) => {
      const { actor, scope } = await enter(request, 'lock');
      return setBlockStatus(scope, request.params.blockId, request.body.status, actor);
    },
  );

  app.get<Doc>('/api/documents/:docId/status-summary', async (request) => {
    const { scope } = await enter(request, 'read');
    return statusSummary(scope.room);
  });

  // ── amendments ────────────────────────────────────────────────────────────

  app.get<Doc & { Querystring: { blockId?: string; status?: AmendmentStatus } }>(
    '/api/documents/:docId/amendments',
    { schema: { querystring: Type.Object({ blockId: Type.Optional(BlockId), status: Type.Optional(literals(AMENDMENT_STATUSES)) }) } },
    async (request) => {
      const { scope } = await enter(request, 'read');
      const { blockId, status } = request.query;
      return (await listAmendments(scope.room, scope.workflow)).filter(
        (amendment) => (blockId === undefined || amendment.blockId === blockId) && (status === undefined || amendment.status === status),
      );
    },
  );

  app.post<Doc & { Body: NewAmendmentBody }>(
    '/api/documents/:docId/amendments',
    {
      schema: {
        body: Type.Object(
          { blockId: BlockId, kind: literals(AMENDMENT_KINDS), text: Type.Optional(Type.String({ maxLength: MAX_AMENDMENT_CHARS })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { actor, scope } = await enter(request, 'edit');
      reply.code(201);
      return proposeAmendment(scope, request.body, actor);
    },
  );

  app.post<Doc & { Body: AmendmentMerge }>(
    '/api/documents/:docId/amendments/merge',
    {
      schema: {
        body: Type.Object(
          {
            ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 2, maxItems: 2 }),
            text: Type.Optional(Type.String({ maxLength: MAX_AMENDMENT_CHARS })),
            kind: Type.Optional(literals(AMENDMENT_KINDS)),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { actor, scope } = await enter(request, 'decide-amendment');
      reply.code(201);
      return mergeAmendments(scope, request.body.ids, request.body, actor);
    },
  );

  const amendmentAction = (path: string, permission: Permission, action: typeof acceptAmendment) =>
    app.post<WithId>(`/api/documents/:docId/amendments/:id/${path}`, { schema: { params: IdParams } }, async (request) => {
      const { actor, scope } = await enter(request, permission);
      return action(scope, request.params.id, actor);
    });
  amendmentAction('cosponsor', 'comment', cosponsorAmendment);
  amendmentAction('accept', 'decide-amendment', acceptAmendment);
  amendmentAction('reject', 'decide-amendment', rejectAmendment);

  // ── comments ──────────────────────────────────────────────────────────────

  app.get<Doc & { Querystring: { blockId?: string } }>(
    '/api/documents/:docId/comments',
    { schema: { querystring: Type.Object({ blockId: Type.Optional(BlockId) }) } },
    async (request) => {
      const { actor, caller, scope } = await enter(request, 'read');
      return listComments(scope, commenter(actor, caller), request.query.blockId);
    },
  );

  app.post<Doc & { Body: NewCommentBody }>(
    '/api/documents/:docId/comments',
    {
      schema: {
        body: Type.Object(
          {
            blockId: BlockId,
            text: Type.String({ minLength: 1, maxLength: MAX_COMMENT_CHARS }),
            parentId: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { actor, caller, scope } = await enter(request, 'comment');
      reply.code(201);
      return addComment(scope, request.body, commenter(actor, caller));
    },
  );

  app.post<WithId>('/api/documents/:docId/comments/:id/resolve', { schema: { params: IdParams } }, async (request) => {
    const { actor, caller, scope } = await enter(request, 'comment');
    return resolveComment(scope, request.params.id, commenter(actor, caller));
  });

  // ── readings (revisions) ──────────────────────────────────────────────────

  app.post<Doc & { Body: { note?: string } }>(
    '/api/documents/:docId/revisions',
    {
      schema: {
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: MAX_REVISION_NOTE_CHARS })) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const { actor, scope } = await enter(request, 'save-version');
      reply.code(201);
      return saveRevision(scope, request.body.note ?? '', actor);
    },
  );

  app.get<Doc>('/api/documents/:docId/revisions', async (request) => {
    const { scope } = await enter(request, 'read');
    return scope.workflow.listRevisions(scope.room.docId);
  });

  app.get<WithRevision>('/api/documents/:docId/revisions/:n/blocks', { schema: { params: RevisionParams } }, async (request) => {
    const { scope } = await enter(request, 'read');
    return revisionBlocks(scope.room, scope.workflow, request.params.n);
  });

  app.post<WithRevision>('/api/documents/:docId/revisions/:n/restore', { schema: { params: RevisionParams } }, async (request, reply) => {
    const { actor, scope } = await enter(request, 'save-version');
    reply.code(201);
    return restoreRevision(scope, request.params.n, actor);
  });

  app.get<Doc & { Querystring: { from: string; to: string } }>(
    '/api/documents/:docId/compare',
    {
      schema: {
        querystring: Type.Object({ from: Type.String({ pattern: TextRefPattern }), to: Type.String({ pattern: TextRefPattern }) }),
      },
    },
    async (request) => {
      const { scope } = await enter(request, 'read');
      return compareRevisions(scope.room, scope.workflow, textRef(request.query.from), textRef(request.query.to));
    },
  );

  // ── projector ─────────────────────────────────────────────────────────────

  app.get<Doc>('/api/documents/:docId/presenting', async (request) => {
    const { scope } = await enter(request, 'follow-projector');
    return scope.workflow.getPresenting(scope.room.docId);
  });

  app.post<Doc & { Body: PresentingChange }>(
    '/api/documents/:docId/presenting',
    { schema: { body: Type.Object({ blockId: Type.Union([BlockId, Type.Null()]) }, { additionalProperties: false }) } },
    async (request) => {
      const { actor, scope } = await enter(request, 'lock');
      return setPresenting(scope, request.body.blockId, actor);
    },
  );
}

function textRef(value: string): TextRef {
  return value === 'live' ? 'live' : Number(value);
}
