/**
 * Issue 10, "no participant can take the room down", tried over real HTTP against a real
 * server with real invites, as an attacker would: floods of writes meet 429 with a
 * Retry-After that is honoured (H1), room creation is bounded per token, paragraphs hold
 * bounded numbers of comments and pending amendments (H2), threads stay flat (C2), and only
 * a comment's author, a moderator or the adviser resolves it (C3). After each flood the room
 * is healthy (/healthz within 100 ms, a fresh client, every export).
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import {
  HTTP_WRITE_BURST,
  HTTP_WRITES_PER_MINUTE,
  MAX_COMMENT_CHARS,
  MAX_COMMENTS_PER_BLOCK,
  MAX_PENDING_AMENDMENTS_PER_BLOCK,
  ROOM_CREATION_BURST,
} from '../../shared/limits.js';
import type { DocJson } from '../../server/rooms/createRoom.js';
import type { WriteLimits } from '../../server/http/writeLimits.js';
import { ADMIN_TOKEN, type ServerOptions } from '../helpers/testServer.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { expectRoomHealthy } from '../helpers/roomHealth.js';

interface Answer {
  status: number;
  json: any;
  retryAfter: string | null;
}
interface Identity {
  name: string;
  delegation: string;
}

/** A server whose HTTP write allowances are `writeLimits` (the defaults when not given). */
function limited(writeLimits?: Partial<WriteLimits>): ServerOptions {
  return writeLimits ? { config: { writeLimits } } : {};
}

/** One HTTP call to the room's server with `token`, naming `who` as a role-link holder does. */
async function call(room: TestRoom, token: string, method: string, path: string, body?: unknown, who?: Identity): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (who) {
    headers['x-draftroom-name'] = encodeURIComponent(who.name);
    headers['x-draftroom-delegation'] = encodeURIComponent(who.delegation);
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(room.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json, retryAfter: response.headers.get('retry-after') };
}

/** A named invite issued by the room's adviser over the API, as the chair would. */
async function namedInvite(room: TestRoom, role: string, who: Identity): Promise<string> {
  const issued = await call(room, room.invites.adviser.token, 'POST', `/api/documents/${room.id}/invites`, { role, ...who });
  expect(issued.status).toBe(201);
  return issued.json.token as string;
}

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const TWO_PARAGRAPHS: DocJson = {
  type: 'doc',
  content: [paragraph('The participants welcomed the report.'), paragraph('They agreed to meet again.')],
};

/** A room with two paragraphs, on a server of its own with these write allowances; returns it and their ids. */
async function roomWithText(writeLimits?: Partial<WriteLimits>): Promise<{ room: TestRoom; ids: string[] }> {
  const room = await openTestRoom({ title: 'Closing session', document: TWO_PARAGRAPHS, server: limited(writeLimits) });
  return { room, ids: (await room.blocks()).map((b) => b.id) };
}

/** `count` calls, `concurrency` at a time; their answers in order. */
async function inBatches(count: number, concurrency: number, one: (i: number) => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let start = 0; start < count; start += concurrency) {
    answers.push(...(await Promise.all(Array.from({ length: Math.min(concurrency, count - start) }, (_, k) => one(start + k)))));
  }
  return answers;
}

function expectRateLimited(answer: Answer, says: RegExp): void {
  expect(answer.status).toBe(429);
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(answer.json.error.code).toBe('E_RATE_LIMITED');
  expect(answer.json.error.message).toMatch(says);
  expect(answer.json.error.message).toMatch(/retry in \d+ s/);
}

