/**
 * Several servers as separate processes behind HAProxy (PROTOCOL.md K5): the owner of a busy
 * room killed with SIGKILL, and the owner paused past its lease and resumed (split brain).
 * Everything real: PostgreSQL, Redis, HAProxy and the servers, each a process of its own.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import type * as Y from 'yjs';
import { api } from '../helpers/api.js';
import { freePort } from '../helpers/postgres.js';
import { clusterPartsForFile, ownerAmong } from '../helpers/clusterParts.js';
import { openRawYClient } from '../helpers/rawSocket.js';
import { startLiveServer, type LiveServer } from '../helpers/serverProcess.js';
import { ADMIN_TOKEN, removeDataDir, tempDataDir } from '../helpers/testServer.js';
import { blockTexts, connect, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { startLoadBalancer, type LoadBalancer } from '../../scripts/cluster/loadBalancer.js';
import { LEASE_MS } from '../../server/cluster/RoomLeases.js';
import type { CreatedDocument } from '../../shared/api.js';
import type { BlockSummary } from '../../shared/blocks.js';
import { CloseCode } from '../../shared/protocol.js';

const parts = clusterPartsForFile();

interface Cluster {
  servers: LiveServer[];
  balancer: LoadBalancer;
  room: CreatedDocument;
  /** A stock provider through the load balancer, destroyed after the test. */
  client(token: string, name: string): TestClient;
  blocks(server?: { url: string }): Promise<BlockSummary[]>;
  ownerOf(docId: string): Promise<LiveServer | undefined>;
}

async function cluster(title: string): Promise<Cluster> {
  const env = { DATABASE_URL: await parts.current.postgres.newDatabase(), REDIS_URL: parts.current.redis.url };
  const dirs = [tempDataDir(), tempDataDir()];
  const servers: LiveServer[] = [];
  let balancer: LoadBalancer | undefined;
  const clients: TestClient[] = [];
  onTestFinished(async () => {
    for (const client of clients) client.destroy();
    await balancer?.stop();
    await Promise.all(servers.map((server) => server.stop('SIGKILL')));
    for (const dir of dirs) removeDataDir(dir);
  });
  // One after the other: the first makes the demo room, the second finds it.
  for (const dir of dirs) servers.push(await startLiveServer(dir, { env }));
  balancer = await startLoadBalancer(
    await freePort(),
    servers.map((server) => server.url),
  );
  const made = await api(balancer.url, 'POST', '/api/documents', ADMIN_TOKEN, { title });
  expect(made.status).toBe(201);
  const room = made.json as CreatedDocument;
  const via = balancer;
  return {
    servers,
    balancer,
    room,
    client: (token, name) => {
      const client = connect(`${via.url.replace('http', 'ws')}/collab`, room.id, token, { name, delegation: 'Testland' });
      clients.push(client);
      return client;
    },
    blocks: async (server = via) => (await api(server.url, 'GET', `/api/documents/${room.id}/blocks`, ADMIN_TOKEN)).json as BlockSummary[],
    ownerOf: (docId) => ownerAmong(servers, docId),
  };
}

