/**
 * The relaying side of a room link (PROTOCOL.md K5; the frames: linkFrames.ts). A client whose
 * room another server owns is carried to that owner over one websocket per room, opened by
 * this server with the admin token that all the servers share: its frames go on unchanged
 * under a number of the link's own, with the client's /collab URL (its token in it) first, so
 * the owner admits it, limits it and closes it exactly as a client of its own. What the owner
 * broadcasts comes once per link and is handed to every client it names.
 * A close on either side closes the other with the same code, so a client refused by the owner
 * is told exactly why, and a client whose owner went away reconnects.
 */
import WebSocket from 'ws';
import { CloseCode, ErrorCode } from '../../shared/protocol.js';
import { MAX_BUFFERED_BYTES, SLOW_CLIENT_CLOSE } from '../collab/Connection.js';
import { LinkMessage, MAX_LINK_CLIENTS, encodeLinkFrame, readLinkFrame, type LinkFrame } from './linkFrames.js';

/** Where a server takes the room links of the others. */
export const LINK_PATH = '/collab-link';

const CONNECT_TIMEOUT_MS = 2_000;
const MAX_OWNER_FRAME_BYTES = 256 * 1024 * 1024;
/** A link nobody uses any more is closed after this long (a client joining meanwhile takes it again). */
const IDLE_LINK_MS = 5_000;
/** The owner went away (no close frame, or its link broke): 1012 makes the provider reconnect. */
const OWNER_GONE_REASON = `${ErrorCode.restarting}: the room's server went away; reconnecting`;

interface RelayCounter {
  relayOpened(): void;
  relayClosed(): void;
}

/** This server's links to the owners of the rooms it relays, one per owner and room. */
export class RoomLinks {
  private readonly links = new Map<string, RoomLink>();
  private readonly opening = new Map<string, Promise<RoomLink>>();

  constructor(
    private readonly adminToken: string,
    private readonly metrics: RelayCounter,
  ) {}

  /** The open link to `ownerUrl` for room `docId`, opened if need be; throws when the owner does not answer. */
  async linkTo(ownerUrl: string, docId: string): Promise<RoomLink> {
    const key = `${ownerUrl} ${docId}`;
    const open = this.links.get(key);
    if (open?.isOpen) return open;
    let pending = this.opening.get(key);
    if (pending === undefined) {
      const forget = (ended: RoomLink) => {
        if (this.links.get(key) === ended) this.links.delete(key);
      };
      pending = RoomLink.open(ownerUrl, docId, { adminToken: this.adminToken, metrics: this.metrics, onEnd: forget })
        .then((link) => {
          this.links.set(key, link);
          return link;
        })
        .finally(() => this.opening.delete(key));
      this.opening.set(key, pending);
    }
    return pending;
  }

  /** Closes every link (the server is stopping); their clients are closed with 1012 and reconnect. */
  closeAll(): void {
    for (const link of this.links.values()) link.close();
  }
}

/** One websocket to a room's owner, carrying every client of that room this server relays. */
export class RoomLink {
  private readonly clients = new Map<number, WebSocket>();
  private nextClient = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly socket: WebSocket,
    private readonly metrics: RelayCounter,
    /** Called once, when the link has closed and its clients with it. */
    private readonly onEnd: (link: RoomLink) => void,
  ) {
    socket.on('message', (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    socket.on('close', (code, reason) => this.end(code, reason.toString()));
    socket.on('error', () => socket.terminate());
  }

  static async open(
    ownerUrl: string,
    docId: string,
    options: { adminToken: string; metrics: RelayCounter; onEnd: (link: RoomLink) => void },
  ): Promise<RoomLink> {
    const socket = new WebSocket(`${ownerUrl.replace(/^http/, 'ws')}${LINK_PATH}/${encodeURIComponent(docId)}`, {
      headers: { authorization: `Bearer ${options.adminToken}` },
      // What the owner sends its clients has no bound of its own (a whole room's text, on joining).
      maxPayload: MAX_OWNER_FRAME_BYTES,
      handshakeTimeout: CONNECT_TIMEOUT_MS,
      perMessageDeflate: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      // Refused before the upgrade: an HTTP answer instead of a websocket.
      socket.once('unexpected-response', (_request, response) => reject(new Error(`the owner answered ${response.statusCode}`)));
    });
    return new RoomLink(socket, options.metrics, options.onEnd);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Carries `client` (its /collab URL `url`) to the owner: its frames pass both ways, a close on one side closes the other. */
  attach(client: WebSocket, url: string): void {
    if (!this.isOpen || this.clients.size >= MAX_LINK_CLIENTS) {
      client.close(CloseCode.serviceRestart, OWNER_GONE_REASON);
      return;
    }
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const id = this.nextClient++;
    this.clients.set(id, client);
    this.metrics.relayOpened();
    this.send({ kind: LinkMessage.open, client: id, url });
    client.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.clients.get(id) !== client) return;
      this.send({
        kind: LinkMessage.frame,
        client: id,
        binary: isBinary,
        bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      });
    });
    client.on('close', () => {
      this.metrics.relayClosed();
      if (this.clients.get(id) === client) {
        this.clients.delete(id);
        this.send({ kind: LinkMessage.left, client: id });
      }
      if (this.clients.size === 0) this.closeWhenIdle();
    });
    client.on('error', () => client.terminate());
  }

  close(): void {
    this.socket.close(CloseCode.serviceRestart, `${ErrorCode.restarting}: the relaying server is stopping`);
  }

  private receive(data: Uint8Array): void {
    const frame = readLinkFrame(this.socket, data);
    if (frame === null) return;
    if (frame.kind === LinkMessage.deliver) {
      for (const id of frame.clients) {
        const client = this.clients.get(id);
        if (client !== undefined) this.pass(client, frame.bytes);
      }
    } else if (frame.kind === LinkMessage.close) {
      const client = this.clients.get(frame.client);
      if (client === undefined) return;
      this.clients.delete(frame.client);
      client.close(frame.code, frame.reason);
    }
  }

  /** A client that does not read fast enough is not buffered for without bound: cut off as the owner would cut off a direct one (1013). */
  private pass(client: WebSocket, bytes: Uint8Array): void {
    if (client.readyState !== WebSocket.OPEN) return;
    if (client.bufferedAmount <= MAX_BUFFERED_BYTES) client.send(bytes, { binary: true });
    else client.close(SLOW_CLIENT_CLOSE.code, SLOW_CLIENT_CLOSE.reason);
  }

  /** To the owner; a link whose owner does not read fast enough is given up (its clients reconnect). */
  private send(frame: LinkFrame): void {
    if (!this.isOpen) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.socket.terminate();
      return;
    }
    this.socket.send(encodeLinkFrame(frame), { binary: true });
  }

  private closeWhenIdle(): void {
    if (this.idleTimer !== null) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.clients.size === 0) this.socket.close(CloseCode.normal);
    }, IDLE_LINK_MS);
    this.idleTimer.unref();
  }

  /** The link closed: every client it carried is closed too, and reconnects. */
  private end(code: number, reason: string): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    const passOn = code === CloseCode.serviceRestart && reason !== '';
    for (const client of this.clients.values()) {
      if (client.readyState === WebSocket.OPEN) client.close(CloseCode.serviceRestart, passOn ? reason : OWNER_GONE_REASON);
    }
    this.clients.clear();
    this.onEnd(this);
  }
}
