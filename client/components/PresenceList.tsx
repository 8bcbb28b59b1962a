/** Who is in the room: name, delegation (marked when self-declared), role and caret colour, from awareness. */
import type { Person } from '../sync/roomConnection';
import { RoleBadge } from './RoleBadge';

export function PresenceList({ people, ended = false }: { people: Person[]; ended?: boolean }) {
  return (
    <section className="side-section" aria-labelledby="presence-heading">
      <h2 id="presence-heading" className="side-section__title">
        In the room <span className="count">({people.length})</span>
      </h2>
      {ended && <p className="muted small">You are no longer connected, so you cannot see who is here.</p>}
      <ul className="presence" data-testid="presence-list" hidden={ended}>
        {people.map((person) => (
          <li key={person.clientId} className="presence__item" data-testid="presence-item" data-self={person.isSelf || undefined}>
            <span className="presence__dot" style={{ backgroundColor: person.color }} aria-hidden="true" />
            <span className="presence__who">
              <span className="presence__name">{person.name}</span>
              <span className="presence__delegation">
                {[person.delegation && (person.delegationSelfDeclared ? `${person.delegation} (self-declared)` : person.delegation), person.isSelf ? 'you' : '']
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </span>
            {person.role && <RoleBadge role={person.role} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
