/**
 * The server on PostgreSQL (DATABASE_URL; PROTOCOL.md K1–K3), against a real PostgreSQL: the
 * same room as on SQLite, locks enforced against a raw Yjs client, a restart that serves what
 * was saved, one server per database, and an outage that costs nobody a word silently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { readConfig } from '../../server/config.js';
import { postgresSchemaVersion } from '../../server/store/postgres/postgresSchema.js';
import type * as Y from 'yjs';
import { api } from '../helpers/api.js';
import { collectNotices } from '../helpers/notices.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { openTestRoom } from '../helpers/roomFixture.js';
import { ADMIN_TOKEN, startServer, tempDataDir, removeDataDir } from '../helpers/testServer.js';
import { blockTexts, newParagraph, synced, textIn } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import type { ServerNotice } from '../../shared/protocol.js';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

async function roomOnPostgres(title: string) {
  return openTestRoom({ title, server: { config: { databaseUrl: await postgres.newDatabase() } } });
}

describe('[K1] a room kept in PostgreSQL', () => {
  it('is edited, locked against a raw client, amended and read back after a restart, as on SQLite', async () => {
    const room = await roomOnPostgres('Conclusions on PostgreSQL');
    expect(room.server.ctx.store.engine).toBe('postgres');
    const moderator = room.connect(room.invites.moderator.token, { name: 'Mira Vogt', delegation: 'Secretariat' });
    await synced(moderator);
    textIn(moderator.fragment.get(0) as Y.XmlElement).insert(0, 'The meeting agreed.');
    moderator.fragment.insert(1, [newParagraph('Experts recommend training.')]);
    await waitFor(async () => (await room.blocks()).length === 2, 'both paragraphs on the server');
    const [agreed, open] = await room.blocks();
    expect((await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${agreed!.id}/lock`, room.invites.moderator.token)).status).toBe(
      200,
    );

    // An expert's raw client writes into the locked paragraph and the open one, three times.
    const attacker = room.connect(room.invites.expert.token, { name: 'Attacker', delegation: 'Nowhere' });
    await synced(attacker);
    for (let attempt = 1; attempt <= 3; attempt++) {
      attacker.doc.transact(() => {
        textIn(attacker.fragment.get(0) as Y.XmlElement).insert(0, `Not agreed ${attempt}. `);
        textIn(attacker.fragment.get(1) as Y.XmlElement).insert(0, `${attempt}`);
      });
      await waitFor(async () => (await room.blocks())[1]!.text.startsWith(`${attempt}`), `attempt ${attempt}'s open edit to stand`);
      await waitFor(() => blockTexts(attacker.fragment)[0] === 'The meeting agreed.', `attempt ${attempt} to be put back on the attacker`);
      expect((await room.blocks())[0]!.text).toBe('The meeting agreed.');
    }

    // An amendment, proposed and accepted: the decision and the text change in one transaction (F2).
    const proposed = await api(room.url, 'POST', `/api/documents/${room.id}/amendments`, room.invites.expert.token, {
      blockId: open!.id,
      kind: 'replace',
      text: 'Experts recommend joint training.',
    });
    expect(proposed.status).toBe(201);
    const { id } = proposed.json as { id: number };
    expect((await api(room.url, 'POST', `/api/documents/${room.id}/amendments/${id}/accept`, room.invites.moderator.token)).status).toBe(
      200,
    );
    await waitFor(async () => (await room.blocks())[1]!.text === 'Experts recommend joint training.', 'the accepted text');

    await room.restart();
    const after = await room.blocks();
    expect(after.map((b) => [b.text, b.status])).toEqual([
      ['The meeting agreed.', 'agreed'],
      ['Experts recommend joint training.', expect.any(String)],
    ]);
    const amendments = await api(room.url, 'GET', `/api/documents/${room.id}/amendments`, ADMIN_TOKEN);
    expect((amendments.json as Array<{ id: number; status: string }>).find((a) => a.id === id)?.status).toBe('accepted');
  });
});

describe('[F5][K1] a database the server cannot use refuses the start with one line', () => {
  it('nothing listening, a URL that is not PostgreSQL, a schema written by a newer Draftroom: refused each time, the password never printed', async () => {
    const nowhere = 'postgres://draftroom:secret-password@127.0.0.1:1/postgres';
    for (let attempt = 0; attempt < 2; attempt++) {
      const refusal = startServer(tempDataDir(), { config: { databaseUrl: nowhere } });
      await expect(refusal).rejects.toThrow(/cannot use the PostgreSQL database postgres:\/\/draftroom:\*\*\*@127\.0\.0\.1:1\/postgres/);
      await expect(refusal).rejects.not.toThrow(/secret-password/);
    }
    expect(() => readConfig({ DATABASE_URL: 'mysql://somewhere/db' })).toThrow(/DATABASE_URL must be a PostgreSQL URL/);

    const databaseUrl = await postgres.newDatabase();
    const first = await startServer(tempDataDir(), { config: { databaseUrl } });
    await first.close();
    removeDataDir(first.dataDir);
    const newer = new pg.Client({ connectionString: databaseUrl });
    await newer.connect();
    await newer.query(`INSERT INTO schema_migrations (version, applied_at) VALUES (${postgresSchemaVersion() + 1}, 'later')`);
    await newer.end();
    await expect(startServer(tempDataDir(), { config: { databaseUrl } })).rejects.toThrow(
      /newer than this Draftroom's .* run the newer Draftroom/,
    );
  });
});

describe('[K2] one server per database', () => {
  it('a second server on the same database is refused while the first runs, and starts once it has stopped', async () => {
    const databaseUrl = await postgres.newDatabase();
    const first = await startServer(tempDataDir(), { config: { databaseUrl } });
    const secondDir = tempDataDir();
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(startServer(secondDir, { config: { databaseUrl } })).rejects.toThrow(/another Draftroom server is using the database/);
    }
    await first.close();
    removeDataDir(first.dataDir);
    const second = await startServer(secondDir, { config: { databaseUrl } });
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    await second.close();
    removeDataDir(secondDir);
  });
});

/** A room on PostgreSQL where an expert typed `first` and it was saved, a moderator watching, and the notices each got. */
async function typingRoom(title: string, first: string) {
  const room = await roomOnPostgres(title);
  const sender = room.connect(room.invites.expert.token, { name: 'Typist', delegation: 'Austria' });
  const bystander = room.connect(room.invites.moderator.token, { name: 'Mira Vogt', delegation: 'Secretariat' });
  const notices: ServerNotice[] = collectNotices(sender);
  const heard: ServerNotice[] = collectNotices(bystander);
  await Promise.all([synced(sender), synced(bystander)]);
  textIn(sender.fragment.get(0) as Y.XmlElement).insert(0, first);
  await waitFor(async () => (await room.blocks())[0]?.text === first, 'the first text saved');
  return { room, sender, notices, heard };
}

