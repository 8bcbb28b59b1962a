/**
 * The chair's workflow over HTTP against a real server, with stock y-websocket clients in
 * the room: paragraph status, amendments (from the attacker's side too), comments, readings
 * and exports parsed back. Rule numbers: S (status), M (amendments), C (comments),
 * V (readings), P (projector), X (exports).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { Window } from 'happy-dom';
import { wordNumbering } from '../helpers/wordNumbers.js';
import { api, blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { blockById, blockTexts, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import type { BlockSummary } from '../../shared/blocks.js';
import type { Role } from '../../shared/roles.js';

interface Identity {
  name: string;
  delegation: string;
}

const ANNA: Identity = { name: 'Anna Novak', delegation: 'Austria' };
const JEAN: Identity = { name: 'Jean Dupont', delegation: 'France' };
const KARL: Identity = { name: 'Karl Weber', delegation: 'Germany' };
const CHAIR: Identity = { name: 'Maria Rossi', delegation: 'Chairmanship' };

let room: TestRoom;
let events: Array<{ client: TestClient; event: any }>;

/** Named invites issued so far in this test, by role and person. */
let namedTokens: Map<string, string>;

/**
 * A named invite for `who` as `role` ([N2]: only an invite that names a delegation acts for
 * it, and the records here name delegations), issued once per test by the adviser.
 */
async function tokenFor(role: Role, who: Identity): Promise<string> {
  const key = `${role}|${who.name}|${who.delegation}`;
  let token = namedTokens.get(key);
  if (token === undefined) {
    const created = await api(room.url, 'POST', `/api/documents/${room.id}/invites`, room.invites.adviser.token, {
      role,
      name: who.name,
      delegation: who.delegation,
    });
    if (created.status !== 201) throw new Error(`named invite for ${who.name}: ${created.status} ${created.text}`);
    token = created.json.token as string;
    namedTokens.set(key, token);
  }
  return token;
}

