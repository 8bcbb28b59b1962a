/**
 * Who is in the room, for a full hall: grouped by role and delegation with counts, in
 * natural order, searchable, foldable; choosing someone scrolls the text to their caret.
 * Names, delegations (marked when self-declared), roles and caret colours come from
 * awareness, as the server stamped them.
 *
 * The list is a WAI-ARIA tree and one Tab stop, however full the hall (roving tabindex):
 * Up and Down move through the groups and people shown, Home and End to the ends, Right
 * opens a group or enters it, Left folds it or goes up to its group, Enter (or Space) folds
 * a group or shows a person's caret, and a letter goes to the next item starting with it.
 */
import { useLayoutEffect, useMemo, useRef, useState, useId, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Awareness } from 'y-protocols/awareness';
import type { Person } from '../sync/roomConnection';
import { fold, groupPeople, namesakeSuffix, visibleKeys, type PresencePerson } from './presence/groupPeople';
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
  const keys = useMemo(() => visibleKeys(view, collapsed), [view, collapsed]);
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  // The item in the Tab order: the last one moved to, or the first when it is gone (left, folded away, filtered out).
  const activeKey = chosenKey !== null && keys.includes(chosenKey) ? chosenKey : (keys[0] ?? null);
  const tree = useRef<HTMLUListElement>(null);
  const hintId = useId();
  /** Where focus was in the tree, so it is not lost to the page when that item goes (a person leaves). */
  const focusedAt = useRef<{ key: string; index: number } | null>(null);

  useLayoutEffect(() => {
    const was = focusedAt.current;
    const root = tree.current;
    if (!was || !root || root.querySelector(`[data-node-key="${CSS.escape(was.key)}"]`)) return;
    if (document.activeElement !== null && document.activeElement !== document.body) return;
    const next = keys[Math.min(was.index, keys.length - 1)];
    if (next !== undefined) itemOf(root, next)?.focus();
  });

  const moveTo = (key: string | undefined) => {
    if (key === undefined || !tree.current) return;
    setChosenKey(key);
    itemOf(tree.current, key)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const item = (event.target as Element).closest<HTMLElement>('[role="treeitem"]');
    if (!item || event.altKey || event.ctrlKey || event.metaKey) return;
    const key = item.dataset.nodeKey!;
    const index = keys.indexOf(key);
    const expanded = item.getAttribute('aria-expanded');
    const person = key.startsWith('person:')
      ? view.groups.flatMap((group) => group.people).find((p) => `person:${p.clientId}` === key)
      : undefined;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(keys[index + 1]);
        break;
      case 'ArrowUp':
        moveTo(keys[index - 1]);
        break;
      case 'Home':
        moveTo(keys[0]);
        break;
      case 'End':
        moveTo(keys[keys.length - 1]);
        break;
      case 'ArrowRight':
        if (expanded === 'false') toggle(key);
        else if (expanded === 'true') moveTo(keys[index + 1]);
        break;
      case 'ArrowLeft':
        if (expanded === 'true') toggle(key);
        else
          moveTo(item.closest('[role="group"]')?.parentElement?.querySelector<HTMLElement>(':scope > [role="treeitem"]')?.dataset.nodeKey);
        break;
      case 'Enter':
      case ' ':
        if (expanded !== null) toggle(key);
        else if (person && !person.isSelf) jump(person);
        break;
      default: {
        // Type-ahead: a letter or digit goes to the next item whose name starts with it.
        if (!/^[\p{L}\p{N}]$/u.test(event.key)) return;
        const wanted = fold(event.key, locale);
        const order = [...keys.slice(index + 1), ...keys.slice(0, index + 1)];
        const found = order.find((candidate) => fold(itemOf(tree.current!, candidate)?.dataset.label ?? '', locale).startsWith(wanted));
        if (found === undefined) return;
        moveTo(found);
      }
    }
    event.preventDefault();
  };

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
          <input
            id={searchId}
            type="search"
            className="presence-search__input"
            value={query}
            placeholder={t('searchPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
        <p className="presence__matches small" role="status">
          {searching ? t('matches', { count: view.matches, query: query.trim() }) : ''}
        </p>
        <p id={hintId} className="sr-only">
          {t('treeHint')}
        </p>
        {/* Every item holds a tabindex; only the active one is 0. The tree itself takes no focus. */}
        <ul
          ref={tree}
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a list is the ARIA tree pattern's own markup
          role="tree"
          className="presence-groups"
          data-testid="presence-list"
          aria-labelledby="presence-heading"
          aria-describedby={hintId}
          onKeyDown={onKeyDown}
          onFocus={(event) => {
            const key = (event.target as HTMLElement).dataset.nodeKey;
            if (key === undefined) return;
            focusedAt.current = { key, index: keys.indexOf(key) };
            if (key !== chosenKey) setChosenKey(key);
          }}
          onBlur={(event) => {
            // Focus that moved elsewhere is no longer the tree's; focus lost with its item is (see above).
            if (event.relatedTarget !== null && !event.currentTarget.contains(event.relatedTarget as Node)) focusedAt.current = null;
          }}
        >
          {view.groups.map((group) => (
            <PresenceGroup
              key={group.key}
              group={group}
              searching={searching}
              collapsed={collapsed}
              activeKey={activeKey}
              onToggle={toggle}
              onJump={jump}
            />
          ))}
        </ul>
        <p className="presence__jump small" role="status" data-testid="presence-jump-result">
          {jumpResult}
        </p>
      </div>
    </section>
  );
}

function itemOf(root: HTMLElement, key: string): HTMLElement | null {
  return root.querySelector<HTMLElement>(`[data-node-key="${CSS.escape(key)}"]`);
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
