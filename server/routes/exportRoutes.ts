/**
 * GET /api/documents/:docId/export?format=md|html|docx|pdf&variant=clean|agreed|marked[&revision=n] (any role).
 * The live text by default (labelled with the revision it still is, or "Live text"; the marked
 * variant shows pending amendments), or saved revision n exactly. Rendered in the export
 * worker (export/exportQueue.ts, PROTOCOL.md X4): 503 with Retry-After when too many exports
 * are waiting, 500 when one runs past its time.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ServerContext } from '../context.js';
import { actorLabel } from '../auth/Authenticator.js';
import { EXPORT_FORMATS, EXPORT_VARIANTS, type ExportFormat, type ExportVariant } from '../../shared/api.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError, errorBody } from '../ApiError.js';
import { exportSource } from '../workflow/exportSource.js';
import { ExportBusyError, ExportTimeoutError, renderExport } from '../export/exportQueue.js';
import type { ExportResult } from '../export/index.js';
import { bearerToken } from './bearer.js';
import { recordActivity } from '../rooms/activity.js';
import { literals } from './schemas.js';
import { roomSettings } from '../rooms/roomSettings.js';

/** What a refused export asks the client to wait before trying again, in seconds. */
const BUSY_RETRY_AFTER_S = 5;

const ExportQuery = Type.Object({
  format: literals(EXPORT_FORMATS),
  variant: Type.Optional(literals(EXPORT_VARIANTS)),
  revision: Type.Optional(Type.Integer({ minimum: 1 })),
});

export function registerExportRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { docId: string }; Querystring: { format: ExportFormat; variant?: ExportVariant; revision?: number } }>(
    '/api/documents/:docId/export',
    { schema: { querystring: ExportQuery } },
    async (request, reply) => {
      const actor = await ctx.auth.authorize(bearerToken(request), request.params.docId, 'export');
      const room = ctx.rooms.open(request.params.docId);
      if (room === null) throw new ApiError(404, ErrorCode.notFound, `no room with id ${request.params.docId}`);
      const source = exportSource(room, ctx.workflow, request.query.revision);
      let file: ExportResult;
      try {
        file = await renderExport({
          docId: room.docId,
          state: source.state,
          stateHash: source.stateHash,
          options: {
            format: request.query.format,
            variant: request.query.variant ?? 'clean',
            title: room.title,
            revision: source.revision,
            amendments: source.amendments,
            ...roomSettings(ctx.store.getDocument(room.docId)!, ctx.defaultTimeZone),
          },
        });
      } catch (error) {
        if (error instanceof ExportBusyError) {
          reply.header('retry-after', String(BUSY_RETRY_AFTER_S));
          return reply.code(503).send(errorBody(ErrorCode.rateLimited, error.message));
        }
        if (error instanceof ExportTimeoutError) {
          request.log.warn({ docId: room.docId, format: request.query.format }, 'export stopped: it ran past its time');
          return reply.code(500).send(errorBody(ErrorCode.internal, error.message));
        }
        throw error;
      }
      recordActivity(ctx.store, room, {
        docId: room.docId,
        kind: 'export',
        byName: actorLabel(actor).name,
        at: new Date().toISOString(),
        detail: { format: request.query.format, variant: request.query.variant ?? 'clean', revision: source.revision ?? 'Live text' },
      });
      reply.header('content-type', file.contentType);
      reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
      return reply.send(file.body);
    },
  );
}
