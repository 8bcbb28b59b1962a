/**
 * Roles, invites and tokens from the outside (issue 3; docs/ARCHITECTURE.md, "People and what
 * each may do" and "Interfaces (version 1)"): every HTTP endpoint with every caller, the websocket
 * admission, and every row of the role table tried by raw Yjs clients holding real tokens.
 *
 * Rules cited are those of shared/PROTOCOL.md (A1–A3 authentication, R1–R3 roles, L2/L6 locks, W1 wire).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ADMIN_TOKEN } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { blockById, blockTexts, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { collectNotices } from '../helpers/notices.js';
import { forgeWithOtherKey, tamperClaims, unsigned } from '../helpers/tokens.js';
import {
  awarenessFrame,
  closeOf,
  containsText,
  destroyRaw,
  handmadeAwarenessUpdate,
  openRaw,
  updateFrame,
  type RawSocket,
} from '../helpers/rawSocket.js';
import { closeWords } from '../../shared/closeWords.js';
import { CloseCode, MessageType } from '../../shared/protocol.js';
import { english } from '../../server/englishWords.js';
import type { CreatedDocument } from '../../shared/api.js';
import type { BlockSummary } from '../../shared/blocks.js';

const ROOM_ROLES = ['adviser', 'moderator', 'expert', 'observer'] as const;
type RoomRole = (typeof ROOM_ROLES)[number];

/**
 * What each role may do, copied from the table in docs/ARCHITECTURE.md, "People and what each
 * may do", row by row (not from the code under test). The endpoints below use the rows they need.
 */
const DOCUMENTED_RIGHTS = {
  read: ['adviser', 'moderator', 'expert', 'observer'],
  edit: ['adviser', 'moderator', 'expert'],
  comment: ['adviser', 'moderator', 'expert'],
  lock: ['adviser', 'moderator'],
  'decide-amendment': ['adviser', 'moderator'],
  'save-version': ['adviser', 'moderator'],
  export: ['adviser', 'moderator', 'expert', 'observer'],
  'manage-invites': ['adviser'],
  'follow-projector': ['adviser', 'moderator', 'expert', 'observer'],
} as const satisfies Record<string, readonly RoomRole[]>;

// ── every HTTP endpoint × every caller ──────────────────────────────────────

