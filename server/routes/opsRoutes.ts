/** Operations: GET /healthz (anyone), GET /metrics (admin token). */
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { ServerContext } from '../context.js';
import { bearerToken } from './bearer.js';

export function registerOpsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // 503 while any room cannot save (F1) or the database does not answer (K3): a load balancer
  // or an operator sees it at once. `store` says which engine keeps the data.
  app.get('/healthz', async (_request, reply) => {
    for (const room of ctx.rooms.all()) {
      const problem = room.savingProblem;
      if (problem !== null) {
        return reply.code(503).send({
          status: 'degraded',
          reason: `saving has failed since ${problem.since} in room ${room.docId}: ${problem.reason}`,
          rooms: ctx.rooms.loadedCount,
        });
      }
    }
    // An idle room saves nothing, so the database is asked directly too (a PostgreSQL gone away).
    try {
      ctx.store.ping();
    } catch (error) {
      return reply.code(503).send({
        status: 'degraded',
        reason: `the database does not answer: ${(error as Error).message}`,
        rooms: ctx.rooms.loadedCount,
        store: ctx.store.engine,
      });
    }
    return { status: 'ok', rooms: ctx.rooms.loadedCount, store: ctx.store.engine };
  });

  app.get('/metrics', async (request, reply) => {
    const actor = await ctx.auth.identify(bearerToken(request));
    if (actor.kind !== 'admin') throw new ApiError(403, ErrorCode.forbidden, 'expected the admin token, got an invitation token');
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
