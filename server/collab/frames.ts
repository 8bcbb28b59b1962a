/**
 * Every frame the server sends, encoded in one place (y-protocols and lib0): the y-websocket
 * sync and awareness messages and Draftroom's notice (type 100), so that the room, the
 * pipeline and the socket route cannot disagree about the wire.
 */
import type * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { MessageType, type ServerNotice } from '../../shared/protocol.js';

/** Sync step 1: the document's state vector, asking the other side for what the document lacks. */
export function syncStep1Frame(doc: Y.Doc): Uint8Array {
  return frame(MessageType.sync, (encoder) => syncProtocol.writeSyncStep1(encoder, doc));
}

/**
 * Sync step 2: what the document holds beyond `stateVector` (encoded, as a sync step 1
 * carries it). Throws on a state vector Yjs cannot decode; the pipeline checks it first.
 */
export function syncStep2Frame(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return frame(MessageType.sync, (encoder) => syncProtocol.writeSyncStep2(encoder, doc, stateVector));
}

/** A sync frame carrying one document update. */
export function syncUpdateFrame(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, (encoder) => syncProtocol.writeUpdate(encoder, update));
}

/** The awareness states of `clientIds` as one frame (an id the awareness no longer holds goes out as removed). */
export function awarenessFrame(awareness: awarenessProtocol.Awareness, clientIds: number[]): Uint8Array {
  return awarenessUpdateFrame(awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds));
}

/** An encoded awareness update as one frame. */
export function awarenessUpdateFrame(update: Uint8Array): Uint8Array {
  return frame(MessageType.awareness, (encoder) => encoding.writeVarUint8Array(encoder, update));
}

/** A notice as one frame (type 100, JSON as a varString). */
export function noticeFrame(notice: ServerNotice): Uint8Array {
  return frame(MessageType.notice, (encoder) => encoding.writeVarString(encoder, JSON.stringify(notice)));
}

function frame(type: number, writeBody: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  writeBody(encoder);
  return encoding.toUint8Array(encoder);
}
