/** Blocks and locks: list blocks, lock and unlock one, read the lock history. */
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { ServerContext } from '../context.js';
import { actorLabel } from '../auth/Authenticator.js';
import { lockBlock, unlockBlock } from '../collab/lockActions.js';
import type { Room } from '../collab/Room.js';
import { bearerToken, identityHints } from './bearer.js';

type BlockParams = { Params: { docId: string; blockId: string } };

export function registerBlockRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const openRoom = (docId: string): Room => {
    const room = ctx.rooms.open(docId);
    if (room === null) throw new ApiError(404, ErrorCode.notFound, `no room with id ${docId}`);
    return room;
  };

  app.get<{ Params: { docId: string } }>('/api/documents/:docId/blocks', async (request) => {
    await ctx.auth.authorize(bearerToken(request), request.params.docId, 'read');
    return openRoom(request.params.docId).blocks();
  });

  app.post<BlockParams>('/api/documents/:docId/blocks/:blockId/lock', async (request) => {
    const actor = await ctx.auth.authorize(bearerToken(request), request.params.docId, 'lock', identityHints(request));
    return lockBlock(openRoom(request.params.docId), ctx.store, request.params.blockId, actorLabel(actor));
  });

  app.post<BlockParams>('/api/documents/:docId/blocks/:blockId/unlock', async (request) => {
    const actor = await ctx.auth.authorize(bearerToken(request), request.params.docId, 'lock', identityHints(request));
    return unlockBlock(openRoom(request.params.docId), ctx.store, request.params.blockId, actorLabel(actor));
  });

  app.get<{ Params: { docId: string }; Querystring: { blockId?: string } }>('/api/documents/:docId/locks', async (request) => {
    await ctx.auth.authorize(bearerToken(request), request.params.docId, 'read');
    const events = ctx.store.listLockEvents(request.params.docId);
    const { blockId } = request.query;
    return blockId ? events.filter((event) => event.blockId === blockId) : events;
  });
}