/** An HTTP call as `role` by `who`, on their named invite (the identity headers a role link sends are ignored). */
async function call(role: Role, method: string, path: string, body?: unknown, who: Identity = CHAIR, docId = room.id) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${await tokenFor(role, who)}`,
    'x-draftroom-name': encodeURIComponent(who.name),
    'x-draftroom-delegation': encodeURIComponent(who.delegation),
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${room.url}/api/documents/${docId}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json, text };
}

function join(role: Role = 'expert'): TestClient {
  const client = room.connect(room.invites[role].token, { name: `${role} client`, delegation: 'Testland' });
  client.provider.messageHandlers[100] = (_encoder, decoder) => {
    const notice = JSON.parse(decoding.readVarString(decoder));
    if (notice.type === 'room-event') events.push({ client, event: notice.event });
  };
  return client;
}

async function serverBlocks(): Promise<BlockSummary[]> {
  return blocks(room.url, room.id, room.invites.observer.token);
}

/** Writes `texts` as the room's paragraphs through a stock client (as the editor would); returns that client and the block ids. */
async function seed(texts: string[]): Promise<{ writer: TestClient; ids: string[] }> {
  const writer = join('expert');
  await synced(writer);
  writer.doc.transact(() => {
    textIn(writer.fragment.get(0) as Y.XmlElement).insert(0, texts[0]!);
    writer.fragment.insert(
      1,
      texts.slice(1).map((text) => newParagraph(text)),
    );
  });
  await waitFor(async () => (await serverBlocks()).map((b) => b.text).join('|') === texts.join('|'), 'seeded text to reach the server');
  return { writer, ids: (await serverBlocks()).map((b) => b.id) };
}

async function propose(blockId: string, kind: string, text: string | undefined, who: Identity = ANNA, role: Role = 'expert') {
  return call(role, 'POST', '/amendments', { blockId, kind, ...(text === undefined ? {} : { text }) }, who);
}

async function activityKinds(): Promise<string[]> {
  return (await call('observer', 'GET', '/activity')).json.map((record: { kind: string }) => record.kind);
}

beforeEach(async () => {
  room = await openTestRoom({ title: 'Draft conclusions' });
  namedTokens = new Map();
  events = [];
});

describe('[M8] a co-sponsor withdraws', () => {
  it('its delegation leaves the co-sponsors, once, while the amendment is pending; the room hears of it', async () => {
    const { writer, ids } = await seed(['Opening paragraph.', 'The participants welcomed the report.']);
    const amendment = (await propose(ids[1]!, 'replace', 'The participants warmly welcomed the report.')).json;
    const path = `/amendments/${amendment.id}/cosponsor`;
    expect((await call('expert', 'POST', path, undefined, JEAN)).status).toBe(200);
    expect((await call('expert', 'POST', path, undefined, KARL)).json.cosponsors.map((c: { delegation: string }) => c.delegation)).toEqual([
      'France',
      'Germany',
    ]);

    const withdrawn = await call('expert', 'DELETE', path, undefined, JEAN);
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.json.cosponsors.map((c: { delegation: string }) => c.delegation)).toEqual(['Germany']);
    await waitFor(
      () =>
        events.some(
          (e) =>
            e.client === writer && e.event.kind === 'amendment-cosponsor-withdrawn' && e.event.amendments?.[0]?.cosponsors.length === 1,
        ),
      'the withdrawal to reach the room with the amendment as it now stands',
    );
    // Again, and by the proposer's own delegation (never a co-sponsor): nothing changes, nothing is recorded twice.
    for (const who of [JEAN, JEAN, ANNA]) {
      const again = await call('expert', 'DELETE', path, undefined, who);
      expect(again.status, again.text).toBe(200);
      expect(again.json.cosponsors.map((c: { delegation: string }) => c.delegation)).toEqual(['Germany']);
    }
    expect((await activityKinds()).filter((kind) => kind === 'amendment-cosponsor-withdrawn')).toHaveLength(1);

    // A role link names no delegation it may act for (N2); an observer may not co-sponsor at all.
    const roleLink = await api(room.url, 'DELETE', `/api/documents/${room.id}${path}`, room.invites.expert.token);
    expect(roleLink.status).toBe(403);
    expect(roleLink.json.error.code).toBe('E_NAMED_INVITE_NEEDED');
    expect((await call('observer', 'DELETE', path, undefined, KARL)).status).toBe(403);

    expect((await call('moderator', 'POST', `/amendments/${amendment.id}/accept`)).status).toBe(200);
    const decided = await call('expert', 'DELETE', path, undefined, KARL);
    expect(decided.status).toBe(409);
    expect((await call('observer', 'GET', '/amendments')).json[0].cosponsors.map((c: { delegation: string }) => c.delegation)).toEqual([
      'Germany',
    ]);
  });
});

describe('[M7] accepting over changes made since the proposal', () => {
  const BASE = 'The participants welcomed the report.';
  const PROPOSED = 'The participants warmly welcomed the report of the Secretariat.';
  const LIVE = 'The participants effectively welcomed the report.';

  /** Anna proposes a replacement of ¶2, then Jean's client types "effectively " into it. */
  async function proposedThenTyped(kind: 'replace' | 'delete' = 'replace') {
    const { writer, ids } = await seed(['Opening paragraph.', BASE]);
    const proposed = await propose(ids[1]!, kind, kind === 'delete' ? undefined : PROPOSED);
    expect(proposed.status, proposed.text).toBe(201);
    expect(proposed.json.baseText).toBe(BASE);
    textIn(blockById(writer.fragment, ids[1]!)!).insert('The participants '.length, 'effectively ');
    await waitFor(async () => (await serverBlocks())[1]?.text === LIVE, 'the typing to reach the server');
    return { writer, ids, amendment: proposed.json };
  }

  it('an accept without confirmation is refused with both texts, every time, and nothing changes', async () => {
    const { ids, amendment } = await proposedThenTyped();
    for (let attempt = 0; attempt < 3; attempt++) {
      const refused = await call('moderator', 'POST', `/amendments/${amendment.id}/accept`);
      expect(refused.status, refused.text).toBe(409);
      expect(refused.json.error).toMatchObject({ code: 'E_BASE_CHANGED', blockId: ids[1], baseText: BASE, liveText: LIVE });
      // A confirmation of a text the paragraph does not have (an old view, a guess) is no confirmation.
      for (const confirmText of [BASE, PROPOSED, '', `${LIVE} `]) {
        const stale = await call('moderator', 'POST', `/amendments/${amendment.id}/accept`, { confirmText });
        expect(stale.status, stale.text).toBe(409);
        expect(stale.json.error.code).toBe('E_BASE_CHANGED');
      }
    }
    expect((await serverBlocks())[1]!.text).toBe(LIVE);
    const listed = (await call('observer', 'GET', '/amendments')).json.find((a: { id: number }) => a.id === amendment.id);
    expect(listed).toMatchObject({ status: 'pending', baseText: BASE });
    expect(await activityKinds()).not.toContain('amendment-accepted');
  });

  it('confirmed with the text as it stands, the accept goes through and the record says it was over changes', async () => {
    const { writer, ids, amendment } = await proposedThenTyped();
    const accepted = await call('moderator', 'POST', `/amendments/${amendment.id}/accept`, { confirmText: LIVE });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.json).toMatchObject({ status: 'accepted', textBefore: LIVE, baseText: BASE });
    expect((await serverBlocks())[1]!.text).toBe(PROPOSED);
    await waitFor(() => blockTexts(writer.fragment)[1] === PROPOSED, 'the stock client to receive the accepted text');
    const entry = (await call('observer', 'GET', '/activity')).json.find((e: { kind: string }) => e.kind === 'amendment-accepted');
    expect(entry.detail).toMatchObject({ amendmentId: amendment.id, overChanges: true });
    expect(ids).toHaveLength(2);
  });

  it('someone typing after the moderator looked makes the confirmation stale: refused again with the new text', async () => {
    const { writer, ids, amendment } = await proposedThenTyped();
    const looked = await call('moderator', 'POST', `/amendments/${amendment.id}/accept`);
    expect(looked.json.error.liveText).toBe(LIVE);
    textIn(blockById(writer.fragment, ids[1]!)!).insert(LIVE.length - 1, ' today');
    const later = 'The participants effectively welcomed the report today.';
    await waitFor(async () => (await serverBlocks())[1]?.text === later, 'the second change to reach the server');
    const stale = await call('moderator', 'POST', `/amendments/${amendment.id}/accept`, { confirmText: looked.json.error.liveText });
    expect(stale.status, stale.text).toBe(409);
    expect(stale.json.error).toMatchObject({ code: 'E_BASE_CHANGED', liveText: later });
    expect((await serverBlocks())[1]!.text).toBe(later);
  });

  it('a deletion over changes asks too; an unchanged paragraph and an addition need no confirmation', async () => {
    const { ids, amendment } = await proposedThenTyped('delete');
    expect((await call('moderator', 'POST', `/amendments/${amendment.id}/accept`)).json.error.code).toBe('E_BASE_CHANGED');
    expect((await call('moderator', 'POST', `/amendments/${amendment.id}/accept`, { confirmText: LIVE })).status).toBe(200);
    expect((await serverBlocks()).map((b) => b.id)).toEqual([ids[0]]);

    const unchanged = await propose(ids[0]!, 'replace', 'The opening paragraph.');
    const addition = await propose(ids[0]!, 'insert-after', 'A new paragraph.');
    expect(addition.json.baseText).toBeNull();
    expect((await call('moderator', 'POST', `/amendments/${addition.json.id}/accept`)).status).toBe(200);
    // The addition came after ¶1 and changed nothing in it: the replacement is still on its base.
    expect((await call('moderator', 'POST', `/amendments/${unchanged.json.id}/accept`)).status).toBe(200);
    expect((await serverBlocks()).map((b) => b.text)).toEqual(['The opening paragraph.', 'A new paragraph.']);
  });

  it('a confirmation longer than any paragraph is refused before it is read, and the amendment stays pending', async () => {
    const { amendment } = await proposedThenTyped();
    for (let attempt = 0; attempt < 3; attempt++) {
      const refused = await call('moderator', 'POST', `/amendments/${amendment.id}/accept`, { confirmText: 'x'.repeat(200_000) });
      expect(refused.status, refused.text.slice(0, 200)).toBe(400);
    }
    expect((await call('moderator', 'POST', `/amendments/${amendment.id}/accept`, { confirmText: LIVE })).status).toBe(200);
  });
});

describe('[M9] the reason for unlocking and rejecting goes into the record', () => {
  const REASON = 'Austria asked to reopen the second sentence.';

  it('an unlock and a rejection keep the reason, cleaned, in the lock history, the amendment, the activity log and the room event; both survive a restart', async () => {
    const { writer, ids } = await seed(['Opening paragraph.', 'The participants welcomed the report.']);
    expect((await call('moderator', 'POST', `/blocks/${ids[1]}/lock`)).status).toBe(200);
    // Invisible characters and runs of whitespace are taken out, as from any label others read.
    const unlocked = await call('moderator', 'POST', `/blocks/${ids[1]}/unlock`, {
      reason: `  Austria asked to reopen\u200b the\n second   sentence.\u202e `,
    });
    expect(unlocked.status, unlocked.text).toBe(200);
    expect(unlocked.json.locked).toBe(false);

    const amendment = (await propose(ids[1]!, 'replace', 'The participants noted the report.')).json;
    const rejected = await call('moderator', 'POST', `/amendments/${amendment.id}/reject`, { reason: 'Superseded by the Chair’s text.' });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.json).toMatchObject({ status: 'rejected', decisionReason: 'Superseded by the Chair’s text.' });

    await waitFor(
      () =>
        events.some((e) => e.client === writer && e.event.kind === 'unlock' && e.event.detail?.reason === REASON) &&
        events.some(
          (e) =>
            e.client === writer && e.event.kind === 'amendment-rejected' && e.event.detail?.reason === 'Superseded by the Chair’s text.',
        ),
      'the unlock and the rejection to reach the room with their reasons',
    );
    const expectRecorded = async () => {
      const history = (await call('observer', 'GET', `/locks?blockId=${ids[1]}`)).json;
      expect(history.map((e: { action: string; reason: string | null }) => [e.action, e.reason])).toEqual([
        ['lock', null],
        ['unlock', REASON],
      ]);
      const activity = (await call('observer', 'GET', '/activity')).json as Array<{ kind: string; detail: Record<string, unknown> | null }>;
      expect(activity.find((e) => e.kind === 'unlock')?.detail).toEqual({ reason: REASON });
      expect(activity.find((e) => e.kind === 'amendment-rejected')?.detail).toMatchObject({ reason: 'Superseded by the Chair’s text.' });
      expect((await call('observer', 'GET', '/amendments')).json[0].decisionReason).toBe('Superseded by the Chair’s text.');
    };
    await expectRecorded();
    await room.restart();
    await expectRecorded();
  });

  it('leaving agreed through a status change is an unlock too: its reason is in the lock history and the status event', async () => {
    const { ids } = await seed(['Only paragraph.']);
    expect((await call('moderator', 'POST', `/blocks/${ids[0]}/status`, { status: 'agreed' })).status).toBe(200);
    const reopened = await call('moderator', 'POST', `/blocks/${ids[0]}/status`, {
      status: 'discussion',
      reason: 'Two delegations object.',
    });
    expect(reopened.status, reopened.text).toBe(200);
    expect(reopened.json).toMatchObject({ locked: false, status: 'discussion' });
    // A status change that unlocks nothing has no unlock to give a reason for.
    expect((await call('moderator', 'POST', `/blocks/${ids[0]}/status`, { status: 'draft', reason: 'Ignored.' })).status).toBe(200);
    const history = (await call('observer', 'GET', '/locks')).json as Array<{ action: string; reason: string | null }>;
    expect(history.map((e) => [e.action, e.reason])).toEqual([
      ['lock', null],
      ['unlock', 'Two delegations object.'],
    ]);
    const statuses = (await call('observer', 'GET', '/activity')).json.filter((e: { kind: string }) => e.kind === 'status');
    expect(statuses.map((e: { detail: Record<string, unknown> }) => e.detail)).toEqual([
      { from: 'draft', to: 'agreed' },
      { from: 'agreed', to: 'discussion', reason: 'Two delegations object.' },
      { from: 'discussion', to: 'draft' },
    ]);
    const tooLong = await call('moderator', 'POST', `/blocks/${ids[0]}/status`, { status: 'agreed', reason: 'x'.repeat(501) });
    expect(tooLong.status).toBe(400);
    expect((await serverBlocks())[0]).toMatchObject({ locked: false, status: 'draft' });
  });

  it('a script of version 1 unlocks and rejects without a body, or with a blank reason: recorded without one', async () => {
    const { ids } = await seed(['Only paragraph.']);
    for (const body of [undefined, { reason: '  \u200b ' }]) {
      expect((await call('moderator', 'POST', `/blocks/${ids[0]}/lock`)).status).toBe(200);
      expect((await call('moderator', 'POST', `/blocks/${ids[0]}/unlock`, body)).status).toBe(200);
      const { json } = await propose(ids[0]!, 'replace', 'Another text.');
      const rejected = await call('moderator', 'POST', `/amendments/${json.id}/reject`, body);
      expect(rejected.status, rejected.text).toBe(200);
      expect(rejected.json.decisionReason).toBeNull();
    }
    const history = (await call('observer', 'GET', '/locks')).json as Array<{ reason: string | null }>;
    expect(history.map((e) => e.reason)).toEqual([null, null, null, null]);
  });

  it('from the attacker’s side: a reason too long, of the wrong shape, or from an expert is refused every time, and nothing changes', async () => {
    const { ids } = await seed(['Only paragraph.']);
    expect((await call('moderator', 'POST', `/blocks/${ids[0]}/lock`)).status).toBe(200);
    const { json: amendment } = await propose(ids[0]!, 'insert-after', 'A new paragraph.');
    const bad: Array<[unknown, number]> = [
      [{ reason: 'x'.repeat(501) }, 400], // over the bound after cleaning
      [{ reason: 'y'.repeat(1_001) }, 400], // over the bound before cleaning: refused before it is read
      [{ reason: { text: 'nested' } }, 400],
      [{ reason: ['a', 'b'] }, 400],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [body, status] of bad) {
        const unlock = await call('moderator', 'POST', `/blocks/${ids[0]}/unlock`, body);
        expect(unlock.status, unlock.text).toBe(status);
        expect(unlock.json.error.code).toBe('E_BAD_REQUEST');
        const reject = await call('moderator', 'POST', `/amendments/${amendment.id}/reject`, body);
        expect(reject.status, reject.text).toBe(status);
      }
      // Experts may neither unlock nor reject, with or without a reason.
      expect((await call('expert', 'POST', `/blocks/${ids[0]}/unlock`, { reason: 'Because.' }, JEAN)).status).toBe(403);
      expect((await call('expert', 'POST', `/amendments/${amendment.id}/reject`, { reason: 'Because.' }, JEAN)).status).toBe(403);
    }
    expect((await serverBlocks())[0]).toMatchObject({ locked: true });
    expect((await call('observer', 'GET', '/amendments')).json[0]).toMatchObject({ status: 'pending', decisionReason: null });
    expect((await call('observer', 'GET', '/locks')).json).toHaveLength(1);
    // The longest reason allowed goes through.
    const longest = await call('moderator', 'POST', `/blocks/${ids[0]}/unlock`, { reason: 'z'.repeat(500) });
    expect(longest.status, longest.text).toBe(200);
  });
});

describe('[M10] undoing the last decision on a paragraph', () => {
  /** The id of the newest activity entry naming the paragraph: the decision the moderator sees as the last. */
  async function lastEntryOn(blockId: string): Promise<{ id: number; kind: string }> {
    const entries = (await call('observer', 'GET', '/activity')).json as Array<{ id: number; kind: string; blockId: string | null }>;
    return entries.filter((e) => e.blockId === blockId).at(-1)!;
  }
  const undo = (blockId: string, body: unknown, role: Role = 'moderator', who: Identity = CHAIR) =>
    call(role, 'POST', `/blocks/${blockId}/undo`, body, who);
  const block = async (id: string) => (await serverBlocks()).find((b) => b.id === id)!;

  it('a stray unlock is undone: the paragraph is locked again on its agreed text, recorded as a new decision; an undo is not undone', async () => {
    const { writer, ids } = await seed(['Opening paragraph.', 'The participants welcomed the report.']);
    expect((await call('moderator', 'POST', `/blocks/${ids[1]}/lock`)).status).toBe(200);
    expect((await call('moderator', 'POST', `/blocks/${ids[1]}/unlock`, { reason: 'Clicked by mistake?' })).status).toBe(200);
    const unlock = await lastEntryOn(ids[1]!);
    expect(unlock.kind).toBe('unlock');

    const undone = await undo(ids[1]!, { decisionId: unlock.id, reason: 'The unlock was a stray click.' });
    expect(undone.status, undone.text).toBe(200);
    expect(undone.json).toEqual({ undone: unlock.id });
    expect(await block(ids[1]!)).toMatchObject({ locked: true, status: 'agreed', text: 'The participants welcomed the report.' });
    const history = (await call('observer', 'GET', `/locks?blockId=${ids[1]}`)).json;
    expect(history.map((e: { action: string; reason: string | null }) => [e.action, e.reason])).toEqual([
      ['lock', null],
      ['unlock', 'Clicked by mistake?'],
      ['lock', 'The unlock was a stray click.'],
    ]);
    const entry = await lastEntryOn(ids[1]!);
    expect(entry.kind).toBe('decision-undone');
    const activity = (await call('observer', 'GET', '/activity')).json.at(-1);
    expect(activity.detail).toEqual({
      decisionId: unlock.id,
      undid: 'unlock',
      from: 'discussion',
      to: 'agreed',
      reason: 'The unlock was a stray click.',
    });
    await waitFor(
      () => events.some((e) => e.client === writer && e.event.kind === 'decision-undone' && e.event.blockId === ids[1]),
      'the undo to reach the room',
    );
    // The lock is in force again: a stock client's edit is refused.
    textIn(blockById(writer.fragment, ids[1]!)!).insert(0, 'Not ');
    await waitFor(
      async () => textIn(blockById(writer.fragment, ids[1]!)!).toString() === 'The participants welcomed the report.',
      'the edit to be put back',
    );

    // The undo is the last decision now, and an undo is not undone; nor is an old decision once newer ones exist.
    for (const decisionId of [entry.id, unlock.id]) {
      const again = await undo(ids[1]!, { decisionId });
      expect(again.status, again.text).toBe(409);
      expect(again.json.error.code).toBe('E_CONFLICT');
    }
    expect(await block(ids[1]!)).toMatchObject({ locked: true });
  });

  it('words typed since the unlock are not erased silently: refused with the three texts until confirmed; everyone converges', async () => {
    const { writer, ids } = await seed(['Opening paragraph.', 'The participants welcomed the report.']);
    expect((await call('moderator', 'POST', `/blocks/${ids[1]}/lock`)).status).toBe(200);
    expect((await call('moderator', 'POST', `/blocks/${ids[1]}/unlock`)).status).toBe(200);
    const unlock = await lastEntryOn(ids[1]!);
    textIn(blockById(writer.fragment, ids[1]!)!).insert('The participants '.length, 'warmly ');
    const typed = 'The participants warmly welcomed the report.';
    await waitFor(async () => (await block(ids[1]!)).text === typed, 'the typing to reach the server');

    for (const confirmText of [undefined, 'The participants welcomed the report.']) {
      const refused = await undo(ids[1]!, { decisionId: unlock.id, ...(confirmText === undefined ? {} : { confirmText }) });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.json.error).toMatchObject({
        code: 'E_BASE_CHANGED',
        blockId: ids[1],
        baseText: 'The participants welcomed the report.',
        liveText: typed,
        restoreText: 'The participants welcomed the report.',
      });
      expect(await block(ids[1]!)).toMatchObject({ locked: false, text: typed });
    }
    const confirmed = await undo(ids[1]!, { decisionId: unlock.id, confirmText: typed });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(await block(ids[1]!)).toMatchObject({ locked: true, text: 'The participants welcomed the report.' });
    await waitFor(
      async () => textIn(blockById(writer.fragment, ids[1]!)!).toString() === 'The participants welcomed the report.',
      'the stock client to converge on the agreed text',
    );
  });

  it('an accept is undone: the text before it comes back and the amendment is pending again; so is a rejection, an addition, a lock and a status', async () => {
    const { ids } = await seed(['Opening paragraph.', 'The participants welcomed the report.']);
    const replaced = (await propose(ids[1]!, 'replace', 'The participants noted the report.')).json;
    expect((await call('moderator', 'POST', `/amendments/${replaced.id}/accept`)).status).toBe(200);
    expect((await block(ids[1]!)).text).toBe('The participants noted the report.');
    const accepted = await lastEntryOn(ids[1]!);
    expect((await undo(ids[1]!, { decisionId: accepted.id })).status).toBe(200);
    expect((await block(ids[1]!)).text).toBe('The participants welcomed the report.');
    const listed = () =>
      call('observer', 'GET', '/amendments').then((r) => r.json as Array<{ id: number; status: string; decidedBy: string | null }>);
    expect((await listed()).find((a) => a.id === replaced.id)).toMatchObject({ status: 'pending', decidedBy: null });
    // Pending again, it can be decided anew.
    expect((await call('moderator', 'POST', `/amendments/${replaced.id}/reject`, { reason: 'Not now.' })).status).toBe(200);
    expect((await undo(ids[1]!, { decisionId: (await lastEntryOn(ids[1]!)).id })).status).toBe(200);
    expect((await listed()).find((a) => a.id === replaced.id)).toMatchObject({ status: 'pending', decidedBy: null });

    const added = (await propose(ids[0]!, 'insert-after', 'An added paragraph.')).json;
    expect((await call('moderator', 'POST', `/amendments/${added.id}/accept`)).status).toBe(200);
    expect((await serverBlocks()).map((b) => b.text)).toContain('An added paragraph.');
    expect((await undo(ids[0]!, { decisionId: (await lastEntryOn(ids[0]!)).id })).status).toBe(200);
    expect((await serverBlocks()).map((b) => b.text)).toEqual(['Opening paragraph.', 'The participants welcomed the report.']);
    expect((await listed()).find((a) => a.id === added.id)).toMatchObject({ status: 'pending' });

    // A lock gives back the status it found; a status change its own.
    expect((await call('moderator', 'POST', `/blocks/${ids[0]}/status`, { status: 'ad-ref' })).status).toBe(200);
    expect((await call('moderator', 'POST', `/blocks/${ids[0]}/lock`)).status).toBe(200);
    expect((await undo(ids[0]!, { decisionId: (await lastEntryOn(ids[0]!)).id })).status).toBe(200);
    expect(await block(ids[0]!)).toMatchObject({ locked: false, status: 'ad-ref' });
    expect((await call('moderator', 'POST', `/blocks/${ids[0]}/status`, { status: 'agreed' })).status).toBe(200);
    expect((await undo(ids[0]!, { decisionId: (await lastEntryOn(ids[0]!)).id })).status).toBe(200);
    expect(await block(ids[0]!)).toMatchObject({ locked: false, status: 'ad-ref' });
  });

  it('from the attacker’s side: experts and observers cannot undo, bad bodies are refused, every time, and nothing changes', async () => {
    const { ids } = await seed(['Only paragraph.']);
    expect((await call('moderator', 'POST', `/blocks/${ids[0]}/lock`)).status).toBe(200);
    const lock = await lastEntryOn(ids[0]!);
    const bad: Array<[unknown, number]> = [
      [undefined, 400],
      [{}, 400],
      [{ decisionId: 'latest' }, 400],
      [{ decisionId: -1 }, 400],
      [{ decisionId: lock.id, confirmText: 'x'.repeat(100_001) }, 400],
      [{ decisionId: lock.id, reason: 'r'.repeat(501) }, 400],
      [{ decisionId: lock.id + 1_000 }, 409],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [body, status] of bad) {
        const refused = await undo(ids[0]!, body);
        expect(refused.status, `${JSON.stringify(body)?.slice(0, 80)}: ${refused.text.slice(0, 200)}`).toBe(status);
      }
      expect((await undo(ids[0]!, { decisionId: lock.id }, 'expert', JEAN)).status).toBe(403);
      expect((await undo(ids[0]!, { decisionId: lock.id }, 'observer', KARL)).status).toBe(403);
      expect((await undo('no-such-block', { decisionId: lock.id })).status).toBe(404);
    }
    expect(await block(ids[0]!)).toMatchObject({ locked: true });
    expect((await call('observer', 'GET', '/locks')).json).toHaveLength(1);
  });
});

describe('silence procedure', () => {
  const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
  const procedures = async () => (await call('observer', 'GET', '/silence')).json as Array<Record<string, any>>;

  it('[Q1] the adviser puts the whole text or a paragraph under silence with a deadline; others may not; bad deadlines are refused, every time', async () => {
    const { ids } = await seed(['Opening paragraph.', 'The participants welcomed the report.']);
    const deadline = soon(60 * 60 * 1000);
    const whole = await call('adviser', 'POST', '/silence', { deadline });
    expect(whole.status, whole.text).toBe(201);
    expect(whole.json).toMatchObject({ blockId: null, outcome: 'open', openedBy: 'Maria Rossi (Chairmanship)', deadline, breaks: [] });
    const paragraph = await call('adviser', 'POST', '/silence', { blockId: ids[1], deadline: deadline.replace('Z', '+00:00') });
    expect(paragraph.status, paragraph.text).toBe(201);
    expect(paragraph.json.deadline).toBe(deadline);

    const refused: Array<[Role, unknown, number]> = [
      ['adviser', { deadline }, 409], // one open procedure on the whole text
      ['adviser', { blockId: ids[1], deadline }, 409],
      ['adviser', { blockId: 'no-such-block', deadline }, 404],
      ['adviser', { deadline: soon(-1_000) }, 400],
      ['adviser', { deadline: '2026-12-18T17:00' }, 400], // no zone: whose five o'clock?
      ['adviser', { deadline: 'tomorrow' }, 400],
      ['adviser', { deadline: soon(32 * 24 * 60 * 60 * 1000) }, 400],
      ['moderator', { blockId: ids[0], deadline }, 403],
      ['expert', { blockId: ids[0], deadline }, 403],
      ['observer', { blockId: ids[0], deadline }, 403],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [role, body, status] of refused) {
        const answer = await call(role, 'POST', '/silence', body, role === 'adviser' || role === 'moderator' ? CHAIR : ANNA);
        expect(answer.status, `${role} ${JSON.stringify(body)}: ${answer.text.slice(0, 200)}`).toBe(status);
      }
    }
    expect((await procedures()).map((p) => [p.blockId, p.outcome])).toEqual([
      [null, 'open'],
      [ids[1], 'open'],
    ]);
  });

  it('[Q2] a delegation breaks silence with its reason, once; a role link, an observer, a blank reason and a late break are refused', async () => {
    const { ids } = await seed(['Only paragraph.']);
    const opened = (await call('adviser', 'POST', '/silence', { blockId: ids[0], deadline: soon(60 * 60 * 1000) })).json;
    const path = `/silence/${opened.id}/break`;
    const broken = await call('expert', 'POST', path, { reason: '  Austria cannot\u200b agree to “regularly”. ' }, ANNA);
    expect(broken.status, broken.text).toBe(200);
    expect(broken.json.breaks).toEqual([
      { delegation: 'Austria', byName: 'Anna Novak', reason: 'Austria cannot agree to “regularly”.', at: expect.any(String) },
    ]);
    // Again: nothing changes. Another delegation joins.
    expect((await call('expert', 'POST', path, { reason: 'Still no.' }, ANNA)).json.breaks).toHaveLength(1);
    expect((await call('moderator', 'POST', path, { reason: 'France objects too.' }, JEAN)).json.breaks).toHaveLength(2);

    for (let round = 0; round < 3; round++) {
      const roleLink = await api(room.url, 'POST', `/api/documents/${room.id}${path}`, room.invites.expert.token, { reason: 'Nope.' });
      expect(roleLink.status).toBe(403);
      expect(roleLink.json.error.code).toBe('E_NAMED_INVITE_NEEDED');
      expect((await call('observer', 'POST', path, { reason: 'Nope.' }, KARL)).status).toBe(403);
      expect((await call('expert', 'POST', path, { reason: ' \u200b ' }, KARL)).status).toBe(400);
      expect((await call('expert', 'POST', path, {}, KARL)).status).toBe(400);
      expect((await call('expert', 'POST', path, { reason: 'x'.repeat(501) }, KARL)).status).toBe(400);
      expect((await call('expert', 'POST', '/silence/99999/break', { reason: 'Nope.' }, KARL)).status).toBe(404);
    }
    expect((await procedures())[0]!.breaks.map((b: { delegation: string }) => b.delegation)).toEqual(['Austria', 'France']);
  });

  it('[Q3] at the deadline the room records adopted or broken, tells everyone, and the exports say which; a deadline passed while the server was down is recorded at start', async () => {
    const { writer, ids } = await seed(['Opening paragraph.', 'The participants welcomed the report.']);
    const whole = (await call('adviser', 'POST', '/silence', { deadline: soon(800) })).json;
    const paragraph = (await call('adviser', 'POST', '/silence', { blockId: ids[1], deadline: soon(900) })).json;
    expect((await call('expert', 'POST', `/silence/${paragraph.id}/break`, { reason: 'Austria objects.' }, ANNA)).status).toBe(200);
    await waitFor(async () => (await procedures()).every((p) => p.outcome !== 'open'), 'both procedures to reach their deadlines', 5_000);
    expect((await procedures()).map((p) => [p.id, p.outcome, p.endedAt === p.deadline])).toEqual([
      [whole.id, 'adopted', true],
      [paragraph.id, 'broken', true],
    ]);
    await waitFor(
      () => events.filter((e) => e.client === writer && e.event.kind === 'silence-ended').length === 2,
      'the room to hear of both ends',
    );
    const ended = (await call('observer', 'GET', '/activity')).json.filter((e: { kind: string }) => e.kind === 'silence-ended');
    expect(ended.map((e: { byName: string; detail: unknown }) => [e.byName, e.detail])).toEqual([
      ['Draftroom', { silenceId: whole.id, outcome: 'adopted', brokenBy: [] }],
      ['Draftroom', { silenceId: paragraph.id, outcome: 'broken', brokenBy: ['Austria'] }],
    ]);
    const markdown = (await call('observer', 'GET', '/export?format=md')).text;
    expect(markdown).toMatch(/\*Adopted under silence procedure, \d+ \w+ \d{4}, \d\d:\d\d \(Europe\/Vienna\)\*/);
    expect(markdown).toContain('*Paragraph 2: silence broken by Austria (deadline');
    // A break after the deadline changes nothing.
    expect((await call('expert', 'POST', `/silence/${whole.id}/break`, { reason: 'Too late.' }, ANNA)).status).toBe(409);

    const late = (await call('adviser', 'POST', '/silence', { blockId: ids[0], deadline: soon(1_500) })).json;
    await room.restart(async () => {
      // Down past the deadline.
      const until = Date.parse(late.deadline) + 200;
      await waitFor(() => Date.now() > until, 'the deadline to pass while the server is down', 5_000);
    });
    const after = (await procedures()).find((p) => p.id === late.id)!;
    expect(after).toMatchObject({ outcome: 'adopted', endedAt: late.deadline });
  });
});

describe('amendments', () => {
  it('[M1] propose, co-sponsor once, accept: the text changes for a connected stock client and the record keeps who did what', async () => {
    const { writer, ids } = await seed(['Opening paragraph.', 'The participants welcomed the report.', 'Closing paragraph.']);
    const proposed = await propose(ids[1]!, 'replace', 'The participants warmly welcomed the report of the Secretariat.');
    expect(proposed.status).toBe(201);
    const amendment = proposed.json;
    expect(amendment).toMatchObject({
      status: 'pending',
      kind: 'replace',
      blockId: ids[1],
      proposerName: 'Anna Novak',
      proposerDelegation: 'Austria',
      blockExists: true,
    });
    expect(amendment.diff).toEqual([
      { type: 'equal', text: 'The participants ' },
      { type: 'insert', text: 'warmly ' },
      { type: 'equal', text: 'welcomed the report ' },
      { type: 'insert', text: 'of the Secretariat' },
      { type: 'equal', text: '.' },
    ]);
    await waitFor(
      () => events.some((e) => e.event.kind === 'amendment-proposed' && e.event.detail.amendmentId === amendment.id),
      'the room to hear of the proposal',
    );

    // Co-sponsors are delegations, each once; the proposer's own delegation is already behind it.
    const base = `/amendments/${amendment.id}`;
    expect((await call('expert', 'POST', `${base}/cosponsor`, undefined, JEAN)).status).toBe(200);
    expect((await call('expert', 'POST', `${base}/cosponsor`, undefined, JEAN)).status).toBe(200);
    const sponsored = await call('moderator', 'POST', `${base}/cosponsor`, undefined, ANNA);
    expect(sponsored.json.cosponsors.map((c: { delegation: string }) => c.delegation)).toEqual(['France']);
    expect((await call('observer', 'POST', `${base}/cosponsor`, undefined, KARL)).status).toBe(403);

    const accepted = await call('moderator', 'POST', `${base}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({
      status: 'accepted',
      proposerName: 'Anna Novak',
      proposerDelegation: 'Austria',
      decidedBy: 'Maria Rossi (Chairmanship)',
      textBefore: 'The participants welcomed the report.',
    });
    expect(accepted.json.cosponsors.map((c: { delegation: string }) => c.delegation)).toEqual(['France']);
    const now = await serverBlocks();
    expect(now.map((b) => b.id)).toEqual(ids);
    expect(now[1]!.text).toBe('The participants warmly welcomed the report of the Secretariat.');
    await waitFor(
      () => blockTexts(writer.fragment)[1] === 'The participants warmly welcomed the report of the Secretariat.',
      'the stock client to receive the accepted text',
    );
    expect(blockById(writer.fragment, ids[1]!)).toBeDefined();
    await waitFor(() => events.some((e) => e.client === writer && e.event.kind === 'amendment-accepted'), 'the accept room event');

    const again = await call('moderator', 'POST', `${base}/accept`);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('E_CONFLICT');
    expect(await activityKinds()).toEqual(expect.arrayContaining(['amendment-proposed', 'amendment-cosponsored', 'amendment-accepted']));
  });

  it('[M1] a replacement keeps the formatting of the words it does not change', async () => {
    const { writer, ids } = await seed(['Alpha.', 'They noted the need for co-operation.']);
    textIn(blockById(writer.fragment, ids[1]!)!).format(5, 5, { italic: {} });
    await waitFor(
      async () => (await call('observer', 'GET', '/export?format=md')).text.includes('*noted*'),
      'the formatting to reach the server',
    );
    const { json } = await propose(ids[1]!, 'replace', 'They noted the urgent need for closer co-operation.');
    expect((await call('adviser', 'POST', `/amendments/${json.id}/accept`)).status).toBe(200);
    await waitFor(
      () => blockTexts(writer.fragment)[1] === 'They noted the urgent need for closer co-operation.',
      'the stock client to converge',
    );
    expect(textIn(blockById(writer.fragment, ids[1]!)!).toDelta()[1]).toEqual({ insert: 'noted', attributes: { italic: {} } });
  });

  it('[M1] an accepted addition becomes a new paragraph with its own id, lockable at once; an accepted deletion removes the paragraph', async () => {
    const { writer, ids } = await seed(['First.', 'Second.', 'Third.']);
    const addition = (await propose(ids[0]!, 'insert-after', 'A new paragraph after the first.')).json;
    expect(addition.diff).toEqual([{ type: 'insert', text: 'A new paragraph after the first.' }]);
    const deletion = (await propose(ids[2]!, 'delete', undefined, JEAN)).json;
    expect(deletion.diff).toEqual([{ type: 'delete', text: 'Third.' }]);

    const added = await call('moderator', 'POST', `/amendments/${addition.id}/accept`);
    expect(added.status).toBe(200);
    expect((await call('moderator', 'POST', `/amendments/${deletion.id}/accept`)).status).toBe(200);
    const now = await serverBlocks();
    expect(now.map((b) => b.text)).toEqual(['First.', 'A new paragraph after the first.', 'Second.']);
    const newId = now[1]!.id;
    expect(ids).not.toContain(newId);
    await waitFor(
      () => blockTexts(writer.fragment).join('|') === 'First.|A new paragraph after the first.|Second.',
      'the stock client to converge',
    );
    // The server knows the new block at once: it can be locked and amended like any other.
    expect((await call('moderator', 'POST', `/blocks/${newId}/lock`)).status).toBe(200);
    expect((await propose(newId, 'delete', undefined)).json.error.code).toBe('E_LOCKED');
    const list = (await call('observer', 'GET', '/amendments')).json;
    expect(list.find((a: { id: number }) => a.id === deletion.id)).toMatchObject({ status: 'accepted', blockExists: false });
  });

  it('[M2] reject leaves the text as it was; a decided amendment cannot be decided again', async () => {
    const { ids } = await seed(['Only paragraph.']);
    const { json } = await propose(ids[0]!, 'replace', 'Another text.');
    const rejected = await call('moderator', 'POST', `/amendments/${json.id}/reject`);
    expect(rejected.status).toBe(200);
    expect(rejected.json).toMatchObject({ status: 'rejected', decidedBy: 'Maria Rossi (Chairmanship)', diff: null });
    expect((await serverBlocks())[0]!.text).toBe('Only paragraph.');
    expect((await call('moderator', 'POST', `/amendments/${json.id}/reject`)).status).toBe(409);
    expect((await call('moderator', 'POST', `/amendments/${json.id}/accept`)).status).toBe(409);
    expect((await call('expert', 'POST', `/amendments/${json.id}/cosponsor`, undefined, JEAN)).status).toBe(409);
    expect(await activityKinds()).toContain('amendment-rejected');
  });

  it('[M3] merging two amendments makes one with the co-sponsors of both; the two are marked merged into it', async () => {
    const { ids } = await seed(['Alpha.', 'States should exchange information.']);
    const a = (await propose(ids[1]!, 'replace', 'States should exchange information regularly.', ANNA)).json;
    const b = (await propose(ids[1]!, 'replace', 'States should exchange information in real time.', JEAN)).json;
    await call('expert', 'POST', `/amendments/${b.id}/cosponsor`, undefined, KARL);
    const other = (await propose(ids[0]!, 'delete', undefined, KARL)).json;

    expect((await call('expert', 'POST', '/amendments/merge', { ids: [a.id, b.id], text: 'x' })).status).toBe(403);
    expect((await call('moderator', 'POST', '/amendments/merge', { ids: [a.id, other.id], text: 'x' })).status).toBe(400);
    const merged = await call('moderator', 'POST', '/amendments/merge', {
      ids: [a.id, b.id],
      text: 'States should exchange information regularly and in real time.',
    });
    expect(merged.status).toBe(201);
    expect(merged.json).toMatchObject({
      status: 'pending',
      kind: 'replace',
      blockId: ids[1],
      proposerDelegation: 'Austria',
      mergedFrom: [a.id, b.id],
    });
    expect(merged.json.cosponsors.map((c: { delegation: string }) => c.delegation).sort()).toEqual(['France', 'Germany']);
    const list = (await call('observer', 'GET', '/amendments')).json as Array<{ id: number; status: string; mergedInto: number | null }>;
    expect(list.filter((x) => x.id === a.id || x.id === b.id).map((x) => [x.status, x.mergedInto])).toEqual([
      ['merged', merged.json.id],
      ['merged', merged.json.id],
    ]);
    expect((await call('moderator', 'POST', '/amendments/merge', { ids: [a.id, merged.json.id], text: 'y' })).status).toBe(409);
    expect((await call('moderator', 'POST', `/amendments/${merged.json.id}/accept`)).status).toBe(200);
    expect((await serverBlocks())[1]!.text).toBe('States should exchange information regularly and in real time.');
    expect(await activityKinds()).toContain('amendment-merged');
  });

  it('[M4] from the attacker’s side: observers cannot propose, experts cannot decide, locked paragraphs refuse, other rooms do not exist', async () => {
    const { ids } = await seed(['Open paragraph.', 'Agreed paragraph.']);
    const observer = await propose(ids[0]!, 'replace', 'Observer text.', KARL, 'observer');
    expect(observer.status).toBe(403);
    expect(observer.json.error.code).toBe('E_FORBIDDEN');

    const { json: amendment } = await propose(ids[1]!, 'replace', 'Changed agreed paragraph.');
    for (const action of ['accept', 'reject']) {
      const response = await call('expert', 'POST', `/amendments/${amendment.id}/${action}`, undefined, ANNA);
      expect(response.status).toBe(403);
      expect(response.json.error.code).toBe('E_FORBIDDEN');
    }
    expect((await call('observer', 'POST', `/amendments/${amendment.id}/accept`)).status).toBe(403);

    // The paragraph is locked after the proposal: accepting now would change agreed text.
    expect((await call('moderator', 'POST', `/blocks/${ids[1]}/lock`)).status).toBe(200);
    const late = await call('moderator', 'POST', `/amendments/${amendment.id}/accept`);
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('E_LOCKED');
    expect(late.json.error.message).toMatch(/paragraph 2/);
    expect((await serverBlocks())[1]!.text).toBe('Agreed paragraph.');
    expect((await call('observer', 'GET', '/amendments')).json[0].status).toBe('pending');

    for (const kind of ['replace', 'delete']) {
      const onLocked = await propose(ids[1]!, kind, 'Other text.');
      expect(onLocked.status).toBe(409);
      // The error carries who locked which paragraph as values, so a client can say it in its own language.
      expect(onLocked.json).toMatchObject({ error: { code: 'E_LOCKED', blockId: ids[1], lockedBy: 'Maria Rossi (Chairmanship)' } });
    }
    // An addition after an agreed paragraph leaves the agreed text alone: it stays possible.
    const addition = await propose(ids[1]!, 'insert-after', 'A new last paragraph.');
    expect(addition.status).toBe(201);
    expect((await call('moderator', 'POST', `/amendments/${addition.json.id}/accept`)).status).toBe(200);
    expect((await serverBlocks()).map((b) => [b.text, b.locked])).toEqual([
      ['Open paragraph.', false],
      ['Agreed paragraph.', true],
      ['A new last paragraph.', false],
    ]);
    expect((await propose('no-such-block', 'delete', undefined)).status).toBe(404);
    expect((await propose(ids[0]!, 'replace', '   ')).status).toBe(400);
    expect((await propose(ids[0]!, 'rewrite', 'x')).status).toBe(400);
    expect(
      (await api(room.url, 'POST', `/api/documents/${room.id}/amendments`, undefined, { blockId: ids[0], kind: 'delete' })).status,
    ).toBe(401);

    // Another room's moderator: their token is for another room (403), and amendment ids do not cross rooms (404).
    const otherRoom = await room.another('Another room');
    const foreignToken = otherRoom.invites.moderator.token;
    expect((await api(room.url, 'POST', `/api/documents/${room.id}/amendments/${amendment.id}/reject`, foreignToken)).status).toBe(403);
    const crossRoom = await api(room.url, 'POST', `/api/documents/${otherRoom.id}/amendments/${amendment.id}/reject`, foreignToken);
    expect(crossRoom.status).toBe(404);
    expect((await call('observer', 'GET', '/amendments')).json[0].status).toBe('pending');
  });
});

