/**
 * HTTP calls on a room relayed to the room's owner (PROTOCOL.md K5): every call under
 * /api/documents/<id>/ is answered by the server that owns room <id>, so a lock set through
 * any server is in force on the owner, where every client's changes are checked, before the
 * call returns. The request is streamed on unchanged (@fastify/reply-from), with its token.
 */
import type { FastifyInstance } from 'fastify';
import fastifyReplyFrom from '@fastify/reply-from';
import { ErrorCode } from '../../shared/protocol.js';
import { errorBody } from '../ApiError.js';
import { isPlacementUnavailable, type RoomPlacement } from './RoomPlacement.js';
import type { ServerMetrics } from '../metrics.js';

/** Marks a call one server relays to another: the owner serves it or refuses it, never relays it again. */
export const RELAYED_HEADER = 'x-draftroom-relayed';

const ROOM_PATH = /^\/api\/documents\/([^/?#]+)(?:[/?#]|$)/;

export async function registerHttpRelay(
  app: FastifyInstance,
  placement: RoomPlacement,
  instance: string,
  metrics: ServerMetrics,
): Promise<void> {
  await app.register(fastifyReplyFrom, { http: { requestOptions: { timeout: 30_000 } } });

  const moving = {
    status: 503,
    body: errorBody(
      ErrorCode.unavailable,
      'expected to find the room, but it is moving between servers; nothing was changed; try again in a moment',
    ),
  };

  app.addHook('onRequest', async (request, reply) => {
    const match = ROOM_PATH.exec(request.url);
    if (match === null) return;
    let docId: string;
    try {
      docId = decodeURIComponent(match[1]!);
    } catch {
      return; // the route answers the malformed id
    }
    let placed: Awaited<ReturnType<RoomPlacement['place']>>;
    try {
      placed = await placement.place(docId);
    } catch (error) {
      if (!isPlacementUnavailable(error)) throw error;
      placed = null;
    }
    if (placed?.here) return;
    // A call another server relayed here is never relayed again: the room moved meanwhile.
    if (placed === null || request.headers[RELAYED_HEADER] !== undefined) {
      return reply.code(moving.status).header('retry-after', '1').send(moving.body);
    }
    const owner = placed.url;
    metrics.requestRelayed();
    return reply.from(`${owner}${request.url}`, {
      rewriteRequestHeaders: (_request, headers) => ({ ...headers, [RELAYED_HEADER]: instance }),
      onError: (failed, { error }) => {
        request.log.warn({ err: error, owner }, 'the owner of the room does not answer');
        placement.ownerUnreachable(owner);
        failed.code(moving.status).header('retry-after', '1').send(moving.body);
      },
    });
  });
}