describe('[K5] failover', () => {
  it('SIGKILL of a busy room’s owner: within 5 s another server owns it, every client has reconnected and converged, no acknowledged word is lost or doubled, the lock holds', async () => {
    const { servers, room, client, blocks, ownerOf } = await cluster('Failover');
    const moderator = client(room.invites.moderator.token, 'Mira Vogt');
    await synced(moderator);
    textIn(moderator.fragment.get(0) as Y.XmlElement).insert(0, 'The agreed paragraph.');
    const typists = [0, 1, 2, 3].map((i) => client(room.invites.expert.token, `Typist ${i}`));
    await Promise.all(typists.map(synced));
    for (const [i, typist] of typists.entries()) typist.fragment.insert(typist.fragment.length, [newParagraph(`T${i}:`)]);
    await waitFor(async () => (await blocks()).length === 5, 'the five paragraphs');
    const [agreed] = await blocks();
    expect(
      (await api(servers[0]!.url, 'POST', `/api/documents/${room.id}/blocks/${agreed!.id}/lock`, room.invites.moderator.token)).status,
    ).toBe(200);

    // Each typist types numbered words into its own paragraph, every 30 ms, through the load balancer.
    const typed = typists.map(() => 0);
    const paragraphOf = (typist: TestClient, i: number) =>
      typist.fragment.toArray().find((block) =>
        textIn(block as Y.XmlElement)
          .toString()
          .startsWith(`T${i}:`),
      ) as Y.XmlElement;
    let typing = true;
    const loops = typists.map(async (typist, i) => {
      while (typing) {
        const text = textIn(paragraphOf(typist, i));
        text.insert(text.length, ` w${++typed[i]!}`);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    });
    await waitFor(() => typed.every((n) => n >= 20), 'twenty words from every typist', 10_000);

    // Acknowledged: what the moderator (another client) has received from each typist.
    const owner = await ownerOf(room.id);
    expect(owner).toBeDefined();
    const acknowledged = blockTexts(moderator.fragment);
    const killedAt = Date.now();
    await owner!.stop('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // they type on through the outage
    typing = false;
    await Promise.all(loops);

    const survivor = servers.find((server) => server !== owner)!;
    const everyone = [moderator, ...typists];
    await waitFor(
      async () => {
        if ((await ownerOf(room.id)) !== survivor) return false;
        if (!everyone.every((c) => c.provider.wsconnected && c.provider.synced)) return false;
        const server = (await blocks(survivor)).map((block) => block.text).join('|');
        return everyone.every((c) => blockTexts(c.fragment).join('|') === server);
      },
      'a new owner, every client reconnected and converged',
      10_000,
      50,
    );
    const convergedAfter = Date.now() - killedAt;
    if (process.env.DRAFTROOM_TEST_VERBOSE) console.info(`failover: converged ${convergedAfter} ms after the kill`);
    expect(convergedAfter).toBeLessThan(5_000);

    const final = await blocks(survivor);
    expect(final[0]).toMatchObject({ id: agreed!.id, text: 'The agreed paragraph.', locked: true });
    for (const [i] of typists.entries()) {
      const text = final.find((block) => block.text.startsWith(`T${i}:`))!.text;
      // Every word typed, before the kill and through the outage, exactly once and in order.
      expect(text).toBe(`T${i}:${Array.from({ length: typed[i]! }, (_, n) => ` w${n + 1}`).join('')}`);
      const seen = acknowledged.find((line) => line.startsWith(`T${i}:`))!;
      expect(text.startsWith(seen)).toBe(true);
    }
  });
});

describe('[K5] split brain', () => {
  it('an owner paused past its lease and resumed, cut off from Redis: the database refuses its writes, and the other server keeps the room', async () => {
    const { servers, room, client, blocks, ownerOf } = await cluster('Split brain');
    const first = client(room.invites.moderator.token, 'Mira Vogt');
    await synced(first);
    textIn(first.fragment.get(0) as Y.XmlElement).insert(0, 'Before the pause.');
    await waitFor(async () => (await blocks())[0]?.text === 'Before the pause.', 'the first words saved');
    const owner = (await ownerOf(room.id))!;
    const other = servers.find((server) => server !== owner)!;

    // A raw client straight on the owner: it never reconnects, so what it sent stays the old owner's to write.
    const stale = openRawYClient(`${owner.url.replace('http', 'ws')}/collab`, room.id, { token: room.invites.expert.token });
    await waitFor(() => stale.synced, 'the raw client on the owner to sync');

    process.kill(owner.pid, 'SIGSTOP');
    try {
      // The lease runs out; a client of the other server makes it the owner.
      const later = connect(`${other.url.replace('http', 'ws')}/collab`, room.id, room.invites.moderator.token, {
        name: 'Later',
        delegation: 'Testland',
      });
      onTestFinished(() => later.destroy());
      await waitFor(() => later.provider.synced, 'the other server to take the room', LEASE_MS + 5_000);
      expect(await ownerOf(room.id)).toBe(other);
      // Written to the paused owner's socket: it reads it when it resumes.
      textIn(stale.fragment.get(0) as Y.XmlElement).insert(0, 'Written to the paused owner. ');
      textIn(later.fragment.get(0) as Y.XmlElement).insert(0, 'Through the new owner. ');
      await waitFor(async () => (await blocks(other))[0]?.text === 'Through the new owner. Before the pause.', 'the new owner’s write');
      // Redis stops answering too as the owner resumes, so the owner cannot learn from its lease
      // that it lost the room: the database's fencing token is what stops its write.
      parts.current.redis.freeze();
    } finally {
      process.kill(owner.pid, 'SIGCONT');
    }
    try {
      // The old owner drops the room: its socket is closed (1012), and nothing it held reaches the room.
      expect((await stale.closed).code).toBe(CloseCode.serviceRestart);
      await waitFor(() => /a write was refused by the fencing token/.test(owner.output()), 'the old owner to say its write was fenced out');
    } finally {
      parts.current.redis.thaw();
    }
    await waitFor(async () => (await ownerOf(room.id)) === other, 'the other server to be the only owner');
    const text = (await blocks(other))[0]!.text;
    expect(text).toBe('Through the new owner. Before the pause.');
    await waitFor(() => blockTexts(first.fragment)[0] === text, 'the first client to follow the room to its new owner');
  });
});
