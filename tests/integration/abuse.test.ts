/**
 * Abuse limits that never lock a meeting out (issue 3): a whole venue behind one address
 * joins; a flooding connection, a token opening too many sockets and a page of another site
 * are refused with clear reasons; HTTP answers carry security headers; and no log line holds
 * a token or a word of the document.
 *
 * Rules cited are those of shared/PROTOCOL.md: W4 (limits), A1 (admission, Origin).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ADMIN_TOKEN } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { blockById, blockTexts, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { captureLines } from '../helpers/customServer.js';
import { forgeWithOtherKey } from '../helpers/tokens.js';
import { awarenessFrame, closeOf, handmadeAwarenessUpdate, type RawOptions, type RawSocket } from '../helpers/rawSocket.js';
import {
  MAX_AWARENESS_PER_WINDOW,
  MAX_CONNECTIONS_PER_ROLE_LINK,
  MAX_CONNECTIONS_PER_TOKEN,
  MAX_MESSAGES_PER_WINDOW,
} from '../../shared/limits.js';
import type { CreatedInvite } from '../../shared/api.js';
import { closeWords } from '../../shared/closeWords.js';
import { CloseCode, MessageType } from '../../shared/protocol.js';
import { english } from '../../server/englishWords.js';

let room: TestRoom;

beforeEach(async () => {
  room = await openTestRoom({ title: 'Closing session' });
});

function raw(options: RawOptions): RawSocket {
  return room.raw(options);
}

async function namedInvite(name: string): Promise<CreatedInvite> {
  return room.invite({ role: 'expert', name, delegation: 'Venue' });
}

describe('[W4] a whole venue behind one address', () => {
  const PEOPLE = 150;

  /** Connects one stock provider per token over about three seconds; all must sync within a minute. */
  async function venueJoins(tokens: string[]): Promise<void> {
    const started = Date.now();
    const people: TestClient[] = [];
    for (const [i, token] of tokens.entries()) {
      const person = room.connect(token, { name: `Delegate ${i + 1}`, delegation: 'Venue' });
      people.push(person);
      await new Promise((resolve) => setTimeout(resolve, 20)); // people arrive over a few seconds, not in one instant
    }
    // A refused person (4429 and the like) never retries, so stop waiting at the first refusal.
    await waitFor(
      () => people.every((p) => p.provider.synced) || people.some((p) => p.closes.length > 0),
      `all ${tokens.length} people to sync`,
      60_000,
      50,
    );
    expect(people.flatMap((p) => p.closes)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(60_000);
    // And the room works for all of them: the chair's sentence reaches every laptop.
    const chair = people[0]!;
    textIn(chair.fragment.get(0) as Y.XmlElement).insert(0, 'The meeting adopted the conclusions.');
    await waitFor(
      () => people.every((p) => blockTexts(p.fragment)[0] === 'The meeting adopted the conclusions.'),
      'the sentence to reach everyone',
      30_000,
      50,
    );
    for (const person of people) person.destroy();
    await waitFor(() => room.server.ctx.rooms.peek(room.id)?.connections.size === 0, 'everyone to have left', 10_000);
  }

  it(`[W4] ${PEOPLE} people with their own named invites, all from 127.0.0.1, join within a minute and sync`, {
    timeout: 120_000,
  }, async () => {
    const tokens: string[] = [];
    for (let i = 0; i < PEOPLE; i++) tokens.push((await namedInvite(`Delegate ${i + 1}`)).token);
    await venueJoins(tokens);
  });

  it(`[W4] ${PEOPLE} people sharing the expert role link, all from 127.0.0.1, join within a minute and sync`, {
    timeout: 120_000,
  }, async () => {
    await venueJoins(new Array<string>(PEOPLE).fill(room.invites.expert.token));
  });
});

