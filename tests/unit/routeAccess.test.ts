/**
 * server/routes/access.ts on a bare Fastify: a route declares who may call it, one hook checks
 * it after validation and before the handler, and a route that declares nothing (or asks for
 * what its path cannot give) stops the server at start. The real rights of every endpoint
 * and role are tried in tests/integration/roles.test.ts.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError, errorBody } from '../../server/ApiError.js';
import type { Authenticator, Caller } from '../../server/auth/Authenticator.js';
import type { Room } from '../../server/collab/Room.js';
import type { RoomRegistry } from '../../server/collab/RoomRegistry.js';
import { registerAccess } from '../../server/routes/access.js';

const ADMIN: Caller = { kind: 'admin' };

/** An app with the access hook over an authenticator that knows one token and a registry with one room. */
function appWithAccess(): FastifyInstance {
  const auth = {
    identify: async (token: string | undefined) => {
      if (token !== 'good') throw new ApiError(401, ErrorCode.tokenMissing, 'no token');
      return ADMIN;
    },
    authorize: async (token: string | undefined, docId: string) => {
      if (token !== 'good') throw new ApiError(401, ErrorCode.tokenMissing, 'no token');
      if (docId === 'gone') throw new ApiError(404, ErrorCode.notFound, `no room with id ${docId}`);
      return ADMIN;
    },
  } as unknown as Authenticator;
  const rooms = { open: (docId: string) => (docId === 'here' ? ({ docId } as Room) : null) } as unknown as RoomRegistry;
  const app = Fastify({ logger: false });
  app.setErrorHandler((error, _request, reply) =>
    error instanceof ApiError ? reply.code(error.status).send(errorBody(error.code, error.message)) : reply.send(error),
  );
  registerAccess(app, { auth, rooms });
  return app;
}

describe('who may call a route (server/routes/access.ts)', () => {
  it('a route under /api/ that does not declare its access is refused when it is added', () => {
    const app = appWithAccess();
    expect(() => app.get('/api/documents/:docId/anything', async () => ({}))).toThrow(/declares who may call it/);
    expect(() => app.get('/healthz', async () => ({}))).not.toThrow();
  });

  it('a right in a room needs a :docId in the path, and openRoom needs a right in a room', () => {
    const app = appWithAccess();
    expect(() => app.get('/api/rooms', { config: { access: 'read' } }, async () => ({}))).toThrow(/needs a :docId/);
    expect(() => app.get('/api/session', { config: { access: 'token', openRoom: true } }, async () => ({}))).toThrow(/openRoom needs/);
  });

  it('the request is validated first, then the caller checked, then the room opened; the handler gets both', async () => {
    const app = appWithAccess();
    app.post(
      '/api/documents/:docId/things',
      { schema: { body: Type.Object({ n: Type.Integer() }) }, config: { access: 'lock', openRoom: true } },
      async (request) => ({ caller: request.caller.kind, room: request.room.docId }),
    );
    const post = (docId: string, body: unknown, token?: string) =>
      app.inject({
        method: 'POST',
        url: `/api/documents/${docId}/things`,
        payload: body as object,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });

    expect((await post('here', { n: 'x' })).statusCode).toBe(400);
    expect((await post('here', { n: 1 })).json()).toEqual(errorBody(ErrorCode.tokenMissing, 'no token'));
    expect((await post('gone', { n: 1 }, 'good')).statusCode).toBe(404);
    const missing = await post('absent', { n: 1 }, 'good');
    expect(missing.json()).toEqual(errorBody(ErrorCode.notFound, 'no room with id absent'));
    expect((await post('here', { n: 1 }, 'good')).json()).toEqual({ caller: 'admin', room: 'here' });
  });

  it('a handler that reads a room its route did not ask to open fails loudly instead of reading undefined', async () => {
    const app = appWithAccess();
    app.get('/api/documents/:docId/plain', { config: { access: 'read' } }, async (request) => ({ room: request.room.docId }));
    const response = await app.inject({ method: 'GET', url: '/api/documents/here/plain', headers: { authorization: 'Bearer good' } });
    expect(response.statusCode).toBe(500);
  });
});
