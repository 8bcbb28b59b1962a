/** Rooms and sessions: POST /api/documents, GET /api/session, GET and PATCH /api/documents/:docId. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ActivityEntry, AdminSessionInfo, DocumentInfo, NewDocument, RoomSettingsChange, SessionInfo } from '../../shared/api.js';
import { DEFAULT_TEXT_LANGUAGE } from '../../shared/textLanguages.js';
import { checkLabel } from '../../shared/labels.js';
import { MAX_LABEL_INPUT_CHARS } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { ServerContext } from '../context.js';
import { createRoom } from '../rooms/createRoom.js';
import { bearerToken, identityHints } from './bearer.js';
import { recordActivity } from '../rooms/activity.js';
import { colourFor } from '../collab/Session.js';
import { actorLabel } from '../auth/Authenticator.js';
import { checkedLanguage, checkedTimeZone, roomSettings } from '../rooms/roomSettings.js';

/** Longest language tag or zone name read before checking it against the list or Intl. */
const SETTING_INPUT_CHARS = 100;

export function registerDocumentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Body: NewDocument }>(
    '/api/documents',
    {
      schema: {
        body: Type.Object({
          title: Type.String({ minLength: 1, maxLength: MAX_LABEL_INPUT_CHARS }),
          language: Type.Optional(Type.String({ maxLength: SETTING_INPUT_CHARS })),
          timeZone: Type.Optional(Type.String({ maxLength: SETTING_INPUT_CHARS })),
        }),
      },
    },
    async (request, reply) => {
      const actor = await ctx.auth.identify(bearerToken(request));
      if (actor.kind === 'invite' && actor.session.role !== 'adviser') {
        throw new ApiError(403, ErrorCode.forbidden, `expected the admin token or an adviser's, got a ${actor.session.role}'s`);
      }
      const title = roomTitle(request.body.title);
      const settings = {
        language: checkedLanguage(request.body.language) ?? DEFAULT_TEXT_LANGUAGE,
        timeZone: checkedTimeZone(request.body.timeZone) ?? ctx.defaultTimeZone,
      };
      const room = await createRoom(ctx.store, ctx.invites, title, undefined, undefined, settings);
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
      ...roomSettings(document, ctx.defaultTimeZone),
    };
  });

  app.get<{ Params: { docId: string } }>('/api/documents/:docId', async (request): Promise<DocumentInfo> => {
    await ctx.auth.authorize(bearerToken(request), request.params.docId, 'read');
    const document = ctx.store.getDocument(request.params.docId)!;
    return { id: document.id, title: document.title, createdAt: document.createdAt, ...roomSettings(document, ctx.defaultTimeZone) };
  });

  /** The room's working language and time zone, set by the adviser (or the admin) like its invites. */
  app.patch<{ Params: { docId: string }; Body: RoomSettingsChange }>(
    '/api/documents/:docId',
    {
      schema: {
        body: Type.Object({
          language: Type.Optional(Type.String({ maxLength: SETTING_INPUT_CHARS })),
          timeZone: Type.Optional(Type.String({ maxLength: SETTING_INPUT_CHARS })),
        }),
      },
    },
    async (request): Promise<DocumentInfo> => {
      const { docId } = request.params;
      const actor = await ctx.auth.authorize(bearerToken(request), docId, 'manage-invites', identityHints(request));
      const change = { language: checkedLanguage(request.body.language), timeZone: checkedTimeZone(request.body.timeZone) };
      if (change.language === undefined && change.timeZone === undefined) {
        throw new ApiError(400, ErrorCode.badRequest, 'expected a language or a timeZone to change, got neither');
      }
      ctx.store.updateDocumentSettings(docId, change);
      const document = ctx.store.getDocument(docId)!;
      const settings = roomSettings(document, ctx.defaultTimeZone);
      // Open pages hear of it at once: their editors take the new language as their lang.
      recordActivity(ctx.store, ctx.rooms.peek(docId), {
        docId,
        kind: 'room-settings',
        byName: actorLabel(actor).name,
        at: new Date().toISOString(),
        detail: { ...settings },
      });
      return { id: document.id, title: document.title, createdAt: document.createdAt, ...settings };
    },
  );

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
  if (check.value === '')
    throw new ApiError(400, ErrorCode.labelRefused, 'the title was refused: expected a title with letters, got nothing visible');
  return check.value;
}
