/**
 * The projector-only link (PROTOCOL.md P2–P4): an invite whose scope is the projector page.
 * It shows the text and the presented paragraph and nothing else: no presence, no edits, no
 * other route. It is an invite like any other, so it expires and is revoked like one.
 */

/** What an invite opens: the room as its role allows, or only the projector page. */
export type InviteScope = 'room' | 'projector';

/** POST /api/documents/<docId>/projector-link body. */
export interface NewProjectorLink {
  expiresInSeconds?: number;
}

/** A projector-only link (POST …/projector-link, GET …/projector-links); revoked with DELETE …/invites/<id>. */
export interface ProjectorLink {
  id: string;
  /** `<PUBLIC_URL>/d/<docId>/projector#token=…` */
  url: string;
  token: string;
  createdAt: string;
  expiresAt: string | null;
}
