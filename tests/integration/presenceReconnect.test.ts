/**
 * Presence across reconnects (shared/PROTOCOL.md R5), with stock y-websocket providers: a
 * person whose provider comes back under the same Yjs client id is seen again at once, not
 * after the provider renews its state 15 s later; so is a provider's very first state.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { synced, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { awarenessFrame, destroyRaw, handmadeAwarenessUpdate } from '../helpers/rawSocket.js';

/** How many times each comeback is tried. */
const ATTEMPTS = 3;
/** Others see a returning person within this (their provider would renew only after 15 s). */
const SEEN_AGAIN_MS = 3_000;

let room: TestRoom;

beforeAll(async () => {
  room = await openTestRoom({ title: 'Presence room' });
  return room.close;
});

function join(token: string, params: Record<string, string> = {}): TestClient {
  return room.connect(token, params);
}

/** A stock provider on `doc`, with a fresh Awareness (its presence clock starts at 0). */
function providerOn(doc: Y.Doc, token: string, params: Record<string, string>, connectNow = true): WebsocketProvider {
  const provider = new WebsocketProvider(room.wsUrl, room.id, doc, {
    params: { token, ...params },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: connectNow,
  });
  room.defer(() => {
    provider.destroy();
    provider.awareness.destroy();
  });
  return provider;
}

function stateSeen(watcher: TestClient, clientId: number): { user?: { name?: string }; cursor?: { at?: number } } | undefined {
  return watcher.provider.awareness.getStates().get(clientId) as { user?: { name?: string }; cursor?: { at?: number } } | undefined;
}

/** Waits until `watcher` sees `clientId` as `name` (and at caret `at`), and says how long it took. */
async function timeToSee(watcher: TestClient, clientId: number, name: string, at?: number): Promise<number> {
  const started = Date.now();
  await waitFor(
    () => stateSeen(watcher, clientId)?.user?.name === name && (at === undefined || stateSeen(watcher, clientId)?.cursor?.at === at),
    `the watcher to see ${name}${at === undefined ? '' : ` at ${at}`}`,
    20_000,
  );
  return Date.now() - started;
}

describe('presence across reconnects', () => {
  it('[R5] a stock provider that disconnects and reconnects with the same client id is seen by others again within a second, and its caret moves after, every time', async () => {
    const watcher = join(room.invites.observer.token, { name: 'Wanda Watcher' });
    const person = join(room.invites.expert.token, { name: 'Rita Returns' });
    await Promise.all([synced(watcher), synced(person)]);
    person.provider.awareness.setLocalStateField('cursor', { at: 0 });
    await timeToSee(watcher, person.doc.clientID, 'Rita Returns', 0);

    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      person.provider.disconnect();
      await waitFor(() => stateSeen(watcher, person.doc.clientID) === undefined, 'the watcher to see Rita leave');
      person.provider.connect();
      expect(await timeToSee(watcher, person.doc.clientID, 'Rita Returns')).toBeLessThan(SEEN_AGAIN_MS);
      person.provider.awareness.setLocalStateField('cursor', { at: attempt });
      expect(await timeToSee(watcher, person.doc.clientID, 'Rita Returns', attempt)).toBeLessThan(SEEN_AGAIN_MS);
    }
  });

  it('[R5] a new provider on the same document, its presence clock starting again from 0, is seen again within a second, every time', async () => {
    const watcher = join(room.invites.observer.token, { name: 'Walter Watcher' });
    await synced(watcher);
    const doc = new Y.Doc();
    let previous: WebsocketProvider | null = null;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (previous !== null) {
        previous.destroy();
        previous.awareness.destroy();
        await waitFor(() => stateSeen(watcher, doc.clientID) === undefined, 'the watcher to see Nora leave');
      }
      const provider = providerOn(doc, room.invites.expert.token, { name: 'Nora New-Tab' });
      provider.awareness.setLocalStateField('user', { name: 'Nora New-Tab' });
      // Move the caret a few times so the room knows a clock the next provider starts below.
      for (let move = 0; move < 4; move++) provider.awareness.setLocalStateField('cursor', { at: move });
      expect(await timeToSee(watcher, doc.clientID, 'Nora New-Tab', 3)).toBeLessThan(SEEN_AGAIN_MS);
      previous = provider;
    }
  });

  it('[R5] when the new socket of a reconnect speaks before the old one’s close is seen, the person is seen again within a second of that close, every time', async () => {
    const watcher = join(room.invites.observer.token, { name: 'Wim Watcher' });
    await synced(watcher);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const name = `Lena Lagging ${attempt}`;
      // The old socket, still open on the server, published the state at clock 1 ...
      const old = room.rawYClient({ token: room.invites.expert.token, query: { name } });
      await waitFor(() => old.synced, 'the old socket to sync');
      const clientId = 4_000_000 + attempt;
      old.send(awarenessFrame(handmadeAwarenessUpdate([{ clientId, clock: 1, state: { cursor: null } }])));
      await timeToSee(watcher, clientId, name);
      // ... and the new provider publishes the same client id at the same clock before the old socket closes.
      const doc = new Y.Doc();
      doc.clientID = clientId;
      const renewed = providerOn(doc, room.invites.expert.token, { name }, false);
      renewed.awareness.setLocalState({ cursor: { at: attempt } });
      renewed.connect();
      await waitFor(() => renewed.synced, 'the new provider to sync');
      destroyRaw(old);
      await waitFor(
        () => stateSeen(watcher, clientId) === undefined || stateSeen(watcher, clientId)?.cursor?.at === attempt,
        'the old socket’s close',
      );
      expect(await timeToSee(watcher, clientId, name, attempt)).toBeLessThan(SEEN_AGAIN_MS);
    }
  });

  it('[R5] a provider’s very first state (clock 0, nothing set before it connects) is taken and seen within a second', async () => {
    const watcher = join(room.invites.observer.token, { name: 'Wilma Watcher' });
    await synced(watcher);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const plain = join(room.invites.expert.token, { name: `Zero Clock ${attempt}` });
      expect(await timeToSee(watcher, plain.doc.clientID, `Zero Clock ${attempt}`)).toBeLessThan(SEEN_AGAIN_MS);
      // The server's identity replaced whatever the state held (R2).
      expect(stateSeen(watcher, plain.doc.clientID)?.user?.name).toBe(`Zero Clock ${attempt}`);
    }
  });
});
