/**
 * What an export is made from: the live text with its pending amendments, labelled with
 * the revision it still is ("Rev.3") or "Live text"; or a saved revision, exactly. The text
 * is taken as a Yjs update of the whole state, which the export worker renders from.
 */
import * as Y from 'yjs';
import { ErrorCode } from '../../shared/protocol.js';
import { revisionLabel } from '../../shared/workflow.js';
import { ApiError } from '../ApiError.js';
import type { Room } from '../collab/Room.js';
import type { ExportAmendment } from '../export/variants.js';
import type { WorkflowStore } from '../store/WorkflowStore.js';
import { currentRevision } from './revisions.js';

export interface ExportSource {
  /** The document's state as one Yjs update. */
  state: Uint8Array;
  /** "Rev.3"; undefined for the live text when it has changed since the last revision (the header says "Live text"). */
  revision: string | undefined;
  amendments: ExportAmendment[];
}

export function exportSource(room: Room, workflow: WorkflowStore, revision?: number): ExportSource {
  if (revision !== undefined) {
    const stored = workflow.getRevision(room.docId, revision);
    if (stored === null) throw new ApiError(404, ErrorCode.notFound, `no revision ${revisionLabel(revision)} in this room`);
    // Amendments are made against the live text; a saved reading is exported as it was.
    return { state: stored.state, revision: stored.label, amendments: [] };
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
  return { state: Y.encodeStateAsUpdate(room.doc), revision: currentRevision(room, workflow)?.label, amendments };
}
