/**
 * Readings: the text saved as numbered revisions (Rev.1, Rev.2 …), compared, and restored.
 * A restore replaces the live text by the revision's exactly (it never merges old and new),
 * then saves that as a new revision, so the history only ever grows.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { BlockAttr, SERVER_ONLY_ATTRS, TEXT_FIELD } from '../../shared/blocks.js';
import { ErrorCode } from '../../shared/protocol.js';
import { revisionLabel, type Comparison, type RevisionBlock, type RevisionSummary, type TextRef } from '../../shared/workflow.js';
import { ApiError } from '../ApiError.js';
import { buildNode, snapshotElement, type ElementSnapshot } from '../collab/blockSnapshot.js';
import { authorRuns, type AuthorRun } from '../collab/authorRuns.js';
import type { Actor } from '../collab/lockActions.js';
import type { Room } from '../collab/Room.js';
import type { WorkflowStore } from '../store/Store.js';
import { compareBlocks } from './compare.js';
import { ownTurn } from './fairTurns.js';
import { report, type WorkflowScope } from './scope.js';

export function saveRevision(scope: WorkflowScope, note: string, actor: Actor): RevisionSummary {
  // A reading is what everyone has seen: the room's changes are saved first, the text itself is left as it is.
  return scope.room.serverAction(null, () => {
    const summary = storeRevision(scope, note.trim(), actor, null);
    report(scope, { kind: 'revision-saved', actor, at: summary.createdAt, detail: { n: summary.n, label: summary.label } });
    return summary;
  });
}

/** Makes the live text exactly revision `n`'s, then saves it as a new revision. Refused while any paragraph is locked. */
export function restoreRevision(scope: WorkflowScope, n: number, actor: Actor): RevisionSummary {
  const { room, workflow } = scope;
  const revision = workflow.getRevision(room.docId, n);
  if (revision === null) throw new ApiError(404, ErrorCode.notFound, `no revision ${revisionLabel(n)} in this room`);
  const locked = room.policy.lockedCount;
  if (locked > 0) {
    throw new ApiError(
      409,
      ErrorCode.locked,
      `expected no locked paragraphs, got ${locked}; restoring would change agreed text, so unlock them first`,
    );
  }
  const content = revisionContent(revision.state);
  // The restored text and the new reading are saved together or not at all (F2).
  return room.serverAction(
    () => {
      room.fragment.delete(0, room.fragment.length);
      room.fragment.insert(
        0,
        content.map((snapshot) => buildNode(snapshot)),
      );
    },
    () => {
      const summary = storeRevision(scope, `restored from ${revisionLabel(n)}`, actor, n);
      report(scope, {
        kind: 'revision-restored',
        actor,
        at: summary.createdAt,
        detail: { n: summary.n, label: summary.label, restoredFrom: n },
      });
      return summary;
    },
  );
}

export function revisionBlocks(room: Room, workflow: WorkflowStore, ref: TextRef): RevisionBlock[] {
  if (ref === 'live') return liveBlocks(room);
  const revision = workflow.getRevision(room.docId, ref);
  if (revision === null) throw new ApiError(404, ErrorCode.notFound, `no revision ${revisionLabel(ref)} in this room`);
  return revision.blocks;
}

/**
 * Two states of the text compared (M5: diffs bounded and cached), in an event-loop turn of its
 * own; `withAuthors`: with who wrote each character of the `to` side (U1).
 */
export async function compareRevisions(
  room: Room,
  workflow: WorkflowStore,
  from: TextRef,
  to: TextRef,
  withAuthors = false,
): Promise<Comparison> {
  await ownTurn();
  const label = (ref: TextRef) => (ref === 'live' ? 'Live text' : revisionLabel(ref));
  const compared = compareBlocks(revisionBlocks(room, workflow, from), revisionBlocks(room, workflow, to));
  if (withAuthors) {
    const runs = authorRunsOf(room, workflow, to);
    for (const block of compared.blocks) if (block.to !== null) block.authors = runs.get(block.id) ?? [];
  }
  return { from: { ref: from, label: label(from) }, to: { ref: to, label: label(to) }, ...compared };
}

