/**
 * Several servers on one PostgreSQL and one Redis (REDIS_URL; PROTOCOL.md K5), each started
 * for real: a client may connect to any server, and every rule holds as on one server. The
 * room's owner applies and checks everything; the other servers relay.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api } from '../helpers/api.js';
import { containsText, openRaw, openRawYClient, syncStep1Frame, updateFrame } from '../helpers/rawSocket.js';
import { LINK_PATH } from '../../server/cluster/RoomLinks.js';
import { LinkMessage, decodeLinkFrame, encodeLinkFrame } from '../../server/cluster/linkFrames.js';
import { MAX_FRAME_BYTES } from '../../shared/limits.js';
import { runToExit } from '../helpers/serverProcess.js';
import { freePort } from '../helpers/postgres.js';
import { CloseCode } from '../../shared/protocol.js';
import { PostgresStore } from '../../server/store/postgres/PostgresStore.js';
import { RoomFencedOut } from '../../server/store/storeErrors.js';
import { clusterPartsForFile } from '../helpers/clusterParts.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { ADMIN_TOKEN, removeDataDir, startServer, tempDataDir, type RunningServer } from '../helpers/testServer.js';
import { blockTexts, connect, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';

const parts = clusterPartsForFile();

interface TwoServers {
  room: TestRoom;
  /** The server the room was made on, and a second one on the same database and Redis. */
  a: RunningServer;
  b: RunningServer;
  clientOn(server: RunningServer, token: string, name: string): TestClient;
}

async function twoServers(title: string): Promise<TwoServers> {
  const config = { databaseUrl: await parts.current.postgres.newDatabase(), redisUrl: parts.current.redis.url };
  const room = await openTestRoom({ title, server: { config } });
  const dataDir = tempDataDir();
  const b = await startServer(dataDir, { config });
  room.defer(async () => {
    await b.close();
    removeDataDir(dataDir);
  });
  const clientOn = (server: RunningServer, token: string, name: string) => {
    const client = connect(server.wsUrl, room.id, token, { name, delegation: 'Testland' });
    room.defer(() => client.destroy());
    return client;
  };
  return { room, a: room.server, b, clientOn };
}

async function owners(...servers: RunningServer[]): Promise<string[][]> {
  return Promise.all(servers.map(async (server) => ((await (await fetch(`${server.url}/healthz`)).json()) as { owns: string[] }).owns));
}

describe('[K5] one room served through two servers', () => {
  it('clients on either server converge, and exactly one server owns the room', async () => {
    const { room, a, b, clientOn } = await twoServers('Two servers');
    const onA = clientOn(a, room.invites.moderator.token, 'Mira Vogt');
    const onB = clientOn(b, room.invites.expert.token, 'Expert on B');
    await Promise.all([synced(onA), synced(onB)]);
    textIn(onB.fragment.get(0) as Y.XmlElement).insert(0, 'Typed through B.');
    onA.fragment.insert(1, [newParagraph('Typed through A.')]);
    await waitFor(
      () =>
        blockTexts(onA.fragment).join('|') === 'Typed through B.|Typed through A.' &&
        blockTexts(onB.fragment).join('|') === blockTexts(onA.fragment).join('|'),
      'both clients to hold both paragraphs',
    );
    const [ownedByA, ownedByB] = await owners(a, b);
    expect([...ownedByA!, ...ownedByB!]).toEqual([room.id]);
    // The relaying server counts what it relays (/metrics is per server).
    const relaying = ownedByA!.length === 0 ? a : b;
    const metrics = await api(relaying.url, 'GET', '/metrics', ADMIN_TOKEN);
    expect(metrics.text).toMatch(/^draftroom_relayed_connections 1$/m);
    expect((await room.blocks()).map((block) => block.text)).toEqual(['Typed through B.', 'Typed through A.']);
    expect(
      (await api(b.url, 'GET', `/api/documents/${room.id}/blocks`, room.invites.observer.token)).json.map(
        (block: { text: string }) => block.text,
      ),
    ).toEqual(['Typed through B.', 'Typed through A.']);
  });
});

