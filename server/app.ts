/**
 * Builds the Draftroom server: store, auth, rooms, routes. Tests import this and listen on
 * port 0; main.ts only starts the process.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyWebsocket from '@fastify/websocket';
import fastifyStatic from '@fastify/static';
import fastifyHelmet from '@fastify/helmet';
import { existsSync } from 'node:fs';

import type { WebSocket } from 'ws';
import { CloseCode, ErrorCode } from '../shared/protocol.js';
import { MAX_FRAME_BYTES } from '../shared/limits.js';
import { LINK_HEADROOM_BYTES } from './cluster/linkFrames.js';
import { ApiError, errorBody } from './ApiError.js';
import type { Config } from './config.js';
import type { ServerContext } from './context.js';
import { SilenceClock } from './workflow/silence.js';
import { TokenSigner } from './auth/tokens.js';
import { Authenticator } from './auth/Authenticator.js';
import { RoomRegistry } from './collab/RoomRegistry.js';
import { SessionWatch } from './collab/SessionWatch.js';
import { InviteIssuer } from './rooms/invites.js';
import { ServerMetrics } from './metrics.js';
import { registerCollabSocket, type CollabSocketDeps } from './routes/collabSocket.js';
import { registerLinkEndpoint } from './cluster/linkEndpoint.js';
import { registerDocumentRoutes } from './routes/documentRoutes.js';
import { registerInviteRoutes } from './routes/inviteRoutes.js';
import { registerProjectorLinkRoutes } from './routes/projectorLinkRoutes.js';
import { registerBlockRoutes } from './routes/blockRoutes.js';
import { registerExportRoutes } from './routes/exportRoutes.js';
import { registerWorkflowRoutes } from './routes/workflowRoutes.js';
import { registerOpsRoutes } from './routes/opsRoutes.js';
import { registerWriteLimits } from './http/writeLimits.js';
import { lazySchemaController } from './http/lazySchemaCompilers.js';
import { registerAccess } from './routes/access.js';
import { closeSocketsForRestart, openDataDir } from './lifecycle.js';
import { isStoreUnavailable } from './store/storeErrors.js';
import { CLIENT_DIST } from './runtimePaths.js';
import { startCluster } from './cluster/cluster.js';
import { registerHttpRelay } from './cluster/relayHttp.js';

export interface BuiltApp {
  app: FastifyInstance;
  ctx: ServerContext;
}

export async function buildApp(config: Config, options: { logger?: FastifyServerOptions['logger'] } = {}): Promise<BuiltApp> {
  const app = Fastify({
    logger: withoutTokens(
      options.logger ?? {
        level: config.logLevel,
        // Readable lines for a person at a terminal; JSON lines for log collectors.
        ...(process.stdout.isTTY
          ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }
          : {}),
      },
    ),
    bodyLimit: 1024 * 1024,
    schemaController: lazySchemaController,
  });

  // DATA_DIR checked, locked and opened before anything listens; a StartupRefusal stops here (F5–F7).
  const { store, workflow, admin, lock } = openDataDir(config, app.log);
  const signer = new TokenSigner(store);
  const auth = new Authenticator(store, signer, admin);
  let rooms: RoomRegistry | undefined;
  const metrics = new ServerMetrics(() => rooms?.loadedCount ?? 0);
  rooms = new RoomRegistry(store, app.log, metrics);
  const sessions = new SessionWatch(auth);
  const publicUrl = config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const invites = new InviteIssuer(store, signer, publicUrl);
  const silence = new SilenceClock(store, workflow, rooms, app.log);
  const ctx: ServerContext = {
    store,
    workflow,
    auth,
    admin,
    rooms,
    sessions,
    invites,
    metrics,
    silence,
    defaultTimeZone: config.roomTimeZone,
  };
  // Deadlines that passed while the server was down are recorded now (Q3).
  silence.wake();
  if (config.redisUrl !== undefined) {
    try {
      ctx.cluster = await startCluster(config.redisUrl, store, rooms, admin.value, metrics, app.log);
    } catch (error) {
      silence.stop();
      store.close();
      lock.release();
      throw error;
    }
  }
  const cluster = ctx.cluster;

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.status).send(errorBody(error.code, error.message, error.fields));
    }
    const fastifyError = error as { validation?: unknown; statusCode?: number; message?: string };
    if (fastifyError.validation || fastifyError.statusCode === 400 || fastifyError.statusCode === 415) {
      return reply.code(400).send(errorBody(ErrorCode.badRequest, `invalid request: ${fastifyError.message ?? ''}`));
    }
    if (fastifyError.statusCode === 413) {
      return reply.code(413).send(errorBody(ErrorCode.tooBig, 'the request body is larger than the server accepts'));
    }
    // The store cannot be used right now (a full disk, a read-only directory, a database gone
    // away): nothing was saved, try later (F1, K3).
    if (isStoreUnavailable(error)) {
      request.log.error({ err: error }, 'the store refused a write');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send(
          errorBody(
            ErrorCode.unavailable,
            'expected to save the request, but the server cannot write right now; nothing was changed; try again in a moment',
          ),
        );
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody(ErrorCode.internal, 'the server failed to handle the request'));
  });

  // Served over plain HTTP (a laptop at the venue, reached by its name or address), a page
  // told to upgrade insecure requests fetches its own scripts over https from a port that
  // speaks no TLS: a blank page (127.0.0.1 and localhost are exempt, so it shows nowhere
  // else). Only a server published over https asks for the upgrade, and only it sends HSTS,
  // which browsers ignore over HTTP anyway (PROTOCOL.md W5).
  const publishedOverHttps = /^https:/i.test(publicUrl);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        // Collaboration carets colour themselves with style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: publishedOverHttps ? [] : null,
      },
    },
    ...(publishedOverHttps ? {} : { strictTransportSecurity: false }),
  });
  await app.register(fastifyWebsocket, {
    // A room link's frame carries a client's frame and a few bytes more (linkFrames.ts); a
    // client's own frames are held to MAX_FRAME_BYTES where they are served (collabSocket.ts).
    options: { maxPayload: MAX_FRAME_BYTES + LINK_HEADROOM_BYTES },
    // ws has already sent the right close frame (1009 for an oversized frame) when it reports
    // a protocol error: let the close handshake finish instead of tearing the socket down.
    errorHandler: (error, socket, request) => {
      const code = (error as { code?: string }).code ?? '';
      if (code.startsWith('WS_ERR_')) {
        request.log.warn({ problem: code }, 'websocket protocol error');
        return;
      }
      request.log.error({ err: error }, 'websocket error');
      (socket as unknown as WebSocket).close(CloseCode.internalError, `${ErrorCode.internal}: server error`);
    },
    // A stopping server persists what it holds, then closes every socket with 1012 (D5), not the plugin's bare close.
    preClose: async function (this: FastifyInstance) {
      await closeSocketsForRestart(this.websocketServer, rooms, this.log);
    },
  });

  // First of all (several servers, K5): a call on a room another server owns is relayed there.
  if (cluster !== undefined) {
    await registerHttpRelay(app, cluster.placement, cluster.instance, metrics);
    app.addHook('onListen', async () => {
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      cluster.leases.setUrl(config.instanceUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`);
    });
  }
  // Before the routes: every write under /api meets its sender's allowance first (H1).
  registerWriteLimits(app, { auth, store }, config.writeLimits);

  const allowed = new Set(config.allowedOrigins);
  const collab: CollabSocketDeps = {
    auth,
    rooms,
    store,
    sessions,
    metrics,
    ...(cluster !== undefined ? { cluster: { placement: cluster.placement, links: cluster.links } } : {}),
    isAllowedOrigin: (origin, host) => {
      if (!origin) return true; // not a browser: tokens, not origins, protect non-browser clients
      if (allowed.has(origin)) return true;
      try {
        return new URL(origin).host === host;
      } catch {
        return false;
      }
    },
  };
  registerCollabSocket(app, collab);
  // Several servers (K5): the others carry their clients of this server's rooms over room links.
  if (cluster !== undefined) registerLinkEndpoint(app, collab, cluster.placement);
  // Who may call each route under /api, checked once for all of them (routes/access.ts).
  registerAccess(app, ctx);
  registerDocumentRoutes(app, ctx);
  registerInviteRoutes(app, ctx);
  registerProjectorLinkRoutes(app, ctx);
  registerBlockRoutes(app, ctx);
  registerExportRoutes(app, ctx);
  registerWorkflowRoutes(app, ctx);
  registerOpsRoutes(app, ctx);

  if (existsSync(CLIENT_DIST)) {
    // wildcard: files are looked up per request, so a rebuilt client is served without a restart.
    await app.register(fastifyStatic, { root: CLIENT_DIST, wildcard: true });
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]!;
      const isAppRoute = !path.startsWith('/api/') && !path.startsWith('/collab/') && !path.startsWith('/assets/');
      if (request.method === 'GET' && isAppRoute) {
        return reply.sendFile('index.html');
      }
      return reply.code(404).send(errorBody(ErrorCode.notFound, `no route for ${request.method} ${stripToken(request.url)}`));
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .send(
          errorBody(ErrorCode.notFound, `no route for ${request.method} ${stripToken(request.url)} (client not built: run npm run build)`),
        ),
    );
  }

  app.addHook('onClose', async () => {
    cluster?.links.closeAll();
    silence.stop();
    sessions.stop();
    rooms.closeAll();
    // Every room saved: the others may take them at once instead of waiting for the leases to run out.
    await cluster?.leases.stop();
    store.close();
    // Last: the next server may take DATA_DIR only once this one has written all it will (F6).
    lock.release();
  });

  return { app, ctx };
}

/**
 * Tokens travel in ?token= on websockets and in Authorization on HTTP: every logger the app
 * builds, the default one and one a caller (a test, an embedding) passes, keeps both out.
 */
function withoutTokens(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return logger;
  const given = logger === true ? {} : logger;
  return {
    ...given,
    redact: ['req.headers.authorization'],
    serializers: {
      ...given.serializers,
      req: (req: { method: string; url: string }) => ({ method: req.method, url: stripToken(req.url) }),
    },
  };
}

function stripToken(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
}
