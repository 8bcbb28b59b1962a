/**
 * Presence colours and namesakes over real websockets (PROTOCOL.md R2, R4): what every
 * stock client in the room reads in awareness. Sixteen people present have sixteen colours
 * from the palette whatever they publish; a second person under the same name and delegation
 * carries `namesake: 2`; someone who comes back gets their colour back.
 */
import { beforeEach, expect, it } from 'vitest';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { synced, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { PRESENCE_COLOURS } from '../../shared/presence.js';

let room: TestRoom;

beforeEach(async () => {
  room = await openTestRoom({ title: 'Closing session: presence' });
});

interface SeenUser {
  name: string;
  color: string;
  namesake?: number;
}

/** Joins by the expert role link as `name`; the client claims a colour of its own, which the server overrides. */
async function join(name: string, delegation: string): Promise<TestClient> {
  const client = room.connect(room.invites.expert.token, { name, delegation });
  await synced(client);
  client.provider.awareness.setLocalStateField('user', { name, color: '#ff0000' });
  return client;
}

/** Who `observer` sees in the room, by awareness client id. */
function seen(observer: TestClient): Map<number, SeenUser> {
  const users = new Map<number, SeenUser>();
  observer.provider.awareness.getStates().forEach((state, clientId) => {
    if (clientId !== observer.doc.clientID) users.set(clientId, (state as { user: SeenUser }).user);
  });
  return users;
}

it('[R4] sixteen people present get sixteen palette colours, whatever colour they publish', async () => {
  const watcher = await join('Watcher', 'Malta');
  const hall: TestClient[] = [];
  for (let n = 1; n <= 15; n++) hall.push(await join(`Delegate ${n}`, 'Germany'));
  await waitFor(
    () => [...seen(watcher).values()].filter((user) => user.name.startsWith('Delegate')).length === 15,
    'the watcher to see all fifteen',
  );
  const colours = [...seen(watcher).values()].map((user) => user.color);
  colours.push(seen(hall[0]!).get(watcher.doc.clientID)!.color);
  expect(new Set(colours).size).toBe(16);
  for (const colour of colours) expect(PRESENCE_COLOURS).toContain(colour);
});

it('[R2] a second person under the same name and delegation carries namesake 2, the first none', async () => {
  const watcher = await join('Watcher', 'Malta');
  const first = await join('Anna Novak', 'Czechia');
  const second = await join('Anna Novak', 'Czechia');
  await waitFor(() => seen(watcher).get(second.doc.clientID)?.namesake === 2, 'the second Anna to carry namesake 2');
  expect(seen(watcher).get(first.doc.clientID)?.namesake).toBeUndefined();
  expect(seen(watcher).get(first.doc.clientID)!.color).not.toBe(seen(watcher).get(second.doc.clientID)!.color);
});

it('[R4] someone who comes back (a reload: a new client) gets their colour back while nobody holds it', async () => {
  const watcher = await join('Watcher', 'Malta');
  const jonas = await join('Jonas Lind', 'Sweden');
  await waitFor(() => seen(watcher).has(jonas.doc.clientID), 'the watcher to see Jonas');
  const colour = seen(watcher).get(jonas.doc.clientID)!.color;
  jonas.destroy();
  await waitFor(() => !seen(watcher).has(jonas.doc.clientID), 'Jonas to leave');
  const again = await join('Jonas Lind', 'Sweden');
  await waitFor(() => seen(watcher).has(again.doc.clientID), 'Jonas to be back');
  expect(seen(watcher).get(again.doc.clientID)!.color).toBe(colour);
});
