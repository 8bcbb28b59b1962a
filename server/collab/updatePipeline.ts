/**
 * The incoming-message pipeline: every frame a client sends goes through `handleFrame`,
 * top to bottom, within one event-loop turn:
 *
 *   size check (by the websocket, MAX_FRAME_BYTES → 1009) → rate check → decode →
 *   nesting check → (pen-holder mode: no character cut in two, surrogateSplits.ts) → client ids (their owner, and when they wrote: U1, U2) → role check →
 *   queue (room.incoming, UpdateBatch.ts) →
 *   [end of the turn: applyTurn] apply the connection's queued updates in one transaction,
 *   with the connection as origin → drop what cannot integrate → document rules (schema,
 *   depth, block size) → lock policy (with pen-holder mode) → document caps, each undoing
 *   what it refuses → note who edited which paragraph (what stood, U3) →
 *   persist → broadcast (Room.flush) → notify the sender of refusals → count what was
 *   written back against the connection's allowance (L9).
 *
 * Validation happens per frame, as it arrives; applying is batched: every update one
 * connection delivered in a turn (a socket read often holds many) goes into one Yjs
 * transaction and one policy check, so the per-transaction costs of Yjs and the store are
 * paid once per turn, not once per keystroke. A lone keystroke is its own batch.
 *
 * A change that is not allowed is never dropped: it is applied and undone in the same
 * transaction, so the sender receives the undoing change and converges (docs/ARCHITECTURE.md,
 * "Paragraph locks over a CRDT").
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, ErrorCode, MessageType } from '../../shared/protocol.js';
import type { Connection } from './Connection.js';
import type { Room } from './Room.js';
import { awarenessFrame, syncUpdateFrame } from './frames.js';
import { ForbiddenFrame, MalformedFrame, closeForFrameError } from './frameErrors.js';
import { findTouchedBlocks, type TouchedBlocks } from './touchedBlocks.js';
import { BlockAttr } from '../../shared/blocks.js';
import type { Refusal } from './lockPolicy.js';
import { AwarenessRejected, renewalRequestFrame, rewriteAwarenessUpdate, type RewrittenAwareness } from './awarenessIdentity.js';
import { describeRefusal } from './refusalNotice.js';
import { clockOf, revertReadOnlyUpdate } from './readOnlyRevert.js';
import { deepestNesting } from './updateNesting.js';
import { splitsACharacter } from './surrogateSplits.js';
import { MAX_AWARENESS_CLIENTS_PER_CONNECTION, MAX_UPDATE_NESTING, MAX_WRITING_CLIENTS_PER_CONNECTION } from '../../shared/limits.js';
import { identityKey } from './Session.js';
import { typesSuggestions } from '../../shared/editMode.js';
import { publishesPresence, receivesPresence, sessionCan } from '../auth/inviteScope.js';

export { ForbiddenFrame, MalformedFrame } from './frameErrors.js';

export function handleFrame(room: Room, connection: Connection, frame: Uint8Array): void {
  const decoder = decoding.createDecoder(frame);
  const messageType = readVarUintOrThrow(decoder);
  if (!connection.admitFrame()) {
    rateLimited(connection, 'too many messages');
    return;
  }
  switch (messageType) {
    case MessageType.sync:
      handleSync(room, connection, decoder);
      return;
    case MessageType.awareness:
      handleAwareness(room, connection, readBytes(decoder));
      return;
    case MessageType.queryAwareness:
      // A projector is sent nobody's presence, asked or not (P6): an answer with no states.
      connection.send(awarenessFrame(room.awareness, receivesPresence(connection.session) ? [...room.awareness.getStates().keys()] : []));
      return;
    case MessageType.auth:
      return; // Authentication happened before the upgrade; the y-protocols auth message carries nothing for us.
    default:
      throw new MalformedFrame(`expected message type 0–3, got ${messageType}`);
  }
}

function handleSync(room: Room, connection: Connection, decoder: decoding.Decoder): void {
  const syncType = readVarUintOrThrow(decoder);
  switch (syncType) {
    case syncProtocol.messageYjsSyncStep1: {
      const stateVector = readStateVector(decoder);
      room.flush(); // the reply must not contain anything not yet persisted
      connection.send(room.syncReply(stateVector));
      return;
    }
    case syncProtocol.messageYjsSyncStep2:
    case syncProtocol.messageYjsUpdate:
      if (!connection.admitUpdate()) {
        rateLimited(connection, 'too many document updates');
        return;
      }
      receiveClientUpdate(room, connection, readBytes(decoder));
      return;
    default:
      throw new MalformedFrame(`expected sync message 0–2, got ${syncType}`);
  }
}

/** Checks a client's document update as it arrives and queues it for the end of the turn. */
function receiveClientUpdate(room: Room, connection: Connection, update: Uint8Array): void {
  const decoded = decodeOrThrow(update);
  if (deepestNesting(room.doc, decoded.structs) > MAX_UPDATE_NESTING) {
    throw new MalformedFrame(`expected elements nested at most ${MAX_UPDATE_NESTING} deep, got deeper`);
  }
  if (typesSuggestions(connection.session.role, room.editMode) && splitsACharacter(room.doc, decoded)) {
    throw new MalformedFrame('expected a change between characters, got one inside a character (between the halves of a surrogate pair)');
  }
  claimClientIds(room, connection, decoded.structs);
  if (!sessionCan(connection.session, 'edit')) {
    refuseReadOnly(room, connection, decoded);
    return;
  }
  room.incoming.add(connection, update);
}

