/**
 * The presence list's rules for a full hall (client/components/presence/groupPeople.ts):
 * groups by role then delegation with counts, natural order in the interface language,
 * search by name or delegation, namesakes told apart.
 */
import { describe, expect, it } from 'vitest';
import { groupPeople, matchesQuery, namesakeSuffix, type PresencePerson } from '../../client/components/presence/groupPeople.js';
import type { Role } from '../../shared/roles.js';

let nextId = 1;
function person(name: string, delegation: string, role: Role | null, extra: Partial<PresencePerson> = {}): PresencePerson {
  return { clientId: nextId++, name, delegation, delegationSelfDeclared: false, role, color: '#0096c3', isSelf: false, ...extra };
}

const names = (people: PresencePerson[]) => people.map((p) => [p.name, namesakeSuffix(p)].filter(Boolean).join(' '));

describe('presence groups', () => {
  const hall = [
    person('Delegate 10', 'Germany', 'expert'),
    person('Delegate 2', 'Germany', 'expert'),
    person('Delegate 1', 'Germany', 'expert'),
    person('Zoé Martin', 'France', 'expert'),
    person('Émile Durand', 'France', 'observer'),
    person('Chair', 'OSCE Secretariat', 'adviser'),
    person('Moderator 11', 'OSCE Secretariat', 'moderator'),
    person('Moderator 9', 'OSCE Secretariat', 'moderator'),
    person('Guest', '', 'observer'),
    person('Unknown', 'Austria', null),
    person('Delegate 3', 'Delegation 10', 'expert'),
    person('Delegate 4', 'Delegation 9', 'expert'),
  ];

  it('groups by role in the order of the room (adviser, moderators, experts, observers) with a count each and a total', () => {
    const view = groupPeople(hall, '', 'en');
    expect(view.total).toBe(12);
    expect(view.matches).toBe(12);
    expect(view.groups.map((g) => [g.key, g.total])).toEqual([
      ['adviser', 1],
      ['moderator', 2],
      ['expert', 6],
      // A state without a role we know sits with the observers: it may read, nothing more.
      ['observer', 3],
    ]);
    expect(view.groups[0]!.delegations).toBeNull();
    expect(view.groups[1]!.delegations).toBeNull();
  });

  it('sorts names and delegations naturally: Delegate 2 before Delegate 10, Delegation 9 before Delegation 10', () => {
    const view = groupPeople(hall, '', 'en');
    expect(names(view.groups[1]!.people)).toEqual(['Moderator 9', 'Moderator 11']);
    const experts = view.groups[2]!.delegations!;
    expect(experts.map((d) => [d.delegation, d.total])).toEqual([
      ['Delegation 9', 1],
      ['Delegation 10', 1],
      ['France', 1],
      ['Germany', 3],
    ]);
    expect(names(experts[3]!.people)).toEqual(['Delegate 1', 'Delegate 2', 'Delegate 10']);
  });

  it('puts people without a delegation after every named one', () => {
    const observers = groupPeople(hall, '', 'en').groups[3]!.delegations!;
    expect(observers.map((d) => d.delegation)).toEqual(['Austria', 'France', '']);
  });

  it('sorts in the interface language: Cyrillic names in Russian order, accents where the language puts them', () => {
    const people = [
      person('Юрий', 'Россия', 'expert'),
      person('Ёлкин', 'Россия', 'expert'),
      person('Анна', 'Россия', 'expert'),
      person('Евгений', 'Россия', 'expert'),
    ];
    expect(names(groupPeople(people, '', 'ru').groups[0]!.people)).toEqual(['Анна', 'Евгений', 'Ёлкин', 'Юрий']);
    const german = [
      person('Zander', 'Deutschland', 'expert'),
      person('Öztürk', 'Deutschland', 'expert'),
      person('Ober', 'Deutschland', 'expert'),
    ];
    expect(names(groupPeople(german, '', 'de').groups[0]!.people)).toEqual(['Ober', 'Öztürk', 'Zander']);
  });

  it('narrows to names or delegations containing what was typed, ignoring case and accents, and counts the matches', () => {
    const view = groupPeople(hall, 'germ', 'en');
    expect(view.matches).toBe(3);
    expect(view.groups.map((g) => g.key)).toEqual(['expert']);
    // The group still knows its size, so the list can say "3 of 6".
    expect(view.groups[0]!.total).toBe(6);
    expect(view.groups[0]!.delegations!.map((d) => d.delegation)).toEqual(['Germany']);

    expect(groupPeople(hall, 'emile', 'fr').matches).toBe(1);
    expect(groupPeople(hall, '  DELEGATE   1 ', 'en').matches).toBe(2);
    expect(groupPeople(hall, 'nobody here', 'en')).toEqual({ total: 12, matches: 0, groups: [] });
    expect(matchesQuery(hall[0]!, '', 'en')).toBe(true);
  });

  it('tells two people of the same name and delegation apart by the number the server gave the second', () => {
    const first = person('Anna Novak', 'Czech Republic', 'expert');
    const second = person('Anna Novak', 'Czech Republic', 'expert', { namesake: 2 });
    const view = groupPeople([second, first], '', 'en');
    expect(names(view.groups[0]!.people)).toEqual(['Anna Novak', 'Anna Novak #2']);
    expect(namesakeSuffix(person('Solo', 'Malta', 'expert', { namesake: 1 }))).toBe('');
  });

  it('keeps the same group keys whatever is searched, so a folded group stays folded', () => {
    const germany = groupPeople(hall, '', 'en').groups[2]!.delegations!.find((d) => d.delegation === 'Germany')!;
    expect(groupPeople(hall, 'germany', 'en').groups[0]!.delegations![0]!.key).toBe(germany.key);
  });
});
