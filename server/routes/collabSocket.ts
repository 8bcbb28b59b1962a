/**
 * GET /collab/<docId>?token=…: the y-websocket endpoint. Authentication happens before the
 * upgrade; a refused socket is closed with 4401/4403 before any document data or presence
 * is sent. Errors of one socket are caught here and close that socket only.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { CloseCode, ErrorCode } from '../../shared/protocol.js';
import { MAX_CONNECTIONS_PER_ROLE_LINK, MAX_CONNECTIONS_PER_TOKEN, MAX_FRAME_BYTES } from '../../shared/limits.js';
import { AuthError, type Authenticator } from '../auth/Authenticator.js';
import type { RoomRegistry } from '../collab/RoomRegistry.js';
import type { Room } from '../collab/Room.js';
import { Connection, type ClientSocket } from '../collab/Connection.js';
import { handleFrame } from '../collab/updatePipeline.js';
import { closeForFrameError } from '../collab/frameErrors.js';
import type { Session } from '../collab/Session.js';
import type { SessionWatch } from '../collab/SessionWatch.js';
import type { Store } from '../store/Store.js';
import { isStoreUnavailable } from '../store/storeErrors.js';
import type { ServerMetrics } from '../metrics.js';
import { PLACEMENT_WAIT_MS, isPlacementUnavailable, type Placement, type RoomPlacement } from '../cluster/RoomPlacement.js';
import type { RoomLink, RoomLinks } from '../cluster/RoomLinks.js';

interface CollabQuery {
  token?: string;
  name?: string;
  delegation?: string;
}

/** Admitted: served here, or (several servers, K5) relayed to the room's owner over its room `link`. */
export type Admission = { ok: true; session: Session; link?: RoomLink } | { ok: false; code: number; reason: string };

declare module 'fastify' {
  interface FastifyRequest {
    admission?: Admission;
  }
}

export interface CollabSocketDeps {
  auth: Authenticator;
  rooms: RoomRegistry;
  store: Store;
  sessions: SessionWatch;
  metrics: ServerMetrics;
  isAllowedOrigin: (origin: string | undefined, host: string | undefined) => boolean;
  /** Several servers share the database (K5): where each room is served, and the links to the rooms other servers own. */
  cluster?: { placement: RoomPlacement; links: RoomLinks };
}

export function registerCollabSocket(app: FastifyInstance, deps: CollabSocketDeps): void {
  app.get<{ Params: { docId: string }; Querystring: CollabQuery }>(
    '/collab/:docId',
    {
      websocket: true,
      // Security headers never reach a 101 Switching Protocols answer; @fastify/helmet would
      // still build its middleware anew for every upgrade.
      helmet: false,
      preValidation: async (request) => {
        const admission = await admit(request as FastifyRequest<{ Params: { docId: string }; Querystring: CollabQuery }>, deps);
        request.admission = admission.ok && deps.cluster ? await placeSocket(request, admission, deps.cluster) : admission;
      },
    },
    (socket, request) => {
      const admission = request.admission ?? { ok: false, code: CloseCode.unauthenticated, reason: ErrorCode.tokenMissing };
      if (!admission.ok) {
        socket.close(admission.code, admission.reason);
        return;
      }
      if (admission.link !== undefined) {
        admission.link.attach(socket as unknown as WebSocket, request.raw.url ?? '');
        return;
      }
      serveSocket(socket as unknown as ClientSocket, admission.session, request.log, deps);
    },
  );
}

/**
 * Serves an admitted client here: its room opened, its frames through the pipeline, its
 * leaving noted. The one place a socket joins a room, whether it came straight to this server
 * or over another server's room link.
 */
export function serveSocket(socket: ClientSocket, session: Session, log: FastifyBaseLogger, deps: CollabSocketDeps): void {
  let room: Room | null;
  let named: boolean;
  try {
    room = deps.rooms.open(session.docId);
    named = Boolean(deps.store.getInvite(session.inviteId)?.name);
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    // Stock providers reconnect after 1011 by themselves (K3).
    socket.close(CloseCode.internalError, `${ErrorCode.unavailable}: the server cannot read its database right now; reconnecting`);
    return;
  }
  if (room === null) {
    socket.close(CloseCode.notFound, `${ErrorCode.notFound}: no such room`);
    return;
  }
  // A named invite is one person; a role link is shared by everyone it was sent to.
  const limit = named ? MAX_CONNECTIONS_PER_TOKEN : MAX_CONNECTIONS_PER_ROLE_LINK;
  if (deps.sessions.countFor(session.inviteId) >= limit) {
    socket.close(CloseCode.rateLimited, `${ErrorCode.rateLimited}: too many open connections for this invitation`);
    return;
  }
  const connection = new Connection(socket, session, log);
  const served = room;
  // Listeners first: the client sends sync step 1 at once.
  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    const frame = toBytes(data);
    // The websocket lets a room link's few extra bytes through (app.ts); a client's own frame is held to the bound here.
    if (frame.byteLength > MAX_FRAME_BYTES) {
      connection.close(CloseCode.messageTooBig, `${ErrorCode.tooLarge}: a frame over ${MAX_FRAME_BYTES} bytes`);
      return;
    }
    if (!isBinary) {
      connection.close(CloseCode.malformed, `${ErrorCode.malformed}: expected binary frames, got text`);
      return;
    }
    if (served.isDestroyed) return; // the room moved to another server (K5); this socket is closing
    deps.metrics.messageReceived(frame[0] === 1 ? 'awareness' : 'sync');
    try {
      handleFrame(served, connection, frame);
    } catch (error) {
      closeForFrameError(connection, error);
    }
  });
  socket.on('close', () => {
    served.leave(connection); // what it sent in its last turn still lands
    deps.sessions.remove(connection);
    deps.rooms.release(served);
    deps.metrics.connectionClosed();
  });
  deps.sessions.add(connection);
  deps.metrics.connectionOpened();
  try {
    deps.store.markInviteUsed(session.inviteId, new Date().toISOString());
  } catch (error) {
    // A use not counted is not worth turning a person away (the store says so elsewhere).
    if (!isStoreUnavailable(error)) throw error;
  }
  served.join(connection);
  connection.log.info('connection joined');
}