/**
 * The end of the turn (the room's UpdateBatch drains): what each connection sent is applied
 * and checked as one, then all of it is persisted and broadcast at once.
 */
export function applyTurn(room: Room, batches: ReadonlyMap<Connection, Uint8Array[]>): void {
  if (room.isDestroyed) return;
  for (const [connection, updates] of batches) {
    try {
      applyClientUpdates(room, connection, updates);
    } catch (error) {
      closeForFrameError(connection, error);
    }
  }
  room.flush();
}

/**
 * One connection's updates of the turn: applied in one transaction with the connection as
 * origin, checked, and what the checks refuse put back in that same transaction; then the
 * paragraphs left changed are noted as the person's edits (U3), and, when something was
 * refused, persisted and broadcast at once and the sender told why (otherwise they are
 * persisted and broadcast with the rest of the turn).
 */
function applyClientUpdates(room: Room, connection: Connection, updates: Uint8Array[]): void {
  let edited: string[] = [];
  let restored = 0;
  const refusals = room.doc.transact((transaction) => {
    for (const update of updates) Y.applyUpdate(room.doc, update, connection);
    dropPending(room, connection);
    const touched = findTouchedBlocks(transaction, room.fragment);
    const refused = checkAndCompensate(room, transaction, touched, typesSuggestions(connection.session.role, room.editMode));
    restored = clockOf(room.doc, room.doc.clientID) - (transaction.beforeState.get(room.doc.clientID) ?? 0);
    keepServerWritesLocal(room.doc, transaction);
    edited = keptEdits(touched, refused);
    return refused;
  }, connection);
  if (edited.length > 0) room.edits.noteEdits(connection.session, edited);
  if (refusals.length > 0) notifyRefusals(room, connection, refusals);
  // L9: what the checks wrote back is the cost of this connection's refused changes.
  if (restored > 0 && !connection.admitRestored(restored)) rateLimited(connection, 'too much of your changes had to be undone');
}

/** The paragraphs a change touched that stand changed after the checks: the person's edits there (U3). */
function keptEdits(touched: TouchedBlocks, refusals: Refusal[]): string[] {
  const refused = new Set(refusals.map((refusal) => refusal.blockId));
  const ids: string[] = [];
  for (const item of touched.blocks) {
    if (item.deleted || !(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.XmlElement)) continue;
    const id = item.content.type.getAttribute(BlockAttr.id);
    if (typeof id === 'string' && !refused.has(id)) ids.push(id);
  }
  return ids;
}