describe('paragraph status', () => {
  it('[S1] only moderators and the adviser change status; agreed locks, leaving agreed unlocks; clients see it live', async () => {
    const { writer, ids } = await seed(['One.', 'Two.', 'Three.', 'Four.']);
    const expert = await call('expert', 'POST', `/blocks/${ids[0]}/status`, { status: 'discussion' }, ANNA);
    expect(expert.status).toBe(403);
    expect((await call('observer', 'POST', `/blocks/${ids[0]}/status`, { status: 'agreed' })).status).toBe(403);

    expect((await call('moderator', 'POST', `/blocks/${ids[0]}/status`, { status: 'discussion' })).json).toMatchObject({
      status: 'discussion',
      locked: false,
    });
    expect((await call('adviser', 'POST', `/blocks/${ids[1]}/status`, { status: 'ad-ref' })).status).toBe(200);
    const agreed = await call('moderator', 'POST', `/blocks/${ids[2]}/status`, { status: 'agreed' });
    expect(agreed.json).toMatchObject({ status: 'agreed', locked: true, lockedBy: 'Maria Rossi (Chairmanship)' });
    expect((await call('moderator', 'POST', `/blocks/${ids[2]}/status`, { status: 'agreed' })).status).toBe(409);
    expect((await call('moderator', 'POST', `/blocks/${ids[2]}/status`, { status: 'finished' })).status).toBe(400);
    expect((await call('moderator', 'POST', '/blocks/nope/status', { status: 'draft' })).status).toBe(404);

    await waitFor(
      () =>
        blockById(writer.fragment, ids[2]!)?.getAttribute('locked') === 'true' &&
        blockById(writer.fragment, ids[1]!)?.getAttribute('status') === 'ad-ref',
      'status and lock to reach the stock client',
    );
    expect((await serverBlocks()).map((b) => [b.status, b.locked])).toEqual([
      ['discussion', false],
      ['ad-ref', false],
      ['agreed', true],
      ['draft', false],
    ]);
    expect((await call('observer', 'GET', '/status-summary')).json).toEqual({
      counts: { draft: 1, discussion: 1, 'ad-ref': 1, agreed: 1 },
      total: 4,
    });

    // Back to ad referendum: unlocked first, then the status.
    const reopened = await call('moderator', 'POST', `/blocks/${ids[2]}/status`, { status: 'ad-ref' });
    expect(reopened.json).toMatchObject({ status: 'ad-ref', locked: false });
    await waitFor(() => blockById(writer.fragment, ids[2]!)?.getAttribute('locked') === undefined, 'the unlock to reach the stock client');
    textIn(blockById(writer.fragment, ids[2]!)!).insert(0, 'Editable again: ');
    await waitFor(async () => (await serverBlocks())[2]!.text === 'Editable again: Three.', 'the edit to land');
    expect((await serverBlocks())[2]!.status).toBe('ad-ref');

    await waitFor(
      () => events.filter((e) => e.client === writer && e.event.kind === 'status').length === 4,
      'a status room event per change',
    );
    const kinds = await activityKinds();
    expect(kinds.filter((k) => k === 'status')).toHaveLength(4);
    expect(kinds).toEqual(expect.arrayContaining(['lock', 'unlock']));
  });
});

