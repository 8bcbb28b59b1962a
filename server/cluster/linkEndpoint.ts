/**
 * The owner's side of a room link (PROTOCOL.md K5; the relaying side: RoomLinks.ts). Another
 * server, proving itself with the admin token the servers share, opens one websocket per room
 * and carries its clients of that room over it. Each of them is admitted from its own token and
 * served by serveSocket as any client of this server (roles, locks, limits, revocation are the
 * owner's, in one place): its socket is a LinkedClient, which sends through the link. The frames
 * a broadcast hands to several clients of one link in one turn go as one `deliver`.
 */
import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { CloseCode, ErrorCode } from '../../shared/protocol.js';
import type { ClientSocket } from '../collab/Connection.js';
import { bearerToken } from '../routes/bearer.js';
import { admitToken, serveSocket, type CollabSocketDeps } from '../routes/collabSocket.js';
import { isPlacementUnavailable, type RoomPlacement } from './RoomPlacement.js';
import { LINK_PATH } from './RoomLinks.js';
import { LinkMessage, MAX_LINK_CLIENTS, encodeLinkFrame, readLinkFrame, type LinkFrame } from './linkFrames.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** A room link's opener proved to be another server (the admin token). */
    linkAdmitted?: boolean;
  }
}

export function registerLinkEndpoint(app: FastifyInstance, deps: CollabSocketDeps, placement: RoomPlacement): void {
  app.get<{ Params: { docId: string } }>(
    `${LINK_PATH}/:docId`,
    {
      websocket: true,
      helmet: false,
      preValidation: async (request) => {
        const actor = await deps.auth.identify(bearerToken(request)).catch(() => null);
        request.linkAdmitted = actor?.kind === 'admin';
      },
    },
    (socket, request) => {
      if (request.linkAdmitted !== true) {
        socket.close(CloseCode.forbidden, `${ErrorCode.forbidden}: a room link is opened by another server, with the admin token`);
        return;
      }
      new LinkedClients(socket as unknown as WebSocket, request.params.docId, request.log, deps, placement);
    },
  );
}

/** The clients one link carries, and what this server sends them in the current turn. */
class LinkedClients {
  private readonly clients = new Map<number, LinkedClient>();
  /** This turn's frames for the link's clients, in order: one `deliver` each. */
  private outgoing: Array<{ bytes: Uint8Array; clients: number[] }> = [];
  /** Per client, its last entry in `outgoing`: a frame may join an earlier entry only after it, so each client's frames keep their order. */
  private readonly lastEntry = new Map<number, number>();
  private flushQueued = false;

