/**
 * `/`: what Draftroom is, and for the Senior Adviser (a browser holding an adviser
 * token, or the admin token pasted here) the form that creates a room.
 */
import { useState } from 'react';
import { NewRoomForm } from '../components/NewRoomForm';
import { adminToken, adviserToken, keepAdminToken, keepAdviserToken } from '../session/tokens';

export function HomePage() {
  const [token, setToken] = useState(() => adminToken() ?? adviserToken());
  const [pasted, setPasted] = useState('');

  const usePasted = (event: React.FormEvent) => {
    event.preventDefault();
    const value = pasted.trim();
    if (!value) return;
    keepAdminToken(value);
    setToken(value);
    setPasted('');
  };

  const forget = () => {
    keepAdminToken(null);
    keepAdviserToken(null);
    setToken(null);
  };

  return (
    <main className="home">
      <header className="home__header">
        <p className="eyebrow">Draftroom</p>
        <h1 className="home__title">Draft the conclusions while the meeting is still in the room</h1>
        <p className="home__lead">
          The Senior Adviser brings the draft conclusions; experts from the delegations amend them live from their laptops;
          moderators lock each paragraph once the room agrees it, so agreed text cannot drift. The agreed text is then
          exported and forwarded — to the Security Committee, to the Annual Security Review Conference.
        </p>
      </header>

      <section className="home__section" aria-labelledby="how-heading">
        <h2 id="how-heading" className="subheading">
          How to join
        </h2>
        <p>
          Open the invitation link you were sent. It gives you your role in the room — Senior Adviser, Moderator, Expert or
          Observer — and asks for your name and delegation once.
        </p>
      </section>

      <section className="home__section" aria-labelledby="create-heading">
        <h2 id="create-heading" className="sr-only">
          Create a room
        </h2>
        {token ? (
          <>
            <NewRoomForm token={token} onTokenRejected={forget} />
            <button type="button" className="link-button small" onClick={forget}>
              Forget the token in this tab
            </button>
          </>
        ) : (
          <form className="admin-token" onSubmit={usePasted}>
            <label className="field">
              <span className="field__label">Senior Adviser? Paste the admin token to create a room</span>
              <input
                className="input input--mono"
                type="password"
                data-testid="admin-token"
                autoComplete="off"
                value={pasted}
                onChange={(e) => setPasted(e.target.value)}
              />
            </label>
            <button type="submit" className="button" data-testid="admin-token-submit">
              Use this token
            </button>
            <p className="muted small">The token stays in this tab only and is sent to the server, never shown.</p>
          </form>
        )}
      </section>
    </main>
  );
}
