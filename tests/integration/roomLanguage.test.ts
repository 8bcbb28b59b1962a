/**
 * A room's working language and time zone (PROTOCOL.md G1), over HTTP against a real server
 * and SQLite: set at creation, checked, returned to every role, changed by the adviser only,
 * announced to open pages, and the server's default zone for rooms that name none.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.js';
import { ADMIN_TOKEN, removeDataDir, startServer, tempDataDir, type RunningServer } from '../helpers/testServer.js';
import { api, createRoom } from '../helpers/api.js';
import { connect, synced, type TestClient } from '../helpers/yClient.js';
import { collectNotices } from '../helpers/notices.js';
import { waitFor } from '../helpers/waitFor.js';
import type { CreatedDocument } from '../../shared/api.js';

let server: RunningServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  if (server) {
    await server.close();
    removeDataDir(server.dataDir);
  }
  server = undefined;
});

async function create(body: Record<string, unknown>, token = ADMIN_TOKEN) {
  return api(server!.url, 'POST', '/api/documents', token, body);
}

describe('[G1] the room’s language and time zone', () => {
  it('are set at creation and returned by the room and the session, to every role', async () => {
    server = await startServer();
    const created = await create({ title: 'Заключения', language: 'ru', timeZone: 'Asia/Almaty' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ language: 'ru', timeZone: 'Asia/Almaty' });
    const room = created.json as CreatedDocument;
    for (const role of ['adviser', 'moderator', 'expert', 'observer'] as const) {
      const token = room.invites[role].token;
      expect((await api(server.url, 'GET', `/api/documents/${room.id}`, token)).json).toMatchObject({
        id: room.id,
        language: 'ru',
        timeZone: 'Asia/Almaty',
      });
      expect((await api(server.url, 'GET', '/api/session', token)).json).toMatchObject({
        docId: room.id,
        language: 'ru',
        timeZone: 'Asia/Almaty',
      });
    }
  });

  it('default to English and Europe/Vienna, or the zone ROOM_TIME_ZONE names; a zone is kept by its canonical name', async () => {
    server = await startServer();
    expect((await create({ title: 'Plain' })).json).toMatchObject({ language: 'en', timeZone: 'Europe/Vienna' });
    expect((await create({ title: 'Lower case', timeZone: 'europe/warsaw' })).json).toMatchObject({ timeZone: 'Europe/Warsaw' });
    // Not ICU's older alias (Europe/Kiev): the name as the IANA database now writes it.
    expect((await create({ title: 'Kyiv', timeZone: 'Europe/Kyiv' })).json).toMatchObject({ timeZone: 'Europe/Kyiv' });
    await server.close();
    removeDataDir(server.dataDir);
    server = await startServer(tempDataDir(), { config: { roomTimeZone: 'Europe/Tallinn' } });
    expect((await create({ title: 'Tallinn' })).json).toMatchObject({ language: 'en', timeZone: 'Europe/Tallinn' });
  });

  it('a ROOM_TIME_ZONE that is not a zone stops the start with one line naming it', () => {
    expect(() => readConfig({ ROOM_TIME_ZONE: 'Vienna' })).toThrow(/^ROOM_TIME_ZONE "Vienna" is not an IANA time zone/);
    expect(readConfig({ ROOM_TIME_ZONE: 'asia/tbilisi' }).roomTimeZone).toBe('Asia/Tbilisi');
  });

  it.each([
    ['a language not on the list', { language: 'xx' }],
    ['a tag with a region', { language: 'en-US' }],
    ['a tag in capitals', { language: 'RU' }],
    ['an unknown zone', { timeZone: 'Mars/Olympus_Mons' }],
    ['an offset for a zone', { timeZone: '+02:00' }],
    ['free text for a zone', { timeZone: 'Vienna time, please' }],
  ])('%s is refused with 400 at creation and in the settings, and nothing changes', async (_what, body) => {
    server = await startServer();
    const refused = await create({ title: 'Refused', ...body });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('E_BAD_REQUEST');
    const room = await createRoom(server.url, 'Kept');
    const change = await api(server.url, 'PATCH', `/api/documents/${room.id}`, room.invites.adviser.token, body);
    expect(change.status).toBe(400);
    expect((await api(server.url, 'GET', `/api/documents/${room.id}`, room.invites.observer.token)).json).toMatchObject({
      language: 'en',
      timeZone: 'Europe/Vienna',
    });
  });

  it('the adviser and the admin change them; a moderator, an expert and an observer may not; open pages are told', async () => {
    server = await startServer();
    const room = await createRoom(server.url, 'Settings');
    const expert = connect(server.wsUrl, room.id, room.invites.expert.token, { name: 'Eva', delegation: 'Estonia' });
    clients.push(expert);
    const notices = collectNotices(expert);
    await synced(expert);
    for (const role of ['moderator', 'expert', 'observer'] as const) {
      const refused = await api(server.url, 'PATCH', `/api/documents/${room.id}`, room.invites[role].token, { language: 'fr' });
      expect(refused.status, role).toBe(403);
    }
    const changed = await api(server.url, 'PATCH', `/api/documents/${room.id}`, room.invites.adviser.token, { language: 'fr' });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ language: 'fr', timeZone: 'Europe/Vienna' });
    await waitFor(
      () => notices.some((n) => n.type === 'room-event' && n.event.kind === 'room-settings' && n.event.detail?.language === 'fr'),
      'the room-settings event',
    );
    expect((await api(server.url, 'PATCH', `/api/documents/${room.id}`, ADMIN_TOKEN, { timeZone: 'Europe/Vilnius' })).json).toMatchObject({
      language: 'fr',
      timeZone: 'Europe/Vilnius',
    });
    expect((await api(server.url, 'GET', '/api/session', room.invites.expert.token)).json).toMatchObject({
      language: 'fr',
      timeZone: 'Europe/Vilnius',
    });
    expect((await api(server.url, 'PATCH', `/api/documents/${room.id}`, room.invites.adviser.token, {})).status).toBe(400);
    expect((await api(server.url, 'PATCH', `/api/documents/${room.id}`, room.invites.adviser.token, { title: 'Renamed' })).status).toBe(
      400,
    );
  });

  it('a room made before rooms had a language works in English, in the server’s default zone', async () => {
    server = await startServer();
    const room = await createRoom(server.url, 'Old room');
    const dataDir = server.dataDir;
    await server.close();
    // As the migration leaves a room made before it: the language column's default, no zone.
    const db = new Database(join(dataDir, 'draftroom.sqlite'));
    db.prepare("UPDATE documents SET language = 'en', time_zone = NULL WHERE id = ?").run(room.id);
    db.close();
    server = await startServer(dataDir, { config: { roomTimeZone: 'Europe/Riga' } });
    expect((await api(server.url, 'GET', `/api/documents/${room.id}`, room.invites.observer.token)).json).toMatchObject({
      language: 'en',
      timeZone: 'Europe/Riga',
    });
  });
});
