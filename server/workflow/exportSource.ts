/**
 * What an export is made from: the live text with its pending amendments, labelled with
 * the revision it still is ("Rev.3") or "Live text"; or a saved revision, exactly. The text
 * is taken as a Yjs update of the whole state, which the export worker renders from.
 *
 * Encoding and hashing a room at the document cap takes ~15 ms of the event loop, and a
 * room of 120 people may ask for the same export within a second: the live text's update,
 * its hash and its revision label are kept until the text changes (or a revision is saved),
 * so each further request costs next to nothing here.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { ErrorCode } from '../../shared/protocol.js';
import { revisionLabel } from '../../shared/workflow.js';
import { ApiError } from '../ApiError.js';
import type { Room } from '../collab/Room.js';
import type { ExportAmendment } from '../export/variants.js';
import type { WorkflowStore } from '../store/Store.js';
import { currentRevision } from './revisions.js';

export interface ExportSource {
  /** The document's state as one Yjs update. */
  state: Uint8Array;
  /** Names the state: equal states, equal hashes. */
  stateHash: string;
  /** "Rev.3"; undefined for the live text when it has changed since the last revision (the header says "Live text"). */
  revision: string | undefined;
  amendments: ExportAmendment[];
}

/** The live text as last exported; dropped by the document's next update. */
interface LiveText {
  state: Uint8Array;
  stateHash: string;
  /** The revision label, and the latest revision number it was decided against. */
  revision: { latest: number | null; label: string | undefined } | null;
}

const liveTexts = new WeakMap<Y.Doc, { text: LiveText | null }>();

export function exportSource(room: Room, workflow: WorkflowStore, revision?: number): ExportSource {
  if (revision !== undefined) {
    const stored = workflow.getRevision(room.docId, revision);
    if (stored === null) throw new ApiError(404, ErrorCode.notFound, `no revision ${revisionLabel(revision)} in this room`);
    // Amendments are made against the live text; a saved reading is exported as it was.
    return { state: stored.state, stateHash: hash(stored.state), revision: stored.label, amendments: [] };
  }
  room.flush();
  const amendments = workflow
    .listAmendments(room.docId)
    .filter((amendment) => amendment.status === 'pending')
    .map((amendment) => ({
      blockId: amendment.blockId,
      kind: amendment.kind,
      text: amendment.text,
      proposer: amendment.proposerName,
      delegation: amendment.proposerDelegation || null,
    }));
  const live = liveText(room.doc);
  // Saved revisions never change, so the label holds until the text changes or a new one is saved.
  const latest = workflow.listRevisions(room.docId).at(-1)?.n ?? null;
  if (live.revision === null || live.revision.latest !== latest) {
    live.revision = { latest, label: currentRevision(room, workflow)?.label };
  }
  return { state: live.state, stateHash: live.stateHash, revision: live.revision.label, amendments };
}

function liveText(doc: Y.Doc): LiveText {
  let entry = liveTexts.get(doc);
  if (entry === undefined) {
    const created = { text: null as LiveText | null };
    doc.on('update', () => {
      created.text = null;
    });
    entry = created;
    liveTexts.set(doc, entry);
  }
  if (entry.text === null) {
    const state = Y.encodeStateAsUpdate(doc);
    entry.text = { state, stateHash: hash(state), revision: null };
  }
  return entry.text;
}

function hash(state: Uint8Array): string {
  return createHash('sha256').update(state).digest('hex');
}
