/**
 * `npm run move-to-postgres` (PROTOCOL.md K4): a room used on SQLite, with every kind of
 * record, moved into an empty PostgreSQL database and served from there reads exactly as it
 * did: text, statuses, amendments (a merge among them), comments, readings, the lock audit and
 * the activity log; links given out before still open it; new records continue the numbering.
 * The move is refused while a server holds DATA_DIR, and into a database that holds rooms.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { api } from '../helpers/api.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { runToExit } from '../helpers/serverProcess.js';
import { ADMIN_TOKEN, removeDataDir, startServer, tempDataDir } from '../helpers/testServer.js';
import { newParagraph, synced, textIn } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

/** Everything a person can read of a room over HTTP. */
async function everything(url: string, docId: string) {
  const read = async (path: string) => (await api(url, 'GET', `/api/documents/${docId}${path}`, ADMIN_TOKEN)).json;
  return {
    blocks: await read('/blocks'),
    amendments: await read('/amendments'),
    comments: await read('/comments'),
    revisions: await read('/revisions'),
    locks: await read('/locks'),
    activity: await read('/activity'),
  };
}

async function usedRoom(): Promise<TestRoom> {
  const room = await openTestRoom({ title: 'Conclusions before the move' });
  const writer = room.connect(room.invites.moderator.token, { name: 'Mira Vogt', delegation: 'Secretariat' });
  await synced(writer);
  textIn(writer.fragment.get(0) as Y.XmlElement).insert(0, 'The meeting welcomed the report. 🇪🇺');
  writer.fragment.insert(1, [newParagraph('Experts recommend training.')]);
  await waitFor(async () => (await room.blocks()).length === 2, 'both paragraphs saved');
  const [first, second] = await room.blocks();
  const as = (role: 'moderator' | 'expert', method: string, path: string, body?: unknown) =>
    api(room.url, method, `/api/documents/${room.id}${path}`, room.invites[role].token, body);
  expect((await as('moderator', 'POST', `/blocks/${first!.id}/lock`)).status).toBe(200);
  const proposals = [];
  for (const text of ['Experts recommend joint training.', 'Experts recommend regular training.', 'Experts recommend more training.']) {
    const answer = await as('expert', 'POST', '/amendments', { blockId: second!.id, kind: 'replace', text });
    expect(answer.status).toBe(201);
    proposals.push(answer.json.id as number);
  }
  expect(
    (
      await as('moderator', 'POST', '/amendments/merge', {
        ids: [proposals[0], proposals[1]],
        text: 'Experts recommend joint, regular training.',
      })
    ).status,
  ).toBe(201);
  expect((await as('moderator', 'POST', `/amendments/${proposals[2]}/reject`, { reason: 'Covered by the merged text.' })).status).toBe(200);
  const comment = await as('expert', 'POST', '/comments', { blockId: second!.id, text: 'Which training?' });
  expect((await as('moderator', 'POST', '/comments', { blockId: second!.id, text: 'Both kinds.', parentId: comment.json.id })).status).toBe(
    201,
  );
  expect((await as('moderator', 'POST', '/revisions', { note: 'Rev.1 for the plenary' })).status).toBe(201);
  return room;
}

it('[K4] a room used on SQLite reads the same from PostgreSQL after the move, its links still open it, and numbering continues', async () => {
  const room = await usedRoom();
  const before = await everything(room.url, room.id);
  const databaseUrl = await postgres.newDatabase();

  // While the SQLite server holds DATA_DIR, the move is refused, the second time too.
  for (let attempt = 0; attempt < 2; attempt++) {
    const refused = await runToExit('scripts/moveToPostgres.ts', [], { DATA_DIR: room.server.dataDir, DATABASE_URL: databaseUrl });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/held by a running Draftroom server .*stop it \(SIGTERM\) before moving its database/);
  }

  await room.restart(async (dataDir) => {
    const moved = await runToExit('scripts/moveToPostgres.ts', [], { DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/^Moved DATA_DIR .* to postgres:\/\/.*: 1 room\(s\), \d+ rows\./);
    // A second move into the same database: refused, nothing added.
    const again = await runToExit('scripts/moveToPostgres.ts', [], { DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds 1 room\(s\); move into an empty database/);
  });

  // The SQLite file was only read: the server on DATA_DIR serves it as before.
  expect(await everything(room.url, room.id)).toEqual(before);

  const onPostgres = await startServer(tempDataDir(), { config: { databaseUrl } });
  try {
    expect(await everything(onPostgres.url, room.id)).toEqual(before);
    // A link given out before the move still opens the room (the signing secret moved with it).
    const asExpert = await api(onPostgres.url, 'GET', `/api/documents/${room.id}/blocks`, room.invites.expert.token);
    expect(asExpert.status).toBe(200);
    const next = await api(onPostgres.url, 'POST', `/api/documents/${room.id}/amendments`, room.invites.expert.token, {
      blockId: before.blocks[1].id,
      kind: 'replace',
      text: 'Experts recommend training after the move.',
    });
    expect(next.status).toBe(201);
    expect(next.json.id).toBe(Math.max(...before.amendments.map((a: { id: number }) => a.id)) + 1);
  } finally {
    await onPostgres.close();
    removeDataDir(onPostgres.dataDir);
  }
});
