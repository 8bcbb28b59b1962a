/**
 * Presence that nobody can forge: each awareness entry a client publishes is rewritten so
 * that its `user` is the identity the server knows for that connection, and a connection
 * may only publish for the awareness client ids it owns.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MAX_AWARENESS_STATE_BYTES } from '../../shared/limits.js';
import type { Connection } from './Connection.js';
import { awarenessUpdateFrame } from './frames.js';

export class AwarenessRejected extends Error {}

const utf8 = new TextDecoder();

export interface RewrittenAwareness {
  update: Uint8Array;
  /** The client ids it publishes, all the connection's own. */
  clientIds: number[];
  /** Each kept entry's client id, its clock as the client sent it, and whether it removes the state. */
  entries: Array<{ clientId: number; clock: number; isNull: boolean }>;
}

/**
 * Returns the update with every state's `user` replaced by the connection's identity.
 * Entries for client ids that `mayPublish` refuses (another person's) are left out; null
 * when nothing is left (an echo of other people's presence, as stock providers send).
 */
export function rewriteAwarenessUpdate(
  update: Uint8Array,
  connection: Connection,
  mayPublish: (clientId: number) => boolean,
): RewrittenAwareness | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: Array<[number, number, string]> = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    // Raw bytes first: stock providers echo everyone's presence back, and those entries are
    // dropped without decoding them.
    const stateBytes = decoding.readVarUint8Array(decoder);
    if (!mayPublish(clientId)) continue;
    if (stateBytes.byteLength > MAX_AWARENESS_STATE_BYTES) throw new AwarenessRejected('awareness state too large');
    const state = JSON.parse(utf8.decode(stateBytes)) as unknown;
    if (state === null) {
      kept.push([clientId, clock, 'null']);
      continue;
    }
    if (typeof state !== 'object' || Array.isArray(state)) throw new AwarenessRejected('awareness state is not an object');
    const { session } = connection;
    const user = {
      name: session.name,
      delegation: session.delegation,
      // A role link's delegation is the holder's own word: readers show it as such (N2).
      ...(session.delegationSelfDeclared ? { delegationSelfDeclared: true } : {}),
      role: session.role,
      color: connection.colour,
      ...(connection.namesake > 1 ? { namesake: connection.namesake } : {}),
    };
    kept.push([clientId, clock, JSON.stringify({ ...(state as Record<string, unknown>), user })]);
  }
  if (kept.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const [clientId, clock, json] of kept) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return {
    update: encoding.toUint8Array(encoder),
    clientIds: kept.map(([clientId]) => clientId),
    entries: kept.map(([clientId, clock, json]) => ({ clientId, clock, isNull: json === 'null' })),
  };
}

/**
 * An awareness frame telling a client that the room holds these ids as removed one clock past
 * `known` (PROTOCOL.md R5). A provider whose own state it is keeps the state, moves its clock past
 * that and publishes it again (y-protocols' answer to "a remote removed my local state"); any other
 * page just drops a state the room does not hold anyway.
 */
export function renewalRequestFrame(stale: Array<{ clientId: number; known: number }>): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, stale.length);
  for (const { clientId, known } of stale) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, known + 1);
    encoding.writeVarString(update, 'null');
  }
  return awarenessUpdateFrame(encoding.toUint8Array(update));
}