describe('comments', () => {
  it('[C1] threaded comments on a paragraph, resolvable, apart from amendments; observers read but cannot write', async () => {
    const { writer, ids } = await seed(['Commented paragraph.', 'Other paragraph.']);
    await call('moderator', 'POST', `/blocks/${ids[0]}/lock`);
    const first = await call('expert', 'POST', '/comments', { blockId: ids[0], text: 'Could we say "regularly"?' }, ANNA);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      blockId: ids[0],
      parentId: null,
      authorName: 'Anna Novak',
      authorDelegation: 'Austria',
      resolvedAt: null,
    });
    const reply = await call('moderator', 'POST', '/comments', {
      blockId: ids[0],
      text: 'Noted for the next reading.',
      parentId: first.json.id,
    });
    expect(reply.status).toBe(201);
    expect(reply.json.parentId).toBe(first.json.id);
    expect(
      (await call('expert', 'POST', '/comments', { blockId: ids[1], text: 'Wrong paragraph.', parentId: first.json.id }, JEAN)).status,
    ).toBe(400);
    expect((await call('expert', 'POST', '/comments', { blockId: 'nope', text: 'Nowhere.' }, JEAN)).status).toBe(404);
    expect((await call('observer', 'POST', '/comments', { blockId: ids[0], text: 'Observer.' }, KARL)).status).toBe(403);
    await waitFor(
      () => events.some((e) => e.client === writer && e.event.kind === 'comment-added' && e.event.detail.parentId === first.json.id),
      'comment room event',
    );

    const listed = await call('observer', 'GET', `/comments?blockId=${ids[0]}`);
    expect(listed.json.map((c: { text: string; parentId: number | null }) => [c.text, c.parentId])).toEqual([
      ['Could we say "regularly"?', null],
      ['Noted for the next reading.', first.json.id],
    ]);
    expect((await call('observer', 'GET', '/amendments')).json).toEqual([]);

    expect((await call('observer', 'POST', `/comments/${first.json.id}/resolve`)).status).toBe(403);
    // [C3] another expert may not resolve Anna's comment; she may.
    expect((await call('expert', 'POST', `/comments/${first.json.id}/resolve`, undefined, JEAN)).status).toBe(403);
    const resolved = await call('expert', 'POST', `/comments/${first.json.id}/resolve`, undefined, ANNA);
    expect(resolved.json).toMatchObject({ resolvedBy: 'Anna Novak (Austria)' });
    expect((await call('expert', 'POST', `/comments/${first.json.id}/resolve`, undefined, ANNA)).status).toBe(409);
    expect((await call('expert', 'POST', '/comments/99999/resolve', undefined, JEAN)).status).toBe(404);
  });
});

