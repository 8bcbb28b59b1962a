/**
 * The projector-only link from the outside (shared/PROTOCOL.md P2–P4): a raw Yjs client and
 * plain HTTP holding a real projector token, as anyone who photographed the QR code on the
 * hall's screen would. It reads the text and what is presented, and nothing else reaches
 * the room from it: no change, no presence, no other route, no other room.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { ADMIN_TOKEN } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { blockTexts, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { forgeWithOtherKey, tamperClaims, unsigned } from '../helpers/tokens.js';
import {
  awarenessFrame,
  closeOf,
  containsText,
  destroyRaw,
  handmadeAwarenessUpdate,
  updateFrame,
  type RawSocket,
} from '../helpers/rawSocket.js';
import { CloseCode, MessageType, type ServerNotice } from '../../shared/protocol.js';
import { QUIET_KEEPALIVE_MS } from '../../shared/limits.js';
import type { ProjectorLink } from '../../shared/projectorLink.js';
import type { CreatedDocument } from '../../shared/api.js';

/** How many times each attack is tried: a refusal must hold however often it is repeated. */
const ATTEMPTS = 5;

let room: TestRoom;
let otherRoom: CreatedDocument;

async function issueLink(token = room.invites.adviser.token, body: Record<string, unknown> = {}, docId = room.id): Promise<ProjectorLink> {
  const response = await api(room.url, 'POST', `/api/documents/${docId}/projector-link`, token, body);
  if (response.status !== 201) throw new Error(`projector link: ${response.status} ${response.text}`);
  return response.json as ProjectorLink;
}

function join(token: string, params: Record<string, string> = {}): TestClient {
  return room.connect(token, params);
}

function projector(token: string, docId = room.id) {
  return room.rawYClient({ token }, docId);
}

beforeAll(async () => {
  room = await openTestRoom({ title: 'Projector room' });
  return room.close;
});
beforeAll(async () => {
  otherRoom = await room.another('Another room');
  const writer = room.connect(room.invites.expert.token);
  await synced(writer);
  writer.doc.transact(() => {
    textIn(writer.fragment.get(0) as Y.XmlElement).insert(0, 'First paragraph.');
    writer.fragment.insert(1, [newParagraph('Second paragraph.')]);
  });
  await waitFor(async () => (await blocks(room.url, room.id, ADMIN_TOKEN)).length === 2, 'the text to reach the server');
  writer.destroy();
});

describe('issuing projector links', () => {
  it('[P2] the adviser and the admin issue a link to the projector page; it is listed, signed again, and is an invite of its own scope', async () => {
    const byAdviser = await issueLink();
    const byAdmin = await issueLink(ADMIN_TOKEN, { expiresInSeconds: 3600 });
    expect(byAdviser.url).toBe(`${room.url}/d/${room.id}/projector#token=${byAdviser.token}`);
    expect(byAdmin.expiresAt).not.toBeNull();
    const listed = await api(room.url, 'GET', `/api/documents/${room.id}/projector-links`, room.invites.adviser.token);
    expect(listed.status).toBe(200);
    expect((listed.json as ProjectorLink[]).map((link) => link.id)).toEqual([byAdmin.id, byAdviser.id]);
    const invites = (await api(room.url, 'GET', `/api/documents/${room.id}/invites`, ADMIN_TOKEN)).json as Array<{
      id: string;
      scope: string;
      role: string;
    }>;
    expect(invites.find((invite) => invite.id === byAdviser.id)).toMatchObject({ scope: 'projector', role: 'observer' });
    expect(invites.find((invite) => invite.id === room.invites.expert.id)).toMatchObject({ scope: 'room' });
    const copied = await api(room.url, 'GET', `/api/documents/${room.id}/invites/${byAdviser.id}/link`, ADMIN_TOKEN);
    expect(copied.json.url).toMatch(new RegExp(`/d/${room.id}/projector#token=`));
  });

  it('[P2] moderators, experts, observers and projector links cannot issue or list projector links (403)', async () => {
    const link = await issueLink();
    for (const token of [room.invites.moderator.token, room.invites.expert.token, room.invites.observer.token, link.token]) {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        expect((await api(room.url, 'POST', `/api/documents/${room.id}/projector-link`, token, {})).status).toBe(403);
        expect((await api(room.url, 'GET', `/api/documents/${room.id}/projector-links`, token)).status).toBe(403);
      }
    }
    expect((await api(room.url, 'POST', `/api/documents/${room.id}/projector-link`, undefined, {})).status).toBe(401);
  });
});

