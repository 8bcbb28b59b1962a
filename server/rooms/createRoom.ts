/** Creating a room: the document record, its first text, and one invite per role. */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type { CreatedDocument, CreatedInvite } from '../../shared/api.js';
import { ROLES, type Role } from '../../shared/roles.js';
import { TEXT_FIELD, newBlockId } from '../../shared/blocks.js';
import { documentSchema } from '../../shared/schema.js';
import type { Store } from '../store/Store.js';
import type { InviteIssuer } from './invites.js';
import type { RoomSettings } from './roomSettings.js';
import { DEFAULT_TEXT_LANGUAGE } from '../../shared/textLanguages.js';
import { FALLBACK_TIME_ZONE } from '../../shared/timeZone.js';
import { SERVER_AUTHOR } from '../collab/ClientAuthors.js';

/** ProseMirror JSON of a document's top-level content. */
export interface DocJson {
  type: 'doc';
  content: Array<{ type: string; attrs?: Record<string, unknown>; content?: unknown[] }>;
}

export async function createRoom(
  store: Store,
  invites: InviteIssuer,
  title: string,
  initialText?: DocJson,
  id: string = randomUUID(),
  // A new room is open (E1): the adviser switches pen-holder mode on in the room.
  settings: Pick<RoomSettings, 'language' | 'timeZone'> = { language: DEFAULT_TEXT_LANGUAGE, timeZone: FALLBACK_TIME_ZONE },
): Promise<CreatedDocument> {
  store.createDocument({ id, title, createdAt: new Date().toISOString(), ...settings });
  const doc = new Y.Doc();
  const json: DocJson = initialText ?? { type: 'doc', content: [{ type: 'paragraph' }] };
  const withIds: DocJson = {
    type: 'doc',
    content: json.content.map((block) => ({ ...block, attrs: { ...(block.attrs ?? {}), id: newBlockId() } })),
  };
  prosemirrorJSONToYXmlFragment(documentSchema, withIds, doc.getXmlFragment(TEXT_FIELD));
  store.appendUpdate(id, Y.encodeStateAsUpdate(doc));
  // The first text (a draft, the demo's) is the server's writing (U1).
  store.recordClientAuthors([
    { docId: id, clientId: doc.clientID, inviteId: null, name: SERVER_AUTHOR, delegation: '', firstAt: new Date().toISOString() },
  ]);
  doc.destroy();
  const issued = {} as Record<Role, CreatedInvite>;
  for (const role of ROLES) issued[role] = await invites.issue(id, { role });
  return { id, title, ...settings, invites: issued };
}
