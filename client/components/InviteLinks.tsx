/** The four role links of a new room, to copy and send, and a way in for the adviser. */
import { ROLES, ROLE_LABELS } from '../../shared/roles';
import type { CreatedDocument } from '../api/types';
import { absoluteUrl } from '../session/tokens';
import { CopyButton } from './CopyButton';

const WHO: Record<(typeof ROLES)[number], string> = {
  adviser: 'Keep this one: it runs the room, issues and revokes invites.',
  moderator: 'For the chair and moderators: they edit and lock agreed paragraphs.',
  expert: 'For experts: they edit unlocked paragraphs and comment in their own name. To let delegations co-sponsor, issue each its own invite in Room settings → Delegations.',
  observer: 'For anyone who follows the text without editing.',
};

export function InviteLinks({ room }: { room: CreatedDocument }) {
  return (
    <section className="created-room" aria-labelledby="created-title" data-testid="created-room">
      <h2 id="created-title" className="subheading">
        “{room.title}” is ready
      </h2>
      <p className="muted">Each link opens the room with its role and asks the person for their name once.</p>
      <ul className="role-links">
        {ROLES.map((role) => {
          const url = absoluteUrl(room.invites[role].url);
          return (
            <li key={role} className="role-links__item">
              <div>
                <strong>{ROLE_LABELS[role]}</strong>
                <p className="muted small">{WHO[role]}</p>
              </div>
              <div className="link-row">
                <input className="input input--mono" readOnly value={url} aria-label={`${ROLE_LABELS[role]} link`} data-testid={`invite-link-${role}`} onFocus={(e) => e.target.select()} />
                <CopyButton text={url} />
              </div>
            </li>
          );
        })}
      </ul>
      <a className="button button--primary" data-testid="open-new-room" href={absoluteUrl(room.invites.adviser.url)}>
        Open the room as Senior Adviser
      </a>
    </section>
  );
}