describe('what a projector token can do over HTTP', () => {
  it('[P4] it reads who it is and what is presented, and every other route refuses it (403), however often it tries', async () => {
    const link = await issueLink();
    const blockId = (await blocks(room.url, room.id, ADMIN_TOKEN))[0]!.id;
    expect((await api(room.url, 'POST', `/api/documents/${room.id}/presenting`, room.invites.adviser.token, { blockId })).status).toBe(200);
    const presenting = await api(room.url, 'GET', `/api/documents/${room.id}/presenting`, link.token);
    expect(presenting.status).toBe(200);
    expect(presenting.json.blockId).toBe(blockId);
    const session = await api(room.url, 'GET', '/api/session', link.token);
    expect(session.status).toBe(200);
    expect(session.json).toMatchObject({ docId: room.id, role: 'observer' });

    const doc = `/api/documents/${room.id}`;
    const refused: Array<[string, string, unknown?]> = [
      ['POST', `${doc}/presenting`, { blockId: null }],
      ['POST', `${doc}/blocks/${blockId}/lock`],
      ['POST', `${doc}/blocks/${blockId}/unlock`],
      ['POST', `${doc}/blocks/${blockId}/status`, { status: 'agreed' }],
      ['POST', `${doc}/invites`, { role: 'adviser' }],
      ['GET', `${doc}/invites`],
      ['DELETE', `${doc}/invites/${room.invites.expert.id}`],
      ['POST', `${doc}/amendments`, { blockId, kind: 'replace', text: 'Projector wording.' }],
      ['GET', `${doc}/amendments`],
      ['POST', `${doc}/comments`, { blockId, text: 'From the projector.' }],
      ['GET', `${doc}/comments`],
      ['GET', `${doc}/activity`],
      ['GET', `${doc}/blocks`],
      ['GET', `${doc}/locks`],
      ['GET', `${doc}/revisions`],
      ['POST', `${doc}/revisions`, { note: 'From the projector' }],
      ['GET', `${doc}/export?format=md`],
      ['GET', doc],
    ];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      for (const [method, path, body] of refused) {
        const response = await api(room.url, method, path, link.token, body);
        expect(`${method} ${path} → ${response.status}`).toBe(`${method} ${path} → 403`);
      }
    }
    expect((await blocks(room.url, room.id, ADMIN_TOKEN)).some((block) => block.locked)).toBe(false);
    expect(
      (await api(room.url, 'GET', `${doc}/invites`, ADMIN_TOKEN)).json.every(
        (invite: { revokedAt: string | null; id: string }) => invite.revokedAt === null || invite.id !== room.invites.expert.id,
      ),
    ).toBe(true);
  });

  it('[P4] a projector token does not open another room, over HTTP or the socket', async () => {
    const link = await issueLink();
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      expect((await api(room.url, 'GET', `/api/documents/${otherRoom.id}/presenting`, link.token)).status).toBe(403);
      const socket = room.raw({ token: link.token }, otherRoom.id);
      expect((await closeOf(socket)).code).toBe(CloseCode.forbidden);
      expect(socket.messages).toEqual([]);
    }
  });
});

