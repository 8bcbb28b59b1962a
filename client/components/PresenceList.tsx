/**
 * Who is in the room, for a full hall: grouped by role and delegation with counts, in
 * natural order, searchable, foldable; choosing someone scrolls the text to their caret.
 * Names, delegations (marked when self-declared), roles and caret colours come from
 * awareness, as the server stamped them.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Awareness } from 'y-protocols/awareness';
import type { Person } from '../sync/roomConnection';
import { groupPeople, namesakeSuffix, type PresencePerson } from './presence/groupPeople';
import { JUMP_HINT_ID } from './presence/PresenceEntry';
import { PresenceGroup } from './presence/PresenceGroup';
import { useCollapsedGroups } from './presence/useCollapsedGroups';

interface PresenceListProps {
  people: Person[];
  ended?: boolean;
  /** The room's awareness, for what Person does not carry (the server's namesake number). */
  awareness?: Awareness;
  /** Scrolls the text to a person's caret; false when they have none there (null while the editor loads). */
  revealPerson?: ((clientId: number) => boolean) | null;
}

export function PresenceList({ people, ended = false, awareness, revealPerson = null }: PresenceListProps) {
  const { t, i18n } = useTranslation('presence');
  const locale = i18n.resolvedLanguage ?? 'en';
  const [query, setQuery] = useState('');
  const [collapsed, toggle] = useCollapsedGroups();
  const [jumpResult, setJumpResult] = useState('');
  const searchId = useId();
  const searching = query.trim() !== '';

  const view = useMemo(() => groupPeople(withNamesakes(people, awareness), query, locale), [people, awareness, query, locale]);

  const jump = (person: PresencePerson) => {
    const name = [person.name, namesakeSuffix(person)].filter(Boolean).join(' ');
    const found = revealPerson?.(person.clientId) ?? false;
    setJumpResult(found ? t('jumped', { name }) : t('noCaret', { name }));
  };

  return (
    <section className="side-section presence-panel" aria-labelledby="presence-heading">
      <h2 id="presence-heading" className="side-section__title">
        {t('title')} <span className="count">({people.length})</span>
      </h2>
      {ended && <p className="muted small">{t('ended')}</p>}
      <div hidden={ended}>
        <div className="presence-search">
          <label htmlFor={searchId} className="sr-only">
            {t('searchLabel')}
          </label>
          <input id={searchId} type="search" className="presence-search__input" value={query} placeholder={t('searchPlaceholder')} autoComplete="off" spellCheck={false} onChange={(event) => setQuery(event.target.value)} />
        </div>
        <p className="presence__matches small" role="status">
          {searching ? t('matches', { count: view.matches, query: query.trim() }) : ''}
        </p>
        <p id={JUMP_HINT_ID} className="sr-only">
          {t('jumpHint')}
        </p>
        <div className="presence-groups" data-testid="presence-list">
          {view.groups.map((group) => (
            <PresenceGroup key={group.key} group={group} searching={searching} collapsed={collapsed} onToggle={toggle} onJump={jump} />
          ))}
        </div>
        <p className="presence__jump small" role="status" data-testid="presence-jump-result">
          {jumpResult}
        </p>
      </div>
    </section>
  );
}

/** People with the "second of that name" number the server put in their awareness entry. */
function withNamesakes(people: Person[], awareness: Awareness | undefined): PresencePerson[] {
  if (!awareness) return people;
  const states = awareness.getStates();
  return people.map((person) => {
    const namesake = (states.get(person.clientId) as { user?: { namesake?: unknown } } | undefined)?.user?.namesake;
    return typeof namesake === 'number' && Number.isInteger(namesake) ? { ...person, namesake } : person;
  });
}
