/** Invites: issue (adviser or admin), list, revoke. Revoking ends the invite's open sessions at once. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { NewInvite, RevokedInvite } from '../../shared/api.js';
import { ROLES } from '../../shared/roles.js';
import { MAX_NAME_CHARS } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { ServerContext } from '../context.js';
import { actorLabel } from '../auth/Authenticator.js';
import { bearerToken } from './bearer.js';
import { recordActivity } from '../rooms/activity.js';
import { literals } from './schemas.js';

const InviteBody = Type.Object(
  {
    role: literals(ROLES),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NAME_CHARS })),
    delegation: Type.Optional(Type.String({ maxLength: MAX_NAME_CHARS })),
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 * 60 * 24 * 365 })),
  },
  { additionalProperties: false },
);

export function registerInviteRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: { docId: string }; Body: NewInvite }>(
    '/api/documents/:docId/invites',
    { schema: { body: InviteBody } },
    async (request, reply) => {
      const actor = await ctx.auth.authorize(bearerToken(request), request.params.docId, 'manage-invites');
      const invite = await ctx.invites.issue(request.params.docId, request.body);
      recordActivity(ctx.store, ctx.rooms.peek(request.params.docId), {
        docId: request.params.docId,
        kind: 'invite-issued',
        byName: actorLabel(actor).name,
        at: new Date().toISOString(),
        detail: { role: invite.role, name: invite.name, delegation: invite.delegation },
      });
      reply.code(201);
      return invite;
    },
  );

  app.get<{ Params: { docId: string } }>('/api/documents/:docId/invites', async (request) => {
    await ctx.auth.authorize(bearerToken(request), request.params.docId, 'manage-invites');
    return ctx.store.listInvites(request.params.docId);
  });

  app.delete<{ Params: { docId: string; inviteId: string } }>('/api/documents/:docId/invites/:inviteId', async (request): Promise<RevokedInvite> => {
    const actor = await ctx.auth.authorize(bearerToken(request), request.params.docId, 'manage-invites');
    const invite = ctx.store.getInvite(request.params.inviteId);
    if (invite === null || invite.docId !== request.params.docId) {
      throw new ApiError(404, ErrorCode.notFound, `no invite with id ${request.params.inviteId} in this room`);
    }
    const at = new Date().toISOString();
    if (!ctx.store.revokeInvite(invite.id, at)) throw new ApiError(409, ErrorCode.conflict, 'expected an active invite, got one already revoked');
    ctx.sessions.endInvite(invite.id);
    recordActivity(ctx.store, ctx.rooms.peek(invite.docId), {
      docId: invite.docId,
      kind: 'invite-revoked',
      byName: actorLabel(actor).name,
      at,
      detail: { role: invite.role, name: invite.name },
    });
    return { id: invite.id, revokedAt: at };
  });
}
