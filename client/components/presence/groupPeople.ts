/**
 * The presence list's shape for a full hall: people grouped by role (Senior Adviser,
 * moderators, experts, observers), experts and observers further by delegation, each group
 * counted, names and delegations in natural order for the interface language ("Delegate 2"
 * before "Delegate 10"), narrowed by a search over name and delegation. Pure, so the rules
 * are tested without a page.
 */
import type { Role } from '../../../shared/roles.js';

/** A person as the list shows them (a sync/roomConnection Person, plus what the server stamped in their awareness entry). */
export interface PresencePerson {
  clientId: number;
  name: string;
  delegation: string;
  delegationSelfDeclared: boolean;
  role: Role | null;
  color: string;
  isSelf: boolean;
  /** 2, 3 … for a second, third person present under one name and delegation. */
  namesake?: number;
}

export interface DelegationGroup {
  /** Stable across renders and searches: the collapse state is kept under it. */
  key: string;
  /** The delegation as people wrote it; '' for people without one. */
  delegation: string;
  total: number;
  people: PresencePerson[];
}

export interface RoleGroup {
  key: Role;
  total: number;
  /** Everyone in the role who matches the search, in order. */
  people: PresencePerson[];
  /** For experts and observers: the same people by delegation. */
  delegations: DelegationGroup[] | null;
}

export interface PresenceGroups {
  total: number;
  /** How many people match the search (all of them when there is none). */
  matches: number;
  /** Only groups with someone matching the search. */
  groups: RoleGroup[];
}

const ROLE_ORDER: readonly Role[] = ['adviser', 'moderator', 'expert', 'observer'];
const BY_DELEGATION: ReadonlySet<Role> = new Set(['expert', 'observer']);

/** Folded for comparison and search: case, accents and runs of spaces do not matter. */
export function fold(text: string, locale: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase(locale).replace(/\s+/g, ' ').trim();
}

/** Whether a person matches what was typed in the search box (name or delegation, anywhere in it). */
export function matchesQuery(person: PresencePerson, query: string, locale: string): boolean {
  const wanted = fold(query, locale);
  if (wanted === '') return true;
  return fold(person.name, locale).includes(wanted) || fold(person.delegation, locale).includes(wanted);
}

/** Groups, counts, sorts and filters the people present. */
export function groupPeople(people: readonly PresencePerson[], query: string, locale: string): PresenceGroups {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const byName = (a: PresencePerson, b: PresencePerson) =>
    collator.compare(a.name, b.name) ||
    collator.compare(a.delegation, b.delegation) ||
    (a.namesake ?? 1) - (b.namesake ?? 1) ||
    a.clientId - b.clientId;
  let matches = 0;
  const groups: RoleGroup[] = [];
  for (const role of ROLE_ORDER) {
    // A state without a role we know is shown with the observers: it may read, nothing more.
    const inRole = people.filter((person) => (person.role ?? 'observer') === role).sort(byName);
    const shown = inRole.filter((person) => matchesQuery(person, query, locale));
    matches += shown.length;
    if (shown.length === 0) continue;
    groups.push({
      key: role,
      total: inRole.length,
      people: shown,
      delegations: BY_DELEGATION.has(role) ? delegationGroups(role, inRole, shown, locale, collator) : null,
    });
  }
  return { total: people.length, matches, groups };
}

function delegationGroups(
  role: Role,
  everyone: PresencePerson[],
  shown: PresencePerson[],
  locale: string,
  collator: Intl.Collator,
): DelegationGroup[] {
  const groups = new Map<string, DelegationGroup>();
  for (const person of everyone) {
    const key = `${role}/${fold(person.delegation, locale)}`;
    const group = groups.get(key) ?? { key, delegation: person.delegation, total: 0, people: [] };
    group.total++;
    groups.set(key, group);
  }
  for (const person of shown) groups.get(`${role}/${fold(person.delegation, locale)}`)!.people.push(person);
  // People without a delegation come last, after every named one.
  return [...groups.values()]
    .filter((group) => group.people.length > 0)
    .sort((a, b) => Number(a.delegation === '') - Number(b.delegation === '') || collator.compare(a.delegation, b.delegation));
}

/** The "#2" that tells a second person present under the same name and delegation apart, or ''. */
export function namesakeSuffix(person: PresencePerson): string {
  return person.namesake !== undefined && person.namesake > 1 ? `#${person.namesake}` : '';
}

/** A person's key among the tree's items (groups are keyed by role, delegations by "role/delegation"). */
export function personKey(person: PresencePerson): string {
  return `person:${person.clientId}`;
}

/** The keys of the tree's items a person can move through, in order: folded groups hide their people. */
export function visibleKeys(view: PresenceGroups, collapsed: ReadonlySet<string>): string[] {
  const keys: string[] = [];
  for (const group of view.groups) {
    keys.push(group.key);
    if (collapsed.has(group.key)) continue;
    if (!group.delegations) {
      keys.push(...group.people.map(personKey));
      continue;
    }
    for (const delegation of group.delegations) {
      keys.push(delegation.key);
      if (!collapsed.has(delegation.key)) keys.push(...delegation.people.map(personKey));
    }
  }
  return keys;
}
