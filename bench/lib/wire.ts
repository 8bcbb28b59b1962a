/**
 * The y-websocket wire as the bench's bare clients speak it (rawClient.ts, failoverClient.ts):
 * message types, sync steps, and the awareness update a provider publishes for itself.
 */
import * as encoding from 'lib0/encoding';

export const SYNC = 0;
export const AWARENESS = 1;
export const STEP1 = 0;
export const STEP2 = 1;
export const UPDATE = 2;
/** y-protocols renews the local awareness state after half of its 30 s timeout. */
export const AWARENESS_RENEW_MS = 15_000;
export const EMPTY_UPDATE = new Uint8Array([0, 0]);
export const EMPTY_STATE_VECTOR = new Uint8Array([0]);

/** One client's awareness update (the payload of an awareness message): its state named `name`, at `clock`. */
export function presenceUpdate(clientId: number, clock: number, name: string): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, clientId);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify({ user: { name, color: '#1f6feb' } }));
  return encoding.toUint8Array(update);
}
