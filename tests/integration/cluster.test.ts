/**
 * Several servers on one PostgreSQL and one Redis (REDIS_URL; PROTOCOL.md K5), each started
 * for real: a client may connect to any server, and every rule holds as on one server. The
 * room's owner applies and checks everything; the other servers relay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { api } from '../helpers/api.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { removeDataDir, startServer, tempDataDir, type RunningServer } from '../helpers/testServer.js';
import { blockTexts, connect, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';

let postgres: TestPostgres;
let redis: TestRedis;
beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
});
afterAll(async () => {
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

interface TwoServers {
  room: TestRoom;
  /** The server the room was made on, and a second one on the same database and Redis. */
  a: RunningServer;
  b: RunningServer;
  clientOn(server: RunningServer, token: string, name: string): TestClient;
}

async function twoServers(title: string): Promise<TwoServers> {
  const config = { databaseUrl: await postgres.newDatabase(), redisUrl: redis.url };
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
    expect((await room.blocks()).map((block) => block.text)).toEqual(['Typed through B.', 'Typed through A.']);
    expect(
      (await api(b.url, 'GET', `/api/documents/${room.id}/blocks`, room.invites.observer.token)).json.map(
        (block: { text: string }) => block.text,
      ),
    ).toEqual(['Typed through B.', 'Typed through A.']);
  });
});