describe('a projector on the socket', () => {
  it('[P3] it receives the text, and its document updates are refused: nothing reaches others, the store or a late joiner', async () => {
    const link = await issueLink();
    const bystander = join(room.invites.expert.token);
    await synced(bystander);
    const before = blockTexts(bystander.fragment);
    const screen = projector(link.token);
    await waitFor(() => screen.synced, 'the projector to sync');
    expect(blockTexts(screen.fragment)).toEqual(before);

    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const marker = `PROJECTOR-WRITE-${attempt}-b7e1`;
      const answered = screen.messages.length;
      screen.doc.transact(() => {
        textIn(screen.fragment.get(0) as Y.XmlElement).insert(0, `${marker} `);
        screen.fragment.insert(1, [newParagraph(`${marker} paragraph.`)]);
      });
      await waitFor(
        () => screen.messages.length > answered && blockTexts(screen.fragment).join('|') === before.join('|'),
        'the projector to be sent the way back',
      );
      expect(screen.close).toBeUndefined();
    }
    // A change sent under a fresh client id, by hand, is refused the same way.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(screen.doc));
    const stateBefore = Y.encodeStateVector(forged);
    textIn(forged.getXmlFragment('default').get(0) as Y.XmlElement).insert(0, 'PROJECTOR-FORGED-77aa ');
    screen.send(updateFrame(Y.encodeStateAsUpdate(forged, stateBefore)));

    // Something the room does accept, sent after: once it arrives, anything earlier would have.
    textIn(bystander.fragment.get(1) as Y.XmlElement).insert(0, 'Expert. ');
    const late = join(room.invites.observer.token);
    await synced(late);
    await waitFor(() => blockTexts(late.fragment)[1]?.startsWith('Expert. '), 'the expert’s edit to reach a late joiner');
    const rows = room.server.ctx.store.loadDocumentUpdates(room.id).map((update) => ({ data: Buffer.from(update) }));
    expect(rows.filter((row) => row.data.includes('PROJECTOR-'))).toEqual([]);
    expect(blockTexts(bystander.fragment).join('|')).not.toContain('PROJECTOR-');
    expect(blockTexts(late.fragment).join('|')).not.toContain('PROJECTOR-');
    expect((await blocks(room.url, room.id, ADMIN_TOKEN)).map((block) => block.text).join('|')).not.toContain('PROJECTOR-');
  });

  it('[P3] its presence is neither relayed nor kept: nobody sees it, even when it claims a name or someone else’s client id', async () => {
    const link = await issueLink();
    const watcher = join(room.invites.observer.token, { name: 'Wendy Watcher' });
    await synced(watcher);
    const watcherRaw = projector(room.invites.observer.token);
    await waitFor(() => watcherRaw.synced, 'the raw watcher to sync');
    const screen = projector(link.token);
    await waitFor(() => screen.synced, 'the projector to sync');

    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      screen.send(
        awarenessFrame(
          handmadeAwarenessUpdate([
            {
              clientId: screen.doc.clientID,
              clock: attempt + 1,
              state: { user: { name: 'PROJECTOR-PRESENCE Chair', role: 'adviser' }, cursor: null },
            },
            { clientId: watcher.doc.clientID, clock: 1_000 + attempt, state: { user: { name: 'PROJECTOR-PRESENCE Impostor' } } },
          ]),
        ),
      );
    }
    // A stock provider's presence sent after: once the watcher sees it, the projector's would have arrived.
    const expert = join(room.invites.expert.token, { name: 'Erik Expert' });
    await synced(expert);
    expert.provider.awareness.setLocalStateField('cursor', null);
    await waitFor(
      () => watcher.provider.awareness.getStates().get(expert.doc.clientID)?.user?.name === 'Erik Expert',
      'the watcher to see the expert',
    );
    await waitFor(() => watcherRaw.awareness.getStates().has(expert.doc.clientID), 'the raw watcher to see the expert');

    const names = [...watcher.provider.awareness.getStates().values()].map((state) => state.user?.name);
    expect(names).not.toContain('PROJECTOR-PRESENCE Chair');
    expect(names).not.toContain('PROJECTOR-PRESENCE Impostor');
    expect(watcher.provider.awareness.getStates().has(screen.doc.clientID)).toBe(false);
    expect(watcherRaw.messages.filter((m) => containsText(m.data, 'PROJECTOR-PRESENCE'))).toEqual([]);
    const kept = room.server.ctx.rooms.peek(room.id)!.awareness.getStates();
    expect(kept.has(screen.doc.clientID)).toBe(false);
    expect(JSON.stringify([...kept.values()])).not.toContain('PROJECTOR-PRESENCE');
    expect(screen.close).toBeUndefined();
  });
});

/** What a projector's socket was sent, read as an attacker would: presence entries and notices. */
function readFrames(raw: RawSocket): { awarenessEntries: number[]; notices: ServerNotice[]; awarenessFrames: number } {
  const awarenessEntries: number[] = [];
  const notices: ServerNotice[] = [];
  let awarenessFrames = 0;
  for (const { data } of raw.messages) {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.awareness) {
      awarenessFrames++;
      const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
      const count = decoding.readVarUint(update);
      for (let i = 0; i < count; i++) {
        awarenessEntries.push(decoding.readVarUint(update));
        decoding.readVarUint(update);
        decoding.readVarString(update);
      }
    } else if (type === MessageType.notice) {
      notices.push(JSON.parse(decoding.readVarString(decoder)) as ServerNotice);
    } else {
      expect(type).toBe(MessageType.sync);
    }
  }
  return { awarenessEntries, notices, awarenessFrames };
}

const queryAwarenessFrame = new Uint8Array([MessageType.queryAwareness]);

