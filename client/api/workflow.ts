/** The chair's workflow endpoints (server/routes/workflowRoutes.ts), one function each. */
import type { BlockStatus } from '../../shared/blocks';
import { apiJson, jsonBody } from './http';
import type {
  ActivityEntry,
  Amendment,
  AmendmentMerge,
  AmendmentStatus,
  BlockAuthors,
  BlockStatusState,
  ClientAuthor,
  Comment,
  Comparison,
  EditStretch,
  NewAmendmentBody,
  NewCommentBody,
  Presenting,
  PresentingChange,
  Revision,
  RevisionBlock,
  StatusSummary,
  SilenceOpen,
  SilenceProcedure,
  TextRef,
  UndoDecision,
} from './workflowTypes';

const doc = (docId: string) => `/api/documents/${encodeURIComponent(docId)}`;
const post = { method: 'POST' } as const;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const workflowApi = {
  /** `reason`: why a paragraph leaves 'agreed' (an unlock), for the record (M9). */
  setStatus: (token: string, docId: string, blockId: string, status: BlockStatus, reason?: string) =>
    apiJson<BlockStatusState>(
      `${doc(docId)}/blocks/${encodeURIComponent(blockId)}/status`,
      token,
      jsonBody(reason === undefined ? { status } : { status, reason }),
    ),

  statusSummary: (token: string, docId: string) => apiJson<StatusSummary>(`${doc(docId)}/status-summary`, token),

  amendments: (token: string, docId: string, filter: { blockId?: string; status?: AmendmentStatus } = {}) =>
    apiJson<Amendment[]>(`${doc(docId)}/amendments${query(filter)}`, token),

  propose: (token: string, docId: string, amendment: NewAmendmentBody) =>
    apiJson<Amendment>(`${doc(docId)}/amendments`, token, jsonBody(amendment)),

  cosponsor: (token: string, docId: string, id: number) => apiJson<Amendment>(`${doc(docId)}/amendments/${id}/cosponsor`, token, post),

  withdrawCosponsor: (token: string, docId: string, id: number) =>
    apiJson<Amendment>(`${doc(docId)}/amendments/${id}/cosponsor`, token, { method: 'DELETE' }),

  /** With `confirmText`, the paragraph's text as the moderator saw it: accepts over changes made since the proposal (M7). */
  accept: (token: string, docId: string, id: number, confirmText?: string) =>
    apiJson<Amendment>(`${doc(docId)}/amendments/${id}/accept`, token, confirmText === undefined ? post : jsonBody({ confirmText })),

  /** Undoes the last decision on a paragraph, the one the moderator saw (M10). */
  undo: (token: string, docId: string, blockId: string, request: UndoDecision) =>
    apiJson<{ undone: number }>(`${doc(docId)}/blocks/${encodeURIComponent(blockId)}/undo`, token, jsonBody(request)),

  /** With the reason for the record (M9). */
  reject: (token: string, docId: string, id: number, reason: string) =>
    apiJson<Amendment>(`${doc(docId)}/amendments/${id}/reject`, token, jsonBody({ reason })),

  merge: (token: string, docId: string, ids: [number, number], text?: string) =>
    apiJson<Amendment>(
      `${doc(docId)}/amendments/merge`,
      token,
      jsonBody((text === undefined ? { ids } : { ids, text }) satisfies AmendmentMerge),
    ),

  comments: (token: string, docId: string, blockId?: string) => apiJson<Comment[]>(`${doc(docId)}/comments${query({ blockId })}`, token),

  comment: (token: string, docId: string, input: NewCommentBody) => apiJson<Comment>(`${doc(docId)}/comments`, token, jsonBody(input)),

  resolveComment: (token: string, docId: string, id: number) => apiJson<Comment>(`${doc(docId)}/comments/${id}/resolve`, token, post),

  revisions: (token: string, docId: string) => apiJson<Revision[]>(`${doc(docId)}/revisions`, token),

  saveRevision: (token: string, docId: string, note: string) => apiJson<Revision>(`${doc(docId)}/revisions`, token, jsonBody({ note })),

  revisionBlocks: (token: string, docId: string, n: number) => apiJson<RevisionBlock[]>(`${doc(docId)}/revisions/${n}/blocks`, token),

  /** `authors`: with who wrote each character of the `to` side (U1). */
  compare: (token: string, docId: string, from: TextRef, to: TextRef, authors = false) =>
    apiJson<Comparison>(`${doc(docId)}/compare${query(authors ? { from, to, authors: 'true' } : { from, to })}`, token),

  restore: (token: string, docId: string, n: number) => apiJson<Revision>(`${doc(docId)}/revisions/${n}/restore`, token, post),

  /** Whose each client id of the room is (U1). */
  /** `marksFrom`: only the time marks made from then on (U2), for a page that holds the older ones. */
  roomAuthors: (token: string, docId: string, marksFrom?: string) =>
    apiJson<ClientAuthor[]>(`${doc(docId)}/authors${query({ marksFrom })}`, token),

  /** Who wrote a paragraph's text as it stands (U1). */
  blockAuthors: (token: string, docId: string, blockId: string) =>
    apiJson<BlockAuthors>(`${doc(docId)}/blocks/${encodeURIComponent(blockId)}/authors`, token),

  silence: (token: string, docId: string) => apiJson<SilenceProcedure[]>(`${doc(docId)}/silence`, token),

  openSilence: (token: string, docId: string, procedure: SilenceOpen) =>
    apiJson<SilenceProcedure>(`${doc(docId)}/silence`, token, jsonBody(procedure)),

  breakSilence: (token: string, docId: string, id: number, reason: string) =>
    apiJson<SilenceProcedure>(`${doc(docId)}/silence/${id}/break`, token, jsonBody({ reason })),

  presenting: (token: string, docId: string) => apiJson<Presenting>(`${doc(docId)}/presenting`, token),

  present: (token: string, docId: string, blockId: string | null) =>
    apiJson<Presenting>(`${doc(docId)}/presenting`, token, jsonBody({ blockId } satisfies PresentingChange)),

  activity: (token: string, docId: string) => apiJson<ActivityEntry[]>(`${doc(docId)}/activity`, token),

  /** Who edited which paragraph when, newest first; one paragraph's with `blockId` (U3). */
  edits: (token: string, docId: string, blockId?: string) => apiJson<EditStretch[]>(`${doc(docId)}/edits${query({ blockId })}`, token),
};
