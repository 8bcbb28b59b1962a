/** Operations: GET /healthz (anyone), GET /metrics (admin token). */
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { ServerContext } from '../context.js';
import { bearerToken } from './bearer.js';

export function registerOpsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // 503 while any room cannot save (F1), the database does not answer (K3) or Redis does not (K5):
  // a load balancer or an operator sees it at once. `store` says which engine keeps the data.
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
    if (ctx.cluster === undefined) return { status: 'ok', rooms: ctx.rooms.loadedCount, store: ctx.store.engine };
    // Several servers (K5): which rooms this one owns, and whether Redis answers (without it no room can change owner).
    const redis = (await ctx.cluster.leases.ping()) ? 'ok' : 'down';
    return reply.code(redis === 'ok' ? 200 : 503).send({
      status: redis === 'ok' ? 'ok' : 'degraded',
      ...(redis === 'ok' ? {} : { reason: 'Redis does not answer: rooms cannot be taken or handed over' }),
      rooms: ctx.rooms.loadedCount,
      store: ctx.store.engine,
      redis,
      instance: ctx.cluster.instance,
      owns: ctx.cluster.leases.owned(),
    });
  });

  app.get('/metrics', async (request, reply) => {
    const actor = await ctx.auth.identify(bearerToken(request));
    if (actor.kind !== 'admin') throw new ApiError(403, ErrorCode.forbidden, 'expected the admin token, got an invitation token');
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
