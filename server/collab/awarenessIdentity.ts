/**
 * Presence that nobody can forge: each awareness entry a client publishes is rewritten so
 * that its `user` is the identity the server knows for that connection, and a connection
 * may only publish for the awareness client ids it owns.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MAX_AWARENESS_STATE_BYTES } from '../../shared/limits.js';
import type { Connection } from './Connection.js';

export class AwarenessRejected extends Error {}

const utf8 = new TextDecoder();

/**
 * Returns the update with every state's `user` replaced by the connection's identity.
 * Entries for client ids that `mayPublish` refuses (another person's) are left out.
 */
export function rewriteAwarenessUpdate(
  update: Uint8Array,
  connection: Connection,
  mayPublish: (clientId: number) => boolean,
): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const encoder = encoding.createEncoder();
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
      role: session.role,
      color: connection.colour,
    };
    kept.push([clientId, clock, JSON.stringify({ ...(state as Record<string, unknown>), user })]);
  }
  encoding.writeVarUint(encoder, kept.length);
  for (const [clientId, clock, json] of kept) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}

/** The client ids listed in an awareness update (already validated by the rewrite). */
export function awarenessClientIds(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const ids: number[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder);
    decoding.readVarString(decoder);
  }
  return ids;
}