describe('every endpoint with every caller', () => {
  type Caller =
    | 'admin'
    | RoomRole
    | 'no token'
    | 'garbage token'
    | 'forged (other key)'
    | 'forged (alg none)'
    | 'tampered (expert→adviser)'
    | 'expired'
    | 'revoked'
    | 'other room (adviser)';

  /** Callers whose token does not get past authentication, and what they must get. */
  const REFUSED: Partial<Record<Caller, string>> = {
    'no token': '401 E_TOKEN_MISSING',
    'garbage token': '401 E_TOKEN_INVALID',
    'forged (other key)': '401 E_TOKEN_INVALID',
    'forged (alg none)': '401 E_TOKEN_INVALID',
    'tampered (expert→adviser)': '401 E_TOKEN_INVALID',
    expired: '401 E_TOKEN_EXPIRED',
    revoked: '403 E_TOKEN_REVOKED',
  };

  let roomA: TestRoom;
  let roomB: CreatedDocument;
  let blockId: string;
  const tokens = {} as Record<Caller, string | undefined>;

  beforeAll(async () => {
    roomA = await openTestRoom({ title: 'Room A' });
    return roomA.close;
  });
  // biome-ignore lint/suspicious/noDuplicateTestHooks: a second set-up, so the room opened by the first closes even if this one fails
  beforeAll(async () => {
    roomB = await roomA.another('Room B');
    blockId = (await roomA.blocks())[0]!.id;
    const shortLived = await roomA.invite({ role: 'adviser', name: 'Short-lived', expiresInSeconds: 1 });
    const revoked = await roomA.invite({ role: 'adviser', name: 'Revoked' });
    expect((await api(roomA.url, 'DELETE', `/api/documents/${roomA.id}/invites/${revoked.id}`, ADMIN_TOKEN)).status).toBe(200);
    Object.assign(tokens, {
      admin: ADMIN_TOKEN,
      adviser: roomA.invites.adviser.token,
      moderator: roomA.invites.moderator.token,
      expert: roomA.invites.expert.token,
      observer: roomA.invites.observer.token,
      'no token': undefined,
      'garbage token': 'not-a-token',
      'forged (other key)': await forgeWithOtherKey(roomA.invites.adviser.token),
      'forged (alg none)': unsigned(roomA.invites.adviser.token),
      'tampered (expert→adviser)': tamperClaims(roomA.invites.expert.token, { role: 'adviser' }),
      expired: shortLived.token,
      revoked: revoked.token,
      'other room (adviser)': roomB.invites.adviser.token,
    } satisfies Record<Caller, string | undefined>);
    await waitFor(
      async () => (await api(roomA.url, 'GET', '/api/session', shortLived.token)).status === 401,
      'the one-second invite to expire',
      4_000,
      100,
    );
  });

  type Right = 'anyone' | 'admin' | 'create-rooms' | 'any-session' | keyof typeof DOCUMENTED_RIGHTS;
  interface Endpoint {
    name: string;
    method: 'GET' | 'POST' | 'DELETE';
    right: Right;
    ok: number;
    /** Puts the room in the state the call needs (as the admin) and returns the path and body. */
    prepare: () => Promise<{ path: string; body?: unknown }>;
  }

  const asAdmin = (method: string, path: string) => api(roomA.url, method, path, ADMIN_TOKEN);
  const doc = () => `/api/documents/${roomA.id}`;
  const ENDPOINTS: Endpoint[] = [
    {
      name: 'POST /api/documents',
      method: 'POST',
      right: 'create-rooms',
      ok: 201,
      prepare: async () => ({ path: '/api/documents', body: { title: 'Another room' } }),
    },
    {
      name: 'POST …/invites',
      method: 'POST',
      right: 'manage-invites',
      ok: 201,
      prepare: async () => ({ path: `${doc()}/invites`, body: { role: 'expert', name: 'Invitee' } }),
    },
    { name: 'GET …/invites', method: 'GET', right: 'manage-invites', ok: 200, prepare: async () => ({ path: `${doc()}/invites` }) },
    {
      name: 'DELETE …/invites/:inviteId',
      method: 'DELETE',
      right: 'manage-invites',
      ok: 200,
      prepare: async () => ({
        path: `${doc()}/invites/${(await roomA.invite({ role: 'observer', name: 'To revoke' })).id}`,
      }),
    },
    { name: 'GET …/blocks', method: 'GET', right: 'read', ok: 200, prepare: async () => ({ path: `${doc()}/blocks` }) },
    {
      name: 'POST …/blocks/:blockId/lock',
      method: 'POST',
      right: 'lock',
      ok: 200,
      prepare: async () => {
        await asAdmin('POST', `${doc()}/blocks/${blockId}/unlock`); // 200 or 409: unlocked either way
        return { path: `${doc()}/blocks/${blockId}/lock` };
      },
    },
    {
      name: 'POST …/blocks/:blockId/unlock',
      method: 'POST',
      right: 'lock',
      ok: 200,
      prepare: async () => {
        await asAdmin('POST', `${doc()}/blocks/${blockId}/lock`); // 200 or 409: locked either way
        return { path: `${doc()}/blocks/${blockId}/unlock` };
      },
    },
    { name: 'GET …/locks', method: 'GET', right: 'read', ok: 200, prepare: async () => ({ path: `${doc()}/locks` }) },
    {
      name: 'GET …/export?format=md',
      method: 'GET',
      right: 'export',
      ok: 200,
      prepare: async () => ({ path: `${doc()}/export?format=md` }),
    },
    { name: 'GET /api/session', method: 'GET', right: 'any-session', ok: 200, prepare: async () => ({ path: '/api/session' }) },
    { name: 'GET /api/documents/:docId', method: 'GET', right: 'read', ok: 200, prepare: async () => ({ path: doc() }) },
    { name: 'GET …/activity', method: 'GET', right: 'read', ok: 200, prepare: async () => ({ path: `${doc()}/activity` }) },
    { name: 'GET /metrics', method: 'GET', right: 'admin', ok: 200, prepare: async () => ({ path: '/metrics' }) },
    { name: 'GET /healthz', method: 'GET', right: 'anyone', ok: 200, prepare: async () => ({ path: '/healthz' }) },
  ];

  /** The answer the documented table and interfaces ask for, as "status" or "status E_CODE". */
  function expected(caller: Caller, endpoint: Endpoint): string {
    const ok = String(endpoint.ok);
    if (endpoint.right === 'anyone') return ok;
    const refused = REFUSED[caller];
    if (refused) return refused;
    if (caller === 'admin') return ok;
    const role = (caller === 'other room (adviser)' ? 'adviser' : caller) as RoomRole; // the refused callers returned above
    switch (endpoint.right) {
      case 'admin':
        return '403 E_FORBIDDEN';
      case 'create-rooms':
        return role === 'adviser' ? ok : '403 E_FORBIDDEN';
      case 'any-session':
        return ok;
      default:
        if (caller === 'other room (adviser)') return '403 E_OTHER_ROOM';
        return (DOCUMENTED_RIGHTS[endpoint.right] as readonly string[]).includes(role) ? ok : '403 E_FORBIDDEN';
    }
  }

  it('[A3] each endpoint answers each caller as the role table says: 401 missing/invalid/expired, 403 revoked/other room/role lacking the right; errors are {error:{code,message}} without any token', async () => {
    const callers = Object.keys(tokens) as Caller[];
    const allTokens = Object.values(tokens).filter((t): t is string => typeof t === 'string');
    const want: Record<string, string> = {};
    const got: Record<string, string> = {};
    const problems: string[] = [];
    for (const endpoint of ENDPOINTS) {
      for (const caller of callers) {
        const cell = `${endpoint.name} as ${caller}`;
        const { path, body } = await endpoint.prepare();
        const response = await api(roomA.url, endpoint.method, path, tokens[caller], body);
        const isError = response.status >= 400;
        want[cell] = expected(caller, endpoint);
        got[cell] = isError ? `${response.status} ${response.json?.error?.code}` : String(response.status);
        const token = tokens[caller];
        if (token !== undefined && response.text.includes(token)) problems.push(`${cell}: the response contains the caller's token`);
        if (isError) {
          const json = response.json;
          const shapeOk =
            json !== null &&
            Object.keys(json).join() === 'error' &&
            Object.keys(json.error).sort().join() === 'code,message' &&
            /^E_[A-Z_]+$/.test(json.error.code) &&
            typeof json.error.message === 'string' &&
            json.error.message.length > 0;
          if (!shapeOk) problems.push(`${cell}: error body is not {error:{code,message}}: ${response.text}`);
          for (const t of allTokens) if (response.text.includes(t)) problems.push(`${cell}: the error contains a token`);
        }
      }
    }
    expect(got).toEqual(want);
    expect(problems).toEqual([]);
  });

  describe('the websocket', () => {
    const sockets: RawSocket[] = [];
    afterEach(() => {
      for (const socket of sockets.splice(0)) destroyRaw(socket);
    });

    async function tryJoin(caller: Caller, docId = roomA.id) {
      const socket = openRaw(roomA.wsUrl, docId, { token: tokens[caller] });
      sockets.push(socket);
      const closed = await closeOf(socket);
      return { closed, socket };
    }

    it.each([
      ['no token', 'E_TOKEN_MISSING'],
      ['garbage token', 'E_TOKEN_INVALID'],
      ['forged (other key)', 'E_TOKEN_INVALID'],
      ['forged (alg none)', 'E_TOKEN_INVALID'],
      ['tampered (expert→adviser)', 'E_TOKEN_INVALID'],
      ['expired', 'E_TOKEN_EXPIRED'],
    ] as const)('[A1] a socket with %s closes with 4401 and receives no message at all', async (caller, code) => {
      const { closed, socket } = await tryJoin(caller);
      expect(closed.code).toBe(CloseCode.unauthenticated);
      expect(closed.reason).toMatch(new RegExp(`^${code}: `));
      expect(socket.messages).toEqual([]);
      for (const token of Object.values(tokens)) if (token) expect(closed.reason).not.toContain(token);
    });

    it.each([
      ['revoked', 'E_TOKEN_REVOKED'],
      ['other room (adviser)', 'E_OTHER_ROOM'],
      ['admin', 'E_FORBIDDEN'],
    ] as const)('[A1] a socket with the %s token closes with 4403 and receives no message at all', async (caller, code) => {
      const { closed, socket } = await tryJoin(caller);
      expect(closed.code).toBe(CloseCode.forbidden);
      expect(closed.reason).toMatch(new RegExp(`^${code}: `));
      expect(socket.messages).toEqual([]);
      for (const token of Object.values(tokens)) if (token) expect(closed.reason).not.toContain(token);
    });

    it.each(ROOM_ROLES)('[W1] the %s invite opens the room and the first frame is the server’s sync step 1', async (role) => {
      const socket = openRaw(roomA.wsUrl, roomA.id, { token: tokens[role] });
      sockets.push(socket);
      await waitFor(() => socket.messages.length > 0, 'a first frame');
      const first = socket.messages[0]!;
      expect(first.isBinary).toBe(true);
      expect([first.data[0], first.data[1]]).toEqual([MessageType.sync, 0]);
      expect(socket.close).toBeUndefined();
    });
  });
});

