/** Projector-only links (server/routes/projectorLinkRoutes.ts): issue, list, revoke (as an invite). */
import type { NewProjectorLink, ProjectorLink } from '../../shared/projectorLink';
import { apiJson, jsonBody } from './http';

const doc = (docId: string) => `/api/documents/${encodeURIComponent(docId)}`;

export const projectorLinksApi = {
  /** The links that still open, newest first. */
  list: (token: string, docId: string) => apiJson<ProjectorLink[]>(`${doc(docId)}/projector-links`, token),

  create: (token: string, docId: string, request: NewProjectorLink) =>
    apiJson<ProjectorLink>(`${doc(docId)}/projector-link`, token, jsonBody(request)),

  revoke: (token: string, docId: string, linkId: string) =>
    apiJson<unknown>(`${doc(docId)}/invites/${encodeURIComponent(linkId)}`, token, { method: 'DELETE' }),
};
