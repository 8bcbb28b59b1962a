/**
 * Row shapes of the store, as the rest of the server sees them. Each is the HTTP API's shape
 * (shared/api.ts) plus the room's id.
 */
import type { ActivityEntry, DocumentInfo, InviteInfo, LockEvent } from '../../shared/api.js';

export interface DocumentRecord extends Omit<DocumentInfo, 'timeZone' | 'editMode'> {
  /** Null for a room made before rooms had a zone: the server's default zone applies (rooms/roomSettings.ts). */
  timeZone: string | null;
  /** As stored: read through rooms/roomSettings.ts, which takes anything but a known mode as open. */
  editMode: string;
}

/** A room as created: without a language it works in English, without a zone in the server's default. */
export type NewDocumentRecord = Pick<DocumentRecord, 'id' | 'title' | 'createdAt'> & Partial<Pick<DocumentRecord, 'language' | 'timeZone'>>;

export interface InviteRecord extends InviteInfo {
  docId: string;
}

export interface LockEventRecord extends LockEvent {
  docId: string;
}

export interface ActivityRecord extends Omit<ActivityEntry, 'detail'> {
  docId: string;
  /** JSON text with kind-specific details (parsed for the API). */
  detail: string | null;
}

/** Who wrote under a Yjs client id in a room (U1): the person of an invite, or the server itself (inviteId null). */
/** From `clock` on, client id `clientId` wrote at `at` (to the minute, U2). */
export interface ClockTimeRecord {
  clientId: number;
  clock: number;
  at: string;
}

/** A clock mark as written: with its room. */
export interface RoomClockTimeRecord extends ClockTimeRecord {
  docId: string;
}

/** A person's stretch of editing of one paragraph (U3). */
export interface EditStretchRecord {
  id: number;
  docId: string;
  blockId: string;
  inviteId: string | null;
  name: string;
  delegation: string;
  firstAt: string;
  lastAt: string;
  /** Changes (the person's transactions) in the stretch. */
  changes: number;
}

/** A stretch's latest change, and how many changes it gained since it was last written. */
export interface EditStretchExtension {
  id: number;
  lastAt: string;
  changes: number;
}

export interface ClientAuthorRecord {
  docId: string;
  clientId: number;
  inviteId: string | null;
  name: string;
  delegation: string;
  firstAt: string;
}