/**
 * The checks on what `transaction` touched, each undoing in it what it refuses: the document
 * rules per block (schema, depth, size), the lock policy, then the document's caps.
 * `suggestsOnly`: the sender's typing is a suggestion (pen-holder mode, E1), so every block
 * is to them as a locked one, put back by the lock policy.
 */
function checkAndCompensate(room: Room, transaction: Y.Transaction, touched: TouchedBlocks, suggestsOnly: boolean): Refusal[] {
  const isLocked = suggestsOnly ? () => true : (element: Y.XmlElement) => room.policy.isLockedElement(element);
  return [
    ...room.rules.checkBlocks(transaction, touched, isLocked),
    ...room.policy.enforce(transaction, touched, suggestsOnly),
    // Afresh: the lock policy may have put blocks back, which count towards the document's size.
    ...room.rules.checkDocument(transaction, findTouchedBlocks(transaction, room.fragment), isLocked),
  ];
}

/**
 * Applying a remote update marks the transaction non-local; when the server also wrote in it
 * (a restore, an id), Yjs would take the server's own items for another peer using its client
 * id and mint a new one. They are ours: the transaction is then marked local.
 */
function keepServerWritesLocal(doc: Y.Doc, transaction: Y.Transaction): void {
  if (clockOf(doc, doc.clientID) !== (transaction.beforeState.get(doc.clientID) ?? 0)) transaction.local = true;
}

/**
 * Items anchored on items the room does not have would wait in the document as pending,
 * unchecked, until something supplied the anchor. Nothing honest sends them (every client
 * sends what the room lacks in its sync reply, in full), so they are dropped: a client that
 * really has them sends them again, complete, in its next sync reply.
 */
function dropPending(room: Room, connection: Connection): void {
  const store = room.doc.store;
  if (store.pendingStructs === null && store.pendingDs === null) return;
  store.pendingStructs = null;
  store.pendingDs = null;
  connection.log.debug('dropped changes anchored on text the room does not have');
}

/** Read-only: the room's document is never touched; the sender alone gets the way back. */
function refuseReadOnly(room: Room, connection: Connection, decoded: ReturnType<typeof Y.decodeUpdate>): void {
  const { revert, deletedRoomText } = revertReadOnlyUpdate(room.doc, decoded);
  if (revert === null) return;
  connection.send(syncUpdateFrame(revert));
  notifyRefusals(room, connection, [{ reason: ErrorCode.readOnly }]);
  if (deletedRoomText) throw new ForbiddenFrame('an observer may not change the text, and this change deleted part of it');
}

/** Persist → broadcast → notify: the restoring change reaches the sender before the notices that explain it. */
function notifyRefusals(room: Room, connection: Connection, refusals: Refusal[]): void {
  room.flush();
  room.metricsRefused(refusals);
  for (const refusal of refusals) room.sendNotice(connection, describeRefusal(room, refusal));
  connection.log.info({ refusals: refusals.map((r) => ({ reason: r.reason, blockId: r.blockId })) }, 'refused part of a change');
}

/**
 * Yjs client ids belong to the person who first wrote under them in this room. New items
 * under someone else's id would take that person's next clocks, so their own (say, offline)
 * edits would later be skipped as already known and their copy would fork for good.
 */
function claimClientIds(room: Room, connection: Connection, structs: ReturnType<typeof Y.decodeUpdate>['structs']): void {
  const identity = identityKey(connection.session);
  for (const struct of structs) {
    const { client, clock } = struct.id;
    if (clock + struct.length <= clockOf(room.doc, client)) continue; // already known: harmless
    if (!connection.writingClients.has(client)) {
      if (connection.writingClients.size >= MAX_WRITING_CLIENTS_PER_CONNECTION) {
        throw new ForbiddenFrame(
          `expected changes under at most ${MAX_WRITING_CLIENTS_PER_CONNECTION} client ids from one connection, got more`,
        );
      }
      connection.writingClients.add(client);
    }
    if (!room.clientOwners.claim(client, identity))
      throw new ForbiddenFrame('the update carries changes under another participant’s client id');
    room.authors.note(client, connection.session);
    room.edits.noteClock(client, Math.max(clock, clockOf(room.doc, client)));
  }
}

