/** Rooms and sessions: POST /api/documents, GET /api/session, GET /api/documents/:docId. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ActivityEntry, AdminSessionInfo, DocumentInfo, NewDocument, SessionInfo } from '../../shared/api.js';
import { checkLabel } from '../../shared/labels.js';
import { MAX_LABEL_INPUT_CHARS } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { ServerContext } from '../context.js';
import { createRoom } from '../rooms/createRoom.js';
import { bearerToken, identityHints } from './bearer.js';
import { recordActivity } from '../rooms/activity.js';
import { colourFor } from '../collab/Session.js';

export function registerDocumentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Body: NewDocument }>(
    '/api/documents',
    { schema: { body: Type.Object({ title: Type.String({ minLength: 1, maxLength: MAX_LABEL_INPUT_CHARS }) }) } },
    async (request, reply) => {
      const actor = await ctx.auth.identify(bearerToken(request));
      if (actor.kind === 'invite' && actor.session.role !== 'adviser') {
        throw new ApiError(403, ErrorCode.forbidden, `expected the admin token or an adviser's, got a ${actor.session.role}'s`);
      }
      const room = await createRoom(ctx.store, ctx.invites, roomTitle(request.body.title));
      const by = actor.kind === 'admin' ? 'Administrator' : actor.session.name;
      recordActivity(ctx.store, null, { docId: room.id, kind: 'room-created', byName: by, at: new Date().toISOString() });
      reply.code(201);
      return room;
    },
  );

  /** Who the bearer is in their room: the client calls this first to show the right page. */
  app.get('/api/session', async (request): Promise<SessionInfo | AdminSessionInfo> => {
    const actor = await ctx.auth.identify(bearerToken(request), identityHints(request));
    if (actor.kind === 'admin') return { role: 'admin' };
    const { session } = actor;
    const invite = ctx.store.getInvite(session.inviteId)!;
    const document = ctx.store.getDocument(session.docId);
    if (document === null) throw new ApiError(404, ErrorCode.notFound, 'the room of this invitation no longer exists');
    return {
      docId: session.docId,
      title: document.title,
      role: session.role,
      name: invite.name,
      delegation: invite.delegation,
      inviteId: invite.id,
      expiresAt: invite.expiresAt,
      color: colourFor({ inviteId: invite.id, name: session.name }),
    };
  });

  app.get<{ Params: { docId: string } }>('/api/documents/:docId', async (request): Promise<DocumentInfo> => {
    await ctx.auth.authorize(bearerToken(request), request.params.docId, 'read');
    const document = ctx.store.getDocument(request.params.docId)!;
    return { id: document.id, title: document.title, createdAt: document.createdAt };
  });

  app.get<{ Params: { docId: string } }>('/api/documents/:docId/activity', async (request): Promise<ActivityEntry[]> => {
    await ctx.auth.authorize(bearerToken(request), request.params.docId, 'read');
    return ctx.store.listActivity(request.params.docId).map((record) => ({
      ...record,
      detail: record.detail ? (JSON.parse(record.detail) as Record<string, unknown>) : null,
    }));
  });
}

/** A room title as stored: cleaned, or refused with 400 by the shared label rule (N1). */
function roomTitle(raw: string): string {
  const check = checkLabel(raw, 'title');
  if (!check.ok) throw new ApiError(400, ErrorCode.labelRefused, `the title was refused: ${check.problem}`);
  if (check.value === '') throw new ApiError(400, ErrorCode.labelRefused, 'the title was refused: expected a title with letters, got nothing visible');
  return check.value;
}