describe('readings', () => {
  it('[V1] revisions are numbered, listed, read back and compared at block and word level', async () => {
    const { writer, ids } = await seed(['Kept paragraph.', 'The meeting was useful.', 'Removed later.']);
    expect((await call('expert', 'POST', '/revisions', { note: 'First reading' }, ANNA)).status).toBe(403);
    const rev1 = await call('adviser', 'POST', '/revisions', { note: 'First reading' });
    expect(rev1.status).toBe(201);
    expect(rev1.json).toMatchObject({ n: 1, label: 'Rev.1', note: 'First reading', restoredFrom: null });

    writer.doc.transact(() => {
      textIn(blockById(writer.fragment, ids[1]!)!).insert('The meeting was '.length, 'very ');
      writer.fragment.delete(2, 1);
      writer.fragment.insert(2, [newParagraph('Added paragraph.')]);
    });
    await waitFor(
      async () => (await serverBlocks()).map((b) => b.text).join('|') === 'Kept paragraph.|The meeting was very useful.|Added paragraph.',
      'edits to land',
    );
    const rev2 = await call('moderator', 'POST', '/revisions', { note: 'Second reading' });
    expect(rev2.json).toMatchObject({ n: 2, label: 'Rev.2' });

    expect((await call('observer', 'GET', '/revisions')).json.map((r: { label: string; note: string }) => `${r.label} ${r.note}`)).toEqual([
      'Rev.1 First reading',
      'Rev.2 Second reading',
    ]);
    const rev1Blocks = (await call('observer', 'GET', '/revisions/1/blocks')).json;
    expect(rev1Blocks.map((b: { id: string; text: string }) => [b.id, b.text])).toEqual(
      ids.map((id, i) => [id, ['Kept paragraph.', 'The meeting was useful.', 'Removed later.'][i]]),
    );
    expect((await call('observer', 'GET', '/revisions/9/blocks')).status).toBe(404);

    const compared = (await call('observer', 'GET', '/compare?from=1&to=2')).json;
    expect(compared.from).toEqual({ ref: 1, label: 'Rev.1' });
    expect(compared.counts).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1 });
    // A removed block stands where it stood, before what was added in its place.
    expect(compared.blocks.map((b: { change: string }) => b.change)).toEqual(['unchanged', 'changed', 'removed', 'added']);
    expect(compared.blocks[1].diff).toEqual([
      { type: 'equal', text: 'The meeting was ' },
      { type: 'insert', text: 'very ' },
      { type: 'equal', text: 'useful.' },
    ]);
    expect(compared.blocks[2].from.text).toBe('Removed later.');
    expect(compared.blocks[3].to.text).toBe('Added paragraph.');

    const live = (await call('observer', 'GET', '/compare?from=2&to=live')).json;
    expect(live.to.label).toBe('Live text');
    expect(live.counts).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 3 });
    expect((await call('observer', 'GET', '/compare?from=1&to=latest')).status).toBe(400);
  });

  it('[V2] restoring replaces the live text with the revision exactly, never merged, and saves a new revision; refused while any paragraph is locked', async () => {
    const { writer, ids } = await seed(['Alpha.', 'Beta.', 'Gamma.']);
    const rev1 = (await call('moderator', 'POST', '/revisions', { note: 'First reading' })).json;
    const original = (await call('observer', 'GET', '/revisions/1/blocks')).json;

    writer.doc.transact(() => {
      textIn(blockById(writer.fragment, ids[0]!)!).insert(0, 'Edited ');
      writer.fragment.delete(1, 1);
      writer.fragment.insert(2, [newParagraph('Delta.')]);
    });
    await waitFor(async () => (await serverBlocks()).length === 3 && (await serverBlocks())[2]!.text === 'Delta.', 'edits to land');
    await call('moderator', 'POST', `/blocks/${ids[2]}/lock`);

    expect((await call('expert', 'POST', `/revisions/${rev1.n}/restore`, undefined, ANNA)).status).toBe(403);
    const refused = await call('adviser', 'POST', `/revisions/${rev1.n}/restore`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('E_LOCKED');
    expect((await serverBlocks())[0]!.text).toBe('Edited Alpha.');

    await call('moderator', 'POST', `/blocks/${ids[2]}/unlock`);
    expect((await call('adviser', 'POST', '/revisions/7/restore')).status).toBe(404);
    const restored = await call('adviser', 'POST', `/revisions/${rev1.n}/restore`);
    expect(restored.status).toBe(201);
    expect(restored.json).toMatchObject({ n: 2, label: 'Rev.2', note: 'restored from Rev.1', restoredFrom: 1 });

    const live = await serverBlocks();
    expect(live.map((b) => [b.id, b.type, b.text])).toEqual(original.map((b: BlockSummary) => [b.id, b.type, b.text]));
    expect((await call('observer', 'GET', '/revisions/2/blocks')).json.map((b: BlockSummary) => [b.id, b.text])).toEqual(
      original.map((b: BlockSummary) => [b.id, b.text]),
    );
    expect((await call('observer', 'GET', '/compare?from=1&to=live')).json.counts).toEqual({
      added: 0,
      removed: 0,
      changed: 0,
      unchanged: 3,
    });
    await waitFor(
      () => blockTexts(writer.fragment).join('|') === 'Alpha.|Beta.|Gamma.',
      'the stock client to converge to the restored text',
    );
    // The restored blocks are known to the server: they can be locked and amended.
    expect((await call('moderator', 'POST', `/blocks/${ids[1]}/lock`)).status).toBe(200);
    expect((await propose(ids[0]!, 'replace', 'Alpha prime.')).status).toBe(201);
    expect(await activityKinds()).toEqual(expect.arrayContaining(['revision-saved', 'revision-restored']));
  });
});

