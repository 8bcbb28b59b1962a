/**
 * Row shapes of the store, as the rest of the server sees them. Each is the HTTP API's shape
 * (shared/api.ts) plus the room's id.
 */
import type { ActivityEntry, DocumentInfo, InviteInfo, LockEvent } from '../../shared/api.js';

export type DocumentRecord = DocumentInfo;

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
