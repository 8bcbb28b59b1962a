/**
 * Invites: issue one (adviser or admin), issue one per line of a pasted list of delegations,
 * list, copy a link again, revoke. Revoking ends the invite's open sessions at once.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  CreatedInviteBatchSchema,
  CreatedInviteSchema,
  DocParamsSchema,
  ERROR_RESPONSES,
  InviteInfoSchema,
  InviteParamsSchema,
  NewInviteBatchSchema,
  NewInviteSchema,
  RevokedInviteSchema,
} from '../../shared/apiSchemas.js';
import { inviteKey, parseInviteList, type InviteListEntry } from '../../shared/inviteList.js';
import { MAX_INVITE_BATCH_LINES } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { ServerContext } from '../context.js';
import { actorLabel } from '../auth/Authenticator.js';
import { recordActivity } from '../rooms/activity.js';

export function registerInviteRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/api/documents/:docId/invites',
    {
      schema: { params: DocParamsSchema, body: NewInviteSchema, response: { 201: CreatedInviteSchema, ...ERROR_RESPONSES } },
      config: { access: 'manage-invites' },
    },
    async (request, reply) => {
      const invite = await ctx.invites.issue(request.params.docId, request.body);
      recordActivity(ctx.store, ctx.rooms.peek(request.params.docId), {
        docId: request.params.docId,
        kind: 'invite-issued',
        byName: actorLabel(request.caller).name,
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
  api.post(
    '/api/documents/:docId/invites/batch',
    {
      schema: { params: DocParamsSchema, body: NewInviteBatchSchema, response: { 201: CreatedInviteBatchSchema, ...ERROR_RESPONSES } },
      config: { access: 'manage-invites' },
    },
    async (request, reply) => {
      const { docId } = request.params;
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
          byName: actorLabel(request.caller).name,
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
  api.get(
    '/api/documents/:docId/invites/:inviteId/link',
    {
      schema: { params: InviteParamsSchema, response: { 200: CreatedInviteSchema, ...ERROR_RESPONSES } },
      config: { access: 'manage-invites' },
    },
    async (request, reply) => {
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

  api.get(
    '/api/documents/:docId/invites',
    {
      schema: { params: DocParamsSchema, response: { 200: Type.Array(InviteInfoSchema), ...ERROR_RESPONSES } },
      config: { access: 'manage-invites' },
    },
    async (request) => ctx.store.listInvites(request.params.docId),
  );

  api.delete(
    '/api/documents/:docId/invites/:inviteId',
    {
      schema: { params: InviteParamsSchema, response: { 200: RevokedInviteSchema, ...ERROR_RESPONSES } },
      config: { access: 'manage-invites' },
    },
    async (request) => {
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
        byName: actorLabel(request.caller).name,
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
