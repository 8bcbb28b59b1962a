/**
 * Which room events concern a person so closely that their notice stays until dismissed
 * (client/session/concernsMe.ts): a decision on an amendment they or their delegation stand
 * behind, a lock of the paragraph they are writing in, a restored reading; never their own.
 */
import { describe, expect, it } from 'vitest';
import type { RoomEvent } from '../../shared/protocol.js';
import type { RoomEventKind } from '../../shared/roomEvents.js';
import type { Amendment } from '../../shared/workflow.js';
import { concernsMe, isMyAmendment, recordedDelegation, type Me } from '../../client/session/concernsMe.js';

const anna: Me = { inviteId: 'inv-anna', name: 'Anna Berger', delegation: 'Austria' };
const marta = { by: 'Marta Kowalska', byInviteId: 'inv-marta' };

type Backing = Pick<Amendment, 'proposerName' | 'proposerDelegation' | 'cosponsors'>;
const proposedBy = (name: string, delegation: string, cosponsors: string[] = []): Backing => ({
  proposerName: name,
  proposerDelegation: delegation,
  cosponsors: cosponsors.map((d) => ({ delegation: d, byName: `Expert of ${d}`, at: '2026-12-06T09:00:00Z' })),
});

function event(kind: RoomEventKind, extra: Partial<RoomEvent> = {}): RoomEvent {
  return { kind, at: '2026-12-06T09:05:00Z', ...marta, ...extra };
}
const deciding = (kind: RoomEventKind, backing: Backing) => event(kind, { blockId: 'b9', amendments: [backing as Amendment] });

describe('whose amendment it is', () => {
  it('the proposer, and the delegation behind it as proposer or co-sponsor', () => {
    expect(isMyAmendment(proposedBy('Anna Berger', 'Austria'), anna)).toBe(true);
    expect(isMyAmendment(proposedBy('Karl Huber', 'Austria'), anna)).toBe(true);
    expect(isMyAmendment(proposedBy('Jonas Lind', 'Sweden', ['Malta', 'Austria']), anna)).toBe(true);
    expect(isMyAmendment(proposedBy('Jonas Lind', 'Sweden', ['Malta']), anna)).toBe(false);
    // A namesake of another delegation is someone else.
    expect(isMyAmendment(proposedBy('Anna Berger', 'Germany'), anna)).toBe(false);
  });

  it('without a delegation, only what the person proposed under their own name', () => {
    const guest: Me = { inviteId: 'inv-guest', name: 'Lea Roth', delegation: '' };
    expect(isMyAmendment(proposedBy('Lea Roth', ''), guest)).toBe(true);
    expect(isMyAmendment(proposedBy('Karl Huber', ''), guest)).toBe(false);
    expect(isMyAmendment(proposedBy('Karl Huber', 'Austria', ['']), guest)).toBe(false);
  });
});

describe('which notices stay until dismissed', () => {
  it('a decision on an amendment the person stands behind, accepted, rejected or merged', () => {
    for (const kind of ['amendment-accepted', 'amendment-rejected', 'amendment-merged'] as const) {
      expect(concernsMe(deciding(kind, proposedBy('Anna Berger', 'Austria')), anna, null)).toBe(true);
      expect(concernsMe(deciding(kind, proposedBy('Jonas Lind', 'Sweden', ['Austria'])), anna, null)).toBe(true);
      expect(concernsMe(deciding(kind, proposedBy('Jonas Lind', 'Sweden')), anna, null)).toBe(false);
    }
    // An event from a server that sends no records concerns nobody in particular.
    expect(concernsMe(event('amendment-accepted', { blockId: 'b9' }), anna, null)).toBe(false);
  });

  it('a lock or unlock of the paragraph the person is writing in, not of another', () => {
    expect(concernsMe(event('lock', { blockId: 'b9' }), anna, 'b9')).toBe(true);
    expect(concernsMe(event('unlock', { blockId: 'b9' }), anna, 'b9')).toBe(true);
    expect(concernsMe(event('lock', { blockId: 'b9' }), anna, 'b4')).toBe(false);
    expect(concernsMe(event('lock', { blockId: 'b9' }), anna, null)).toBe(false);
  });

  it('an undone decision on the paragraph the person writes in, or one that reopens their amendment', () => {
    expect(concernsMe(event('decision-undone', { blockId: 'b9' }), anna, 'b9')).toBe(true);
    expect(concernsMe(event('decision-undone', { blockId: 'b9' }), anna, 'b4')).toBe(false);
    expect(concernsMe(deciding('decision-undone', proposedBy('Jonas Lind', 'Sweden', ['Austria'])), anna, null)).toBe(true);
    expect(concernsMe(deciding('decision-undone', proposedBy('Jonas Lind', 'Sweden')), anna, null)).toBe(false);
  });

  it('a restored reading, which rewrites the text under everyone', () => {
    expect(concernsMe(event('revision-restored', { detail: { n: 2, label: 'Reading 2' } }), anna, null)).toBe(true);
  });

  it('never the person’s own action, even on their own amendment or paragraph', () => {
    const own = { by: 'Anna Berger', byInviteId: 'inv-anna' };
    expect(concernsMe({ ...event('lock', { blockId: 'b9' }), ...own }, anna, 'b9')).toBe(false);
    expect(concernsMe({ ...deciding('amendment-rejected', proposedBy('Anna Berger', 'Austria')), ...own }, anna, null)).toBe(false);
    expect(concernsMe({ ...event('revision-restored'), ...own }, anna, null)).toBe(false);
  });

  it('events that decide nothing for the person fade as before', () => {
    for (const kind of ['status', 'comment-added', 'amendment-proposed', 'revision-saved', 'invite-issued', 'presenting'] as const) {
      expect(concernsMe(event(kind, { blockId: 'b9' }), anna, 'b9')).toBe(false);
    }
  });
});

describe('the delegation a person’s acts are recorded under', () => {
  it('is the named invite’s, and none for a role link, whatever was typed on joining: so a role link’s own amendment is still theirs', () => {
    expect(recordedDelegation('Austria', 'Austria')).toBe('Austria');
    expect(recordedDelegation(null, 'Austria')).toBe('');
    expect(recordedDelegation('', 'Austria')).toBe('');
    const viaRoleLink: Me = { inviteId: 'inv-expert-link', name: 'Anna Berger', delegation: recordedDelegation(null, 'Austria') };
    expect(isMyAmendment(proposedBy('Anna Berger', ''), viaRoleLink)).toBe(true);
    // A typed delegation speaks for nobody: another Austrian's amendment is not this person's.
    expect(isMyAmendment(proposedBy('Jonas Huber', 'Austria'), viaRoleLink)).toBe(false);
  });
});
