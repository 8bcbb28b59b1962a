/** The server's HTTP endpoints, one function each (see docs/ARCHITECTURE.md, "Interfaces (version 1)", and README.md for additions). */
import { apiFile, apiJson, jsonBody } from './http';
import type {
  CreatedDocument,
  CreatedInvite,
  CreatedInviteBatch,
  ExportFormat,
  InviteRecord,
  LockEvent,
  LockResult,
  NewDocument,
  NewInvite,
  NewInviteBatch,
  RevokedInvite,
  SessionInfo,
} from './types';
import type { DocumentInfo, RoomSettingsChange } from '../../shared/api';
import type { BlockSummary } from '../../shared/blocks';
import type { TextLanguage } from '../../shared/textLanguages';
import type { ExportVariant } from './workflowTypes';

const doc = (docId: string) => `/api/documents/${encodeURIComponent(docId)}`;

export const api = {
  session: (token: string) => apiJson<SessionInfo>('/api/session', token),

  createDocument: (token: string, title: string, language?: TextLanguage) =>
    apiJson<CreatedDocument>('/api/documents', token, jsonBody({ title, language } satisfies NewDocument)),

  /** A room whose first text is the adviser's draft (Word, Markdown or HTML), sent as multipart/form-data. */
  importDocument: (token: string, title: string, language: TextLanguage, draft: File) => {
    const form = new FormData();
    form.set('title', title);
    form.set('language', language);
    form.set('file', draft);
    return apiJson<CreatedDocument>('/api/documents', token, { method: 'POST', body: form });
  },

  /** The room: title, working language, time zone. */
  document: (token: string, docId: string) => apiJson<DocumentInfo>(doc(docId), token),

  /** The room's working language and time zone (adviser, G1). */
  changeRoomSettings: (token: string, docId: string, change: RoomSettingsChange) =>
    apiJson<DocumentInfo>(doc(docId), token, { ...jsonBody(change), method: 'PATCH' }),

  createInvite: (token: string, docId: string, invite: NewInvite) =>
    apiJson<CreatedInvite>(`${doc(docId)}/invites`, token, jsonBody(invite)),

  /** One invite per line of a pasted list of delegations (N3). */
  createInviteBatch: (token: string, docId: string, batch: NewInviteBatch) =>
    apiJson<CreatedInviteBatch>(`${doc(docId)}/invites/batch`, token, jsonBody(batch)),

  /** An existing invite's link, signed again (N3). */
  inviteLink: (token: string, docId: string, inviteId: string) =>
    apiJson<CreatedInvite>(`${doc(docId)}/invites/${encodeURIComponent(inviteId)}/link`, token),

  listInvites: (token: string, docId: string) => apiJson<InviteRecord[]>(`${doc(docId)}/invites`, token),

  revokeInvite: (token: string, docId: string, inviteId: string) =>
    apiJson<RevokedInvite>(`${doc(docId)}/invites/${encodeURIComponent(inviteId)}`, token, { method: 'DELETE' }),

  blocks: (token: string, docId: string) => apiJson<BlockSummary[]>(`${doc(docId)}/blocks`, token),

  lock: (token: string, docId: string, blockId: string) =>
    apiJson<LockResult>(`${doc(docId)}/blocks/${encodeURIComponent(blockId)}/lock`, token, { method: 'POST' }),

  /** With the reason for the record (M9). */
  unlock: (token: string, docId: string, blockId: string, reason: string) =>
    apiJson<LockResult>(`${doc(docId)}/blocks/${encodeURIComponent(blockId)}/unlock`, token, jsonBody({ reason })),

  lockHistory: (token: string, docId: string) => apiJson<LockEvent[]>(`${doc(docId)}/locks`, token),

  exportFile: (token: string, docId: string, format: ExportFormat, variant: ExportVariant = 'clean') =>
    apiFile(`${doc(docId)}/export?format=${format}&variant=${variant}`, token),
};