describe('[K5] a server that cannot join the others', () => {
  it('is refused with one line: REDIS_URL without DATABASE_URL or ADMIN_TOKEN, not a Redis URL, or a Redis that does not answer', async () => {
    const databaseUrl = await parts.current.postgres.newDatabase();
    const closedPort = await freePort();
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ REDIS_URL: parts.current.redis.url, ADMIN_TOKEN: 'a-long-enough-admin-token-0123' }, /REDIS_URL needs DATABASE_URL/],
      [{ REDIS_URL: parts.current.redis.url, DATABASE_URL: databaseUrl, ADMIN_TOKEN: '' }, /REDIS_URL needs ADMIN_TOKEN/],
      [{ REDIS_URL: 'http://127.0.0.1:6379', DATABASE_URL: databaseUrl }, /REDIS_URL must be a Redis URL/],
      [{ REDIS_URL: `redis://127.0.0.1:${closedPort}`, DATABASE_URL: databaseUrl }, /REDIS_URL redis:\/\/127\.0\.0\.1:\d+ does not answer/],
    ];
    for (const [env, line] of cases) {
      const dataDir = tempDataDir();
      try {
        const exited = await runToExit('server/main.ts', [], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env });
        expect(exited.code, exited.stderr).toBe(1);
        expect(exited.stderr.trim().split('\n')).toEqual([expect.stringMatching(line)]);
        expect(exited.stdout).not.toMatch(/running/);
      } finally {
        removeDataDir(dataDir);
      }
    }
  });
});