describe('writes over HTTP are rate limited', () => {
  it('[H1] 2,000 comments of 4,000 characters from one expert invite: 429 from the seventh burst of 20 to the hundredth; others still write; the room stays healthy', async () => {
    const room = await openTestRoom({ title: 'Flooded room' });
    const [blockId] = (await room.blocks()).map((b) => b.id);
    const mallory = await namedInvite(room, 'expert', { name: 'Mallory', delegation: 'Nowhere' });
    const text = 'A'.repeat(MAX_COMMENT_CHARS);

    const started = performance.now();
    const bursts: Answer[][] = [];
    for (let burst = 0; burst < 100; burst++) {
      bursts.push(
        await Promise.all(
          Array.from({ length: 20 }, () => call(room, mallory, 'POST', `/api/documents/${room.id}/comments`, { blockId, text })),
        ),
      );
    }
    const elapsedMs = performance.now() - started;

    const accepted = bursts.flat().filter((a) => a.status === 201).length;
    expect(bursts.flat().every((a) => a.status === 201 || a.status === 429)).toBe(true);
    expect(accepted).toBeGreaterThanOrEqual(HTTP_WRITE_BURST);
    expect(accepted).toBeLessThanOrEqual(HTTP_WRITE_BURST + Math.ceil((elapsedMs / 60_000) * HTTP_WRITES_PER_MINUTE) + 1);
    const firstRefused = bursts.findIndex((burst) => burst.some((a) => a.status === 429));
    expect(firstRefused).toBeLessThanOrEqual(HTTP_WRITE_BURST / 20);
    for (const burst of bursts.slice(firstRefused)) expect(burst.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(15);
    const refused = bursts[99]!.find((a) => a.status === 429)!;
    expectRateLimited(refused, /at most 120 writes at once, then 60 a minute, per invitation/);
    expect(refused.json.error.message).not.toContain(mallory);

    // Reads are not limited, and the flood costs nobody else their writes.
    const read = await call(room, mallory, 'GET', `/api/documents/${room.id}/comments`);
    expect(read.status).toBe(200);
    expect(read.json).toHaveLength(accepted);
    const moderator = await call(
      room,
      room.invites.moderator.token,
      'POST',
      `/api/documents/${room.id}/comments`,
      { blockId, text: 'Order, please.' },
      { name: 'Maria Rossi', delegation: 'Chairmanship' },
    );
    expect(moderator.status).toBe(201);
    await expectRoomHealthy(room.url, room.wsUrl, room);
  });

  it('[H1] Retry-After is honoured: after waiting that long a write succeeds; a role link limits each name and the link as a whole; the admin token is limited too; reads and bad tokens are not', async () => {
    // A person: 3 at once, then one a second. A role link together, and the admin token: 9 at once, then 3 a second.
    const { room, ids } = await roomWithText({ burst: 3, perMinute: 60, sharedFactor: 3 });
    const comment = (token: string, text: string, who?: Identity) =>
      call(room, token, 'POST', `/api/documents/${room.id}/comments`, { blockId: ids[0], text }, who);
    const anna = await namedInvite(room, 'expert', { name: 'Anna Novak', delegation: 'Austria' });
    // Writes sent at once arrive within milliseconds, so what refills meanwhile does not blur the counts.
    const atOnce = (count: number, write: (i: number) => Promise<Answer>) => inBatches(count, count, write);

    const sent = await atOnce(4, (i) => comment(anna, `Remark ${i}`));
    expect(sent.filter((a) => a.status === 201)).toHaveLength(3);
    const refused = sent.find((a) => a.status === 429)!;
    expectRateLimited(refused, /at most 3 writes at once, then 60 a minute, per invitation/);
    expect(refused.retryAfter).toBe('1');
    expect((await call(room, anna, 'GET', `/api/documents/${room.id}/comments`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Number(refused.retryAfter) * 1000));
    expect((await comment(anna, 'After waiting as told')).status).toBe(201);

    // One role link: each name has its own allowance, and all its names together share the link's.
    const link = room.invites.expert.token;
    const karl = await atOnce(4, (i) => comment(link, `Karl ${i}`, { name: 'Karl Weber', delegation: 'Germany' }));
    expect(karl.filter((a) => a.status === 201)).toHaveLength(3);
    expectRateLimited(karl.find((a) => a.status === 429)!, /at most 3 writes at once, then 60 a minute, per person on a role link/);
    const names = ['Jean Dupont', 'Lena Berg', 'Omar Haddad', 'Mallory'];
    const many = await atOnce(12, (i) => comment(link, `Name ${i}`, { name: names[i % 4]!, delegation: 'Somewhere' }));
    const manyRefused = many.filter((a) => a.status === 429);
    expect(manyRefused.length).toBeGreaterThanOrEqual(4); // the link had 6 of 9 left
    for (const answer of manyRefused)
      expectRateLimited(answer, /at most 9 writes at once, then 180 a minute, from everyone on one role link together/);

    // The admin token is limited as well (creating this room took nothing over HTTP).
    const invites = await atOnce(12, () => call(room, ADMIN_TOKEN, 'POST', `/api/documents/${room.id}/invites`, { role: 'observer' }));
    expect(invites.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(9);
    expect(invites.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(2);
    expectRateLimited(invites.find((a) => a.status === 429)!, /with the admin token/);

    // A forged token is refused by the route (401), not counted against anyone.
    expect((await call(room, `${anna}x`, 'POST', `/api/documents/${room.id}/comments`, { blockId: ids[0], text: 'forged' })).status).toBe(
      401,
    );
  });

  it('[H1] 300 rooms from one adviser token: 20 are made, the rest get 429 with a Retry-After; the adviser can still write and the admin can still make rooms', async () => {
    const room = await openTestRoom({ title: 'Adviser’s room' });
    const adviser = room.invites.adviser.token;
    const answers = await inBatches(300, 30, (i) =>
      call(room, adviser, 'POST', '/api/documents', { title: `Spam ${i}` }, { name: 'Mallory', delegation: 'Nowhere' }),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(ROOM_CREATION_BURST);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(300 - ROOM_CREATION_BURST);
    expectRateLimited(refused.at(-1)!, /at most 20 new rooms at once, then 20 an hour, per invitation/);
    expect(Number(refused.at(-1)!.retryAfter)).toBeGreaterThan(60);
    // Another name on the same adviser link does not get a fresh allowance of rooms, nor does another spelling of the path.
    expect(
      (await call(room, adviser, 'POST', '/api/documents', { title: 'Another name' }, { name: 'Someone else', delegation: '' })).status,
    ).toBe(429);
    expect((await call(room, adviser, 'POST', '/%61pi/documents', { title: 'Encoded path' })).status).toBe(429);

    expect((await call(room, adviser, 'POST', `/api/documents/${room.id}/invites`, { role: 'expert', name: 'Anna Novak' })).status).toBe(
      201,
    );
    expect((await call(room, ADMIN_TOKEN, 'POST', '/api/documents', { title: 'The operator’s room' })).status).toBe(201);
    await expectRoomHealthy(room.url, room.wsUrl, room);
  });
});

describe('what a paragraph may hold', () => {
  it('[H2] a paragraph holds at most 400 comments and 100 pending amendments (409 E_TOO_MANY, naming the bound); other paragraphs are unaffected; deciding makes room', async () => {
    const { room, ids } = await roomWithText({ burst: 100_000, perMinute: 100_000 });
    const anna = await namedInvite(room, 'expert', { name: 'Anna Novak', delegation: 'Austria' });
    const jean = await namedInvite(room, 'expert', { name: 'Jean Dupont', delegation: 'France' });
    const comments = `/api/documents/${room.id}/comments`;

    const first = await call(room, anna, 'POST', comments, { blockId: ids[0], text: 'First.' });
    const filled = await inBatches(MAX_COMMENTS_PER_BLOCK - 1, 25, (i) =>
      call(
        room,
        i % 2 ? anna : jean,
        'POST',
        comments,
        i % 3 ? { blockId: ids[0], text: `Reply ${i}`, parentId: first.json.id } : { blockId: ids[0], text: `Thread ${i}` },
      ),
    );
    expect(filled.every((a) => a.status === 201)).toBe(true);
    for (const attempt of [
      { blockId: ids[0], text: 'One thread more' },
      { blockId: ids[0], text: 'One reply more', parentId: first.json.id },
    ]) {
      const full = await call(room, jean, 'POST', comments, attempt);
      expect(full.status).toBe(409);
      expect(full.json.error.code).toBe('E_TOO_MANY');
      expect(full.json.error.message).toContain(`${MAX_COMMENTS_PER_BLOCK}`);
      expect(full.json.error.message).toContain('paragraph 1');
    }
    expect((await call(room, jean, 'POST', comments, { blockId: ids[1], text: 'Elsewhere.' })).status).toBe(201);
    expect((await call(room, anna, 'GET', `${comments}?blockId=${ids[0]}`)).json).toHaveLength(MAX_COMMENTS_PER_BLOCK);

    const amendments = `/api/documents/${room.id}/amendments`;
    const proposed = await inBatches(MAX_PENDING_AMENDMENTS_PER_BLOCK, 25, (i) =>
      call(room, i % 2 ? anna : jean, 'POST', amendments, {
        blockId: ids[0],
        kind: i % 2 ? 'insert-after' : 'replace',
        text: `Proposal ${i}.`,
      }),
    );
    expect(proposed.every((a) => a.status === 201)).toBe(true);
    const refused = await call(room, anna, 'POST', amendments, { blockId: ids[0], kind: 'delete' });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({
      code: 'E_TOO_MANY',
      message: expect.stringContaining(`${MAX_PENDING_AMENDMENTS_PER_BLOCK} pending`),
    });
    expect((await call(room, anna, 'POST', amendments, { blockId: ids[1], kind: 'delete' })).status).toBe(201);
    const moderator = { name: 'Maria Rossi', delegation: 'Chairmanship' };
    expect(
      (await call(room, room.invites.moderator.token, 'POST', `${amendments}/${proposed[0]!.json.id}/reject`, undefined, moderator)).status,
    ).toBe(200);
    expect((await call(room, anna, 'POST', amendments, { blockId: ids[0], kind: 'delete' })).status).toBe(201);
    await expectRoomHealthy(room.url, room.wsUrl, room);
  });
});

describe('comment threads', () => {
  it('[C2] replies stay flat: a reply to a reply joins the thread’s first comment, however long the chain', async () => {
    const { room, ids } = await roomWithText({ burst: 10_000, perMinute: 10_000 });
    const anna = await namedInvite(room, 'expert', { name: 'Anna Novak', delegation: 'Austria' });
    const comments = `/api/documents/${room.id}/comments`;
    const first = await call(room, anna, 'POST', comments, { blockId: ids[0], text: 'Could we say "regularly"?' });
    let previous = first.json.id as number;
    for (let i = 0; i < 50; i++) {
      const reply = await call(room, anna, 'POST', comments, { blockId: ids[0], text: `Answer ${i}`, parentId: previous });
      expect(reply.status).toBe(201);
      expect(reply.json.parentId).toBe(first.json.id);
      previous = reply.json.id;
    }
    const listed = (await call(room, anna, 'GET', comments)).json as Array<{ id: number; parentId: number | null }>;
    expect(listed.filter((c) => c.parentId === null).map((c) => c.id)).toEqual([first.json.id]);
    expect(listed.filter((c) => c.parentId === first.json.id)).toHaveLength(50);
  });

  it('[C2] a chain of 1,500 replies stored before threads were flat is one thread after the upgrade', async () => {
    const { room, ids } = await roomWithText();
    const chain: number[] = [];
    await room.restart((dataDir) => {
      // The database as issue 5 left it (schema version 2), holding a chain of replies to replies:
      // what the later steps added is taken away again, newest first.
      const db = new Database(join(dataDir, 'draftroom.sqlite'));
      db.exec(`DROP TABLE client_authors; DROP TABLE clock_times; DROP TABLE edit_stretches; DROP TABLE silence_breaks; DROP TABLE silence_procedures;
             ALTER TABLE amendments DROP COLUMN decision_reason; ALTER TABLE lock_events DROP COLUMN reason;
             ALTER TABLE amendments DROP COLUMN base_text; ALTER TABLE invites DROP COLUMN scope;
             ALTER TABLE documents DROP COLUMN edit_mode; ALTER TABLE comments DROP COLUMN anchor; ALTER TABLE documents DROP COLUMN time_zone; ALTER TABLE documents DROP COLUMN language;
             DROP INDEX comments_by_block; DROP INDEX comments_by_parent; DROP INDEX amendments_by_block;
             ALTER TABLE comments DROP COLUMN author_invite_id;`);
      const insert = db.prepare(
        `INSERT INTO comments (doc_id, block_id, parent_id, author_name, author_delegation, text, created_at) VALUES (?, ?, ?, 'Mallory', 'Nowhere', ?, ?)`,
      );
      db.transaction(() => {
        for (let i = 0; i <= 1_500; i++)
          chain.push(Number(insert.run(room.id, ids[0], chain.at(-1) ?? null, `Link ${i}`, new Date().toISOString()).lastInsertRowid));
      })();
      db.pragma('user_version = 2');
      db.close();
    });
    const listed = (await call(room, room.invites.observer.token, 'GET', `/api/documents/${room.id}/comments`)).json as Array<{
      id: number;
      parentId: number | null;
    }>;
    expect(listed).toHaveLength(1_501);
    expect(listed[0]).toMatchObject({ id: chain[0], parentId: null });
    expect(listed.slice(1).every((c) => c.parentId === chain[0])).toBe(true);
  });

  it('[C3] only the author (same invite and name), a moderator or the adviser resolves a thread; another expert gets 403; canResolve says so to each', async () => {
    const { room, ids } = await roomWithText();
    const ANNA = { name: 'Anna Novak', delegation: 'Austria' };
    const anna = await namedInvite(room, 'expert', ANNA);
    const jean = await namedInvite(room, 'expert', { name: 'Jean Dupont', delegation: 'France' });
    const comments = `/api/documents/${room.id}/comments`;
    const resolve = (token: string, id: number, who?: Identity) => call(room, token, 'POST', `${comments}/${id}/resolve`, undefined, who);

    const annas = await call(room, anna, 'POST', comments, { blockId: ids[0], text: 'Could we say "regularly"?' });
    expect(annas.json.canResolve).toBe(true);
    const reply = await call(room, jean, 'POST', comments, { blockId: ids[0], text: 'Rather not.', parentId: annas.json.id });
    expect(reply.json).toMatchObject({ canResolve: false });
    expect((await call(room, jean, 'GET', comments)).json.map((c: { canResolve: boolean }) => c.canResolve)).toEqual([false, false]);
    const refused = await resolve(jean, annas.json.id);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: 'E_FORBIDDEN', message: expect.stringContaining('author') });
    expect((await resolve(anna, reply.json.id)).status).toBe(400); // a reply: threads are resolved whole
    const resolved = await resolve(anna, annas.json.id);
    expect(resolved.status).toBe(200);
    expect(resolved.json).toMatchObject({ resolvedBy: 'Anna Novak (Austria)', canResolve: true });

    // A moderator resolves anyone's thread.
    const jeans = await call(room, jean, 'POST', comments, { blockId: ids[1], text: 'A second point.' });
    const moderator = room.invites.moderator.token;
    const chair = { name: 'Maria Rossi', delegation: 'Chairmanship' };
    expect((await call(room, moderator, 'GET', `${comments}?blockId=${ids[1]}`, undefined, chair)).json[0].canResolve).toBe(true);
    expect((await resolve(moderator, jeans.json.id, chair)).status).toBe(200);

    // On a shared role link the name tells its holders apart.
    const link = room.invites.expert.token;
    const karls = await call(
      room,
      link,
      'POST',
      comments,
      { blockId: ids[1], text: 'From the link.' },
      { name: 'Karl Weber', delegation: 'Germany' },
    );
    expect((await resolve(link, karls.json.id, { name: 'Lena Berg', delegation: 'Germany' })).status).toBe(403);
    expect((await resolve(link, karls.json.id, { name: 'Karl Weber', delegation: 'Germany' })).status).toBe(200);
    // The same name under another invite is someone else.
    const annaOnLink = await call(room, link, 'POST', comments, { blockId: ids[1], text: 'Link Anna.' }, ANNA);
    expect((await resolve(anna, annaOnLink.json.id)).status).toBe(403);
  });
});
