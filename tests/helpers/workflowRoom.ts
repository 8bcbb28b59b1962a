/**
 * A room for workflow tests: HTTP calls on named invites (N2: only an invite that names a
 * delegation acts for it), stock clients that collect the room events they receive, and the
 * text written through a stock client, as the editor would write it.
 */
import type * as Y from 'yjs';
import type { CreatedDocument } from '../../shared/api.js';
import type { RoomEvent } from '../../shared/protocol.js';
import type { Role } from '../../shared/roles.js';
import { api, blocks, createRoom } from './api.js';
import { collectNotices } from './notices.js';
import { waitFor } from './waitFor.js';
import { connect, newParagraph, synced, textIn, type TestClient } from './yClient.js';

export interface Person {
  name: string;
  delegation: string;
}

export interface Answer {
  status: number;
  json: any;
  ms: number;
}

export interface WorkflowRoom {
  room: CreatedDocument;
  /** An HTTP call under /api/documents/<room> as `who` in `role`, timed from sending to the whole answer read. */
  call(role: Role, who: Person, method: string, path: string, body?: unknown): Promise<Answer>;
  /** A stock client in the room as `role`, synced, and the room events it has received so far. */
  join(role: Role): Promise<{ client: TestClient; events(): RoomEvent[] }>;
  /** Writes `texts` as the room's paragraphs; returns their block ids once the server holds them. */
  seed(texts: string[]): Promise<string[]>;
  destroy(): void;
}

/** A room on `server` (in this process or its own: only its addresses are used): `existing`, or a new one. */
export async function workflowRoom(server: { url: string; wsUrl: string }, existing?: CreatedDocument): Promise<WorkflowRoom> {
  const room = existing ?? (await createRoom(server.url, 'Draft conclusions'));
  const tokens = new Map<string, string>();
  const clients: TestClient[] = [];

  const tokenFor = async (role: Role, who: Person): Promise<string> => {
    const key = `${role}|${who.name}|${who.delegation}`;
    let token = tokens.get(key);
    if (token === undefined) {
      const created = await api(server.url, 'POST', `/api/documents/${room.id}/invites`, room.invites.adviser.token, {
        role,
        name: who.name,
        delegation: who.delegation,
      });
      if (created.status !== 201) throw new Error(`named invite for ${who.name}: ${created.status} ${created.text}`);
      token = created.json.token as string;
      tokens.set(key, token);
    }
    return token;
  };

  const call = async (role: Role, who: Person, method: string, path: string, body?: unknown): Promise<Answer> => {
    const headers: Record<string, string> = { authorization: `Bearer ${await tokenFor(role, who)}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const response = await fetch(`${server.url}/api/documents/${room.id}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, json, ms };
  };

  const join = async (role: Role) => {
    const client = connect(server.wsUrl, room.id, room.invites[role].token, { name: `${role} client` });
    clients.push(client);
    const notices = collectNotices(client);
    await synced(client);
    return { client, events: () => notices.flatMap((n) => (n.type === 'room-event' ? [n.event] : [])) };
  };

  const seed = async (texts: string[]): Promise<string[]> => {
    const { client: writer } = await join('expert');
    writer.doc.transact(() => {
      textIn(writer.fragment.get(0) as Y.XmlElement).insert(0, texts[0]!);
      writer.fragment.insert(
        1,
        texts.slice(1).map((text) => newParagraph(text)),
      );
    });
    const expected = texts.join('|');
    const held = await waitFor(
      async () => {
        const now = await blocks(server.url, room.id, room.invites.observer.token);
        return now.map((b) => b.text).join('|') === expected ? now : null;
      },
      'the seeded text to reach the server',
      20_000,
    );
    return held!.map((b) => b.id);
  };

  return {
    room,
    call,
    join,
    seed,
    destroy: () => {
      for (const client of clients) client.destroy();
    },
  };
}
