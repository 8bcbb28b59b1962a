/**
 * A failed write never takes the process down, and nobody loses a word without being told
 * (PROTOCOL.md F1, F2). First with a store whose writes are made to fail on demand (every
 * path, deterministically), then with a real full disk: a small tmpfs as DATA_DIR, a server
 * process, an expert pushing long paragraphs until the disk is full, then space freed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { startServerProcess, ADMIN_TOKEN, type ServerProcess } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { openTestRoom } from '../helpers/roomFixture.js';
import { blockTexts, connect, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { collectNotices } from '../helpers/notices.js';
import { waitFor } from '../helpers/waitFor.js';
import type { ServerNotice } from '../../shared/protocol.js';
import type { CreatedDocument } from '../../shared/api.js';

const clients: TestClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

function join(wsUrl: string, room: CreatedDocument, role: 'expert' | 'moderator' = 'expert'): TestClient & { notices: ServerNotice[] } {
  const client = connect(wsUrl, room.id, room.invites[role].token, { name: `${role} ${clients.length + 1}`, delegation: 'Testland' });
  clients.push(client);
  return Object.assign(client, { notices: collectNotices(client) });
}

function saving(client: { notices: ServerNotice[] }): Extract<ServerNotice, { type: 'saving' }> | undefined {
  return client.notices.filter((n): n is Extract<ServerNotice, { type: 'saving' }> => n.type === 'saving').at(-1);
}

const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

describe('[F1] a store whose writes fail', () => {
  let failing = false;

  async function setup() {
    const room = await openTestRoom({ title: 'Failing disk' });
    const store = room.server.ctx.store;
    // Every write path of the store fails while `failing` is set, as on a full disk.
    for (const method of ['appendUpdate', 'transaction', 'probeWrite', 'compact'] as const) {
      const real = (store[method] as (...args: unknown[]) => unknown).bind(store);
      (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        if (failing) throw diskFull();
        return real(...args);
      };
    }
    const sender = join(room.wsUrl, room);
    const bystander = join(room.wsUrl, room, 'moderator');
    await Promise.all([synced(sender), synced(bystander)]);
    textIn(sender.fragment.get(0) as Y.XmlElement).insert(0, 'Saved before the disk filled.');
    await waitFor(
      async () => (await blocks(room.url, room.id, ADMIN_TOKEN))[0]?.text === 'Saved before the disk filled.',
      'the first text saved',
    );
    return { room, sender, bystander };
  }

  afterEach(() => {
    failing = false;
  });

  it('the sender is restored with a notice, the room says saving failed and from when, /healthz is 503, the process stays up; it recovers by itself', async () => {
    const { room, sender, bystander } = await setup();
    failing = true;
    sender.fragment.insert(1, [newParagraph('Typed while the disk was full.')]);

    await waitFor(() => sender.notices.some((n) => n.type === 'refused' && n.reason === 'E_SAVE_FAILED'), 'the sender to be told');
    await waitFor(
      () => blockTexts(sender.fragment).join('|') === 'Saved before the disk filled.',
      'the sender to converge back to what is saved',
    );
    await waitFor(() => saving(bystander)?.ok === false, 'everyone to be told saving failed');
    expect(saving(bystander)!.message).toMatch(/Saving has failed since \d\d:\d\d UTC \(the disk is full\)/);
    expect(blockTexts(bystander.fragment)).toEqual(['Saved before the disk filled.']);

    const health = await fetch(`${room.url}/healthz`);
    expect(health.status).toBe(503);
    expect((await health.json()).reason).toMatch(/disk is full/);
    const metrics = (await api(room.url, 'GET', '/metrics', ADMIN_TOKEN)).text;
    expect(metrics).toMatch(/draftroom_store_write_failures_total [1-9]/);
    expect(metrics).toMatch(/draftroom_rooms_unable_to_save 1/);

    // Server actions are refused while the room cannot save, and change nothing.
    const [block] = await blocks(room.url, room.id, ADMIN_TOKEN);
    const lock = await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${block!.id}/lock`, room.invites.moderator.token);
    expect(lock.status).toBe(503);
    expect(lock.json.error.code).toBe('E_UNAVAILABLE');
    expect((await blocks(room.url, room.id, ADMIN_TOKEN))[0]!.locked).toBe(false);

    // A newcomer hears it too.
    const late = join(room.wsUrl, room);
    await waitFor(() => saving(late)?.ok === false, 'a newcomer to be told');

    // The disk has room again: within a few seconds the room saves, says so, and takes typing.
    failing = false;
    await waitFor(() => saving(bystander)?.ok === true, 'everyone to be told saving works again', 6_000);
    expect((await fetch(`${room.url}/healthz`)).status).toBe(200);
    textIn(sender.fragment.get(0) as Y.XmlElement).insert(0, 'After. ');
    await waitFor(() => blockTexts(bystander.fragment)[0] === 'After. Saved before the disk filled.', 'typing to work again');
    await waitFor(
      async () => (await blocks(room.url, room.id, ADMIN_TOKEN))[0]?.text === 'After. Saved before the disk filled.',
      'the server to hold it',
    );
  });

  it('the second and the tenth failing change are undone the same way, and every client agrees afterwards', async () => {
    const { room, sender, bystander } = await setup();
    failing = true;
    for (let attempt = 1; attempt <= 10; attempt++) {
      sender.notices.length = 0;
      const first = sender.fragment.get(0) as Y.XmlElement;
      sender.doc.transact(() => {
        textIn(first).insert(0, `Attempt ${attempt}. `);
        if (attempt % 3 === 0) sender.fragment.insert(1, [newParagraph(`Paragraph ${attempt}.`)]);
        if (attempt % 4 === 0) textIn(first).delete(0, 5);
      });
      await waitFor(
        () => sender.notices.some((n) => n.type === 'refused' && n.reason === 'E_SAVE_FAILED'),
        `the sender to be told (attempt ${attempt})`,
      );
      await waitFor(
        () => blockTexts(sender.fragment).join('|') === 'Saved before the disk filled.',
        `the sender to converge (attempt ${attempt})`,
      );
    }
    failing = false;
    await waitFor(() => saving(bystander)?.ok === true, 'saving to work again', 6_000);
    const fresh = join(room.wsUrl, room);
    await synced(fresh);
    for (const client of [sender, bystander, fresh]) expect(blockTexts(client.fragment)).toEqual(['Saved before the disk filled.']);
    // What the room holds is what a restart loads.
    for (const client of clients.splice(0)) client.destroy();
    await room.restart();
    expect((await blocks(room.url, room.id, ADMIN_TOKEN)).map((b) => b.text)).toEqual(['Saved before the disk filled.']);
  });

  it('[F2] an accepted amendment whose save fails leaves neither the text change nor the decision; accepted again, it applies once', async () => {
    const { room, bystander } = await setup();
    const [block] = await blocks(room.url, room.id, ADMIN_TOKEN);
    const proposal = await api(room.url, 'POST', `/api/documents/${room.id}/amendments`, room.invites.expert.token, {
      blockId: block!.id,
      kind: 'insert-after',
      text: 'Added once.',
    });
    expect(proposal.status).toBe(201);
    failing = true;
    const refused = await api(
      room.url,
      'POST',
      `/api/documents/${room.id}/amendments/${proposal.json.id}/accept`,
      room.invites.moderator.token,
    );
    expect(refused.status).toBe(503);
    expect((await blocks(room.url, room.id, ADMIN_TOKEN)).map((b) => b.text)).toEqual(['Saved before the disk filled.']);
    expect((await api(room.url, 'GET', `/api/documents/${room.id}/amendments`, ADMIN_TOKEN)).json[0].status).toBe('pending');
    failing = false;
    await waitFor(() => saving(bystander)?.ok === true, 'saving to work again', 6_000);
    const accepted = await api(
      room.url,
      'POST',
      `/api/documents/${room.id}/amendments/${proposal.json.id}/accept`,
      room.invites.moderator.token,
    );
    expect(accepted.status).toBe(200);
    const again = await api(
      room.url,
      'POST',
      `/api/documents/${room.id}/amendments/${proposal.json.id}/accept`,
      room.invites.moderator.token,
    );
    expect(again.status).toBe(409);
    expect((await blocks(room.url, room.id, ADMIN_TOKEN)).map((b) => b.text)).toEqual(['Saved before the disk filled.', 'Added once.']);
    await waitFor(
      () => blockTexts(bystander.fragment).join('|') === 'Saved before the disk filled.|Added once.',
      'the bystander to see it once',
    );
  });
});

describe('[F1] a real full disk', () => {
  let mountPoint: string | null = null;
  let server: ServerProcess | null = null;

  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = null;
    if (mountPoint !== null) {
      execFileSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
      mountPoint = null;
    }
  });

  it('the server process outlives a full disk, undoes what it could not save, and every acknowledged paragraph survives a restart', {
    timeout: 60_000,
  }, async () => {
    mountPoint = mkdtempSync(joinPath(tmpdir(), 'draftroom-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint]);
    const dataDir = joinPath(mountPoint, 'data');
    server = await startServerProcess(dataDir);
    const room = (await api(server.url, 'POST', '/api/documents', ADMIN_TOKEN, { title: 'Full disk' })).json as CreatedDocument;
    const sender = join(server.wsUrl, room);
    const bystander = join(server.wsUrl, room, 'moderator');
    await Promise.all([synced(sender), synced(bystander)]);
    // Leave little room: a filler file takes the rest of the disk.
    const free = Number(execFileSync('df', ['--output=avail', '-B1', mountPoint], { encoding: 'utf8' }).split('\n')[1]);
    const filler = joinPath(mountPoint, 'filler');
    writeFileSync(filler, Buffer.alloc(Math.max(0, free - 400 * 1024)));

    const acknowledged: string[] = [];
    for (let i = 0; i < 60 && !sender.notices.some((n) => n.type === 'refused' && n.reason === 'E_SAVE_FAILED'); i++) {
      const text = `Paragraph ${i}: ${'word '.repeat(3_900)}`.trim();
      sender.fragment.insert(sender.fragment.length, [newParagraph(text)]);
      await waitFor(
        () =>
          blockTexts(bystander.fragment).includes(text) || sender.notices.some((n) => n.type === 'refused' && n.reason === 'E_SAVE_FAILED'),
        `paragraph ${i} to be saved and broadcast, or refused`,
        10_000,
      );
      if (blockTexts(bystander.fragment).includes(text)) acknowledged.push(text);
    }
    expect(
      sender.notices.some((n) => n.type === 'refused' && n.reason === 'E_SAVE_FAILED'),
      'the disk filled up',
    ).toBe(true);
    expect(server.child.exitCode).toBeNull();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    await waitFor(
      () => blockTexts(sender.fragment).join('|') === blockTexts(bystander.fragment).join('|'),
      'the sender to converge to what was saved',
    );

    // Space again: the room recovers by itself, then a restart (SIGKILL) keeps every acknowledged paragraph.
    rmSync(filler);
    await waitFor(async () => (await fetch(`${server!.url}/healthz`)).status === 200, '/healthz to answer 200 again', 10_000);
    await server.stop('SIGKILL');
    server = await startServerProcess(dataDir);
    const texts = (await blocks(server.url, room.id, ADMIN_TOKEN)).map((b) => b.text);
    for (const text of acknowledged) expect(texts).toContain(text);
    expect(acknowledged.length).toBeGreaterThan(0);
  });
});