// ── the role table from the attacker's side ─────────────────────────────────

describe('the role table, tried by hand-written clients', () => {
  let room: TestRoom;

  beforeEach(async () => {
    room = await openTestRoom({ title: 'Role table' });
  });

  function join(token: string, params: Record<string, string> = {}): TestClient {
    return room.connect(token, params);
  }
  function joinRaw(token: string) {
    return room.rawYClient({ token });
  }
  const serverBlocks = (): Promise<BlockSummary[]> => blocks(room.url, room.id, ADMIN_TOKEN);
  const lockCall = (blockId: string, action: 'lock' | 'unlock', token: string) =>
    api(room.url, 'POST', `/api/documents/${room.id}/blocks/${blockId}/${action}`, token);

  /** Two paragraphs written by an expert; returns their ids. */
  async function twoParagraphs(): Promise<string[]> {
    const writer = join(room.invites.expert.token);
    await synced(writer);
    writer.doc.transact(() => {
      textIn(writer.fragment.get(0) as Y.XmlElement).insert(0, 'First paragraph.');
      writer.fragment.insert(1, [newParagraph('Second paragraph.')]);
    });
    await waitFor(
      async () => (await serverBlocks()).map((b) => b.text).join('|') === 'First paragraph.|Second paragraph.',
      'the text to reach the server',
    );
    return (await serverBlocks()).map((b) => b.id);
  }

  /** Watches a client's document and remembers whether `predicate` ever held after a transaction. */
  function watchFor(client: { doc: Y.Doc }, predicate: () => boolean): { seen: boolean } {
    const watch = { seen: false };
    client.doc.on('afterTransaction', () => {
      if (predicate()) watch.seen = true;
    });
    return watch;
  }

  /** An observer writes everywhere at once; returns what the test needs to check the aftermath. */
  async function observerWritesEverywhere(marker: string) {
    const ids = await twoParagraphs();
    const before = await serverBlocks();
    const bystander = joinRaw(room.invites.expert.token);
    await waitFor(() => bystander.synced, 'bystander to sync');
    const bystanderSaw = watchFor(
      bystander,
      () => bystander.fragment.toString().includes(marker) || bystander.doc.getMap('side-channel').size > 0,
    );
    const observer = join(room.invites.observer.token);
    const notices = collectNotices(observer);
    await synced(observer);
    observer.doc.transact(() => {
      textIn(blockById(observer.fragment, ids[0]!)!).insert(0, `${marker} typed. `);
      observer.fragment.insert(2, [newParagraph(`${marker} new paragraph.`)]);
      observer.fragment.delete(1, 1);
      blockById(observer.fragment, ids[0]!)!.setAttribute('level', '1');
      observer.doc.getMap('side-channel').set('note', marker);
    });
    await waitFor(() => notices.some((n) => n.type === 'refused' && n.reason === 'E_READ_ONLY'), 'the read-only notice');
    await waitFor(
      () =>
        blockTexts(observer.fragment).join('|') === 'First paragraph.|Second paragraph.' &&
        observer.doc.getMap('side-channel').size === 0 &&
        blockById(observer.fragment, ids[0]!)?.getAttribute('level') === undefined,
      'the observer to converge back to the server’s text',
      3_000,
    );
    return { ids, before, bystander, bystanderSaw, observer, notices };
  }

  it('[R1] an observer’s write is undone whole in the same turn: nobody sees it, it is not persisted, and the observer converges', async () => {
    const marker = 'OBSERVER-WRITE-7f3a';
    const { before, bystander, bystanderSaw, notices } = await observerWritesEverywhere(marker);
    expect(await serverBlocks()).toEqual(before);
    expect(bystanderSaw.seen).toBe(false);
    expect(blockTexts(bystander.fragment)).toEqual(before.map((b) => b.text));
    const notice = notices.find((n) => n.type === 'refused')!;
    expect(notice.message).toMatch(/observ/i);
    // What was persisted is the server's text: a restart brings back exactly that.
    await room.restart();
    expect(await serverBlocks()).toEqual(before);
  });

  // The read-only path never touches the room's document: the change is undone on a scratch
  // copy and only the sender receives the way back (server/collab/readOnlyRevert.ts).
  it('[R1] not one byte of an observer’s inserted text reaches another client, the store or a late joiner', async () => {
    const marker = 'OBSERVER-BYTES-91c2';
    const { bystander } = await observerWritesEverywhere(marker);
    const late = joinRaw(room.invites.expert.token);
    await waitFor(() => late.synced, 'late joiner to sync');
    const rows = room.server.ctx.store.loadDocumentUpdates(room.id).map((update) => ({ data: Buffer.from(update) }));
    expect(bystander.messages.filter((m) => containsText(m.data, marker))).toEqual([]);
    expect(late.messages.filter((m) => containsText(m.data, marker))).toEqual([]);
    expect(rows.filter((row) => row.data.includes(marker))).toEqual([]);
  });

  it('[L6] experts and observers cannot lock or unlock over HTTP (403), and the block stays as it was', async () => {
    const ids = await twoParagraphs();
    for (const role of ['expert', 'observer'] as const) {
      const response = await lockCall(ids[0]!, 'lock', room.invites[role].token);
      expect(response.status).toBe(403);
      expect(response.json.error.code).toBe('E_FORBIDDEN');
    }
    expect((await serverBlocks())[0]!.locked).toBe(false);
    expect((await lockCall(ids[0]!, 'lock', room.invites.moderator.token)).status).toBe(200);
    for (const role of ['expert', 'observer'] as const) {
      expect((await lockCall(ids[0]!, 'unlock', room.invites[role].token)).status).toBe(403);
    }
    const after = (await serverBlocks())[0]!;
    expect(after.locked).toBe(true);
    expect(after.lockedBy).toBeTruthy();
    const history = await api(room.url, 'GET', `/api/documents/${room.id}/locks`, room.invites.observer.token);
    expect(history.json.map((event: { action: string }) => event.action)).toEqual(['lock']);
  });

  it('[L2] an expert writing lock attributes through Yjs is undone before anyone sees it, converges, and is told why', async () => {
    const ids = await twoParagraphs();
    expect((await lockCall(ids[1]!, 'lock', room.invites.moderator.token)).status).toBe(200);
    const lockedBy = (await serverBlocks())[1]!.lockedBy;
    const bystander = joinRaw(room.invites.observer.token);
    await waitFor(() => bystander.synced, 'bystander to sync');
    const forgedLockSeen = watchFor(bystander, () => {
      const first = blockById(bystander.fragment, ids[0]!);
      const second = blockById(bystander.fragment, ids[1]!);
      return first?.getAttribute('locked') !== undefined || (second !== undefined && second.getAttribute('lockedBy') !== lockedBy);
    });
    const attacker = join(room.invites.expert.token);
    const notices = collectNotices(attacker);
    await synced(attacker);
    attacker.doc.transact(() => {
      const open = blockById(attacker.fragment, ids[0]!)!;
      open.setAttribute('locked', 'true');
      open.setAttribute('lockedBy', 'Mallory (Nowhere)');
      open.setAttribute('lockedAt', '2020-01-01T00:00:00.000Z');
      open.setAttribute('status', 'agreed');
      const locked = blockById(attacker.fragment, ids[1]!)!;
      locked.removeAttribute('locked');
      locked.setAttribute('lockedBy', 'Mallory (Nowhere)');
      attacker.fragment.insert(2, [newParagraph('A pre-locked paragraph.', { locked: 'true', lockedBy: 'Mallory (Nowhere)' })]);
    });
    await waitFor(() => notices.some((n) => n.type === 'refused' && n.reason === 'E_SERVER_ATTRIBUTE'), 'the server-attribute notice');
    await waitFor(
      async () => {
        const now = await serverBlocks();
        const mine = attacker.fragment.toArray() as Y.XmlElement[];
        return (
          now.length === 3 &&
          mine.length === 3 &&
          mine.every(
            (el, i) =>
              el.getAttribute('locked') === (now[i]!.locked ? 'true' : undefined) &&
              (el.getAttribute('lockedBy') ?? null) === now[i]!.lockedBy,
          )
        );
      },
      'the attacker to converge to the server’s lock attributes',
      3_000,
    );
    const now = await serverBlocks();
    expect(now.map((b) => [b.text, b.locked, b.lockedBy])).toEqual([
      ['First paragraph.', false, null],
      ['Second paragraph.', true, lockedBy],
      ['A pre-locked paragraph.', false, null],
    ]);
    expect(forgedLockSeen.seen).toBe(false);
    expect(bystander.messages.filter((m) => containsText(m.data, 'Mallory'))).toEqual([]);
    // The lock still holds, and the paragraph the expert tried to lock is still editable by others.
    textIn(blockById(attacker.fragment, ids[1]!)!).insert(0, 'Changed: ');
    const colleague = join(room.invites.expert.token);
    await synced(colleague);
    textIn(blockById(colleague.fragment, ids[0]!)!).insert(0, 'Amended: ');
    await waitFor(async () => {
      const texts = (await serverBlocks()).map((b) => b.text);
      return texts[0] === 'Amended: First paragraph.' && blockTexts(attacker.fragment)[1] === 'Second paragraph.';
    }, 'the colleague’s edit to land and the locked text to stay');
    expect((await serverBlocks())[1]!.text).toBe('Second paragraph.');
  });

  it('the role table: an expert may edit unlocked paragraphs: the edit reaches every other role', async () => {
    const ids = await twoParagraphs();
    const expert = join(room.invites.expert.token);
    const observer = join(room.invites.observer.token);
    const moderator = join(room.invites.moderator.token);
    await Promise.all([synced(expert), synced(observer), synced(moderator)]);
    textIn(blockById(expert.fragment, ids[1]!)!).insert(0, 'Expert wording. ');
    await waitFor(
      () => [observer, moderator].every((c) => blockTexts(c.fragment)[1] === 'Expert wording. Second paragraph.'),
      'the expert’s edit to reach the observer and the moderator',
    );
  });

  it('[R2] presence carries the identity the server knows, whatever name and role the client claims', async () => {
    const named = await room.invite({ role: 'expert', name: 'Erika Example', delegation: 'Austria' });
    const impostor = join(named.token, { name: 'Chair', delegation: 'Chairmanship' });
    const roleLinkImpostor = join(room.invites.observer.token, { name: 'Pat Observer', delegation: 'Iceland' });
    const watcher = join(room.invites.moderator.token, { name: 'Mo Derator' });
    await Promise.all([synced(impostor), synced(roleLinkImpostor), synced(watcher)]);
    impostor.provider.awareness.setLocalState({
      user: { name: 'Chair', role: 'adviser', delegation: 'Chairmanship', color: '#000' },
      cursor: { anchor: 1 },
    });
    roleLinkImpostor.provider.awareness.setLocalState({ user: { name: 'Senior Adviser', role: 'adviser' }, cursor: null });
    const seenBy = (client: TestClient) => client.provider.awareness.getStates();
    // Each provider's first state ({} at clock 0) is taken too (R5): wait for the states set here.
    await waitFor(
      () =>
        seenBy(watcher).get(impostor.doc.clientID)?.cursor?.anchor === 1 &&
        seenBy(watcher).get(roleLinkImpostor.doc.clientID)?.cursor === null,
      'the watcher to see both',
    );
    const first = seenBy(watcher).get(impostor.doc.clientID)!;
    expect(first.user).toMatchObject({ name: 'Erika Example', delegation: 'Austria', role: 'expert' });
    expect(first.cursor).toEqual({ anchor: 1 });
    // A role link asks the holder for a name, but never lets them choose their role.
    expect(seenBy(watcher).get(roleLinkImpostor.doc.clientID)!.user).toMatchObject({
      name: 'Pat Observer',
      delegation: 'Iceland',
      role: 'observer',
    });
  });

  it('[R2] a connection cannot publish, overwrite or remove the presence of another connection’s client id', async () => {
    const victim = join(room.invites.expert.token, { name: 'Victor Victim', delegation: 'Norway' });
    const watcher = join(room.invites.observer.token, { name: 'Wendy Watcher' });
    await Promise.all([synced(victim), synced(watcher)]);
    victim.provider.awareness.setLocalStateField('cursor', { anchor: 3 });
    await waitFor(() => watcher.provider.awareness.getStates().get(victim.doc.clientID)?.cursor?.anchor === 3, 'the victim’s presence');
    const victimState = watcher.provider.awareness.getStates().get(victim.doc.clientID);
    const victimClock = watcher.provider.awareness.meta.get(victim.doc.clientID)!.clock;

    const attacker = joinRaw(room.invites.expert.token);
    await waitFor(() => attacker.synced, 'attacker to sync');
    const ownId = attacker.doc.clientID;
    attacker.send(
      awarenessFrame(
        handmadeAwarenessUpdate([
          {
            clientId: victim.doc.clientID,
            clock: victimClock + 10,
            state: { user: { name: 'Victor Victim (hacked)' }, cursor: { anchor: 0 } },
          },
        ]),
      ),
    );
    attacker.send(awarenessFrame(handmadeAwarenessUpdate([{ clientId: victim.doc.clientID, clock: victimClock + 20, state: null }])));
    // Its own entry, sent last, tells the test that everything before it was processed.
    attacker.send(awarenessFrame(handmadeAwarenessUpdate([{ clientId: ownId, clock: 1, state: { user: { name: 'Chair' }, done: true } }])));
    await waitFor(() => watcher.provider.awareness.getStates().get(ownId)?.done === true, 'the attacker’s own entry');
    expect(watcher.provider.awareness.getStates().get(victim.doc.clientID)).toEqual(victimState);
    expect(watcher.provider.awareness.getStates().get(ownId)!.user).toMatchObject({ name: 'Guest', role: 'expert' });
    expect(attacker.close).toBeUndefined();
  });

  // Client ids belong to a person (invite + name), not to a connection, so ownership
  // outlives a disconnect.
  it('[R3] nobody can take over the presence client id of someone who stepped out', async () => {
    const victim = join(room.invites.expert.token, { name: 'Victor Victim' });
    const watcher = join(room.invites.observer.token, { name: 'Wendy Watcher' });
    await Promise.all([synced(victim), synced(watcher)]);
    textIn(victim.fragment.get(0) as Y.XmlElement).insert(0, 'Victor was here.');
    victim.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
    await waitFor(
      () => watcher.provider.awareness.getStates().get(victim.doc.clientID)?.user?.name === 'Victor Victim',
      'the victim’s presence',
    );
    victim.provider.disconnect();
    await waitFor(() => !watcher.provider.awareness.getStates().has(victim.doc.clientID), 'the victim to step out');

    const squatter = joinRaw(room.invites.expert.token);
    await waitFor(() => squatter.synced, 'squatter to sync');
    expect([...squatter.doc.store.clients.keys()]).toContain(victim.doc.clientID); // read off the document
    squatter.send(awarenessFrame(handmadeAwarenessUpdate([{ clientId: victim.doc.clientID, clock: 1_000, state: { cursor: null } }])));

    victim.provider.connect();
    await synced(victim);
    victim.provider.awareness.setLocalStateField('cursor', { anchor: 2 });
    await waitFor(
      () => {
        const state = watcher.provider.awareness.getStates().get(victim.doc.clientID);
        return state?.user?.name === 'Victor Victim' && state?.cursor?.anchor === 2;
      },
      'the victim’s presence to be theirs again',
      3_000,
    );
  });

  // Yjs client ids belong to the first person who wrote under them in the room; new items
  // under someone else's id are refused (4403) before they take that person's next clocks.
  for (const role of ['expert', 'observer'] as const) {
    it(`[R3] an ${role} reusing an offline person’s Yjs client id cannot erase or fork that person’s offline work`, async () => {
      const victim = join(room.invites.expert.token, { name: 'Olivia Offline' });
      await synced(victim);
      textIn(victim.fragment.get(0) as Y.XmlElement).insert(0, 'Online. ');
      await waitFor(async () => (await serverBlocks())[0]!.text === 'Online. ', 'the online edit to land');
      victim.provider.disconnect();
      textIn(victim.fragment.get(0) as Y.XmlElement).insert(8, 'Offline work. ');

      const attacker = joinRaw(room.invites[role].token);
      await waitFor(() => attacker.synced, 'attacker to sync');
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(attacker.doc));
      forged.clientID = victim.doc.clientID; // read off the document; the next clock is public too
      const before = Y.encodeStateVector(forged);
      textIn(forged.getXmlFragment('default').get(0) as Y.XmlElement).insert(0, 'Z');
      attacker.send(updateFrame(Y.encodeStateAsUpdate(forged, before)));
      await waitFor(() => attacker.messages.length > 2 || attacker.close !== undefined, 'the server to answer or refuse the forged update');

      victim.provider.connect();
      await synced(victim);
      await waitFor(
        async () => {
          const text = (await serverBlocks())[0]!.text;
          return text.includes('Online. Offline work.') && blockTexts(victim.fragment)[0] === text;
        },
        'the offline work to land intact and the victim to agree with the server',
        3_000,
      );
    });
  }
});

