/**
 * Impersonation in the record (issue 10), from the attacker's side, against a real server
 * with real invites: forged labels at invite creation, at websocket join and in the
 * x-draftroom-* headers (N1); acting for a delegation from a role link (N2); the adviser's
 * invites for every delegation from one pasted list, and links copied again (N3).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ADMIN_TOKEN } from '../helpers/testServer.js';
import { blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { awarenessFrame, closeOf, destroyRaw, handmadeAwarenessUpdate } from '../helpers/rawSocket.js';
import { synced, textIn, newParagraph, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { PARTICIPATING_STATES } from '../fixtures/participatingStates.js';
import { CloseCode } from '../../shared/protocol.js';

let room: TestRoom;

beforeEach(async () => {
  room = await openTestRoom({ title: 'Closing session: draft conclusions' });
});

interface Who {
  name?: string;
  delegation?: string;
}

/** An HTTP call with a token and, as a role link's client sends them, URI-encoded identity headers. */
async function call(token: string, method: string, path: string, body?: unknown, who: Who = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (who.name !== undefined) headers['x-draftroom-name'] = wtf8(who.name);
  if (who.delegation !== undefined) headers['x-draftroom-delegation'] = wtf8(who.delegation);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${room.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json, text };
}

/**
 * Percent-encodes as encodeURIComponent does, except that a lone surrogate goes out as its
 * WTF-8 bytes (%ED%A0%80) where encodeURIComponent throws: what a hostile client can send.
 */
function wtf8(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(value[i]!);
    }
  }
  return out;
}

const adviser = () => room.invites.adviser.token;
const invitesPath = () => `/api/documents/${room.id}/invites`;

async function issue(body: Record<string, unknown>) {
  return call(adviser(), 'POST', invitesPath(), body);
}

