/**
 * Projector-only links (adviser or admin, PROTOCOL.md P2): issue one, list those that still
 * open. Revoking is the invite's own route, DELETE /api/documents/<docId>/invites/<id>.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { DocParamsSchema, ERROR_RESPONSES, NewProjectorLinkSchema, ProjectorLinkSchema } from '../../shared/apiSchemas.js';
import { actorLabel } from '../auth/Authenticator.js';
import type { ServerContext } from '../context.js';
import { recordActivity } from '../rooms/activity.js';
import { activeProjectorLinks, issueProjectorLink } from '../rooms/projectorLinks.js';

export function registerProjectorLinkRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  // The body is an object, {} when it asks for nothing (a POST without one is refused with 400).
  api.post(
    '/api/documents/:docId/projector-link',
    {
      schema: { params: DocParamsSchema, body: NewProjectorLinkSchema, response: { 201: ProjectorLinkSchema, ...ERROR_RESPONSES } },
      config: { access: 'manage-invites' },
    },
    async (request, reply) => {
      const { docId } = request.params;
      const link = await issueProjectorLink(ctx.store, ctx.invites, docId, request.body.expiresInSeconds);
      recordActivity(ctx.store, ctx.rooms.peek(docId), {
        docId,
        kind: 'invite-issued',
        byName: actorLabel(request.caller).name,
        at: link.createdAt,
        detail: { role: 'observer', name: null, delegation: null, scope: 'projector' },
      });
      reply.code(201).header('cache-control', 'no-store');
      return link;
    },
  );

  api.get(
    '/api/documents/:docId/projector-links',
    {
      schema: { params: DocParamsSchema, response: { 200: Type.Array(ProjectorLinkSchema), ...ERROR_RESPONSES } },
      config: { access: 'manage-invites' },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return activeProjectorLinks(ctx.store, ctx.invites, request.params.docId);
    },
  );
}
