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
import { MAX_BUFFERED_BYTES } from '../collab/Connection.js';

/** Marks a request one server relays to another: the owner serves it or refuses it, never relays it again. */
export const RELAYED_HEADER = 'x-draftroom-relayed';

const CONNECT_TIMEOUT_MS = 2_000;

/** An open websocket to the owner, holding what the owner sends until the client's socket is attached. */
export class Upstream {
  private readonly early: Array<{ data: WebSocket.RawData; isBinary: boolean }> = [];
  private client: WebSocket | null = null;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (this.client === null) this.early.push({ data, isBinary });
      else forward(this.client, data, isBinary, socket);
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
    for (const { data, isBinary } of this.early.splice(0)) forward(client, data, isBinary, upstream);
    client.on('message', (data, isBinary) => {
      if (upstream.readyState !== upstream.OPEN) return;
      // An owner that does not read fast enough is not buffered for without bound either.
      if (upstream.bufferedAmount > MAX_BUFFERED_BYTES) {
        client.close(1013, 'E_SLOW_CLIENT: too much unsent data; reconnect');
        upstream.close(1000);
        return;
      }
      upstream.send(data, { binary: isBinary });
    });
    client.on('close', () => upstream.close(1000));
    client.on('error', () => upstream.terminate());
    upstream.on('close', (code, reason) => {
      if (client.readyState !== client.OPEN) return;
      // 1005 and 1006 (no close frame: the owner died) cannot be sent on; 1012 makes the provider reconnect.
      if (code === 1005 || code === 1006)
        client.close(CloseCode.serviceRestart, `${ErrorCode.restarting}: the room's server went away; reconnecting`);
      else client.close(code, reason.toString());
    });
    upstream.on('error', () => upstream.terminate());
    if (upstream.readyState !== upstream.OPEN)
      client.close(CloseCode.serviceRestart, `${ErrorCode.restarting}: the room's server went away; reconnecting`);
  }

  close(): void {
    this.socket.terminate();
  }
}

function forward(client: WebSocket, data: WebSocket.RawData, isBinary: boolean, upstream: WebSocket): void {
  if (client.readyState !== client.OPEN) return;
  // A client that does not read is cut off here, as the owner would cut off a direct one.
  if (client.bufferedAmount > MAX_BUFFERED_BYTES) {
    client.close(1013, 'E_SLOW_CLIENT: too much unsent data; reconnect');
    upstream.close(1000);
    return;
  }
  client.send(data, { binary: isBinary });
}