  constructor(
    readonly socket: WebSocket,
    private readonly docId: string,
    private readonly log: FastifyBaseLogger,
    private readonly deps: CollabSocketDeps,
    private readonly placement: RoomPlacement,
  ) {
    socket.on('message', (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    socket.on('close', () => {
      for (const client of [...this.clients.values()]) client.ended();
      this.clients.clear();
    });
    socket.on('error', () => socket.terminate());
  }

  /** Queues `bytes` for `client`; the turn's frames go out together once the current work is done. */
  deliver(client: number, bytes: Uint8Array): void {
    const after = this.lastEntry.get(client) ?? -1;
    let at = -1;
    for (let i = this.outgoing.length - 1; i > after; i--) {
      if (this.outgoing[i]!.bytes === bytes) {
        at = i;
        break;
      }
    }
    if (at === -1) {
      at = this.outgoing.push({ bytes, clients: [] }) - 1;
    }
    this.outgoing[at]!.clients.push(client);
    this.lastEntry.set(client, at);
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Tells the relaying server to close `client`'s socket, after what was sent to it before. */
  close(client: number, code: number, reason: string): void {
    this.flush();
    this.send({ kind: LinkMessage.close, client, code, reason });
  }

  forget(client: number): void {
    this.clients.delete(client);
  }

  private flush(): void {
    this.flushQueued = false;
    const outgoing = this.outgoing;
    this.outgoing = [];
    this.lastEntry.clear();
    for (const { bytes, clients } of outgoing) this.send({ kind: LinkMessage.deliver, clients, bytes });
  }

  private send(frame: LinkFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(encodeLinkFrame(frame), { binary: true });
  }

  private receive(data: Uint8Array): void {
    const frame = readLinkFrame(this.socket, data);
    if (frame === null) return;
    switch (frame.kind) {
      case LinkMessage.open:
        if (this.clients.has(frame.client) || this.clients.size >= MAX_LINK_CLIENTS) {
          this.socket.close(CloseCode.malformed, `${ErrorCode.malformed}: a client number in use, or too many clients on one link`);
          return;
        }
        this.admit(new LinkedClient(this, frame.client), frame.url);
        return;
      case LinkMessage.frame:
        this.clients.get(frame.client)?.received(frame.bytes, frame.binary);
        return;
      case LinkMessage.left:
        this.clients.get(frame.client)?.ended();
        return;
      default:
        this.socket.close(CloseCode.malformed, `${ErrorCode.malformed}: a link frame only an owner sends`);
    }
  }

  /** As a client of this server's own: its token, then the room must be this server's; then served. */
  private async admit(client: LinkedClient, url: string): Promise<void> {
    this.clients.set(client.id, client);
    try {
      const token = new URL(url, 'http://link').searchParams.get('token') ?? undefined;
      const admission = await admitToken(this.deps.auth, this.docId, token, url);
      if (!admission.ok) return client.close(admission.code, admission.reason);
      const placed = await this.placement.place(this.docId).catch((error: unknown) => {
        if (isPlacementUnavailable(error)) return null;
        throw error;
      });
      // Moved on meanwhile: the client reconnects and is placed anew.
      if (placed?.here !== true) {
        return client.close(CloseCode.serviceRestart, `${ErrorCode.restarting}: the room is moving between servers; reconnecting`);
      }
      if (client.readyState !== client.OPEN) return; // it left meanwhile
      serveSocket(client, admission.session, this.log, this.deps);
      client.admitted();
    } catch (error) {
      this.log.error({ err: error }, 'a client relayed over a room link could not be admitted');
      client.close(CloseCode.internalError, `${ErrorCode.unavailable}: the server cannot admit you right now; reconnecting`);
    }
  }
}

/** A client relayed over a link, as serveSocket sees a socket. */
class LinkedClient extends EventEmitter implements ClientSocket {
  readonly OPEN = 1;
  readyState: number = this.OPEN;
  /** Frames that came before the client was admitted (a client sends sync step 1 at once). */
  private early: Array<{ bytes: Uint8Array; binary: boolean }> | null = [];

  constructor(
    private readonly link: LinkedClients,
    readonly id: number,
  ) {
    super();
  }

  get bufferedAmount(): number {
    return this.link.socket.bufferedAmount;
  }

  /** Connection.send has held the link's unsent data to MAX_BUFFERED_BYTES already (bufferedAmount is the link's). */
  send(data: Uint8Array): void {
    if (this.readyState !== this.OPEN) return;
    this.link.deliver(this.id, data);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState !== this.OPEN) return;
    this.readyState = 2;
    this.link.close(this.id, code ?? CloseCode.normal, reason ?? '');
    queueMicrotask(() => this.ended());
  }

  received(bytes: Uint8Array, binary: boolean): void {
    if (this.readyState !== this.OPEN) return;
    if (this.early !== null) this.early.push({ bytes, binary });
    else this.emit('message', bytes, binary);
  }

  admitted(): void {
    const early = this.early ?? [];
    this.early = null;
    for (const { bytes, binary } of early) this.received(bytes, binary);
  }

  /** The client left, the link closed, or its close went out: 'close', once. */
  ended(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.early = null;
    this.link.forget(this.id);
    this.emit('close');
  }
}