describe('[K3] PostgreSQL goes away while people type', () => {
  it('the sender is told and given its words back, /healthz says degraded, and the room saves again by itself once PostgreSQL is back', async () => {
    const { room, sender, notices, heard } = await typingRoom('Outage', 'Saved before the outage.');

    postgres.down();
    try {
      // Asked directly, before anyone writes: the database does not answer.
      const health = await fetch(`${room.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'degraded', store: 'postgres', database: 'down' });
      sender.fragment.insert(1, [newParagraph('Typed during the outage.')]);
      await waitFor(() => notices.some((n) => n.type === 'refused' && n.reason === 'E_SAVE_FAILED'), 'the sender to be told');
      await waitFor(
        () => blockTexts(sender.fragment).join('|') === 'Saved before the outage.',
        'the sender to be given the saved text back',
      );
      await waitFor(() => heard.some((n) => n.type === 'saving' && n.ok === false), 'everyone to be told saving failed');
      expect((await fetch(`${room.url}/healthz`)).status).toBe(503);
    } finally {
      postgres.up();
    }
    await waitFor(() => heard.some((n) => n.type === 'saving' && n.ok === true), 'the room to say saving works again', 15_000);
    expect(await (await fetch(`${room.url}/healthz`)).json()).toMatchObject({ status: 'ok', store: 'postgres', database: 'ok' });
    sender.fragment.insert(1, [newParagraph('Typed after the outage.')]);
    await waitFor(async () => (await room.blocks()).length === 2, 'the new paragraph saved');
    await room.restart();
    expect((await room.blocks()).map((b) => b.text)).toEqual(['Saved before the outage.', 'Typed after the outage.']);
  });
});

describe('[K3] PostgreSQL stops answering (its processes stopped where they stand) while people type', () => {
  it('the server keeps answering: the first statement waits out its bound, the rest fail at once; the room saves again once PostgreSQL answers', async () => {
    const { room, sender, notices, heard } = await typingRoom('Hung database', 'Saved before the hang.');

    postgres.freeze();
    try {
      sender.fragment.insert(1, [newParagraph('Typed while the database hung.')]);
      await waitFor(() => notices.some((n) => n.type === 'refused' && n.reason === 'E_SAVE_FAILED'), 'the sender to be told', 10_000);
      await waitFor(() => blockTexts(sender.fragment).join('|') === 'Saved before the hang.', 'the sender to be given the saved text back');
      // Once one statement has gone unanswered, the server does not wait for the database again:
      // ten health checks in a row are answered, each saying the database does not answer.
      for (let check = 0; check < 10; check++) {
        const health = await fetch(`${room.url}/healthz`, { signal: AbortSignal.timeout(1_000) });
        expect(health.status).toBe(503);
      }
      expect(heard.some((n) => n.type === 'saving' && n.ok === false)).toBe(true);
    } finally {
      postgres.thaw();
    }
    await waitFor(() => heard.some((n) => n.type === 'saving' && n.ok === true), 'the room to say saving works again', 15_000);
    sender.fragment.insert(1, [newParagraph('Typed after the hang.')]);
    await waitFor(async () => (await room.blocks()).length === 2, 'the new paragraph saved');
    await room.restart();
    expect((await room.blocks()).map((b) => b.text)).toEqual(['Saved before the hang.', 'Typed after the hang.']);
  });
});