// ── sessions that end while open ────────────────────────────────────────────

describe('open sessions end when their invite does', () => {
  let room: TestRoom;

  beforeEach(async () => {
    room = await openTestRoom({ title: 'Sessions' });
  });

  it('[A2] revoking an invite closes its open sockets within a second with 4403, and the token never works again', async () => {
    const invite = await room.invite({ role: 'expert', name: 'Rita Revoked', delegation: 'Testland' });
    const provider = room.connect(invite.token);
    const raw = room.rawYClient({ token: invite.token });
    const bystander = room.connect(room.invites.expert.token);
    await Promise.all([synced(provider), synced(bystander), waitFor(() => raw.synced, 'raw client to sync')]);

    const revokedAt = Date.now();
    const response = await api(room.url, 'DELETE', `/api/documents/${room.id}/invites/${invite.id}`, room.invites.adviser.token);
    expect(response.status).toBe(200);
    await waitFor(() => provider.closes.length > 0 && raw.close, 'both sockets of the invite to close', 1_500);
    for (const closed of [provider.closes[0]!, raw.close!]) {
      expect(closed.code).toBe(CloseCode.forbidden);
      expect(closed.reason).toMatch(/^E_TOKEN_REVOKED: /);
      expect(english(closeWords(closed.code, closed.reason))).toMatch(/revoked/);
    }
    expect(raw.close!.at - revokedAt).toBeLessThan(1_000);
    expect(provider.provider.shouldConnect).toBe(false); // the stock provider does not try again

    // The bystander is untouched and keeps syncing.
    textIn(bystander.fragment.get(0) as Y.XmlElement).insert(0, 'Still here.');
    await waitFor(async () => (await blocks(room.url, room.id, ADMIN_TOKEN))[0]!.text === 'Still here.', 'the bystander’s edit');
    expect(bystander.closes).toEqual([]);

    // The token never works again.
    for (const path of [`/api/documents/${room.id}/blocks`, '/api/session', `/api/documents/${room.id}`]) {
      const again = await api(room.url, 'GET', path, invite.token);
      expect([again.status, again.json.error.code]).toEqual([403, 'E_TOKEN_REVOKED']);
    }
    const retry = room.raw({ token: invite.token });
    expect((await closeOf(retry)).code).toBe(CloseCode.forbidden);
    expect(retry.messages).toEqual([]);
    expect((await api(room.url, 'DELETE', `/api/documents/${room.id}/invites/${invite.id}`, ADMIN_TOKEN)).status).toBe(409);
  });

  it('[A2] an invite that expires while connected is closed with 4401 within about a second of its expiry', async () => {
    const invite = await room.invite({ role: 'expert', name: 'Eve Expiring', expiresInSeconds: 3 });
    const expiresAt = Date.parse(invite.expiresAt!);
    const client = room.connect(invite.token);
    await synced(client);
    expect(Date.now()).toBeLessThan(expiresAt);
    await waitFor(() => client.closes.length > 0, 'the expired session to close', 6_000);
    const closedAt = Date.now();
    const closed = client.closes[0]!;
    expect(closed.code).toBe(CloseCode.unauthenticated);
    expect(closed.reason).toMatch(/^E_TOKEN_EXPIRED: /);
    expect(english(closeWords(closed.code, closed.reason))).toMatch(/expired/);
    expect(closedAt).toBeGreaterThanOrEqual(expiresAt - 50);
    expect(closedAt - expiresAt).toBeLessThan(1_250);
    expect(client.provider.shouldConnect).toBe(false);
    const again = room.raw({ token: invite.token });
    expect((await closeOf(again)).code).toBe(CloseCode.unauthenticated);
    expect(again.messages).toEqual([]);
  });
});