describe('[K5] /healthz of a server among several', () => {
  it('says which rooms it owns and whether PostgreSQL and Redis answer; 503 while Redis is frozen or PostgreSQL is down, 200 again after', async () => {
    const { room, a, b, clientOn } = await twoServers('Health');
    await synced(clientOn(b, room.invites.expert.token, 'Expert on B'));
    const health = async (server: RunningServer) => {
      const response = await fetch(`${server.url}/healthz`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await health(b)).toMatchObject({
      status: 200,
      body: { status: 'ok', store: 'postgres', database: 'ok', redis: 'ok', owns: [room.id] },
    });
    expect(await health(a)).toMatchObject({ status: 200, body: { owns: [] } });
    expect((await health(a)).body.instance).not.toBe((await health(b)).body.instance);
    parts.current.redis.freeze();
    try {
      expect(await health(a)).toMatchObject({ status: 503, body: { status: 'degraded', database: 'ok', redis: 'down', owns: [] } });
    } finally {
      parts.current.redis.thaw();
    }
    await waitFor(async () => (await health(a)).status === 200, 'Redis to answer again');
    parts.current.postgres.down();
    try {
      expect(await health(b)).toMatchObject({
        status: 503,
        body: { status: 'degraded', database: 'down', redis: 'ok', instance: expect.any(String), owns: [room.id] },
      });
    } finally {
      parts.current.postgres.up();
    }
    await waitFor(async () => (await health(b)).status === 200, 'PostgreSQL to answer again', 15_000);
  });
});

describe('[K5] the rules of PROTOCOL.md through any server', () => {
  it('a lock set through one server is in force, when the call returns, for a raw client typing through the other; the hundredth attempt as the first', async () => {
    const { room, a, b, clientOn } = await twoServers('Locks across servers');
    const moderator = clientOn(a, room.invites.moderator.token, 'Mira Vogt');
    await synced(moderator);
    textIn(moderator.fragment.get(0) as Y.XmlElement).insert(0, 'The agreed paragraph.');
    moderator.fragment.insert(1, [newParagraph('An open paragraph.')]);
    await waitFor(async () => (await room.blocks()).length === 2, 'both paragraphs');
    const [agreed, open] = await room.blocks();
    const [ownedByA] = await owners(a, b);
    expect(ownedByA).toEqual([room.id]);

    const attacker = openRawYClient(b.wsUrl, room.id, {
      token: room.invites.expert.token,
      query: { name: 'Attacker', delegation: 'Nowhere' },
    });
    room.defer(() => attacker.ws.terminate());
    await waitFor(() => attacker.synced, 'the attacker, relayed through B, to sync');

    // The lock goes through A (the owner) the first time and through B (relayed to A) the second.
    for (const [through, lockUrl] of [
      ['A', a.url],
      ['B', b.url],
    ] as const) {
      if (through === 'B')
        expect(
          (await api(a.url, 'POST', `/api/documents/${room.id}/blocks/${agreed!.id}/unlock`, room.invites.moderator.token)).status,
        ).toBe(200);
      expect((await api(lockUrl, 'POST', `/api/documents/${room.id}/blocks/${agreed!.id}/lock`, room.invites.moderator.token)).status).toBe(
        200,
      );
      for (let attempt = 1; attempt <= 100; attempt++) {
        attacker.doc.transact(() => {
          textIn(attacker.fragment.get(0) as Y.XmlElement).insert(0, `Forged ${through}${attempt}. `);
          if (attempt % 25 === 0) textIn(attacker.fragment.get(1) as Y.XmlElement).insert(0, `${through}${attempt} `);
        });
      }
      await waitFor(() => blockTexts(attacker.fragment)[0] === 'The agreed paragraph.', `the attacker (through ${through}) to be put back`);
      await waitFor(async () => (await room.blocks())[1]!.text.startsWith(`${through}100 `), 'the open paragraph’s edits to stand');
      expect((await room.blocks())[0]).toMatchObject({ id: agreed!.id, text: 'The agreed paragraph.', locked: true });
      expect(blockTexts(moderator.fragment)[0]).toBe('The agreed paragraph.');
    }
    expect((await room.blocks())[1]!.id).toBe(open!.id);
  });

  it('revoking an invite through one server closes its socket on the other within a second (4403), and the token is refused there from then on', async () => {
    const { room, a, b, clientOn } = await twoServers('Revocation across servers');
    const owner = clientOn(a, room.invites.moderator.token, 'Mira Vogt');
    await synced(owner);
    const invite = await room.invite({ role: 'expert', name: 'Revoked expert', delegation: 'Testland' });
    const sockets = [openRawYClient(b.wsUrl, room.id, { token: invite.token }), openRawYClient(b.wsUrl, room.id, { token: invite.token })];
    for (const socket of sockets) room.defer(() => socket.ws.terminate());
    await waitFor(() => sockets.every((socket) => socket.synced), 'both sockets, relayed through B, to sync');

    expect((await owners(a, b))[0]).toEqual([room.id]);
    const revokedAt = Date.now();
    expect((await api(a.url, 'DELETE', `/api/documents/${room.id}/invites/${invite.id}`, ADMIN_TOKEN)).status).toBe(200);
    const closes = await Promise.all(sockets.map((socket) => socket.closed));
    for (const close of closes) {
      expect(close.code).toBe(CloseCode.forbidden);
      expect(close.at - revokedAt).toBeLessThan(1_000);
    }
    for (const server of [a, b]) {
      const again = openRawYClient(server.wsUrl, room.id, { token: invite.token });
      expect((await again.closed).code).toBe(CloseCode.forbidden);
    }
  });
});

describe('[K5] hostile frames through the relay', () => {
  it('an oversized, a text and a malformed frame sent through the relaying server close that socket with the owner’s codes, each of them three times over, and the room goes on', async () => {
    const { room, a, b, clientOn } = await twoServers('Relay attacks');
    const owner = clientOn(a, room.invites.moderator.token, 'Mira Vogt');
    await synced(owner);
    textIn(owner.fragment.get(0) as Y.XmlElement).insert(0, 'Intact.');
    await waitFor(async () => (await room.blocks())[0]?.text === 'Intact.', 'the first words saved');
    const attacks: Array<[string, Uint8Array | string, number]> = [
      ['oversized', new Uint8Array(MAX_FRAME_BYTES + 1), 1009],
      ['oversized text', 'x'.repeat(MAX_FRAME_BYTES + 1), 1009],
      ['text', 'hello', CloseCode.malformed],
      ['malformed update', updateFrame(new Uint8Array([0xff, 0xff, 0xff, 0x01])), CloseCode.malformed],
    ];
    for (let round = 1; round <= 3; round++) {
      for (const [what, frame, code] of attacks) {
        const socket = openRaw(b.wsUrl, room.id, { token: room.invites.expert.token });
        await socket.opened;
        socket.send(frame);
        expect((await socket.closed).code, `${what}, round ${round}`).toBe(code);
      }
    }
    const honest = clientOn(b, room.invites.expert.token, 'Honest expert');
    await synced(honest);
    textIn(honest.fragment.get(0) as Y.XmlElement).insert(7, ' Still.');
    await waitFor(() => blockTexts(owner.fragment)[0] === 'Intact. Still.', 'an honest edit through B to reach the owner’s client');
    expect((await owners(a, b))[0]).toEqual([room.id]);
    expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
  });
});

describe('[K5] room links are for servers', () => {
  it('a link opened without the admin token is closed 4403, the tenth time as the first; a server’s link admits each client by its own token, and a frame that is no link frame closes the link alone', async () => {
    const { room, a, b, clientOn } = await twoServers('Links');
    const owner = clientOn(a, room.invites.expert.token, 'Expert on A');
    await synced(owner);
    textIn(owner.fragment.get(0) as Y.XmlElement).insert(0, 'Intact.');
    const linkUrl = a.wsUrl.replace(/\/collab$/, LINK_PATH);
    const refused: Array<[string, Record<string, string>]> = [
      ['no token', {}],
      ['an invitation', { authorization: `Bearer ${room.invites.expert.token}` }],
      ['a forged token', { authorization: 'Bearer forged' }],
    ];
    for (let round = 1; round <= 10; round++) {
      for (const [what, headers] of refused) {
        const link = openRaw(linkUrl, room.id, { headers });
        const closed = await link.closed;
        expect(closed.code, `${what}, round ${round}`).toBe(CloseCode.forbidden);
        expect(link.messages, `${what}, round ${round}: nothing of the room`).toEqual([]);
      }
    }

    // What another server does: open a link with the admin token and carry clients over it.
    const link = openRaw(linkUrl, room.id, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    await link.opened;
    const received = () => link.messages.map((m) => decodeLinkFrame(m.data));
    link.send(encodeLinkFrame({ kind: LinkMessage.open, client: 1, url: `/collab/${room.id}?token=forged` }));
    link.send(encodeLinkFrame({ kind: LinkMessage.open, client: 2, url: `/collab/${room.id}?token=${room.invites.expert.token}` }));
    link.send(encodeLinkFrame({ kind: LinkMessage.frame, client: 2, binary: true, bytes: syncStep1Frame(new Y.Doc()) }));
    await waitFor(
      () => received().some((f) => f.kind === LinkMessage.close && f.client === 1 && f.code === CloseCode.unauthenticated),
      'the client with a forged token to be refused 4401',
    );
    await waitFor(
      () => received().some((f) => f.kind === LinkMessage.deliver && f.clients.includes(2) && containsText(f.bytes, 'Intact.')),
      'the admitted client to be sent the room',
    );
    expect(received().some((f) => f.kind === LinkMessage.deliver && f.clients.includes(1))).toBe(false);
    link.send(new Uint8Array([0xff, 0xff, 0xff]));
    expect((await link.closed).code).toBe(CloseCode.malformed);

    const honest = clientOn(b, room.invites.expert.token, 'Expert on B');
    await synced(honest);
    textIn(honest.fragment.get(0) as Y.XmlElement).insert(7, ' Still.');
    await waitFor(() => blockTexts(owner.fragment)[0] === 'Intact. Still.', 'an edit through B to reach the owner’s client');
    expect((await owners(a, b))[0]).toEqual([room.id]);
  });
});

describe('[K5] fencing in the store', () => {
  it('a write under an older owner’s token is refused, the hundredth as the first, and the log holds only the current owner’s', async () => {
    const url = await parts.current.postgres.newDatabase();
    const [first, second] = [new PostgresStore(url, { fenced: true }), new PostgresStore(url, { fenced: true })];
    try {
      first.createDocument({ id: 'fenced-room', title: 'Fenced', createdAt: new Date().toISOString() });
      const update = (text: string) => {
        const doc = new Y.Doc();
        doc.getText('t').insert(0, text);
        return Y.encodeStateAsUpdate(doc);
      };
      // Before anyone owns the room, the server that makes it writes its first text.
      first.appendUpdate('fenced-room', update('made'));
      expect(first.claimRoom('fenced-room')).toBe(1);
      first.appendUpdate('fenced-room', update('first owner'));
      expect(second.claimRoom('fenced-room')).toBe(2);
      for (let attempt = 1; attempt <= 100; attempt++) {
        expect(() => first.appendUpdate('fenced-room', update(`stale ${attempt}`))).toThrow(RoomFencedOut);
      }
      expect(() => first.compact('fenced-room', update('stale snapshot'), 10)).toThrow(RoomFencedOut);
      // A server that never claimed the room cannot write to it either, now that it has an owner.
      const third = new PostgresStore(url, { fenced: true });
      expect(() => third.appendUpdate('fenced-room', update('stranger'))).toThrow(RoomFencedOut);
      third.close();
      second.appendUpdate('fenced-room', update('second owner'));

      const texts = second.loadDocumentUpdates('fenced-room').map((stored) => {
        const one = new Y.Doc();
        Y.applyUpdate(one, stored);
        return one.getText('t').toString();
      });
      expect(texts).toEqual(['made', 'first owner', 'second owner']);
    } finally {
      first.close();
      second.close();
    }
  });
});
