/**
 * One person in the presence tree: colour, name (with "#2" for a namesake), delegation; Enter
 * or a click goes to their caret. The role is the group they are listed in, so no badge
 * repeats it on every line of a narrow column.
 */
import { useTranslation } from 'react-i18next';
import { inParentheses } from '../../format';
import { namesakeSuffix, personKey, type PresencePerson } from './groupPeople';

interface EntryProps {
  person: PresencePerson;
  /** The one item of the tree in the Tab order (roving tabindex). */
  active: boolean;
  onJump: (person: PresencePerson) => void;
}

export function PresenceEntry({ person, active, onJump }: EntryProps) {
  const { t } = useTranslation('presence');
  const suffix = namesakeSuffix(person);
  const delegation =
    person.delegation &&
    (person.delegationSelfDeclared ? t('selfDeclared', { delegation: inParentheses(person.delegation) }) : person.delegation);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the tree hears the keys of all its items (PresenceList, roving focus)
    <li
      role="treeitem"
      className="presence__item"
      data-testid="presence-item"
      data-node-key={personKey(person)}
      data-label={person.name}
      data-self={person.isSelf || undefined}
      tabIndex={active ? 0 : -1}
      // One's own entry goes nowhere: there is no caret of one's own to show.
      onClick={person.isSelf ? undefined : () => onJump(person)}
    >
      <span className={`presence__person${person.isSelf ? '' : ' presence__person--jump'}`}>
        <span className="presence__dot" style={{ backgroundColor: person.color }} aria-hidden="true" />
        <span className="presence__who">
          <span className="presence__name">
            {person.name}
            {suffix && <span className="presence__namesake"> {suffix}</span>}
          </span>{' '}
          <span className="presence__delegation">{[delegation, person.isSelf ? t('you') : ''].filter(Boolean).join(' · ')}</span>
        </span>
      </span>
    </li>
  );
}
