/**
 * Who wrote a block's text as it stands (PROTOCOL.md U1): every character is a Yjs item
 * carrying the client id it was written under, and the room knows whose each id is
 * (ClientAuthors). Counted over the block's live (undeleted) text, nested blocks included.
 */
import * as Y from 'yjs';
import { ErrorCode } from '../../shared/protocol.js';
import type { BlockAuthors, ClientAuthor, EditStretch } from '../../shared/workflow.js';
import { ApiError } from '../ApiError.js';
import type { Store } from '../store/Store.js';
import type { Room } from './Room.js';
import { colourFor } from './Session.js';

/** Characters of the block's live text per client id. */
function charactersByClient(element: Y.XmlElement): Map<number, number> {
  const counts = new Map<number, number>();
  const visit = (node: Y.XmlElement | Y.XmlText) => {
    if (node instanceof Y.XmlText) {
      // Yjs keeps a text's items as a linked list from _start; deleted ones stay as tombstones.
      for (let item = node._start; item !== null; item = item.right) {
        if (!item.deleted && item.content instanceof Y.ContentString) {
          counts.set(item.id.client, (counts.get(item.id.client) ?? 0) + item.length);
        }
      }
      return;
    }
    for (const child of node.toArray()) if (child instanceof Y.XmlElement || child instanceof Y.XmlText) visit(child);
  };
  visit(element);
  return counts;
}

/** The paragraph's authors by characters written, most first; ids the room has no record of are counted apart. */
export function blockAuthors(room: Room, store: Store, blockId: string): BlockAuthors {
  const element = room.policy.findBlock(blockId);
  if (element === null) throw new ApiError(404, ErrorCode.notFound, `no block with id ${blockId} in this room`);
  const known = new Map(store.listClientAuthors(room.docId).map((author) => [author.clientId, author]));
  const byPerson = new Map<string, { name: string; delegation: string; chars: number }>();
  let unknownChars = 0;
  for (const [clientId, chars] of charactersByClient(element)) {
    const author = known.get(clientId);
    if (author === undefined) {
      unknownChars += chars;
      continue;
    }
    // One person may have written under several client ids (tabs, reloads): they are counted together.
    const key = `${author.inviteId ?? ''}\u0000${author.name}`;
    const entry = byPerson.get(key) ?? { name: author.name, delegation: author.delegation, chars: 0 };
    entry.chars += chars;
    byPerson.set(key, entry);
  }
  return { blockId, authors: [...byPerson.values()].sort((a, b) => b.chars - a.chars), unknownChars };
}

/** The colour of the server's own writing when text is coloured by author: a neutral grey. */
const SERVER_COLOUR = '#8a8f98';

/** Whose each client id of the room is, with the person's presence colour (U1). */
export function roomAuthors(store: Store, docId: string, marksFrom?: string): ClientAuthor[] {
  const since = new Map<number, Array<{ clock: number; at: string }>>();
  for (const { clientId, clock, at } of store.listClockTimes(docId, marksFrom)) {
    const marks = since.get(clientId);
    if (marks) marks.push({ clock, at });
    else since.set(clientId, [{ clock, at }]);
  }
  return store.listClientAuthors(docId).map((author) => ({
    clientId: author.clientId,
    name: author.name,
    delegation: author.delegation,
    color: author.inviteId === null ? SERVER_COLOUR : colourFor({ inviteId: author.inviteId, name: author.name }),
    // An id recorded before marks were kept dates from its first write; asked from a time, only newer marks.
    since: since.get(author.clientId) ?? (marksFrom === undefined ? [{ clock: 0, at: author.firstAt }] : []),
  }));
}

/** The most stretches of editing GET …/edits answers with: the latest, a closing session's worth. */
export const MAX_EDIT_STRETCHES = 500;

/** Who edited which paragraph when (U3), newest first; one paragraph's when `blockId` is given. */
export function editStretches(store: Store, docId: string, blockId?: string): EditStretch[] {
  const rows = store.listEditStretches(docId, blockId === undefined ? MAX_EDIT_STRETCHES : MAX_EDIT_STRETCHES * 10);
  return rows
    .filter((row) => blockId === undefined || row.blockId === blockId)
    .slice(0, MAX_EDIT_STRETCHES)
    .map(({ blockId, name, delegation, firstAt, lastAt, changes }) => ({ blockId, name, delegation, firstAt, lastAt, changes }));
}
