/**
 * What two servers say to each other over a room link (roomLinks.ts, linkEndpoint.ts): the
 * relaying server opens one websocket per room to the room's owner and carries all of its
 * clients of that room over it, each under a number of the link's own (its `client`).
 *
 *   relaying server → owner:  open(client, url)   a client opened /collab with this URL (its token in it)
 *                             frame(client, binary, bytes)   a frame the client sent, unchanged
 *                             left(client)         the client's socket closed
 *   owner → relaying server:  deliver(clients, bytes)   one frame for each of these clients
 *                             close(client, code, reason)   close that client's socket so
 *
 * `deliver` is why the link exists: the owner sends a room's broadcast once per relaying server
 * instead of once per relayed person, and the relaying server hands it to each of them.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import { CloseCode, ErrorCode } from '../../shared/protocol.js';

export const LinkMessage = { open: 0, frame: 1, left: 2, deliver: 3, close: 4 } as const;

export type LinkFrame =
  | { kind: typeof LinkMessage.open; client: number; url: string }
  | { kind: typeof LinkMessage.frame; client: number; binary: boolean; bytes: Uint8Array }
  | { kind: typeof LinkMessage.left; client: number }
  | { kind: typeof LinkMessage.deliver; clients: number[]; bytes: Uint8Array }
  | { kind: typeof LinkMessage.close; client: number; code: number; reason: string };

/**
 * What a link frame adds to a client's frame it carries (the kind, the client's number, the
 * binary flag): the servers' websockets take frames this much over MAX_FRAME_BYTES, and the
 * bound on a client's own frames is checked where it is served (collabSocket.ts).
 */
export const LINK_HEADROOM_BYTES = 16;

/** Clients one link may carry, and so name in one `deliver`. */
export const MAX_LINK_CLIENTS = 10_000;

export function encodeLinkFrame(frame: LinkFrame): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, frame.kind);
  switch (frame.kind) {
    case LinkMessage.open:
      encoding.writeVarUint(encoder, frame.client);
      encoding.writeVarString(encoder, frame.url);
      break;
    case LinkMessage.frame:
      encoding.writeVarUint(encoder, frame.client);
      encoding.writeUint8(encoder, frame.binary ? 1 : 0);
      encoding.writeUint8Array(encoder, frame.bytes);
      break;
    case LinkMessage.left:
      encoding.writeVarUint(encoder, frame.client);
      break;
    case LinkMessage.deliver:
      encoding.writeVarUint(encoder, frame.clients.length);
      for (const client of frame.clients) encoding.writeVarUint(encoder, client);
      encoding.writeUint8Array(encoder, frame.bytes);
      break;
    case LinkMessage.close:
      encoding.writeVarUint(encoder, frame.client);
      encoding.writeVarUint(encoder, frame.code);
      encoding.writeVarString(encoder, frame.reason);
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** Reads a link frame; anything else closes the link (4400: the other side is a server with a bug) and gives null. */
export function readLinkFrame(link: Pick<WebSocket, 'close'>, data: Uint8Array): LinkFrame | null {
  try {
    return decodeLinkFrame(data);
  } catch {
    link.close(CloseCode.malformed, `${ErrorCode.malformed}: not a room link frame`);
    return null;
  }
}

/** Reads a link frame; throws on anything else. */
export function decodeLinkFrame(data: Uint8Array): LinkFrame {
  const decoder = decoding.createDecoder(data);
  const kind = decoding.readVarUint(decoder);
  const rest = () => data.subarray(decoder.pos);
  switch (kind) {
    case LinkMessage.open:
      return { kind, client: decoding.readVarUint(decoder), url: decoding.readVarString(decoder) };
    case LinkMessage.frame: {
      const client = decoding.readVarUint(decoder);
      const binary = decoding.readUint8(decoder) === 1;
      return { kind, client, binary, bytes: rest() };
    }
    case LinkMessage.left:
      return { kind, client: decoding.readVarUint(decoder) };
    case LinkMessage.deliver: {
      const count = decoding.readVarUint(decoder);
      if (count > MAX_LINK_CLIENTS) throw new Error(`a link frame for ${count} clients`);
      const clients: number[] = [];
      for (let i = 0; i < count; i++) clients.push(decoding.readVarUint(decoder));
      return { kind, clients, bytes: rest() };
    }
    case LinkMessage.close:
      return { kind, client: decoding.readVarUint(decoder), code: decoding.readVarUint(decoder), reason: decoding.readVarString(decoder) };
    default:
      throw new Error(`unknown link message ${kind}`);
  }
}