/**
 * Several servers (K5): an admitted socket is served here if this server owns the room or can
 * take it, or relayed to its owner. An owner that does not answer is waited out (its lease runs
 * out, then this server takes the room); one that cannot be placed in that time is closed with
 * 1012, and the client reconnects and is placed anew.
 */
async function placeSocket(
  request: FastifyRequest,
  admission: Extract<Admission, { ok: true }>,
  cluster: NonNullable<CollabSocketDeps['cluster']>,
): Promise<Admission> {
  const moving = {
    ok: false,
    code: CloseCode.serviceRestart,
    reason: `${ErrorCode.restarting}: the room is moving between servers; reconnecting`,
  } as const;
  const deadline = Date.now() + PLACEMENT_WAIT_MS;
  while (Date.now() < deadline) {
    let placement: Placement | null;
    try {
      placement = await cluster.placement.place(admission.session.docId);
    } catch (error) {
      if (!isPlacementUnavailable(error)) throw error;
      return {
        ok: false,
        code: CloseCode.internalError,
        reason: `${ErrorCode.unavailable}: the server cannot place the room right now; reconnecting`,
      };
    }
    if (placement === null) return moving;
    if (placement.here) return admission;
    try {
      return { ...admission, link: await cluster.links.linkTo(placement.url, admission.session.docId) };
    } catch (error) {
      request.log.warn({ err: error, owner: placement.url }, 'the owner of the room does not answer');
      cluster.placement.ownerUnreachable(placement.url);
    }
  }
  return moving;
}

async function admit(
  request: FastifyRequest<{ Params: { docId: string }; Querystring: CollabQuery }>,
  deps: CollabSocketDeps,
): Promise<Admission> {
  if (!deps.isAllowedOrigin(request.headers.origin, request.headers.host)) {
    return { ok: false, code: CloseCode.forbidden, reason: `${ErrorCode.forbidden}: this page's origin may not open the room` };
  }
  return admitToken(deps.auth, request.params.docId, request.query.token, request.raw.url);
}

/**
 * Who a client is, from its token and the /collab URL it opened (`url`, with a role link's own
 * name and delegation): a session for room `docId`, or the close code and reason that refuse it.
 */
export async function admitToken(
  auth: Authenticator,
  docId: string,
  token: string | undefined,
  url: string | undefined,
): Promise<Admission> {
  try {
    const actor = await auth.identify(token, declaredIdentity(url));
    if (actor.kind === 'admin') {
      return {
        ok: false,
        code: CloseCode.forbidden,
        reason: `${ErrorCode.forbidden}: join a room with an invitation, not the admin token`,
      };
    }
    if (actor.session.docId !== docId) {
      return { ok: false, code: CloseCode.forbidden, reason: `${ErrorCode.otherRoom}: the invitation is for another room` };
    }
    return { ok: true, session: actor.session };
  } catch (error) {
    if (error instanceof AuthError) {
      // 400: a role link's own name or delegation refused by the label rule (N1).
      const code = error.status === 401 ? CloseCode.unauthenticated : error.status === 400 ? CloseCode.malformed : CloseCode.forbidden;
      return { ok: false, code, reason: closeReason(`${error.code}: ${error.message}`) };
    }
    throw error;
  }
}

/**
 * The name and delegation a role-link holder gives (`name`, `delegation`), decoded from the
 * raw query as browsers decode URLs: a malformed escape (a lone surrogate sent as %ED%A0%80)
 * becomes U+FFFD, which the label rule removes, instead of staying percent-encoded in the name.
 */
function declaredIdentity(url: string | undefined): { name?: string; delegation?: string } {
  const start = url?.indexOf('?') ?? -1;
  const query = new URLSearchParams(start < 0 ? '' : url!.slice(start + 1));
  return { name: query.get('name') ?? undefined, delegation: query.get('delegation') ?? undefined };
}

/** A close reason within the protocol's 123 bytes, cut on a character boundary. */
function closeReason(text: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).byteLength <= 123) return text;
  let cut = '';
  for (const char of text) {
    if (encoder.encode(`${cut + char}…`).byteLength > 123) break;
    cut += char;
  }
  return `${cut}…`;
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
