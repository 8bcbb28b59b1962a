/**
 * The live region's pace and words (client/keyboard/announcements.ts): changes others make
 * are spoken at most once every two seconds, a burst as one merged sentence, one's own
 * actions never; the English words are the ones a screen reader user hears.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { describe, expect, it } from 'vitest';
import type { RoomEvent } from '../../shared/protocol.js';
import type { RoomEventKind } from '../../shared/roomEvents.js';
import { BLOCK_STATUS_LABELS } from '../../shared/blocks.js';
import {
  GATHER_MS,
  INTERVAL_MS,
  QUIET,
  announcementText,
  changeOf,
  dueAt,
  enqueue,
  mergeChanges,
  take,
  type AnnouncementWords,
  type AnnouncerState,
  type RoomChange,
} from '../../client/keyboard/announcements.js';

const messages = JSON.parse(readFileSync(join(process.cwd(), 'shared/locales/en/keyboard.json'), 'utf8'));
const english = i18next.createInstance();
await english
  .use(ICU)
  .init({ lng: 'en', resources: { en: { keyboard: messages } }, defaultNS: 'keyboard', interpolation: { escapeValue: false } });

const words: AnnouncementWords = {
  t: (key, values) => english.t(key, values ?? {}),
  blockWords: (number) =>
    typeof number === 'number'
      ? { where: `paragraph ${number}`, subject: `Paragraph ${number}` }
      : number === null
        ? { where: 'a heading', subject: 'The heading' }
        : { where: 'a removed paragraph', subject: 'Removed paragraph' },
  statusName: (status) => BLOCK_STATUS_LABELS[status],
  language: 'en',
};

const numbers: Record<string, number> = { b4: 4, b7: 7, b9: 9, b12: 12, b15: 15 };
/** Each person acts under their own invite here; Jonas Lind's page is `self`. */
const inviteOf = (by: string) => `invite-${by.split(' ')[0]!.toLowerCase()}`;
const self = { inviteId: inviteOf('Jonas Lind'), name: 'Jonas Lind' };
const event = (kind: RoomEventKind, by: string, blockId?: string, detail?: Record<string, unknown>): RoomEvent => ({
  kind,
  by,
  byInviteId: inviteOf(by),
  at: '2026-12-06T06:00:00Z',
  ...(blockId ? { blockId } : {}),
  ...(detail ? { detail } : {}),
});
const change = (e: RoomEvent) => changeOf(e, self, (id) => (id === 'heading' ? null : numbers[id]));
const changes = (...events: RoomEvent[]) => events.map(change).filter((c): c is RoomChange => c !== null);

/** Feeds timed changes to the announcer and returns what it says, and when. */
function run(timeline: Array<[number, RoomChange]>, until: number): Array<[number, string]> {
  let state: AnnouncerState = QUIET;
  const spoken: Array<[number, string]> = [];
  for (let now = 0; now <= until; now += 10) {
    for (const [at, c] of timeline) if (at === now) state = enqueue(state, c, now);
    const taken = take(state, now);
    if (taken) {
      state = taken.state;
      spoken.push([now, announcementText(taken.batch, words)]);
    }
  }
  return spoken;
}