/** Who wrote each block of the live text or of a revision (its stored Yjs state keeps every item's client id). */
function authorRunsOf(room: Room, workflow: WorkflowStore, ref: TextRef): Map<string, AuthorRun[]> {
  const runsOf = (fragment: Y.XmlFragment) => {
    const runs = new Map<string, AuthorRun[]>();
    for (const node of fragment.toArray()) {
      const id = node instanceof Y.XmlElement ? node.getAttribute(BlockAttr.id) : undefined;
      if (node instanceof Y.XmlElement && typeof id === 'string') runs.set(id, authorRuns(node));
    }
    return runs;
  };
  if (ref === 'live') return runsOf(room.fragment);
  const revision = workflow.getRevision(room.docId, ref);
  if (revision === null) throw new ApiError(404, ErrorCode.notFound, `no revision ${revisionLabel(ref)} in this room`);
  const doc = revisionDoc(revision.state);
  try {
    return runsOf(doc.getXmlFragment(TEXT_FIELD));
  } finally {
    doc.destroy();
  }
}

/** The revision the live text still is (same content, locks and status aside), or null. */
export function currentRevision(room: Room, workflow: WorkflowStore): RevisionSummary | null {
  const latest = workflow.latestRevision(room.docId);
  return latest !== null && latest.contentHash === contentHash(room.fragment) ? latest : null;
}

/** A detached Y.Doc holding a revision's text (for export); destroy it when done. */
export function revisionDoc(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

function storeRevision(scope: WorkflowScope, note: string, actor: Actor, restoredFrom: number | null): RevisionSummary {
  const { room, workflow } = scope;
  const createdAt = new Date().toISOString();
  const n = workflow.createRevision({
    docId: room.docId,
    note,
    byName: actor.name,
    createdAt,
    state: Y.encodeStateAsUpdate(room.doc),
    blocks: liveBlocks(room),
    contentHash: contentHash(room.fragment),
    restoredFrom,
  });
  return { n, label: revisionLabel(n), note, byName: actor.name, createdAt, restoredFrom };
}

function liveBlocks(room: Room): RevisionBlock[] {
  return room.blocks().map((block) => ({
    id: block.id,
    type: block.type,
    text: block.text,
    number: block.number,
    status: block.status,
    locked: block.locked,
  }));
}

/**
 * A revision's top-level blocks as they will be restored: unlocked (a lock is a decision
 * taken on the live text, not part of a reading), and 'agreed' becomes 'under discussion',
 * as an unlock leaves it.
 */
function revisionContent(state: Uint8Array): ElementSnapshot[] {
  const doc = revisionDoc(state);
  try {
    return doc
      .getXmlFragment(TEXT_FIELD)
      .toArray()
      .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
      .map((element) => {
        const snapshot = snapshotElement(element);
        const attrs = { ...snapshot.attrs };
        delete attrs[BlockAttr.locked];
        delete attrs[BlockAttr.lockedBy];
        delete attrs[BlockAttr.lockedAt];
        if (attrs[BlockAttr.status] === 'agreed') attrs[BlockAttr.status] = 'discussion';
        return { ...snapshot, attrs };
      });
  } finally {
    doc.destroy();
  }
}

/** Hash of the text's content: every block's name, attributes (server-only ones left out) and rich text. */
export function contentHash(fragment: Y.XmlFragment): string {
  const blocks = fragment.toArray().map((node) => {
    if (!(node instanceof Y.XmlElement)) return { delta: (node as Y.XmlText).toDelta() as unknown };
    const snapshot = snapshotElement(node);
    const attrs = Object.fromEntries(Object.entries(snapshot.attrs).filter(([name]) => !SERVER_ONLY_ATTRS.has(name)));
    return { ...snapshot, attrs };
  });
  return createHash('sha256').update(JSON.stringify(blocks)).digest('hex');
}
