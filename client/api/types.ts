/**
 * Shapes of the server's HTTP answers for rooms, invites, sessions and locks, under the names
 * the client uses. They are defined once, in shared/api.ts, for the server and the client.
 */
export type {
  CreatedDocument,
  CreatedInvite,
  CreatedInviteBatch,
  InviteInfo as InviteRecord,
  LockEvent,
  LockState as LockResult,
  NewDocument,
  NewInvite,
  NewInviteBatch,
  RevokedInvite,
  SessionInfo,
} from '../../shared/api';
export { EXPORT_FORMATS, type ExportFormat } from '../../shared/api';