describe('durability', () => {
  it('[V3] amendments, co-sponsors, comments, readings, status and the projector survive a restart', async () => {
    const { ids } = await seed(['Alpha.', 'Beta.']);
    const amendment = (await propose(ids[0]!, 'replace', 'Alpha prime.')).json;
    await call('expert', 'POST', `/amendments/${amendment.id}/cosponsor`, undefined, JEAN);
    const accepted = (await propose(ids[1]!, 'insert-after', 'Gamma.', JEAN)).json;
    await call('moderator', 'POST', `/amendments/${accepted.id}/accept`);
    await call('expert', 'POST', '/comments', { blockId: ids[0], text: 'A remark.' }, KARL);
    await call('moderator', 'POST', `/blocks/${ids[1]}/status`, { status: 'ad-ref' });
    await call('adviser', 'POST', '/revisions', { note: 'First reading' });
    await call('adviser', 'POST', '/presenting', { blockId: ids[1] });
    const before = await Promise.all(
      ['/amendments', '/comments', '/revisions', '/presenting', '/blocks', '/status-summary'].map((path) => call('observer', 'GET', path)),
    );

    await room.restart();

    const after = await Promise.all(
      ['/amendments', '/comments', '/revisions', '/presenting', '/blocks', '/status-summary'].map((path) => call('observer', 'GET', path)),
    );
    expect(after.map((r) => r.json)).toEqual(before.map((r) => r.json));
    expect((await serverBlocks()).map((b) => b.text)).toEqual(['Alpha.', 'Beta.', 'Gamma.']);
    // The room loaded from the store knows the block the server added: it can be locked.
    const added = (await serverBlocks())[2]!.id;
    expect((await call('moderator', 'POST', `/blocks/${added}/status`, { status: 'agreed' })).json.locked).toBe(true);
    expect((await call('moderator', 'POST', `/amendments/${amendment.id}/accept`)).json.status).toBe('accepted');
  });
});

