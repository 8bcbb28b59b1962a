/** Operations: GET /healthz (anyone), GET /metrics (admin token). */
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { ServerContext } from '../context.js';
import { bearerToken } from './bearer.js';

export function registerOpsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // 503 while any room cannot save (F1), the database does not answer (K3) or Redis does not (K5),
  // with every reason: a load balancer or an operator sees it at once. Every answer names the
  // engine (`store`) and says whether the database answers (`database`); with several servers,
  // also this one's name, the rooms it owns and whether Redis answers.
  app.get('/healthz', async (_request, reply) => {
    const problems: string[] = [];
    for (const room of ctx.rooms.all()) {
      const problem = room.savingProblem;
      if (problem !== null) problems.push(`saving has failed since ${problem.since} in room ${room.docId}: ${problem.reason}`);
    }
    // An idle room saves nothing, so the database is asked directly too (a PostgreSQL gone away).
    let database: 'ok' | 'down' = 'ok';
    try {
      ctx.store.ping();
    } catch (error) {
      database = 'down';
      problems.push(`the database does not answer: ${(error as Error).message}`);
    }
    let cluster = {};
    if (ctx.cluster !== undefined) {
      const redis = (await ctx.cluster.leases.ping()) ? 'ok' : 'down';
      if (redis === 'down') problems.push('Redis does not answer: rooms cannot be taken or handed over');
      cluster = { redis, instance: ctx.cluster.instance, owns: ctx.cluster.leases.owned() };
    }
    const healthy = problems.length === 0;
    return reply.code(healthy ? 200 : 503).send({
      status: healthy ? 'ok' : 'degraded',
      ...(healthy ? {} : { reason: problems.join('; ') }),
      rooms: ctx.rooms.loadedCount,
      store: ctx.store.engine,
      database,
      ...cluster,
    });
  });

  app.get('/metrics', async (request, reply) => {
    const actor = await ctx.auth.identify(bearerToken(request));
    if (actor.kind !== 'admin') throw new ApiError(403, ErrorCode.forbidden, 'expected the admin token, got an invitation token');
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
