/** One person in the presence list: colour, name (with "#2" for a namesake), delegation, role; a button to their caret. */
import { useTranslation } from 'react-i18next';
import { RoleBadge } from '../RoleBadge';
import { namesakeSuffix, type PresencePerson } from './groupPeople';

export const JUMP_HINT_ID = 'presence-jump-hint';

export function PresenceEntry({ person, onJump }: { person: PresencePerson; onJump: (person: PresencePerson) => void }) {
  const { t } = useTranslation('presence');
  const suffix = namesakeSuffix(person);
  const delegation = person.delegation && (person.delegationSelfDeclared ? t('selfDeclared', { delegation: person.delegation }) : person.delegation);
  const who = (
    <>
      <span className="presence__dot" style={{ backgroundColor: person.color }} aria-hidden="true" />
      <span className="presence__who">
        <span className="presence__name">
          {person.name}
          {suffix && <span className="presence__namesake"> {suffix}</span>}
        </span>{' '}
        <span className="presence__delegation">{[delegation, person.isSelf ? t('you') : ''].filter(Boolean).join(' · ')}</span>
      </span>{' '}
      {person.role && <RoleBadge role={person.role} />}
    </>
  );
  return (
    <li className="presence__item" data-testid="presence-item" data-self={person.isSelf || undefined}>
      {person.isSelf ? (
        <span className="presence__person">{who}</span>
      ) : (
        <button type="button" className="presence__person presence__person--jump" aria-describedby={JUMP_HINT_ID} onClick={() => onJump(person)}>
          {who}
        </button>
      )}
    </li>
  );
}
