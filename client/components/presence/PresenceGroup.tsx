/**
 * One role's people in the presence list, under a heading that folds it away; experts and
 * observers further by delegation, each delegation foldable too. Counts say "3 of 12" while
 * a search narrows the group.
 */
import { useTranslation } from 'react-i18next';
import type { DelegationGroup, PresencePerson, RoleGroup } from './groupPeople';
import { PresenceEntry } from './PresenceEntry';

interface GroupProps {
  group: RoleGroup;
  searching: boolean;
  collapsed: ReadonlySet<string>;
  onToggle: (key: string) => void;
  onJump: (person: PresencePerson) => void;
}

export function PresenceGroup({ group, searching, collapsed, onToggle, onJump }: GroupProps) {
  const { t } = useTranslation('presence');
  const open = !collapsed.has(group.key);
  const bodyId = `presence-group-${group.key}`;
  return (
    <section className="presence-group" data-testid={`presence-group-${group.key}`}>
      <h3 className="presence-group__heading">
        <GroupToggle open={open} controls={bodyId} onClick={() => onToggle(group.key)} label={t(`role.${group.key}`, { count: group.total })} shown={group.people.length} total={group.total} searching={searching} />
      </h3>
      <div id={bodyId} hidden={!open}>
        {group.delegations ? (
          group.delegations.map((delegation) => <Delegation key={delegation.key} group={delegation} searching={searching} collapsed={collapsed} onToggle={onToggle} onJump={onJump} />)
        ) : (
          <People people={group.people} onJump={onJump} />
        )}
      </div>
    </section>
  );
}

function Delegation({ group, searching, collapsed, onToggle, onJump }: Omit<GroupProps, 'group'> & { group: DelegationGroup }) {
  const { t } = useTranslation('presence');
  const open = !collapsed.has(group.key);
  // Ids may not hold spaces; the key is the folded delegation, so it is made safe here.
  const bodyId = `presence-delegation-${encodeURIComponent(group.key).replace(/%/g, '_')}`;
  return (
    <div className="presence-delegation">
      <h4 className="presence-delegation__heading">
        <GroupToggle open={open} controls={bodyId} onClick={() => onToggle(group.key)} label={group.delegation || t('noDelegation')} shown={group.people.length} total={group.total} searching={searching} />
      </h4>
      <div id={bodyId} hidden={!open}>
        <People people={group.people} onJump={onJump} />
      </div>
    </div>
  );
}

interface ToggleProps {
  open: boolean;
  controls: string;
  label: string;
  shown: number;
  total: number;
  searching: boolean;
  onClick: () => void;
}

function GroupToggle({ open, controls, label, shown, total, searching, onClick }: ToggleProps) {
  const { t } = useTranslation('presence');
  return (
    <button type="button" className="presence-toggle" aria-expanded={open} aria-controls={controls} onClick={onClick}>
      <span className="presence-toggle__chevron" aria-hidden="true" />
      <span className="presence-toggle__label">{label}</span>{' '}
      <span className="presence-toggle__count">{searching ? t('groupCountFiltered', { shown, total }) : t('groupCount', { total })}</span>
    </button>
  );
}

function People({ people, onJump }: { people: PresencePerson[]; onJump: (person: PresencePerson) => void }) {
  return (
    <ul className="presence">
      {people.map((person) => (
        <PresenceEntry key={person.clientId} person={person} onJump={onJump} />
      ))}
    </ul>
  );
}