describe('[W4] per-connection and per-token limits', () => {
  it(`[W4] a role link holds at most ${MAX_CONNECTIONS_PER_ROLE_LINK} sockets (a room, not a person); the next is refused with 4429`, {
    timeout: 60_000,
  }, async () => {
    const sockets: RawSocket[] = [];
    for (let i = 0; i < MAX_CONNECTIONS_PER_ROLE_LINK; i++) sockets.push(raw({ token: room.invites.observer.token }));
    await waitFor(() => sockets.every((s) => s.messages.length > 0), 'every socket of the role link to be served', 30_000, 50);
    const oneTooMany = raw({ token: room.invites.observer.token });
    const closed = await closeOf(oneTooMany);
    expect(closed.code).toBe(CloseCode.rateLimited);
    expect(oneTooMany.messages).toEqual([]);
    expect(sockets.every((s) => s.close === undefined)).toBe(true);
  });

  it(`[W4] a connection sending more than ${MAX_MESSAGES_PER_WINDOW} messages in a window is closed with 4429 and told why`, async () => {
    const flooder = raw({ token: room.invites.expert.token });
    await flooder.opened;
    for (let i = 0; i < MAX_MESSAGES_PER_WINDOW; i++) flooder.send(new Uint8Array([MessageType.queryAwareness]));
    // One reply per query (plus the server's sync step 1): every message up to the limit was served.
    await waitFor(() => flooder.messages.length === MAX_MESSAGES_PER_WINDOW + 1, 'a reply to each message');
    expect(flooder.close).toBeUndefined();
    flooder.send(new Uint8Array([MessageType.queryAwareness]));
    const closed = await closeOf(flooder);
    expect(closed.code).toBe(CloseCode.rateLimited);
    expect(closed.reason).toMatch(/^E_RATE_LIMITED: .*(slow down|too many)/);
    expect(english(closeWords(closed.code, closed.reason))).toMatch(/Too many messages/);
  });

  it(`[W4] a connection sending more than ${MAX_AWARENESS_PER_WINDOW} presence updates in a window is closed with 4429`, async () => {
    const flooder = room.rawYClient({ token: room.invites.expert.token });
    await waitFor(() => flooder.synced, 'sync');
    const me = flooder.doc.clientID;
    // The sync exchange already counted two messages; none of them presence.
    for (let i = 1; i <= MAX_AWARENESS_PER_WINDOW; i++)
      flooder.send(awarenessFrame(handmadeAwarenessUpdate([{ clientId: me, clock: i, state: { cursor: i } }])));
    flooder.send(new Uint8Array([MessageType.queryAwareness]));
    const before = flooder.messages.length;
    await waitFor(
      () => flooder.messages.length > before && flooder.awareness.getStates().get(me)?.cursor === MAX_AWARENESS_PER_WINDOW,
      'the last allowed update',
    );
    expect(flooder.close).toBeUndefined();
    flooder.send(awarenessFrame(handmadeAwarenessUpdate([{ clientId: me, clock: MAX_AWARENESS_PER_WINDOW + 1, state: { cursor: 0 } }])));
    const closed = await closeOf(flooder);
    expect(closed.code).toBe(CloseCode.rateLimited);
    expect(closed.reason).toMatch(/^E_RATE_LIMITED: /);
  });

  it('[W4] a stock provider echoing a busy room’s presence back is never closed: only its own presence counts', async () => {
    // y-websocket's provider re-sends every presence update it receives. Two colleagues moving
    // their carets more than the presence limit in total make a bystander echo that many frames.
    const [alice, carol, bystander] = ['Alice', 'Carol', 'Bystander'].map((name) =>
      room.connect(room.invites.expert.token, { name, delegation: 'Venue' }),
    );
    await Promise.all([alice, carol, bystander].map((c) => synced(c!)));
    const moves = Math.ceil(MAX_AWARENESS_PER_WINDOW * 0.75);
    for (let i = 1; i <= moves; i++) {
      alice!.provider.awareness.setLocalStateField('cursor', { anchor: i });
      carol!.provider.awareness.setLocalStateField('cursor', { anchor: i });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(
      () => {
        const seen = bystander!.provider.awareness.getStates();
        return seen.get(alice!.doc.clientID)?.cursor?.anchor === moves && seen.get(carol!.doc.clientID)?.cursor?.anchor === moves;
      },
      'the bystander to see both last carets',
      10_000,
    );
    expect(bystander!.closes).toEqual([]);
    expect(alice!.closes).toEqual([]);
    expect(bystander!.provider.wsconnected).toBe(true);
  });

  it(`[W4] a named invite holds at most ${MAX_CONNECTIONS_PER_TOKEN} sockets; the next is refused with 4429 before any data, and a freed slot can be used again`, async () => {
    const invite = await namedInvite('Tabitha Tabs');
    const tabs: RawSocket[] = [];
    for (let i = 0; i < MAX_CONNECTIONS_PER_TOKEN; i++) tabs.push(raw({ token: invite.token }));
    await waitFor(() => tabs.every((tab) => tab.messages.length > 0), 'every allowed tab to be served');
    const oneTooMany = raw({ token: invite.token });
    const closed = await closeOf(oneTooMany);
    expect(closed.code).toBe(CloseCode.rateLimited);
    expect(closed.reason).toMatch(/^E_RATE_LIMITED: .*connections/);
    expect(oneTooMany.messages).toEqual([]);
    expect(tabs.every((tab) => tab.close === undefined)).toBe(true);
    // Other people are not affected by one person's tabs.
    const colleague = raw({ token: room.invites.expert.token });
    await waitFor(() => colleague.messages.length > 0, 'a colleague to be served');
    // Closing a tab frees its slot.
    tabs[0]!.ws.close();
    await waitFor(
      () => room.server.ctx.sessions.countFor(invite.id) === MAX_CONNECTIONS_PER_TOKEN - 1,
      'the server to count the closed tab',
    );
    const again = raw({ token: invite.token });
    await waitFor(() => again.messages.length > 0, 'the freed slot to be usable');
    expect(again.close).toBeUndefined();
  });
});

describe('[A1] the websocket Origin check', () => {
  function served(socket: RawSocket) {
    return waitFor(() => socket.messages.length > 0, 'the socket to be served');
  }

  it.each([
    ['another site', 'https://evil.example'],
    ['the same host on another port', 'http://127.0.0.1:1'],
    ['an opaque origin (sandboxed frame)', 'null'],
  ])('[A1] a page of %s is refused with 4403 and receives nothing', async (_name, origin) => {
    const socket = raw({ token: room.invites.expert.token, headers: { Origin: origin } });
    const closed = await closeOf(socket);
    expect(closed.code).toBe(CloseCode.forbidden);
    expect(closed.reason).toMatch(/^E_FORBIDDEN: .*origin/);
    expect(socket.messages).toEqual([]);
  });

  it('[A1] a page served by this server, and a client that sends no Origin (not a browser), are let in', async () => {
    const sameHost = raw({ token: room.invites.expert.token, headers: { Origin: room.url } });
    const noOrigin = raw({ token: room.invites.expert.token });
    await Promise.all([served(sameHost), served(noOrigin)]);
    expect(sameHost.messages[0]!.data[0]).toBe(MessageType.sync);
    expect(noOrigin.messages[0]!.data[0]).toBe(MessageType.sync);
  });

  it('[A1] origins listed in ALLOWED_ORIGINS are let in, others still refused', async () => {
    const other = await openTestRoom({
      title: 'Allowed origins',
      server: { config: { allowedOrigins: ['https://draftroom.example.org'] } },
    });
    const listed = other.raw({ token: other.invites.expert.token, headers: { Origin: 'https://draftroom.example.org' } });
    const unlisted = other.raw({ token: other.invites.expert.token, headers: { Origin: 'https://evil.example' } });
    await served(listed);
    expect((await closeOf(unlisted)).code).toBe(CloseCode.forbidden);
  });
});

describe('security headers', () => {
  it('HTTP answers carry helmet’s headers: success, error and download alike', async () => {
    const responses = await Promise.all([
      fetch(`${room.url}/healthz`),
      fetch(`${room.url}/api/session`),
      fetch(`${room.url}/api/nowhere`),
      fetch(`${room.url}/api/documents/${room.id}/export?format=md`, {
        headers: { authorization: `Bearer ${room.invites.observer.token}` },
      }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 200]);
    for (const response of responses) {
      const h = response.headers;
      expect(h.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(h.get('content-security-policy')).toMatch(/frame-ancestors 'self'/);
      expect(h.get('content-security-policy')).toMatch(/object-src 'none'/);
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(h.get('referrer-policy')).toBe('no-referrer');
      // Served over plain HTTP (PUBLIC_URL http): no HSTS and no upgrade-insecure-requests (W5).
      expect(h.get('strict-transport-security')).toBeNull();
      expect(h.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
      expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(h.get('x-powered-by')).toBeNull();
      await response.arrayBuffer();
    }
  });
});

describe('logs', () => {
  it('no log line holds a token or a word of the document, even at debug level with the server’s own logger', {
    timeout: 60_000,
  }, async () => {
    const { stream, lines } = captureLines();
    const secrets: string[] = [ADMIN_TOKEN];
    const words = ['Zanzibar-Quokka-Treaty', 'Observer-Graffiti-Nebula', 'Locked-Paragraph-Vandal'];
    const logged = await openTestRoom({ title: 'Logged room', server: { logger: { level: 'debug', stream } } });
    secrets.push(...Object.values(logged.invites).map((i) => i.token));
    const forged = await forgeWithOtherKey(logged.invites.adviser.token);
    secrets.push(forged);
    const named = (
      await api(logged.url, 'POST', `/api/documents/${logged.id}/invites`, logged.invites.adviser.token, {
        role: 'expert',
        name: 'Logan Logs',
      })
    ).json;
    secrets.push(named.token);

    // HTTP with tokens where they belong, and where they do not (a query string), and refused ones.
    await api(logged.url, 'GET', '/api/session', logged.invites.adviser.token);
    await api(logged.url, 'GET', `/api/documents/${logged.id}/blocks?token=${logged.invites.expert.token}`, logged.invites.expert.token);
    await api(logged.url, 'GET', `/api/nowhere?token=${logged.invites.moderator.token}`);
    await api(logged.url, 'GET', `/api/documents/${logged.id}/blocks`, forged);
    await api(logged.url, 'GET', '/metrics', ADMIN_TOKEN);

    // Websocket sessions: an expert writes, an observer tries to, a locked paragraph is attacked.
    const expert = logged.connect(named.token, { name: 'Logan Logs' });
    const observer = logged.connect(logged.invites.observer.token, { name: 'Olive Observer' });
    await Promise.all([synced(expert), synced(observer)]);
    expert.provider.awareness.setLocalStateField('user', { name: 'Logan', note: words[0] });
    textIn(expert.fragment.get(0) as Y.XmlElement).insert(0, `${words[0]} is the agreed text.`);
    await waitFor(async () => (await blocks(logged.url, logged.id, ADMIN_TOKEN))[0]!.text.startsWith(words[0]!), 'the text to land');
    observer.fragment.insert(1, [newParagraph(words[1]!)]);
    const [first] = await blocks(logged.url, logged.id, ADMIN_TOKEN);
    await api(logged.url, 'POST', `/api/documents/${logged.id}/blocks/${first!.id}/lock`, logged.invites.moderator.token);
    await waitFor(() => blockById(expert.fragment, first!.id)?.getAttribute('locked') === 'true', 'the lock to arrive');
    textIn(blockById(expert.fragment, first!.id)!).insert(0, words[2]!);
    await waitFor(() => !blockTexts(expert.fragment).join().includes(words[2]!), 'the refused edit to be undone');
    await api(logged.url, 'GET', `/api/documents/${logged.id}/export?format=md`, logged.invites.observer.token);

    // Refused and broken sockets, then a revocation that ends a session.
    for (const token of [forged, 'garbage', undefined]) {
      const refused = logged.raw({ token });
      await closeOf(refused);
    }
    const broken = logged.raw({ token: logged.invites.expert.token });
    await broken.opened;
    broken.send(new Uint8Array([0, 2, 3, 1, 2]));
    await closeOf(broken);
    await api(logged.url, 'DELETE', `/api/documents/${logged.id}/invites/${named.id}`, ADMIN_TOKEN);
    await waitFor(() => expert.closes.length > 0, 'the revoked session to end');
    // Its clients closed and the server stopped before the lines are read: closing is logged too.
    await logged.close();

    // The capture really saw the traffic, websocket upgrades included.
    expect(lines.some((line) => line.includes('/collab/'))).toBe(true);
    expect(lines.some((line) => line.includes('closing connection'))).toBe(true);
    const leaks = lines.filter((line) => secrets.some((secret) => line.includes(secret)) || words.some((word) => line.includes(word)));
    expect(leaks).toEqual([]);
  });
});
