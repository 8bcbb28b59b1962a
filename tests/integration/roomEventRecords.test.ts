/**
 * Room events carry what they changed (shared/PROTOCOL.md M6): every amendment and comment
 * event brings the changed records exactly as the list endpoints return them, so a client
 * merges them into its lists instead of fetching the whole list again; nothing more reaches
 * the room than the lists already show to every role, observers included.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { RoomEvent } from '../../shared/protocol.js';
import { openTestRoom } from '../helpers/roomFixture.js';
import { waitFor } from '../helpers/waitFor.js';
import { workflowRoom, type Person, type WorkflowRoom } from '../helpers/workflowRoom.js';

const ANNA: Person = { name: 'Anna Novak', delegation: 'Austria' };
const JEAN: Person = { name: 'Jean Dupont', delegation: 'France' };
const CHAIR: Person = { name: 'Maria Rossi', delegation: 'Chairmanship' };
const OLGA: Person = { name: 'Olga Berg', delegation: 'Sweden' };

let room: WorkflowRoom;
let observed: () => RoomEvent[];

beforeEach(async () => {
  const opened = await openTestRoom({ title: 'Draft conclusions' });
  room = await workflowRoom(opened, opened);
  opened.defer(() => room.destroy());
  observed = (await room.join('observer')).events;
});

/** The observer's next event of `kind` about `id` (an amendment's or a comment's). */
async function eventAbout(kind: string, key: 'amendmentId' | 'commentId', id: number): Promise<RoomEvent> {
  return (await waitFor(() => observed().find((e) => e.kind === kind && e.detail?.[key] === id), `the observer to hear ${kind} of ${id}`))!;
}

async function amendmentList(): Promise<Array<{ id: number }>> {
  return (await room.call('observer', OLGA, 'GET', '/amendments')).json;
}

describe('amendment events (M6)', () => {
  it('[M6] proposing, co-sponsoring, merging and accepting a deletion: each event carries the changed amendments as GET /amendments returns them', async () => {
    const [first, second] = await room.seed(['The participants welcomed the report.', 'A paragraph to delete.']);

    const proposed = (
      await room.call('expert', ANNA, 'POST', '/amendments', {
        blockId: first,
        kind: 'replace',
        text: 'The participants warmly welcomed the report.',
      })
    ).json;
    const event = await eventAbout('amendment-proposed', 'amendmentId', proposed.id);
    expect(event.amendments).toEqual([proposed]);
    expect(event.amendments).toEqual(await amendmentList());

    expect((await room.call('expert', JEAN, 'POST', `/amendments/${proposed.id}/cosponsor`)).status).toBe(200);
    const cosponsored = await eventAbout('amendment-cosponsored', 'amendmentId', proposed.id);
    expect(cosponsored.amendments![0]!.cosponsors.map((c) => c.delegation)).toEqual(['France']);
    expect(cosponsored.amendments).toEqual(await amendmentList());

    // A merge changes three: the two merged, and the one made of them.
    const other = (
      await room.call('expert', JEAN, 'POST', '/amendments', {
        blockId: first,
        kind: 'replace',
        text: 'The participants welcomed the detailed report.',
      })
    ).json;
    const merged = (
      await room.call('moderator', CHAIR, 'POST', '/amendments/merge', {
        ids: [proposed.id, other.id],
        text: 'The participants warmly welcomed the detailed report.',
      })
    ).json;
    const mergeEvent = await eventAbout('amendment-merged', 'amendmentId', merged.id);
    expect(mergeEvent.amendments!.map((a) => [a.id, a.status])).toEqual([
      [proposed.id, 'merged'],
      [other.id, 'merged'],
      [merged.id, 'pending'],
    ]);
    const listed = await amendmentList();
    for (const record of mergeEvent.amendments!) expect(listed.find((a) => a.id === record.id)).toEqual(record);

    // Accepting a deletion changes the others pending on that paragraph too: it is gone.
    const pendingThere = (
      await room.call('expert', ANNA, 'POST', '/amendments', { blockId: second, kind: 'replace', text: 'A paragraph to keep.' })
    ).json;
    const deletion = (await room.call('expert', JEAN, 'POST', '/amendments', { blockId: second, kind: 'delete' })).json;
    expect((await room.call('moderator', CHAIR, 'POST', `/amendments/${deletion.id}/accept`)).status).toBe(200);
    const accepted = await eventAbout('amendment-accepted', 'amendmentId', deletion.id);
    expect(accepted.amendments!.map((a) => [a.id, a.status, a.blockExists])).toEqual([
      [pendingThere.id, 'pending', false],
      [deletion.id, 'accepted', false],
    ]);
    const now = await amendmentList();
    for (const record of accepted.amendments!) expect(now.find((a) => a.id === record.id)).toEqual(record);
  });

  it('[M6] a client that merges the events holds the same list as one that fetches it', async () => {
    const [paragraph] = await room.seed(['The meeting was useful.']);
    const merged = new Map<number, unknown>();
    const apply = () => {
      for (const event of observed()) for (const record of event.amendments ?? []) merged.set(record.id, record);
    };
    const a = (
      await room.call('expert', ANNA, 'POST', '/amendments', { blockId: paragraph, kind: 'replace', text: 'The meeting was very useful.' })
    ).json;
    const b = (
      await room.call('expert', JEAN, 'POST', '/amendments', { blockId: paragraph, kind: 'insert-after', text: 'A new paragraph.' })
    ).json;
    expect((await room.call('moderator', CHAIR, 'POST', `/amendments/${b.id}/reject`)).status).toBe(200);
    expect((await room.call('moderator', CHAIR, 'POST', `/amendments/${a.id}/accept`)).status).toBe(200);
    await eventAbout('amendment-accepted', 'amendmentId', a.id);
    apply();
    expect([...merged.values()]).toEqual(await amendmentList());
  });
});

describe('comment events (M6)', () => {
  it('[M6] adding and resolving a comment: the event carries it as GET /comments returns it, without the per-caller canResolve', async () => {
    const [paragraph] = await room.seed(['The participants welcomed the report.']);
    const added = await room.call('expert', ANNA, 'POST', '/comments', { blockId: paragraph, text: 'Which report?' });
    expect(added.status).toBe(201);
    const event = await eventAbout('comment-added', 'commentId', added.json.id);
    const listed = (await room.call('observer', OLGA, 'GET', '/comments')).json;
    const { canResolve: _perCaller, ...asListed } = listed[0];
    expect(event.comments).toEqual([asListed]);
    expect(event.comments![0]).not.toHaveProperty('canResolve');

    expect((await room.call('moderator', CHAIR, 'POST', `/comments/${added.json.id}/resolve`)).status).toBe(200);
    const resolved = await eventAbout('comment-resolved', 'commentId', added.json.id);
    expect(resolved.comments![0]).toMatchObject({ id: added.json.id, resolvedBy: 'Maria Rossi (Chairmanship)' });
    expect(resolved.comments![0]!.resolvedAt).not.toBeNull();
  });
});