describe('what a projector is sent', () => {
  it('[P6] while others type, move carets, comment, propose amendments, lock and invite, a projector is sent nobody’s presence and no room event but the presented paragraph, however often it asks', async () => {
    const link = await issueLink();
    const named = await api(room.url, 'POST', `/api/documents/${room.id}/invites`, room.invites.adviser.token, {
      role: 'expert',
      name: 'Petra Secret',
      delegation: 'Ruritania',
    });
    expect(named.status).toBe(201);
    const expert = join(named.json.token as string);
    const moderator = join(room.invites.moderator.token, { name: 'Mona Moderator' });
    await Promise.all([synced(expert), synced(moderator)]);
    // The control: a room member that is sent everything the projector must not be.
    const member = projector(room.invites.observer.token);
    const screen = projector(link.token);
    await waitFor(() => screen.synced && member.synced, 'the projector and the member to sync');
    const blockIds = (await blocks(room.url, room.id, ADMIN_TOKEN)).map((block) => block.id);

    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const marker = `LEAK-${attempt}-c41f`;
      // The projector asks for presence and publishes some, as a curious client would.
      screen.send(queryAwarenessFrame);
      screen.send(
        awarenessFrame(handmadeAwarenessUpdate([{ clientId: screen.doc.clientID, clock: attempt + 1, state: { cursor: null } }])),
      );
      expert.provider.awareness.setLocalStateField('cursor', { marker, attempt });
      moderator.provider.awareness.setLocalStateField('cursor', { marker, attempt });
      textIn(expert.fragment.get(1) as Y.XmlElement).insert(0, `typed ${attempt} `);
      const comment = await api(room.url, 'POST', `/api/documents/${room.id}/comments`, named.json.token as string, {
        blockId: blockIds[0],
        text: `${marker} comment`,
      });
      expect(comment.status).toBe(201);
      const amendment = await api(room.url, 'POST', `/api/documents/${room.id}/amendments`, named.json.token as string, {
        blockId: blockIds[1],
        kind: 'replace',
        text: `${marker} amendment`,
      });
      expect(amendment.status).toBe(201);
      expect(
        (
          await api(room.url, 'POST', `/api/documents/${room.id}/invites`, room.invites.adviser.token, {
            role: 'observer',
            name: `Guest ${attempt}`,
          })
        ).status,
      ).toBe(201);
      expect((await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${blockIds[0]}/lock`, room.invites.adviser.token)).status).toBe(
        200,
      );
      expect(
        (await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${blockIds[0]}/unlock`, room.invites.adviser.token)).status,
      ).toBe(200);
      expect(
        (
          await api(room.url, 'POST', `/api/documents/${room.id}/presenting`, room.invites.adviser.token, {
            blockId: blockIds[attempt % 2],
          })
        ).status,
      ).toBe(200);
      await waitFor(
        () => readFrames(screen).notices.filter((n) => n.type === 'room-event' && n.event.kind === 'presenting').length === attempt + 1,
        'the projector to be told what is presented',
      );
      // Everything above reached the member (so it was sent), and the text reached the projector.
      await waitFor(() => member.messages.some((m) => containsText(m.data, `${marker} amendment`)), 'the member to hear of the amendment');
      await waitFor(
        () => [...member.awareness.getStates().values()].some((state) => state.cursor?.marker === marker),
        'the member to see the carets',
      );
      await waitFor(() => blockTexts(screen.fragment)[1]?.startsWith(`typed ${attempt} `), 'the typing to reach the projector');
    }
    // A last caret move and a queried answer, after which anything sent earlier would have arrived.
    screen.send(queryAwarenessFrame);
    await waitFor(() => readFrames(screen).awarenessFrames >= ATTEMPTS + 1, 'the projector’s queries to be answered');

    const seen = readFrames(screen);
    expect(seen.awarenessEntries).toEqual([]);
    expect(seen.notices.map((n) => (n.type === 'room-event' ? `room-event:${n.event.kind}` : n.type))).toEqual(
      Array(ATTEMPTS).fill('room-event:presenting'),
    );
    for (const secret of ['LEAK-', 'Petra Secret', 'Ruritania', 'Mona Moderator', 'Guest ']) {
      expect(screen.messages.filter((m) => containsText(m.data, secret)).length, secret).toBe(0);
    }
    expect(screen.awareness.getStates().size).toBe(0);
    // The member was sent all of it: presence entries of both, and the room events.
    const memberSeen = readFrames(member);
    expect(memberSeen.awarenessEntries).toEqual(expect.arrayContaining([expert.doc.clientID, moderator.doc.clientID]));
    expect(memberSeen.notices.some((n) => n.type === 'room-event' && n.event.kind.startsWith('comment'))).toBe(true);
    expect(memberSeen.notices.some((n) => n.type === 'room-event' && n.event.kind.startsWith('amendment'))).toBe(true);
    expect(memberSeen.notices.some((n) => n.type === 'room-event' && n.event.kind === 'invite-issued')).toBe(true);
    expect(memberSeen.notices.some((n) => n.type === 'room-event' && n.event.kind === 'lock')).toBe(true);
    expect(screen.close).toBeUndefined();
    expert.destroy();
    moderator.destroy();
    destroyRaw(member);
    destroyRaw(screen);
  });

  it(`[P6] a stock provider on a projector link, alone in a quiet room and publishing nothing, stays connected past its 30 s watchdog (keep-alive every ${QUIET_KEEPALIVE_MS / 1000} s)`, async () => {
    expect(QUIET_KEEPALIVE_MS).toBeLessThan(30_000 / 2 + 1);
    const hall = await room.another('Quiet hall');
    const link = await issueLink(hall.invites.adviser.token, {}, hall.id);
    const screen = room.connect(link.token, {}, { docId: hall.id, connectNow: false });
    // As the projector page does: no presence, so the provider itself sends nothing after syncing.
    screen.provider.awareness.setLocalState(null);
    const statuses: string[] = [];
    screen.provider.on('status', ({ status }: { status: string }) => statuses.push(status));
    screen.provider.connect();
    await synced(screen);
    const socket = screen.provider.ws;
    const since = Date.now();
    // y-websocket closes a socket that heard nothing for 30 s, checked every 3 s: wait past both.
    await waitFor(
      () => Date.now() - since > 34_000 || screen.provider.ws !== socket,
      'the quiet projector to outlast the watchdog',
      40_000,
      500,
    );
    expect(screen.provider.ws).toBe(socket);
    expect(screen.provider.wsconnected).toBe(true);
    expect(statuses).toEqual(['connecting', 'connected']);
    expect(screen.closes).toEqual([]);
    screen.destroy();
  }, 45_000);
});