function handleAwareness(room: Room, connection: Connection, update: Uint8Array): void {
  // A projector is no one: what it publishes is neither kept nor relayed (P3).
  if (!publishesPresence(connection.session)) return;
  const identity = identityKey(connection.session);
  let own: RewrittenAwareness | null;
  // A tab publishes under one client id; past MAX_AWARENESS_CLIENTS_PER_CONNECTION, new ids are refused and never relayed.
  let newIds = 0;
  const mayPublish = (id: number) => {
    if (!room.clientOwners.mayUse(id, identity)) return false;
    if (connection.awarenessClients.has(id)) return true;
    return connection.awarenessClients.size + ++newIds <= MAX_AWARENESS_CLIENTS_PER_CONNECTION;
  };
  try {
    own = rewriteAwarenessUpdate(update, connection, mayPublish);
  } catch (error) {
    if (error instanceof AwarenessRejected) throw new MalformedFrame(error.message);
    throw new MalformedFrame('awareness update could not be decoded');
  }
  // Stock providers echo everyone's presence back: only a connection's own entries count.
  if (own === null) return;
  if (!connection.admitOwnAwareness()) {
    rateLimited(connection, 'too many presence updates');
    return;
  }
  for (const clientId of own.clientIds) {
    room.clientOwners.claim(clientId, identity);
    connection.awarenessClients.add(clientId);
  }
  const stale = staleStates(room, own);
  awarenessProtocol.applyAwarenessUpdate(room.awareness, own.update, connection);
  if (stale.length > 0) {
    connection.send(renewalRequestFrame(stale));
    connection.log.debug(
      { clientIds: stale.map((entry) => entry.clientId) },
      'asked a client to publish its presence again past the room’s clock',
    );
  }
}

/**
 * The connection's states that y-protocols would ignore although the room holds none for
 * that id: a clock no newer than the one the room knows (R5). A stock provider that reconnects
 * sends its state at the clock the room saw last, before the room removed it (a removal keeps
 * that clock); a new provider on the same document starts again from 0; a provider's very first
 * state is at 0, which equals "unknown". Each would stay invisible until the provider renews it
 * (15 s or more). A state the room does hold is left alone: an old clock for it is an echo (stock
 * providers echo all presence, and a person's other tabs may publish its ids, R3).
 */
function staleStates(room: Room, own: RewrittenAwareness): Array<{ clientId: number; known: number }> {
  const stale: Array<{ clientId: number; known: number }> = [];
  for (const { clientId, clock, isNull } of own.entries) {
    if (isNull || room.awareness.getStates().has(clientId)) continue;
    const known = room.awareness.meta.get(clientId)?.clock ?? 0;
    if (clock <= known) stale.push({ clientId, known });
  }
  return stale;
}

function rateLimited(connection: Connection, what: string): void {
  connection.close(CloseCode.rateLimited, `${ErrorCode.rateLimited}: ${what}; slow down and reconnect`);
}

function readVarUintOrThrow(decoder: decoding.Decoder): number {
  try {
    return decoding.readVarUint(decoder);
  } catch {
    throw new MalformedFrame('frame ended before its message type');
  }
}

function readBytes(decoder: decoding.Decoder): Uint8Array {
  try {
    return decoding.readVarUint8Array(decoder);
  } catch {
    throw new MalformedFrame('frame ended before its payload');
  }
}

/** A sync step 1's state vector, rejected when Yjs cannot decode it (as it would fail to answer it). */
function readStateVector(decoder: decoding.Decoder): Uint8Array {
  const stateVector = readBytes(decoder);
  try {
    Y.decodeStateVector(stateVector);
  } catch {
    throw new MalformedFrame('sync step 1 carried an invalid state vector');
  }
  return stateVector;
}

/** Decodes an update, rejecting one Yjs cannot read before any of it touches the document. */
function decodeOrThrow(update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  try {
    return Y.decodeUpdate(update);
  } catch {
    throw new MalformedFrame('the update is not a valid Yjs update');
  }
}
