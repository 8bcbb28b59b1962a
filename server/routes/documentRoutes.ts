/** Rooms and sessions: POST /api/documents (blank, or from a draft), GET /api/session, GET and PATCH /api/documents/:docId. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { Type, type Static } from 'typebox';
import {
  ActivityEntrySchema,
  AdminSessionInfoSchema,
  CreatedDocumentSchema,
  DocParamsSchema,
  DocumentInfoSchema,
  ERROR_RESPONSES,
  NewDocumentSchema,
  NewDocumentUploadSchema,
  RoomSettingsChangeSchema,
  SessionInfoSchema,
} from '../../shared/apiSchemas.js';
import { MAX_DRAFT_BYTES, MAX_LABEL_INPUT_CHARS } from '../../shared/limits.js';
import { DEFAULT_TEXT_LANGUAGE } from '../../shared/textLanguages.js';
import { checkLabel } from '../../shared/labels.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { ServerContext } from '../context.js';
import { createRoom } from '../rooms/createRoom.js';
import type { DraftFormat } from '../rooms/importDraft.js';
import { recordActivity } from '../rooms/activity.js';
import { colourFor } from '../collab/Session.js';
import { actorLabel } from '../auth/Authenticator.js';
import { checkedLanguage, checkedTimeZone, roomSettings } from '../rooms/roomSettings.js';

export function registerDocumentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  // A new room: blank from JSON, or from the adviser's draft sent as multipart/form-data (I6).
  // The multipart parser is registered for this route alone, with the draft's bounds.
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_DRAFT_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 4 * MAX_LABEL_INPUT_CHARS, headerPairs: 50 },
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/documents',
      {
        schema: {
          body: Type.Union([NewDocumentSchema, NewDocumentUploadSchema]),
          response: { 201: CreatedDocumentSchema, ...ERROR_RESPONSES },
        },
        config: { access: 'create-room' },
        bodyLimit: MAX_DRAFT_BYTES + 64 * 1024,
      },
      async (request, reply) => {
        const body = request.body as Static<typeof NewDocumentUploadSchema>;
        const title = roomTitle(body.title);
        const settings = {
          language: checkedLanguage(body.language) ?? DEFAULT_TEXT_LANGUAGE,
          timeZone: checkedTimeZone(body.timeZone) ?? ctx.defaultTimeZone,
        };
        const draft = body.file === undefined ? null : await draftOf(body.file, body.format);
        const room = await createRoom(ctx.store, ctx.invites, title, draft?.doc, undefined, settings);
        recordActivity(ctx.store, null, {
          docId: room.id,
          kind: 'room-created',
          byName: actorLabel(request.caller).name,
          at: new Date().toISOString(),
          ...(draft ? { detail: { imported: draft.format } } : {}),
        });
        reply.code(201);
        return draft ? { ...room, imported: { format: draft.format, dropped: draft.dropped, renumbered: draft.renumbered } } : room;
      },
    );
  });

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
      const change = {
        language: checkedLanguage(request.body.language),
        timeZone: checkedTimeZone(request.body.timeZone),
        editMode: request.body.editMode,
      };
      if (change.language === undefined && change.timeZone === undefined && change.editMode === undefined) {
        throw new ApiError(400, ErrorCode.badRequest, 'expected a language, a timeZone or an editMode to change, got none');
      }
      ctx.store.updateDocumentSettings(docId, change);
      const document = ctx.store.getDocument(docId)!;
      const settings = roomSettings(document, ctx.defaultTimeZone);
      // In force for the next update the room applies, before this call returns (E1).
      ctx.rooms.peek(docId)?.setEditMode(settings.editMode);
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

/** The draft of a multipart request, turned into the room's first text (I6); a `file` that is not a file part is refused. */
async function draftOf(file: unknown, format: DraftFormat | undefined) {
  if (!Buffer.isBuffer(file)) {
    throw new ApiError(
      400,
      ErrorCode.badRequest,
      'expected the draft as the file part `file` of a multipart/form-data request, got a field',
    );
  }
  // Loaded on the first import: the converters (mammoth, marked, a DOM) are not on the server's start-up.
  const { importDraft, sniffFormat } = await import('../rooms/importDraft.js');
  const chosen = format ?? sniffFormat(file);
  return { format: chosen, ...(await importDraft(file, chosen)) };
}
