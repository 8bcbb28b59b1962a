/** The demo room: created on the first start, its four role links printed at every start. */
import { ROLES, type Role } from '../../shared/roles.js';
import type { ServerContext } from '../context.js';
import { createRoom } from './createRoom.js';
import { DEMO_DRAFT, DEMO_ROOM_ID, DEMO_ROOM_TITLE } from './demoDraft.js';

export interface DemoRoom {
  id: string;
  title: string;
  links: Partial<Record<Role, string>>;
}

export async function ensureDemoRoom(ctx: ServerContext): Promise<DemoRoom> {
  if (ctx.store.getDocument(DEMO_ROOM_ID) === null) {
    // The demo draft is written in English.
    await createRoom(ctx.store, ctx.invites, DEMO_ROOM_TITLE, DEMO_DRAFT, DEMO_ROOM_ID, { language: 'en', timeZone: ctx.defaultTimeZone });
  }
  // The role links' tokens are not stored; sign fresh ones for the same (unrevoked) invites.
  const links: Partial<Record<Role, string>> = {};
  for (const invite of ctx.store.listInvites(DEMO_ROOM_ID)) {
    if (invite.revokedAt !== null || invite.name !== null || invite.expiresAt !== null || links[invite.role]) continue;
    links[invite.role] = await ctx.invites.link(invite);
  }
  for (const role of ROLES) if (!links[role]) links[role] = (await ctx.invites.issue(DEMO_ROOM_ID, { role })).url;
  return { id: DEMO_ROOM_ID, title: DEMO_ROOM_TITLE, links };
}
