/**
 * GET /metrics as the operator reads it during a session: what the room is doing (rooms,
 * connections, frames by kind, refused changes by reason) and how fast the server keeps up
 * (persist and broadcast histograms, event-loop delay).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ADMIN_TOKEN } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { blockById, synced, textIn } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';

let room: TestRoom;

beforeEach(async () => {
  room = await openTestRoom({ title: 'Metrics' });
});

async function metric(line: RegExp): Promise<number> {
  const response = await api(room.url, 'GET', '/metrics', ADMIN_TOKEN);
  expect(response.status).toBe(200);
  const match = response.text.match(line);
  return match ? Number(match[1]) : Number.NaN;
}

describe('GET /metrics', () => {
  it('[O1] counts rooms, connections, frames by kind and refused changes by reason, and times persistence and broadcast', async () => {
    const typist = room.connect(room.invites.expert.token, { name: 'Typist' });
    const watcher = room.connect(room.invites.observer.token, { name: 'Watcher' });
    await Promise.all([synced(typist), synced(watcher)]);
    typist.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
    for (let i = 0; i < 5; i++) textIn(typist.fragment.get(0) as Y.XmlElement).insert(0, 'a');
    await waitFor(
      async () => (await blocks(room.url, room.id, ADMIN_TOKEN))[0]!.text.startsWith('aaaaa'),
      'the typing to reach the server',
    );

    const [first] = await blocks(room.url, room.id, ADMIN_TOKEN);
    const locked = await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${first!.id}/lock`, room.invites.moderator.token);
    expect(locked.status).toBe(200);
    await waitFor(() => blockById(typist.fragment, first!.id)?.getAttribute('locked') === 'true', 'the typist to see the lock');
    textIn(blockById(typist.fragment, first!.id)!).insert(0, 'X');
    await waitFor(
      async () => (await metric(/^draftroom_refused_changes_total\{reason="E_LOCKED"\} (\d+)/m)) >= 1,
      'the refusal to be counted',
    );

    expect(await metric(/^draftroom_open_rooms (\d+)/m)).toBe(1);
    expect(await metric(/^draftroom_connections (\d+)/m)).toBe(2);
    // Each of the five keystrokes is its own frame, on top of the sync handshake.
    expect(await metric(/^draftroom_messages_total\{kind="sync"\} (\d+)/m)).toBeGreaterThanOrEqual(6);
    expect(await metric(/^draftroom_messages_total\{kind="awareness"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(await metric(/^draftroom_persist_seconds_count (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(await metric(/^draftroom_broadcast_seconds_count (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(await metric(/^nodejs_eventloop_lag_p99_seconds (\S+)/m)).toBeGreaterThanOrEqual(0);

    typist.destroy();
    await waitFor(async () => (await metric(/^draftroom_connections (\d+)/m)) === 1, 'the connection count to drop');
  });
});
