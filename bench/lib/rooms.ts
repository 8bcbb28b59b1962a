/**
 * A room on one of the servers, and how each simulated person gets in. Draftroom: a
 * document made with POST /api/documents (admin token) and one named expert invite per
 * person (an invite admits at most 8 connections). References: a fresh document name.
 */
import { randomUUID } from 'node:crypto';
import { ADMIN_TOKEN, type RunningServer } from './servers.js';

export interface Room {
  server: RunningServer;
  /** Document id (Draftroom) or name (references). */
  name: string;
  /** Token of the adviser invite (Draftroom; may lock blocks). */
  adviserToken?: string;
  /** One token per person index (Draftroom); connections reuse them round robin. */
  tokens: string[];
  /** Paragraphs locked so far, and the moderator invite locking them now (lockBlock). */
  locks: number;
  lockToken?: string;
}

/** A person may make 120 writes at once, then 60 a minute (PROTOCOL.md H1): locking hundreds of paragraphs is many moderators' work. */
const LOCKS_PER_MODERATOR = 100;

export async function createRoom(server: RunningServer, people: number, title = 'Bench room'): Promise<Room> {
  if (server.kind !== 'draftroom') return { server, name: `bench-${randomUUID()}`, tokens: [], locks: 0 };
  const created = (await api(server, 'POST', '/api/documents', ADMIN_TOKEN, { title })) as {
    id: string;
    invites: Record<string, { token: string }>;
  };
  const tokens: string[] = [];
  // Bounded: one invite per simulated person, issued a few at a time.
  for (let start = 0; start < people; start += 16) {
    const batch = [];
    for (let i = start; i < Math.min(people, start + 16); i++) {
      batch.push(api(server, 'POST', `/api/documents/${created.id}/invites`, ADMIN_TOKEN, { role: 'expert', name: `Delegate ${i + 1}` }));
    }
    for (const invite of (await Promise.all(batch)) as Array<{ token: string }>) tokens.push(invite.token);
  }
  return { server, name: created.id, adviserToken: created.invites.adviser!.token, tokens, locks: 0 };
}

/** Token for person `index` (Draftroom), undefined for the references. */
export function tokenFor(room: Room, index: number): string | undefined {
  return room.tokens.length === 0 ? undefined : room.tokens[index % room.tokens.length];
}

export async function lockBlock(room: Room, blockId: string): Promise<void> {
  if (room.locks % LOCKS_PER_MODERATOR === 0) {
    const name = `Moderator ${room.locks / LOCKS_PER_MODERATOR + 1}`;
    room.lockToken = (
      (await api(room.server, 'POST', `/api/documents/${room.name}/invites`, ADMIN_TOKEN, { role: 'moderator', name })) as { token: string }
    ).token;
  }
  await api(room.server, 'POST', `/api/documents/${room.name}/blocks/${blockId}/lock`, room.lockToken!, {});
  room.locks++;
}

export async function api(server: RunningServer, method: string, path: string, token: string, body?: unknown): Promise<unknown> {
  const response = await fetch(server.httpUrl + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
}
