/**
 * Invites: issue one (adviser or admin), issue one per line of a pasted list of delegations,
 * list, copy a link again, revoke. Revoking ends the invite's open sessions at once.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { CreatedInvite, CreatedInviteBatch, NewInvite, NewInviteBatch, RevokedInvite } from '../../shared/api.js';
import { inviteKey, parseInviteList, type InviteListEntry } from '../../shared/inviteList.js';
import { ROLES } from '../../shared/roles.js';
import { MAX_INVITE_BATCH_LINES, MAX_LABEL_INPUT_CHARS } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { ServerContext } from '../context.js';
import { actorLabel } from '../auth/Authenticator.js';
import { bearerToken } from './bearer.js';
import { recordActivity } from '../rooms/activity.js';
import { literals } from './schemas.js';

const ExpiresInSeconds = Type.Integer({ minimum: 1, maximum: 60 * 60 * 24 * 365 });

// Raw lengths only bound the request; the shared label rule (N1) cleans and judges the rest.
const InviteBody = Type.Object(
  {
    role: literals(ROLES),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_LABEL_INPUT_CHARS })),
    delegation: Type.Optional(Type.String({ maxLength: MAX_LABEL_INPUT_CHARS })),
    expiresInSeconds: Type.Optional(ExpiresInSeconds),
  },
  { additionalProperties: false },
);

const InviteBatchBody = Type.Object(
  {
    list: Type.String({ minLength: 1, maxLength: MAX_INVITE_BATCH_LINES * 500 }),
    role: Type.Optional(literals(ROLES)),
    expiresInSeconds: Type.Optional(ExpiresInSeconds),
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

  /**
   * One invite per line of a pasted list (N3): the lines the label rule refuses, and repeats
   * (within the list, or of an active invite of the same role already in the room), are
   * reported per line and issue nothing; the others are issued together.
   */
  app.post<{ Params: { docId: string }; Body: NewInviteBatch }>(
    '/api/documents/:docId/invites/batch',
    { schema: { body: InviteBatchBody } },
    async (request, reply): Promise<CreatedInviteBatch> => {
      const { docId } = request.params;
      const actor = await ctx.auth.authorize(bearerToken(request), docId, 'manage-invites');
      const role = request.body.role ?? 'expert';
      const parsed = parseInviteList(request.body.list);
      if (parsed.lineCount === 0)
        throw new ApiError(400, ErrorCode.badRequest, 'expected a list of delegations, one per line, got only empty lines');
      if (parsed.lineCount > MAX_INVITE_BATCH_LINES) {
        throw new ApiError(
          400,
          ErrorCode.badRequest,
          `expected at most ${MAX_INVITE_BATCH_LINES} lines, got ${parsed.lineCount}; issue the list in parts`,
        );
      }
      const errors = [...parsed.problems];
      const active = new Map<string, string>();
      for (const invite of ctx.store.listInvites(docId)) {
        if (invite.role === role && invite.revokedAt === null && !expired(invite.expiresAt))
          active.set(inviteKey(invite.name, invite.delegation), invite.id);
      }
      const toIssue: InviteListEntry[] = [];
      for (const entry of parsed.entries) {
        const existing = active.get(inviteKey(entry.name, entry.delegation));
        if (existing === undefined) toIssue.push(entry);
        else
          errors.push({
            line: entry.line,
            text: entry.text,
            code: ErrorCode.duplicate,
            message: 'The room already has this invite: copy its link from the list of invites.',
            inviteId: existing,
          });
      }
      const { expiresInSeconds } = request.body;
      const issued = await ctx.invites.issueMany(
        docId,
        toIssue.map((entry) => ({
          role,
          ...(entry.name ? { name: entry.name } : {}),
          delegation: entry.delegation,
          ...(expiresInSeconds ? { expiresInSeconds } : {}),
        })),
      );
      if (issued.length > 0) {
        recordActivity(ctx.store, ctx.rooms.peek(docId), {
          docId,
          kind: 'invites-issued',
          byName: actorLabel(actor).name,
          at: new Date().toISOString(),
          detail: { role, count: issued.length, delegations: issued.map((invite) => invite.delegation) },
        });
      }
      reply.code(201).header('cache-control', 'no-store');
      errors.sort((a, b) => a.line - b.line);
      return { invites: issued.map((invite, i) => ({ ...invite, line: toIssue[i]!.line })), errors };
    },
  );

  /**
   * The link of an existing invite, signed again (N3): the same invite, so revoking it still
   * ends it. 409 for a revoked or expired invite: issue a new one.
   */
  app.get<{ Params: { docId: string; inviteId: string } }>(
    '/api/documents/:docId/invites/:inviteId/link',
    async (request, reply): Promise<CreatedInvite> => {
      await ctx.auth.authorize(bearerToken(request), request.params.docId, 'manage-invites');
      const invite = ctx.store.getInvite(request.params.inviteId);
      if (invite === null || invite.docId !== request.params.docId) {
        throw new ApiError(404, ErrorCode.notFound, `no invite with id ${request.params.inviteId} in this room`);
      }
      if (invite.revokedAt !== null)
        throw new ApiError(
          409,
          ErrorCode.conflict,
          'expected an active invite, got one revoked: its link cannot be copied again; issue a new invite',
        );
      if (expired(invite.expiresAt))
        throw new ApiError(409, ErrorCode.conflict, 'expected an active invite, got one expired: issue a new invite');
      const token = await ctx.invites.token(invite);
      reply.header('cache-control', 'no-store');
      const { id, role, name, delegation, expiresAt } = invite;
      return { id, role, name, delegation, expiresAt, token, url: ctx.invites.urlFor(invite, token) };
    },
  );

  app.get<{ Params: { docId: string } }>('/api/documents/:docId/invites', async (request) => {
    await ctx.auth.authorize(bearerToken(request), request.params.docId, 'manage-invites');
    return ctx.store.listInvites(request.params.docId);
  });

  app.delete<{ Params: { docId: string; inviteId: string } }>(
    '/api/documents/:docId/invites/:inviteId',
    async (request): Promise<RevokedInvite> => {
      const actor = await ctx.auth.authorize(bearerToken(request), request.params.docId, 'manage-invites');
      const invite = ctx.store.getInvite(request.params.inviteId);
      if (invite === null || invite.docId !== request.params.docId) {
        throw new ApiError(404, ErrorCode.notFound, `no invite with id ${request.params.inviteId} in this room`);
      }
      const at = new Date().toISOString();
      if (!ctx.store.revokeInvite(invite.id, at))
        throw new ApiError(409, ErrorCode.conflict, 'expected an active invite, got one already revoked');
      ctx.sessions.endInvite(invite.id);
      recordActivity(ctx.store, ctx.rooms.peek(invite.docId), {
        docId: invite.docId,
        kind: 'invite-revoked',
        byName: actorLabel(actor).name,
        at,
        detail: { role: invite.role, name: invite.name },
      });
      return { id: invite.id, revokedAt: at };
    },
  );
}

function expired(expiresAt: string | null): boolean {
  return expiresAt !== null && Date.parse(expiresAt) <= Date.now();
}