describe('what is announced', () => {
  it('a lock by someone else is spoken with who made it', () => {
    const lock = change(event('lock', 'Marta Kowalska', 'b7'))!;
    expect(announcementText([lock], words)).toBe('Paragraph 7 locked by Marta Kowalska');
    expect(announcementText([change(event('lock', 'Marta Kowalska', 'heading'))!], words)).toBe('The heading locked by Marta Kowalska');
    expect(announcementText([change(event('decision-undone', 'Marta Kowalska', 'b7', { decisionId: 12, undid: 'unlock' }))!], words)).toBe(
      'Last decision on paragraph 7 undone by Marta Kowalska',
    );
    // Accepting a deletion removes the paragraph before the event arrives.
    expect(
      announcementText([change(event('amendment-accepted', 'Marta Kowalska', 'gone', { amendmentId: 4, kind: 'delete' }))!], words),
    ).toBe('Amendment to a removed paragraph accepted by Marta Kowalska');
  });

  it('one’s own actions and events nobody needs read aloud are not announced', () => {
    expect(change(event('lock', 'Jonas Lind', 'b7'))).toBeNull();
    // Another Jonas Lind, or Jonas under another invite (a shared role link), is someone else.
    expect(change({ ...event('lock', 'Jonas Lind', 'b7'), byInviteId: 'invite-expert-link' })).not.toBeNull();
    expect(change({ ...event('lock', 'Marta Kowalska', 'b7'), byInviteId: self.inviteId })).not.toBeNull();
    expect(change(event('invite-issued', 'Marta Kowalska'))).toBeNull();
    expect(change(event('export', 'Marta Kowalska'))).toBeNull();
    expect(change(event('comment-resolved', 'Marta Kowalska', 'b7', { commentId: 3 }))).toBeNull();
    expect(change(event('presenting', 'Marta Kowalska', undefined, { blockId: null }))).toBeNull();
  });

  it('a burst becomes one sentence: a count and the changes in order, cut after four', () => {
    const burst = changes(
      event('lock', 'Marta Kowalska', 'b7'),
      event('amendment-accepted', 'Elena Petrova', 'b9', { amendmentId: 1 }),
      event('unlock', 'Marta Kowalska', 'b12'),
    );
    expect(announcementText(burst, words)).toBe('3 changes: paragraph 7 locked, amendment to paragraph 9 accepted, paragraph 12 unlocked');
    const long = changes(...[1, 2, 3, 4, 5, 6].map((id) => event('comment-added', 'Anna Berger', 'b4', { commentId: id })));
    expect(announcementText(long, words)).toBe(
      '6 changes: comment on paragraph 4, comment on paragraph 4, comment on paragraph 4, comment on paragraph 4, 2 more',
    );
  });

  it('agreeing a paragraph (a lock and the status it brings) is one change; a later change of the same paragraph stands for an earlier one', () => {
    const agreed = mergeChanges(
      changes(event('lock', 'Marta Kowalska', 'b7'), event('status', 'Marta Kowalska', 'b7', { from: 'discussion', to: 'agreed' })),
    );
    expect(agreed.map((c) => c.kind)).toEqual(['lock']);
    const flipped = mergeChanges(
      changes(event('lock', 'Marta Kowalska', 'b7'), event('lock', 'Marta Kowalska', 'b9'), event('unlock', 'Marta Kowalska', 'b7')),
    );
    expect(announcementText(flipped, words)).toBe('2 changes: paragraph 7 unlocked, paragraph 9 locked');
    const status = mergeChanges(changes(event('status', 'Elena Petrova', 'b15', { from: 'draft', to: 'ad-ref' })));
    expect(announcementText(status, words)).toBe('Paragraph 15 set to “Agreed ad referendum” by Elena Petrova');
  });
});

describe('when it is announced', () => {
  const lock = (block: string) => change(event('lock', 'Marta Kowalska', block))!;

  it('a single change is spoken once it has had a moment to gather its companions', () => {
    const state = enqueue(QUIET, lock('b7'), 1_000);
    expect(dueAt(state)).toBe(1_000 + GATHER_MS);
    expect(take(state, 1_000 + GATHER_MS - 1)).toBeNull();
    expect(take(state, 1_000 + GATHER_MS)?.batch).toHaveLength(1);
  });

  it('never more than one announcement every two seconds; what comes meanwhile is merged into the next', () => {
    // Ten locks, one every 100 ms, then one more after a pause.
    const timeline: Array<[number, RoomChange]> = [4, 7, 9, 12, 15, 4, 7, 9, 12, 15].map((n, i) => [i * 100, lock(`b${n}`)]);
    timeline.push([6_000, lock('b4')]);
    const spoken = run(timeline, 9_000);
    for (let i = 1; i < spoken.length; i++) expect(spoken[i]![0] - spoken[i - 1]![0]).toBeGreaterThanOrEqual(INTERVAL_MS);
    expect(spoken[0]).toEqual([GATHER_MS, '4 changes: paragraph 4 locked, paragraph 7 locked, paragraph 9 locked, paragraph 12 locked']);
    // Whatever came in the next two seconds: one sentence, each paragraph once.
    expect(spoken[1]).toEqual([
      GATHER_MS + INTERVAL_MS,
      '5 changes: paragraph 15 locked, paragraph 4 locked, paragraph 7 locked, paragraph 9 locked, 1 more',
    ]);
    // After a quiet while, a lone change is spoken as soon as it has gathered.
    expect(spoken[2]).toEqual([6_000 + GATHER_MS, 'Paragraph 4 locked by Marta Kowalska']);
    expect(spoken).toHaveLength(3);
  });
});
