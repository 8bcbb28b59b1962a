/**
 * The kinds of room events: what the activity log records and every client in the room
 * receives (`RoomEvent` in protocol.ts). One list, so the server cannot report a kind the
 * clients do not know, and a client's switch over kinds is checked to cover them all.
 */
import { assertNever } from './assertNever.js';

export const ROOM_EVENT_KINDS = [
  'lock',
  'unlock',
  'status',
  'presenting',
  'amendment-proposed',
  'amendment-cosponsored',
  'amendment-cosponsor-withdrawn',
  'amendment-accepted',
  'amendment-rejected',
  'amendment-merged',
  'decision-undone',
  'silence-opened',
  'silence-broken',
  'silence-ended',
  'comment-added',
  'comment-resolved',
  'revision-saved',
  'revision-restored',
  'invite-issued',
  'invites-issued',
  'invite-revoked',
  'room-created',
  'room-settings',
  'export',
] as const;
export type RoomEventKind = (typeof ROOM_EVENT_KINDS)[number];

const KNOWN: ReadonlySet<string> = new Set(ROOM_EVENT_KINDS);

/** True for a kind this code knows; an activity log written by a newer server may hold others. */
export function isRoomEventKind(value: unknown): value is RoomEventKind {
  return typeof value === 'string' && KNOWN.has(value);
}

/** What an event is about: the record or state it changed. */
export type RoomEventSubject =
  | 'lock'
  | 'status'
  | 'projector'
  | 'amendment'
  | 'comment'
  | 'revision'
  | 'invite'
  | 'room'
  | 'export'
  /** An undone decision (M10): it may change the lock, the status, an amendment and the text at once. */
  | 'decision'
  /** A silence procedure opened, broken or ended (Q1–Q3). */
  | 'silence';

/** The subject of each kind of event. */
export function subjectOf(kind: RoomEventKind): RoomEventSubject {
  switch (kind) {
    case 'lock':
    case 'unlock':
      return 'lock';
    case 'status':
      return 'status';
    case 'presenting':
      return 'projector';
    case 'amendment-proposed':
    case 'amendment-cosponsored':
    case 'amendment-cosponsor-withdrawn':
    case 'amendment-accepted':
    case 'amendment-rejected':
    case 'amendment-merged':
      return 'amendment';
    case 'decision-undone':
      return 'decision';
    case 'silence-opened':
    case 'silence-broken':
    case 'silence-ended':
      return 'silence';
    case 'comment-added':
    case 'comment-resolved':
      return 'comment';
    case 'revision-saved':
    case 'revision-restored':
      return 'revision';
    case 'invite-issued':
    case 'invites-issued':
    case 'invite-revoked':
      return 'invite';
    case 'room-created':
    case 'room-settings':
      return 'room';
    case 'export':
      return 'export';
    default:
      return assertNever(kind, 'room event kind');
  }
}

/** Who a page is, to tell its own room events from others'. */
export interface EventSelf {
  inviteId: string;
  name: string;
}

/**
 * True when the page `self` made the event: the invite it acted under and the name together,
 * since a role link is shared by many people, and two people may share a name.
 */
export function isOwnEvent(event: { by: string; byInviteId?: string }, self: EventSelf): boolean {
  return event.byInviteId === self.inviteId && event.by === self.name;
}
