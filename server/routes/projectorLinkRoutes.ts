/**
 * Projector-only links (adviser or admin, PROTOCOL.md P2): issue one, list those that still
 * open. Revoking is the invite's own route, DELETE /api/documents/<docId>/invites/<id>.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { NewProjectorLink, ProjectorLink } from '../../shared/projectorLink.js';
import { actorLabel } from '../auth/Authenticator.js';
import type { ServerContext } from '../context.js';
import { recordActivity } from '../rooms/activity.js';
import { activeProjectorLinks, issueProjectorLink } from '../rooms/projectorLinks.js';
import { bearerToken } from './bearer.js';

const ProjectorLinkBody = Type.Object(
  { expiresInSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 * 60 * 24 * 365 })) },
  { additionalProperties: false },
);

export function registerProjectorLinkRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: { docId: string }; Body: NewProjectorLink }>(
    '/api/documents/:docId/projector-link',
    { schema: { body: Type.Optional(ProjectorLinkBody) } },
    async (request, reply): Promise<ProjectorLink> => {
      const { docId } = request.params;
      const actor = await ctx.auth.authorize(bearerToken(request), docId, 'manage-invites');
      const link = await issueProjectorLink(ctx.store, ctx.invites, docId, request.body?.expiresInSeconds);
      recordActivity(ctx.store, ctx.rooms.peek(docId), {
        docId,
        kind: 'invite-issued',
        byName: actorLabel(actor).name,
        at: link.createdAt,
        detail: { role: 'observer', name: null, delegation: null, scope: 'projector' },
      });
      reply.code(201).header('cache-control', 'no-store');
      return link;
    },
  );

  app.get<{ Params: { docId: string } }>('/api/documents/:docId/projector-links', async (request, reply): Promise<ProjectorLink[]> => {
    await ctx.auth.authorize(bearerToken(request), request.params.docId, 'manage-invites');
    reply.header('cache-control', 'no-store');
    return activeProjectorLinks(ctx.store, ctx.invites, request.params.docId);
  });
}
