/**
 * GET /api/documents/:docId/export?format=md|html|docx|pdf&variant=clean|agreed|marked[&revision=n] (any role).
 * The live text by default (labelled with the revision it still is, or "Live text"; the marked
 * variant shows pending amendments), or saved revision n exactly. Rendered in the export
 * worker (export/exportQueue.ts, PROTOCOL.md X4): 503 with Retry-After when too many exports
 * are waiting, 500 when one runs past its time.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { DocParamsSchema, ExportQuerySchema } from '../../shared/apiSchemas.js';
import type { ServerContext } from '../context.js';
import { actorLabel } from '../auth/Authenticator.js';
import { ErrorCode } from '../../shared/protocol.js';
import { errorBody } from '../ApiError.js';
import { exportSource } from '../workflow/exportSource.js';
import { ExportBusyError, ExportTimeoutError, renderExport } from '../export/exportQueue.js';
import type { ExportResult } from '../export/index.js';
import { silenceLines } from '../export/header.js';
import { recordActivity } from '../rooms/activity.js';
import { roomSettings } from '../rooms/roomSettings.js';

/** What a refused export asks the client to wait before trying again, in seconds. */
const BUSY_RETRY_AFTER_S = 5;

export function registerExportRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  // A file, not JSON: no response schema (its errors are written as every error is, {error: {code, message}}).
  api.get(
    '/api/documents/:docId/export',
    {
      schema: { params: DocParamsSchema, querystring: ExportQuerySchema },
      config: { access: 'export', openRoom: true },
    },
    async (request, reply) => {
      const { room } = request;
      const source = exportSource(room, ctx.workflow, request.query.revision);
      const settings = roomSettings(ctx.store.getDocument(room.docId)!, ctx.defaultTimeZone);
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
            ...settings,
            silence: silenceLines(
              ctx.workflow.listSilences(room.docId),
              // A heading has no number (null); a block gone from the text is left out (undefined).
              (blockId) => (room.policy.findBlock(blockId) === null ? undefined : (room.blockNumber(blockId) ?? null)),
              settings.timeZone,
            ),
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
        byName: actorLabel(request.caller).name,
        at: new Date().toISOString(),
        detail: { format: request.query.format, variant: request.query.variant ?? 'clean', revision: source.revision ?? 'Live text' },
      });
      reply.header('content-type', file.contentType);
      reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
      return reply.send(file.body);
    },
  );
}
