/**
 * A client's websocket relayed to the room's owner (PROTOCOL.md K5): this server opens the
 * same /collab URL on the owner, with the client's own token, and passes frames both ways
 * unchanged. The owner sees an ordinary connection, so every rule (authentication, roles,
 * locks, limits, revocation) is the owner's, in one place; this server only carries bytes.
 * A close on either side closes the other with the same code, so a client refused by the
 * owner is told exactly why, and a client whose owner went away reconnects.
 */
import WebSocket from 'ws';
import { CloseCode, ErrorCode } from '../../shared/protocol.js';
import { MAX_FRAME_BYTES } from '../../shared/limits.js';
import { MAX_BUFFERED_BYTES, SLOW_CLIENT_CLOSE } from '../collab/Connection.js';

/** Marks a request one server relays to another: the owner serves it or refuses it, never relays it again. */
export const RELAYED_HEADER = 'x-draftroom-relayed';

const CONNECT_TIMEOUT_MS = 2_000;
/** The owner closed without a close frame (it died): 1005 and 1006 cannot be sent on, and 1012 makes the provider reconnect. */
const OWNER_GONE_REASON = `${ErrorCode.restarting}: the room's server went away; reconnecting`;

/** An open websocket to the owner, holding what the owner sends until the client's socket is attached. */
export class Upstream {
  private readonly early: Array<{ data: WebSocket.RawData; isBinary: boolean }> = [];
  private client: WebSocket | null = null;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (this.client === null) this.early.push({ data, isBinary });
      else this.pass(this.client, data, isBinary);
    });
  }

  /** Opens the owner's /collab URL (`path` with its query, the client's token in it); throws when the owner does not answer. */
  static async open(ownerUrl: string, path: string, relayedBy: string): Promise<Upstream> {
    const socket = new WebSocket(`${ownerUrl.replace(/^http/, 'ws')}${path}`, {
      headers: { [RELAYED_HEADER]: relayedBy },
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: CONNECT_TIMEOUT_MS,
    });
    const upstream = new Upstream(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      // Refused before the upgrade: an HTTP answer instead of a websocket.
      socket.once('unexpected-response', (_request, response) => reject(new Error(`the owner answered ${response.statusCode}`)));
    });
    return upstream;
  }

  /** Joins the client's socket to the owner's: frames pass both ways, a close on one side closes the other. */
  attach(client: WebSocket): void {
    this.client = client;
    const upstream = this.socket;
    for (const { data, isBinary } of this.early.splice(0)) this.pass(client, data, isBinary);
    client.on('message', (data, isBinary) => this.pass(upstream, data, isBinary));
    client.on('close', () => upstream.close(1000));
    client.on('error', () => upstream.terminate());
    upstream.on('close', (code, reason) => {
      if (client.readyState !== client.OPEN) return;
      if (code === 1005 || code === 1006) client.close(CloseCode.serviceRestart, OWNER_GONE_REASON);
      else client.close(code, reason.toString());
    });
    upstream.on('error', () => upstream.terminate());
    if (upstream.readyState !== upstream.OPEN) client.close(CloseCode.serviceRestart, OWNER_GONE_REASON);
  }

  /**
   * Sends a frame on to `target` (the client or the owner). A side that does not read fast enough
   * is not buffered for without bound: the client is cut off as the owner would cut off a direct
   * one (1013), and the owner's socket closed.
   */
  private pass(target: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
    if (target.readyState !== target.OPEN) return;
    if (target.bufferedAmount <= MAX_BUFFERED_BYTES) {
      target.send(data, { binary: isBinary });
      return;
    }
    this.client?.close(SLOW_CLIENT_CLOSE.code, SLOW_CLIENT_CLOSE.reason);
    this.socket.close(1000);
  }
}
