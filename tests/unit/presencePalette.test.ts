/**
 * The presence palette (shared/presence.ts) and how the server hands it out
 * (server/collab/presenceSeats.ts): the first 16 colours pairwise at least ΔE00 20 apart,
 * each visible on the page (3:1) with a readable caret label (4.5:1); 16 people present get
 * 16 colours, the 17th on share them evenly; a reconnect keeps its colour; namesakes are
 * numbered.
 */
import { describe, expect, it } from 'vitest';
import { colourDifference } from '../../shared/colorDifference.js';
import { contrastRatio } from '../../shared/contrast.js';
import { chooseColourIndex, labelTextColour, PRESENCE_COLOURS, preferredColourIndex } from '../../shared/presence.js';
import type { Connection } from '../../server/collab/Connection.js';
import { PresenceSeats } from '../../server/collab/presenceSeats.js';

const PAGE = '#ffffff';
const DESK = '#f2f1ee';

describe('the presence palette', () => {
  const first16 = PRESENCE_COLOURS.slice(0, 16);

  it('has 16 colours, no two of them closer than ΔE00 20', () => {
    expect(first16).toHaveLength(16);
    let closest = Infinity;
    for (let i = 0; i < first16.length; i++) {
      for (let j = i + 1; j < first16.length; j++) {
        const difference = colourDifference(first16[i]!, first16[j]!);
        expect(difference, `${first16[i]} vs ${first16[j]}`).toBeGreaterThanOrEqual(20);
        closest = Math.min(closest, difference);
      }
    }
    expect(closest).toBeGreaterThan(22);
  });

  it('shows every colour at least 3:1 against the page and the desk (a caret and a swatch are seen)', () => {
    for (const colour of first16) {
      expect(contrastRatio(colour, PAGE), colour).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(colour, DESK), colour).toBeGreaterThanOrEqual(3);
    }
  });

  it('writes each caret’s name label in black or white at 4.5:1 or more on its colour', () => {
    for (const colour of first16) expect(contrastRatio(labelTextColour(colour), colour), colour).toBeGreaterThanOrEqual(4.5);
    // The grey of a state without a valid colour reads too.
    expect(contrastRatio(labelTextColour('#777777'), '#777777')).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps a person’s own slot while free, else takes the first least used one', () => {
    const holders = PRESENCE_COLOURS.map(() => 0);
    expect(chooseColourIndex(5, holders)).toBe(5);
    holders[5] = 1;
    expect(chooseColourIndex(5, holders)).toBe(0);
    holders.fill(1);
    expect(chooseColourIndex(5, holders)).toBe(5);
    holders[5] = 2;
    expect(chooseColourIndex(5, holders)).toBe(0);
  });

  it('passes over the colours of namesakes while another is left, even when theirs is the least used', () => {
    const holders = PRESENCE_COLOURS.map(() => 1);
    holders[5] = 0;
    expect(chooseColourIndex(5, holders, new Set([5]))).toBe(0);
    expect(chooseColourIndex(0, holders, new Set([5]))).toBe(0);
    expect(chooseColourIndex(5, holders, new Set(PRESENCE_COLOURS.map((_, i) => i)))).toBe(5);
  });
});

let nextInvite = 0;
function connection(name: string, delegation: string, inviteId = `invite-${nextInvite++}`): Connection {
  return {
    session: { docId: 'd', inviteId, role: 'expert', name, delegation, expiresAt: null },
    colour: '',
    namesake: 1,
  } as unknown as Connection;
}

describe('colours and namesakes in a room (PresenceSeats)', () => {
  it('gives 16 people present 16 different colours, and spreads the next 32 two by two', () => {
    const seats = new PresenceSeats();
    const people = Array.from({ length: 48 }, (_, i) => connection(`Delegate ${i + 1}`, 'Austria'));
    for (const person of people.slice(0, 16)) seats.take(person);
    expect(new Set(people.slice(0, 16).map((p) => p.colour)).size).toBe(16);
    for (const person of people.slice(16)) seats.take(person);
    const uses = new Map<string, number>();
    for (const person of people) uses.set(person.colour, (uses.get(person.colour) ?? 0) + 1);
    expect([...uses.values()]).toEqual(PRESENCE_COLOURS.map(() => 3));
  });

  it('gives a free colour to someone joining after another left, and a person their colour back on reconnecting', () => {
    const seats = new PresenceSeats();
    const people = Array.from({ length: 16 }, (_, i) => connection(`Delegate ${i + 1}`, 'Austria'));
    for (const person of people) seats.take(person);
    const leaving = people[3]!;
    seats.release(leaving);
    const back = connection(leaving.session.name, 'Austria', leaving.session.inviteId);
    seats.take(back);
    expect(back.colour).toBe(leaving.colour);
    expect(new Set([...people.filter((p) => p !== leaving), back].map((p) => p.colour)).size).toBe(16);
  });

  it('numbers people present under one name and delegation 1, 2, 3 (case and spacing aside), and reuses a freed number', () => {
    const seats = new PresenceSeats();
    const first = connection('Anna Novak', 'Czech Republic');
    const second = connection('anna  novak', 'Czech republic');
    const other = connection('Anna Novak', 'Slovakia');
    for (const person of [first, second, other]) seats.take(person);
    expect([first.namesake, second.namesake, other.namesake]).toEqual([1, 2, 1]);
    expect(first.colour).not.toBe(second.colour);
    seats.release(first);
    const third = connection('Anna Novak', 'Czech Republic');
    seats.take(third);
    expect(third.namesake).toBe(1);
  });

  it('gives namesakes different colours, even when the first took the one colour nobody else held', () => {
    const seats = new PresenceSeats();
    // 16 people hold the 16 colours; the one holding Anna Novak's own colour leaves.
    const hall = Array.from({ length: 16 }, (_, i) => connection(`Delegate ${i + 1}`, 'Austria'));
    for (const person of hall) seats.take(person);
    const annasColour = PRESENCE_COLOURS[preferredColourIndex('role-link', 'Anna Novak')];
    seats.release(hall.find((person) => person.colour === annasColour)!);
    const first = connection('Anna Novak', 'Czechia', 'role-link');
    const second = connection('Anna Novak', 'Czechia', 'role-link');
    seats.take(first);
    seats.take(second);
    expect(first.colour).toBe(annasColour);
    expect(second.namesake).toBe(2);
    expect(second.colour).not.toBe(first.colour);
  });
});
