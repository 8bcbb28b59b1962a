/** Rooms and sessions: POST /api/documents, GET /api/session, GET and PATCH /api/documents/:docId. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  ActivityEntrySchema,
  AdminSessionInfoSchema,
  CreatedDocumentSchema,
  DocParamsSchema,
  DocumentInfoSchema,
  ERROR_RESPONSES,
  NewDocumentSchema,
  RoomSettingsChangeSchema,
  SessionInfoSchema,
} from '../../shared/apiSchemas.js';
import { DEFAULT_TEXT_LANGUAGE } from '../../shared/textLanguages.js';
import { checkLabel } from '../../shared/labels.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { ServerContext } from '../context.js';
import { createRoom } from '../rooms/createRoom.js';
import { recordActivity } from '../rooms/activity.js';
import { colourFor } from '../collab/Session.js';
import { actorLabel } from '../auth/Authenticator.js';
import { checkedLanguage, checkedTimeZone, roomSettings } from '../rooms/roomSettings.js';

export function registerDocumentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/api/documents',
    {
      schema: { body: NewDocumentSchema, response: { 201: CreatedDocumentSchema, ...ERROR_RESPONSES } },
      config: { access: 'create-room' },
    },
    async (request, reply) => {
      const title = roomTitle(request.body.title);
      const settings = {
        language: checkedLanguage(request.body.language) ?? DEFAULT_TEXT_LANGUAGE,
        timeZone: checkedTimeZone(request.body.timeZone) ?? ctx.defaultTimeZone,
      };
      const room = await createRoom(ctx.store, ctx.invites, title, undefined, undefined, settings);
      recordActivity(ctx.store, null, {
        docId: room.id,
        kind: 'room-created',
        byName: actorLabel(request.caller).name,
        at: new Date().toISOString(),
      });
      reply.code(201);
      return room;
    },
  );

  /** Who the bearer is in their room: the client calls this first to show the right page. */
  api.get(
    '/api/session',
    {
      schema: { response: { 200: Type.Union([SessionInfoSchema, AdminSessionInfoSchema]), ...ERROR_RESPONSES } },
      config: { access: 'token' },
    },
    async (request) => {
      const { caller } = request;
      if (caller.kind === 'admin') return { role: 'admin' as const };
      const { session } = caller;
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
    },
  );

  api.get(
    '/api/documents/:docId',
    { schema: { params: DocParamsSchema, response: { 200: DocumentInfoSchema, ...ERROR_RESPONSES } }, config: { access: 'read' } },
    async (request) => {
      const document = ctx.store.getDocument(request.params.docId)!;
      return { id: document.id, title: document.title, createdAt: document.createdAt, ...roomSettings(document, ctx.defaultTimeZone) };
    },
  );

  /** The room's working language and time zone, set by the adviser (or the admin) like its invites. */
  api.patch(
    '/api/documents/:docId',
    {
      schema: { params: DocParamsSchema, body: RoomSettingsChangeSchema, response: { 200: DocumentInfoSchema, ...ERROR_RESPONSES } },
      config: { access: 'manage-invites' },
    },
    async (request) => {
      const { docId } = request.params;
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
        byName: actorLabel(request.caller).name,
        at: new Date().toISOString(),
        detail: { ...settings },
      });
      return { id: document.id, title: document.title, createdAt: document.createdAt, ...settings };
    },
  );

  api.get(
    '/api/documents/:docId/activity',
    {
      schema: { params: DocParamsSchema, response: { 200: Type.Array(ActivityEntrySchema), ...ERROR_RESPONSES } },
      config: { access: 'read' },
    },
    async (request) =>
      ctx.store.listActivity(request.params.docId).map((record) => ({
        ...record,
        detail: record.detail ? (JSON.parse(record.detail) as Record<string, unknown>) : null,
      })),
  );
}

/** A room title as stored: cleaned, or refused with 400 by the shared label rule (N1). */
function roomTitle(raw: string): string {
  const check = checkLabel(raw, 'title');
  if (!check.ok) throw new ApiError(400, ErrorCode.labelRefused, `the title was refused: ${check.problem}`);
  if (check.value === '')
    throw new ApiError(400, ErrorCode.labelRefused, 'the title was refused: expected a title with letters, got nothing visible');
  return check.value;
}
