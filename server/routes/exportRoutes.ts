/**
 * GET /api/documents/:docId/export?format=md|html|docx|pdf&variant=clean|agreed|marked[&revision=n] (any role).
 * The live text by default (labelled with the revision it still is, or "Live text"; the marked
 * variant shows pending amendments), or saved revision n exactly.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ServerContext } from '../context.js';
import { actorLabel } from '../auth/Authenticator.js';
import { EXPORT_FORMATS, EXPORT_VARIANTS, type ExportFormat, type ExportVariant } from '../../shared/api.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import { exportSource } from '../workflow/exportSource.js';
import { bearerToken } from './bearer.js';
import { recordActivity } from '../rooms/activity.js';
import { literals } from './schemas.js';

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
      // The export stack (happy-dom, docx, pdfkit) loads on first use, not at start-up.
      const { exportDocument } = await import('../export/index.js');
      let file;
      try {
        file = await exportDocument(source.doc, {
          format: request.query.format,
          variant: request.query.variant ?? 'clean',
          title: room.title,
          revision: source.revision,
          amendments: source.amendments,
        });
      } finally {
        source.release();
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