/** The token inside an invite link's fragment. */
function tokenOf(url: string): string {
  return new URL(url).hash.replace(/^#token=/, '');
}

function join(token: string, params: Record<string, string> = {}): TestClient {
  return room.connect(token, params);
}

/** The identity the server gives `subject` in presence, as another connection sees it. */
async function presenceOf(subject: TestClient, watcher: TestClient): Promise<Record<string, unknown>> {
  subject.provider.awareness.setLocalState({ cursor: null });
  const user = await waitFor(
    () => watcher.provider.awareness.getStates().get(subject.doc.clientID)?.user as Record<string, unknown> | undefined,
    'the watcher to see the subject',
  );
  return user!;
}

/** One paragraph with a known id, written through a stock client. */
async function oneParagraph(): Promise<string> {
  const writer = join(room.invites.expert.token, { name: 'Writer' });
  await synced(writer);
  writer.doc.transact(() => {
    textIn(writer.fragment.get(0) as Y.XmlElement).insert(0, 'The participants welcomed the report.');
    writer.fragment.insert(1, [newParagraph('States should exchange information.')]);
  });
  await waitFor(
    async () => (await blocks(room.url, room.id, room.invites.observer.token)).length === 2,
    'the paragraphs to reach the server',
  );
  return (await blocks(room.url, room.id, room.invites.observer.token))[0]!.id;
}

/** Forged labels and what the rule does with each: cleaned to `cleaned`, or refused. */
const FORGED: Array<{ what: string; raw: string; cleaned?: string }> = [
  { what: 'a right-to-left override (U+202E)', raw: 'Anna Novak\u202E', cleaned: 'Anna Novak' },
  { what: 'zero-width joiners and non-joiners', raw: 'An\u200Dna\u200C Novak\u200B', cleaned: 'Anna Novak' },
  { what: 'zero-width joiners inside a reserved label', raw: 'Admin\u200Dis\u200Dtrator' },
  { what: '"Administrator"', raw: 'Administrator' },
  { what: '" administrator. "', raw: ' administrator. ' },
  { what: 'a C1 control (U+009B)', raw: 'Anna\u009B Novak', cleaned: 'Anna Novak' },
  { what: 'a lone surrogate', raw: 'Anna\uD800 Novak', cleaned: 'Anna Novak' },
  { what: 'an 81-character name', raw: 'A'.repeat(81) },
];

describe('[N1] names, delegations and titles are cleaned, or refused', () => {
  it('[N1] at invite creation: each forged name is cleaned or refused with 400 E_LABEL_REFUSED, twice in a row, and a refusal issues nothing', async () => {
    for (const forged of FORGED) {
      for (const attempt of [1, 2]) {
        const before = (await call(adviser(), 'GET', invitesPath())).json.length;
        const answer = await issue({ role: 'expert', name: forged.raw, delegation: 'Austria' });
        if (forged.cleaned === undefined) {
          expect(answer.status, `${forged.what}, attempt ${attempt}`).toBe(400);
          expect(answer.json.error.code).toBe('E_LABEL_REFUSED');
          expect((await call(adviser(), 'GET', invitesPath())).json.length).toBe(before);
        } else {
          expect(answer.status, `${forged.what}, attempt ${attempt}`).toBe(201);
          expect(answer.json).toMatchObject({ name: forged.cleaned, delegation: 'Austria' });
          expect((await call(answer.json.token, 'GET', '/api/session')).json).toMatchObject({
            name: forged.cleaned,
            delegation: 'Austria',
          });
        }
      }
    }
    // Delegations meet the same rule: a delegation holding U+202E no longer reads as "Russia".
    const reversed = await issue({ role: 'expert', name: 'Ivan Petrov', delegation: '\u202Eaissur' });
    expect(reversed.json.delegation).toBe('aissur');
    const server_ = await issue({ role: 'expert', name: 'Ivan Petrov', delegation: 'Ｓｅｒｖｅｒ' });
    expect(server_.status).toBe(400);
    expect(server_.json.error.message).toContain('Server');
    expect((await issue({ role: 'expert', name: 'Anna (Austria)', delegation: 'France' })).json.error.code).toBe('E_LABEL_REFUSED');
    expect((await issue({ role: 'expert', name: '\u202E\u200B' })).status).toBe(400);
  });

  it('[N1] at websocket join on a role link: a refused name or delegation closes with 4400 before any data; a cleaned one shows cleaned, twice in a row', async () => {
    const watcher = join(room.invites.moderator.token, { name: 'Maria Rossi' });
    await synced(watcher);
    let clientId = 900_000;
    for (const forged of FORGED) {
      for (const attempt of [1, 2]) {
        for (const field of ['name', 'delegation'] as const) {
          const identity = { name: 'Anna Novak', delegation: 'Austria', [field]: forged.raw };
          const socket = room.raw({
            token: room.invites.expert.token,
            rawQuery: `name=${wtf8(identity.name)}&delegation=${wtf8(identity.delegation)}`,
          });
          const what = `${forged.what} as ${field}, attempt ${attempt}`;
          if (forged.cleaned === undefined) {
            const closed = await closeOf(socket);
            expect(closed.code, what).toBe(CloseCode.malformed);
            expect(closed.reason).toMatch(/^E_LABEL_REFUSED: /);
            expect(socket.messages).toEqual([]);
            continue;
          }
          await socket.opened;
          const ownId = ++clientId;
          socket.send(awarenessFrame(handmadeAwarenessUpdate([{ clientId: ownId, clock: 1, state: { cursor: null } }])));
          const seen = await waitFor(
            () => watcher.provider.awareness.getStates().get(ownId)?.user as Record<string, unknown> | undefined,
            `the watcher to see ${what}`,
          );
          expect(seen, what).toMatchObject({
            name: field === 'name' ? forged.cleaned : 'Anna Novak',
            delegation: field === 'delegation' ? forged.cleaned : 'Austria',
            delegationSelfDeclared: true,
          });
          destroyRaw(socket);
        }
      }
    }
    // The stock provider (as browsers encode it: a lone surrogate becomes U+FFFD) is cleaned alike.
    const stock = join(room.invites.expert.token, { name: 'Anna\uFFFD Novak\u202E', delegation: '\u202Eaissur' });
    await synced(stock);
    expect(await presenceOf(stock, watcher)).toMatchObject({ name: 'Anna Novak', delegation: 'aissur', delegationSelfDeclared: true });
  });

  it('[N1] in the x-draftroom-* headers: a lock as "Administrator" is refused with 400 and nothing is locked; a delegation holding U+202E never shows as "(Russia)"', async () => {
    const blockId = await oneParagraph();
    const lockPath = `/api/documents/${room.id}/blocks/${blockId}/lock`;
    for (const forged of FORGED) {
      for (const attempt of [1, 2]) {
        const answer = await call(
          room.invites.moderator.token,
          'POST',
          `/api/documents/${room.id}/comments`,
          { blockId, text: `Attempt ${attempt}` },
          { name: forged.raw, delegation: 'Austria' },
        );
        if (forged.cleaned === undefined) {
          expect(answer.status, `${forged.what}, attempt ${attempt}`).toBe(400);
          expect(answer.json.error.code).toBe('E_LABEL_REFUSED');
        } else {
          expect(answer.status, `${forged.what}, attempt ${attempt}`).toBe(201);
          expect(answer.json.authorName).toBe(forged.cleaned);
        }
      }
    }
    for (const name of ['Administrator', ' administrator. ', 'Ad\u200Dministrator', 'Мoderator']) {
      const refused = await call(room.invites.moderator.token, 'POST', lockPath, undefined, { name, delegation: '\u202Eaissur' });
      expect(refused.status, name).toBe(400);
      expect(refused.json.error.code).toBe('E_LABEL_REFUSED');
    }
    expect((await blocks(room.url, room.id, room.invites.observer.token))[0]!.locked).toBe(false);
    const locked = await call(room.invites.moderator.token, 'POST', lockPath, undefined, {
      name: 'Maria Rossi',
      delegation: '\u202Eaissur',
    });
    expect(locked.status).toBe(200);
    // A role link's delegation is self-declared: it never enters the record (N2).
    expect(locked.json.lockedBy).toBe('Maria Rossi');
    const history = (await call(room.invites.observer.token, 'GET', `/api/documents/${room.id}/locks`)).json;
    expect(history.at(-1)).toMatchObject({ byName: 'Maria Rossi', byDelegation: '' });
    // A named invite ignores the headers altogether, forged or not.
    const named = (await issue({ role: 'moderator', name: 'Jonas Lind', delegation: 'Sweden' })).json;
    expect(
      (
        await call(named.token, 'POST', `/api/documents/${room.id}/blocks/${blockId}/unlock`, undefined, {
          name: 'Administrator',
          delegation: '\u202Eaissur',
        })
      ).status,
    ).toBe(200);
    expect((await call(room.invites.observer.token, 'GET', `/api/documents/${room.id}/locks`)).json.at(-1)).toMatchObject({
      byName: 'Jonas Lind',
      byDelegation: 'Sweden',
    });
  });

  it('[N1] room titles are cleaned and bounded, and may not read as Draftroom’s own labels', async () => {
    const created = await call(ADMIN_TOKEN, 'POST', '/api/documents', {
      title: '  Closing\u202E session:\u200B draft\n\nconclusions\u0085 ',
    });
    expect(created.status).toBe(201);
    expect(created.json.title).toBe('Closing session: draft conclusions');
    expect((await call(ADMIN_TOKEN, 'GET', `/api/documents/${created.json.id}`)).json.title).toBe('Closing session: draft conclusions');
    for (const title of ['Draftroom', ' d r a f t r o o m ', 'System.', 'A'.repeat(201), '\u202E\u200B', '...']) {
      for (const attempt of [1, 2]) {
        const refused = await call(ADMIN_TOKEN, 'POST', '/api/documents', { title });
        expect(refused.status, `${JSON.stringify(title)}, attempt ${attempt}`).toBe(400);
        expect(refused.json.error.code).toBe('E_LABEL_REFUSED');
      }
    }
    expect((await call(ADMIN_TOKEN, 'POST', '/api/documents', { title: 'A'.repeat(200) })).status).toBe(201);
  });
});

describe('[N2] acting for a delegation needs an invite that names it', () => {
  it('[N2] a role link cannot co-sponsor for any delegation, however the headers are set (403); a named delegation invite can', async () => {
    const blockId = await oneParagraph();
    const amendments = `/api/documents/${room.id}/amendments`;
    const anna = (await issue({ role: 'expert', name: 'Anna Novak', delegation: 'Austria' })).json;
    const proposed = await call(anna.token, 'POST', amendments, {
      blockId,
      kind: 'replace',
      text: 'The participants warmly welcomed the report.',
    });
    expect(proposed.json).toMatchObject({ proposerName: 'Anna Novak', proposerDelegation: 'Austria' });
    const cosponsor = `${amendments}/${proposed.json.id}/cosponsor`;

    for (const delegation of ['Austria', 'France', 'Germany', 'Italy', 'Spain', undefined]) {
      for (const token of [room.invites.expert.token, room.invites.moderator.token, room.invites.adviser.token]) {
        const answer = await call(token, 'POST', cosponsor, undefined, { name: 'Jean Dupont', delegation });
        expect(answer.status, `as ${delegation ?? 'no delegation'}`).toBe(403);
        expect(answer.json.error.code).toBe('E_NAMED_INVITE_NEEDED');
        expect(answer.json.error.message).toMatch(/named invite for your delegation/);
      }
    }
    // A named invite without a delegation acts for none either.
    const nameOnly = (await issue({ role: 'expert', name: 'Karl Weber' })).json;
    expect((await call(nameOnly.token, 'POST', cosponsor, undefined, { delegation: 'Germany' })).status).toBe(403);
    expect((await call(room.invites.expert.token, 'GET', amendments)).json[0].cosponsors).toEqual([]);

    // A named delegation invite co-sponsors as its own delegation, whatever its headers say.
    const jean = (await issue({ role: 'expert', name: 'Jean Dupont', delegation: 'France' })).json;
    const sponsored = await call(jean.token, 'POST', cosponsor, undefined, { name: 'Administrator', delegation: 'Spain' });
    expect(sponsored.status).toBe(200);
    expect(sponsored.json.cosponsors.map((c: { delegation: string; byName: string }) => [c.delegation, c.byName])).toEqual([
      ['France', 'Jean Dupont'],
    ]);
    // An invite naming only the delegation: its holders type their names, the delegation is the invite's.
    const italy = (await issue({ role: 'expert', delegation: 'Italy' })).json;
    expect(italy.name).toBeNull();
    const italian = await call(italy.token, 'POST', cosponsor, undefined, { name: 'Giulia Bianchi', delegation: 'Spain' });
    expect(italian.status).toBe(200);
    expect(italian.json.cosponsors.map((c: { delegation: string; byName: string }) => [c.delegation, c.byName])).toEqual([
      ['France', 'Jean Dupont'],
      ['Italy', 'Giulia Bianchi'],
    ]);
  });

  it('[N2] a role link proposes and comments in its holder’s own name; its delegation shows as self-declared in presence and nowhere in the record', async () => {
    const blockId = await oneParagraph();
    const who = { name: 'Pat Smith', delegation: 'Austria' };
    const proposed = await call(
      room.invites.expert.token,
      'POST',
      `/api/documents/${room.id}/amendments`,
      { blockId, kind: 'delete' },
      who,
    );
    expect(proposed.status).toBe(201);
    expect(proposed.json).toMatchObject({ proposerName: 'Pat Smith', proposerDelegation: '' });
    const comment = await call(
      room.invites.expert.token,
      'POST',
      `/api/documents/${room.id}/comments`,
      { blockId, text: 'Could we keep it?' },
      who,
    );
    expect(comment.json).toMatchObject({ authorName: 'Pat Smith', authorDelegation: '' });
    const activity = (await call(room.invites.observer.token, 'GET', `/api/documents/${room.id}/activity`)).json as Array<{
      kind: string;
      detail: Record<string, unknown> | null;
    }>;
    expect(activity.find((entry) => entry.kind === 'amendment-proposed')!.detail).toMatchObject({ delegation: '' });

    const watcher = join(room.invites.observer.token, { name: 'Wendy Watcher' });
    const roleLink = join(room.invites.expert.token, who);
    const named = join((await issue({ role: 'expert', name: 'Erika Example', delegation: 'Germany' })).json.token, who);
    await Promise.all([synced(watcher), synced(roleLink), synced(named)]);
    expect(await presenceOf(roleLink, watcher)).toMatchObject({ name: 'Pat Smith', delegation: 'Austria', delegationSelfDeclared: true });
    const namedPresence = await presenceOf(named, watcher);
    expect(namedPresence).toMatchObject({ name: 'Erika Example', delegation: 'Germany' });
    expect(namedPresence.delegationSelfDeclared).toBeUndefined();
    // The session says which delegation the invite fixes: none on a role link.
    expect((await call(room.invites.expert.token, 'GET', '/api/session', undefined, who)).json).toMatchObject({
      name: null,
      delegation: null,
    });
  });
});

describe('[N3] invites for the delegations in one step, and links copied again', () => {
  const batchPath = () => `${invitesPath()}/batch`;

  it('[N3] a pasted list of the 57 participating States issues 57 invites, each fixing its delegation; every link opens the room', async () => {
    const list = ['', ...PARTICIPATING_STATES.map((state, i) => (i % 3 === 0 ? `  ${state}  ` : state)), '', '   '].join('\n');
    const answer = await call(adviser(), 'POST', batchPath(), { list });
    expect(answer.status).toBe(201);
    expect(answer.json.errors).toEqual([]);
    const invites = answer.json.invites as Array<{
      id: string;
      role: string;
      token: string;
      url: string;
      name: string | null;
      delegation: string;
      line: number;
    }>;
    expect(invites.map((invite) => invite.delegation)).toEqual(PARTICIPATING_STATES);
    expect(new Set(invites.map((invite) => invite.id)).size).toBe(57);
    for (const invite of invites) {
      expect(invite).toMatchObject({ role: 'expert', name: null });
      expect(tokenOf(invite.url)).toBe(invite.token);
      const session = await call(tokenOf(invite.url), 'GET', '/api/session', undefined, { name: 'Someone', delegation: 'Elsewhere' });
      expect(session.status, invite.delegation).toBe(200);
      expect(session.json).toMatchObject({ docId: room.id, role: 'expert', delegation: invite.delegation, name: null });
    }
    // Each link joins the room over the websocket as its delegation.
    const watcher = join(room.invites.observer.token, { name: 'Wendy Watcher' });
    await synced(watcher);
    for (const invite of [invites[0]!, invites[20]!, invites[56]!]) {
      const expert = join(tokenOf(invite.url), { name: 'Head of delegation', delegation: 'Elsewhere' });
      await synced(expert);
      const user = await presenceOf(expert, watcher);
      expect(user).toMatchObject({ name: 'Head of delegation', delegation: invite.delegation, role: 'expert' });
      expect(user.delegationSelfDeclared).toBeUndefined();
    }
    const listed = (await call(adviser(), 'GET', invitesPath())).json as Array<{ delegation: string | null }>;
    expect(listed.filter((invite) => invite.delegation !== null)).toHaveLength(57);
    const activity = (await call(adviser(), 'GET', `/api/documents/${room.id}/activity`)).json as Array<{
      kind: string;
      detail: Record<string, unknown>;
    }>;
    expect(activity.find((entry) => entry.kind === 'invites-issued')!.detail).toMatchObject({ role: 'expert', count: 57 });
  });

  it('[N3] names and delegations in any of the three forms; refused lines and repeats are reported per line and issue nothing; pasting again issues nothing twice', async () => {
    const list = [
      'Anna Novak, Austria',
      'Jean Dupont — France',
      'Karl Weber\tGermany',
      '',
      'Holy See',
      'Administrator, Spain',
      'Maria Rossi - Server',
      'anna novak, austria',
      '— Korea, Republic of',
      `Lars Berg, ${'S'.repeat(81)}`,
      'Ingrid Dahl,',
      'Piotr\u202E Nowak, Poland\u200B',
    ].join('\r\n');
    const answer = await call(adviser(), 'POST', batchPath(), { list, role: 'expert' });
    expect(answer.status).toBe(201);
    expect(
      answer.json.invites.map((i: { line: number; name: string | null; delegation: string }) => [i.line, i.name, i.delegation]),
    ).toEqual([
      [1, 'Anna Novak', 'Austria'],
      [2, 'Jean Dupont', 'France'],
      [3, 'Karl Weber', 'Germany'],
      [5, null, 'Holy See'],
      [9, null, 'Korea, Republic of'],
      [12, 'Piotr Nowak', 'Poland'],
    ]);
    expect(answer.json.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [6, 'E_LABEL_REFUSED'],
      [7, 'E_LABEL_REFUSED'],
      [8, 'E_DUPLICATE'],
      [10, 'E_LABEL_REFUSED'],
      [11, 'E_BAD_REQUEST'],
    ]);
    expect(answer.json.errors.find((e: { line: number }) => e.line === 8)).toMatchObject({ sameAsLine: 1 });

    const again = await call(adviser(), 'POST', batchPath(), { list: 'Anna Novak, Austria\nHoly See\nDenmark' });
    expect(again.json.invites.map((i: { delegation: string }) => i.delegation)).toEqual(['Denmark']);
    expect(again.json.errors.map((e: { line: number; code: string; inviteId?: string }) => [e.line, e.code, typeof e.inviteId])).toEqual([
      [1, 'E_DUPLICATE', 'string'],
      [2, 'E_DUPLICATE', 'string'],
    ]);
    // Another role is another invite.
    expect((await call(adviser(), 'POST', batchPath(), { list: 'Holy See', role: 'observer' })).json.invites).toHaveLength(1);
  });

  it('[N3] the batch is bounded, for the adviser and the admin only, and the version-1 interface is unchanged', async () => {
    const tooMany = Array.from({ length: 201 }, (_, i) => `Delegation ${i + 1}`).join('\n');
    const refused = await call(adviser(), 'POST', batchPath(), { list: tooMany });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/at most 200 lines, got 201/);
    expect((await call(adviser(), 'GET', invitesPath())).json).toHaveLength(4);
    expect((await call(adviser(), 'POST', batchPath(), { list: '\n \n' })).status).toBe(400);
    expect((await call(adviser(), 'POST', batchPath(), { list: 'Austria', role: 'chair' })).status).toBe(400);
    expect((await call(room.invites.moderator.token, 'POST', batchPath(), { list: 'Austria' })).status).toBe(403);
    expect((await call(room.invites.expert.token, 'POST', batchPath(), { list: 'Austria' })).status).toBe(403);
    expect((await call('not-a-token', 'POST', batchPath(), { list: 'Austria' })).status).toBe(401);
    const byAdmin = await call(ADMIN_TOKEN, 'POST', batchPath(), {
      list: Array.from({ length: 200 }, (_, i) => `Delegation ${i + 1}`).join('\n'),
    });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.json.invites).toHaveLength(200);
    // POST …/invites answers exactly as documented for version 1.
    const single = await issue({ role: 'observer', name: 'Olga Observer', delegation: 'Estonia', expiresInSeconds: 3600 });
    expect(single.status).toBe(201);
    expect(Object.keys(single.json).sort()).toEqual(['delegation', 'expiresAt', 'id', 'name', 'role', 'token', 'url']);
  });

  it('[N3] a link copied again opens the room as the same invite; once revoked neither link works and it cannot be copied again', async () => {
    const first = (await call(adviser(), 'POST', batchPath(), { list: 'Anna Novak, Austria' })).json.invites[0];
    const linkPath = `${invitesPath()}/${first.id}/link`;
    const copied = await call(adviser(), 'GET', linkPath);
    expect(copied.status).toBe(200);
    expect(copied.json).toMatchObject({ id: first.id, role: 'expert', name: 'Anna Novak', delegation: 'Austria' });
    expect(tokenOf(copied.json.url)).toBe(copied.json.token);
    for (const token of [first.token, copied.json.token]) {
      expect((await call(token, 'GET', '/api/session')).json).toMatchObject({
        inviteId: first.id,
        name: 'Anna Novak',
        delegation: 'Austria',
      });
    }
    const copy = room.rawYClient({ token: copied.json.token });
    await waitFor(() => copy.synced, 'the copied link to join the room');

    // Only the adviser and the admin copy links; another room's invites are not found here.
    expect((await call(room.invites.moderator.token, 'GET', linkPath)).status).toBe(403);
    expect((await call(ADMIN_TOKEN, 'GET', linkPath)).status).toBe(200);
    expect((await call(adviser(), 'GET', `${invitesPath()}/no-such-invite/link`)).status).toBe(404);
    const other = await room.another('Another room');
    expect((await call(other.invites.adviser.token, 'GET', `/api/documents/${other.id}/invites/${first.id}/link`)).status).toBe(404);

    expect((await call(adviser(), 'DELETE', `${invitesPath()}/${first.id}`)).status).toBe(200);
    expect((await closeOf(copy)).code).toBe(CloseCode.forbidden);
    for (const token of [first.token, copied.json.token]) {
      expect((await call(token, 'GET', '/api/session')).status).toBe(403);
    }
    for (const attempt of [1, 2]) {
      const again = await call(adviser(), 'GET', linkPath);
      expect(again.status, `attempt ${attempt}`).toBe(409);
      expect(again.json.error.message).toMatch(/revoked/);
    }
  });
});
