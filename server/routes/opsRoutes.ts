/** Operations: GET /healthz (anyone), GET /metrics (admin token). */
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { ServerContext } from '../context.js';
import { bearerToken } from './bearer.js';

export function registerOpsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/healthz', async () => ({ status: 'ok', rooms: ctx.rooms.loadedCount }));

  app.get('/metrics', async (request, reply) => {
    const actor = await ctx.auth.identify(bearerToken(request));
    if (actor.kind !== 'admin') throw new ApiError(403, ErrorCode.forbidden, 'expected the admin token, got an invitation token');
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