describe('forged, revoked and expired projector tokens', () => {
  it('[P4] forged, tampered and unsigned projector tokens are refused on the socket (4401) and over HTTP (401), every time', async () => {
    const link = await issueLink();
    const fakes = [
      await forgeWithOtherKey(link.token),
      tamperClaims(link.token, { role: 'adviser' }),
      tamperClaims(link.token, { doc: otherRoom.id }),
      unsigned(link.token),
    ];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      for (const fake of fakes) {
        expect((await api(room.url, 'GET', `/api/documents/${room.id}/presenting`, fake)).status).toBe(401);
        const socket = room.raw({ token: fake });
        expect((await closeOf(socket)).code).toBe(CloseCode.unauthenticated);
        expect(socket.messages).toEqual([]);
      }
    }
  });

  it('[P2] revoking a projector link closes the open projector within a second (4403) and refuses it from then on', async () => {
    const link = await issueLink();
    const screen = projector(link.token);
    await waitFor(() => screen.synced, 'the projector to sync');
    const revokedAt = Date.now();
    expect((await api(room.url, 'DELETE', `/api/documents/${room.id}/invites/${link.id}`, room.invites.adviser.token)).status).toBe(200);
    expect((await closeOf(screen, 2_000)).code).toBe(CloseCode.forbidden);
    expect(screen.close!.at - revokedAt).toBeLessThan(1_000);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      expect((await api(room.url, 'GET', `/api/documents/${room.id}/presenting`, link.token)).status).toBe(403);
      const again = room.raw({ token: link.token });
      expect((await closeOf(again)).code).toBe(CloseCode.forbidden);
      expect(again.messages).toEqual([]);
    }
    const listed = (await api(room.url, 'GET', `/api/documents/${room.id}/projector-links`, ADMIN_TOKEN)).json as ProjectorLink[];
    expect(listed.map((l) => l.id)).not.toContain(link.id);
  });

  it('[P2] an expiring projector link stops opening when it expires (401, 4401)', async () => {
    const link = await issueLink(room.invites.adviser.token, { expiresInSeconds: 1 });
    await waitFor(
      async () => (await api(room.url, 'GET', `/api/documents/${room.id}/presenting`, link.token)).status === 401,
      'the one-second link to expire',
      4_000,
      100,
    );
    const socket = room.raw({ token: link.token });
    expect((await closeOf(socket)).code).toBe(CloseCode.unauthenticated);
  });
});
