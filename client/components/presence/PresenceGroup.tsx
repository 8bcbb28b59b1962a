/**
 * One role's people in the presence tree, under a row that folds it away; experts and
 * observers further by delegation, each delegation foldable too. Counts say "3 of 12" while
 * a search narrows the group. A folded group's people are not drawn, so the tree's items in
 * document order are the ones a person can move through.
 */
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DelegationGroup, PresencePerson, RoleGroup } from './groupPeople';
import { PresenceEntry } from './PresenceEntry';

interface GroupProps {
  group: RoleGroup;
  searching: boolean;
  collapsed: ReadonlySet<string>;
  /** The key of the one item in the Tab order. */
  activeKey: string | null;
  onToggle: (key: string) => void;
  onJump: (person: PresencePerson) => void;
}

export function PresenceGroup({ group, searching, collapsed, activeKey, onToggle, onJump }: GroupProps) {
  const { t } = useTranslation('presence');
  const open = !collapsed.has(group.key);
  return (
    <Branch
      nodeKey={group.key}
      className="presence-group"
      testId={`presence-group-${group.key}`}
      open={open}
      active={activeKey === group.key}
      onToggle={onToggle}
      label={t(`role.${group.key}`, { count: group.total })}
      shown={group.people.length}
      total={group.total}
      searching={searching}
    >
      {group.delegations
        ? group.delegations.map((delegation) => (
            <Delegation
              key={delegation.key}
              group={delegation}
              searching={searching}
              collapsed={collapsed}
              activeKey={activeKey}
              onToggle={onToggle}
              onJump={onJump}
            />
          ))
        : group.people.map((person) => (
            <PresenceEntry key={person.clientId} person={person} active={activeKey === `person:${person.clientId}`} onJump={onJump} />
          ))}
    </Branch>
  );
}

function Delegation({ group, searching, collapsed, activeKey, onToggle, onJump }: Omit<GroupProps, 'group'> & { group: DelegationGroup }) {
  const { t } = useTranslation('presence');
  return (
    <Branch
      nodeKey={group.key}
      className="presence-delegation"
      open={!collapsed.has(group.key)}
      active={activeKey === group.key}
      onToggle={onToggle}
      label={group.delegation || t('noDelegation')}
      shown={group.people.length}
      total={group.total}
      searching={searching}
    >
      {group.people.map((person) => (
        <PresenceEntry key={person.clientId} person={person} active={activeKey === `person:${person.clientId}`} onJump={onJump} />
      ))}
    </Branch>
  );
}

interface BranchProps {
  nodeKey: string;
  className: string;
  testId?: string;
  open: boolean;
  active: boolean;
  label: string;
  shown: number;
  total: number;
  searching: boolean;
  onToggle: (key: string) => void;
  children: ReactNode;
}

/**
 * A role or delegation: its row is the tree item, named by what it shows ("Experts (29)"),
 * and it owns (aria-owns) the group of what is under it, drawn after it. The row holds only its
 * own words, so its name is the text a person sees (WCAG 2.5.3), not that and 29 names.
 */
function Branch({ nodeKey, className, testId, open, active, label, shown, total, searching, onToggle, children }: BranchProps) {
  const { t } = useTranslation('presence');
  const groupId = useId();
  return (
    <li role="none" className={className} data-testid={testId}>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the tree hears the keys of all its items (PresenceList, roving focus) */}
      <div
        role="treeitem"
        className="presence-toggle"
        data-node-key={nodeKey}
        data-label={label}
        aria-expanded={open}
        aria-owns={open ? groupId : undefined}
        tabIndex={active ? 0 : -1}
        onClick={() => onToggle(nodeKey)}
      >
        <span className="presence-toggle__chevron" aria-hidden="true" />
        <span className="presence-toggle__label">{label}</span>{' '}
        <span className="presence-toggle__count">{searching ? t('groupCountFiltered', { shown, total }) : t('groupCount', { total })}</span>
      </div>
      {open && (
        // biome-ignore lint/a11y/useSemanticElements: a tree's subgroup is a list with role=group (ARIA tree pattern)
        <ul role="group" id={groupId} className="presence">
          {children}
        </ul>
      )}
    </li>
  );
}
