/**
 * The projector-only link (PROTOCOL.md P2–P4): an invite whose scope is the projector page.
 * It shows the text and the presented paragraph and nothing else: no presence, no edits, no
 * other route. It is an invite like any other, so it expires and is revoked like one.
 * The types of its requests and answers come from their schemas in apiSchemas.ts.
 */
import type { Static } from 'typebox';
import type { NewProjectorLinkSchema, ProjectorLinkSchema } from './apiSchemas.js';

/** What an invite opens: the room as its role allows, or only the projector page. */
export type InviteScope = 'room' | 'projector';

/** POST /api/documents/<docId>/projector-link body. */
export type NewProjectorLink = Static<typeof NewProjectorLinkSchema>;

/** A projector-only link (POST …/projector-link, GET …/projector-links); revoked with DELETE …/invites/<id>. */
export type ProjectorLink = Static<typeof ProjectorLinkSchema>;