describe('projector', () => {
  it('[P1] the adviser’s team sets the paragraph on the projector; everyone hears of it; others cannot move it', async () => {
    const { writer, ids } = await seed(['One.', 'Two.']);
    expect((await call('observer', 'GET', '/presenting')).json).toEqual({ blockId: null, byName: null, at: null });
    expect((await call('expert', 'POST', '/presenting', { blockId: ids[1] }, ANNA)).status).toBe(403);
    expect((await call('adviser', 'POST', '/presenting', { blockId: 'nope' })).status).toBe(404);
    expect((await call('adviser', 'POST', '/presenting', { blockId: ids[1] })).status).toBe(200);
    expect((await call('observer', 'GET', '/presenting')).json).toMatchObject({ blockId: ids[1], byName: 'Maria Rossi' });
    await waitFor(
      () => events.some((e) => e.client === writer && e.event.kind === 'presenting' && e.event.blockId === ids[1]),
      'presenting room event',
    );
    expect((await call('adviser', 'POST', '/presenting', { blockId: null })).json.blockId).toBeNull();
  });
});

describe('exports', () => {
  const FORMATS = ['md', 'html', 'docx', 'pdf'] as const;
  const VARIANTS = ['agreed', 'clean', 'marked'] as const;

  /** The export as plain lines of text, parsed back from its format. */
  async function exportedText(format: (typeof FORMATS)[number], variant: (typeof VARIANTS)[number], query = ''): Promise<string> {
    const response = await fetch(`${room.url}/api/documents/${room.id}/export?format=${format}&variant=${variant}${query}`, {
      headers: { authorization: `Bearer ${room.invites.observer.token}` },
    });
    expect(response.status, `${format} ${variant}`).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`\\.${format}"$`));
    const body = Buffer.from(await response.arrayBuffer());
    switch (format) {
      case 'md':
        return body
          .toString('utf8')
          .replace(/\*\*/g, '')
          .replace(/\\([[\]\\*_.])/g, '$1');
      case 'html': {
        const window = new Window();
        window.document.write(body.toString('utf8'));
        const header = [...window.document.querySelectorAll('header p, header h1')].map((p) => p.textContent).join('\n');
        // Numbered paragraphs and the amendments after them, in document order.
        const paragraphs = [...window.document.querySelectorAll('.block, .amendment')].map((element) =>
          element.classList.contains('block')
            ? `${element.querySelector('.num')!.textContent} ${element.querySelector('.body')!.textContent}`
            : [...element.querySelectorAll('p')].map((p) => p.textContent).join(' '),
        );
        await window.happyDOM.close();
        return [header, ...paragraphs].join('\n');
      }
      case 'docx': {
        const files = unzipSync(new Uint8Array(body));
        const xml = strFromU8(files['word/document.xml']!);
        const numberOf = wordNumbering(files);
        return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
          .map((p) => {
            const number = numberOf(p[0]!);
            const text = [...p[0]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)]
              .map((m) => (m[0] === '<w:tab/>' ? ' ' : decodeXml(m[1]!)))
              .join('');
            return number === null ? text : `${number}. ${text}`;
          })
          .join('\n');
      }
      case 'pdf': {
        const file = joinPath(room.server.dataDir, `export-${variant}.pdf`);
        writeFileSync(file, body);
        return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      }
    }
  }

  function squash(text: string): string {
    return text.replace(/\s+/g, ' ');
  }

  /** Each expected piece appears, in this order. */
  function expectInOrder(text: string, pieces: string[], what: string): void {
    const flat = squash(text);
    let from = 0;
    for (const piece of pieces) {
      const at = flat.indexOf(piece, from);
      expect(at, `${what}: "${piece}" after position ${from} in: ${flat.slice(0, 600)}`).toBeGreaterThanOrEqual(0);
      from = at + piece.length;
    }
  }

  it('[X1] every format and variant downloads over HTTP with the expected numbered paragraphs in order, the revision and pending amendments', async () => {
    const { ids } = await seed([
      'The participants welcomed the report.',
      'Border services should co-operate.',
      'Cybercrime needs attention.',
      'The next meeting is in Vienna.',
    ]);
    await call('moderator', 'POST', `/blocks/${ids[0]}/status`, { status: 'agreed' });
    await call('moderator', 'POST', `/blocks/${ids[2]}/status`, { status: 'ad-ref' });
    await call('moderator', 'POST', `/blocks/${ids[3]}/lock`);
    await propose(ids[1]!, 'replace', 'Border and customs services should co-operate closely.', ANNA);
    await call('adviser', 'POST', '/revisions', { note: 'Second reading' });
    await call('adviser', 'POST', '/revisions', { note: 'Third reading' });

    const agreed = ['1. The participants welcomed the report.', '4. The next meeting is in Vienna.'];
    const clean = [
      '1. The participants welcomed the report.',
      '2. Border services should co-operate.',
      '3. Cybercrime needs attention.',
      '4. The next meeting is in Vienna.',
    ];
    for (const format of FORMATS) {
      for (const variant of VARIANTS) {
        const text = await exportedText(format, variant);
        const what = `${format} ${variant}`;
        expectInOrder(text, ['Rev.2', 'Original: English', 'Draft conclusions'], what);
        if (variant === 'agreed') {
          expectInOrder(text, agreed, what);
          expect(squash(text), what).not.toContain('Border services');
          expect(squash(text), what).not.toContain('Cybercrime');
        } else if (variant === 'clean') {
          expectInOrder(text, clean, what);
          expect(squash(text), what).not.toContain('Border and customs');
        } else {
          expectInOrder(
            text,
            [
              '[Agreed — locked by Maria Rossi (Chairmanship)]',
              'The participants welcomed the report.',
              '[Draft]',
              'Border services should co-operate.',
              'Proposed replacement by Anna Novak (Austria):',
              'Border and customs services should co-operate closely.',
              '[Agreed ad referendum]',
              'Cybercrime needs attention.',
              'The next meeting is in Vienna.',
            ],
            what,
          );
        }
      }
    }

    // Once the text moves on, the header says so; a saved reading can still be exported exactly.
    const accepted = (await call('observer', 'GET', '/amendments')).json[0];
    await call('moderator', 'POST', `/amendments/${accepted.id}/accept`);
    const live = await exportedText('md', 'clean');
    expect(live).toContain('Live text');
    expect(live).not.toContain('Rev.2');
    expectInOrder(live, ['2. Border and customs services should co-operate closely.'], 'live md');
    const reading = await exportedText('docx', 'clean', '&revision=1');
    expectInOrder(reading, ['Rev.1', '2. Border services should co-operate.'], 'docx of Rev.1');
    expect((await call('observer', 'GET', '/export?format=md&revision=9')).status).toBe(404);

    const exports = (await call('observer', 'GET', '/activity')).json.filter((r: { kind: string }) => r.kind === 'export');
    expect(exports).toHaveLength(FORMATS.length * VARIANTS.length + 2);
    expect(exports[0].detail).toEqual({ format: 'md', variant: 'agreed', revision: 'Rev.2' });
  });
});

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
