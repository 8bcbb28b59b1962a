/**
 * `/`: what Draftroom is, and for the Senior Adviser (a browser holding an adviser
 * token, or the admin token pasted here) the form that creates a room.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NewRoomForm } from '../components/NewRoomForm';
import { adminToken, adviserToken, keepAdminToken, keepAdviserToken } from '../session/tokens';

export function HomePage() {
  const { t } = useTranslation('home');
  const [token, setToken] = useState(() => adminToken() ?? adviserToken());
  const [pasted, setPasted] = useState('');

  const takePasted = (event: React.FormEvent) => {
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
      <LanguageSwitch className="language-switch--corner" />
      <header className="home__header">
        <p className="eyebrow">Draftroom</p>
        <h1 className="home__title">{t('title')}</h1>
        <p className="home__lead">{t('lead')}</p>
      </header>

      <section className="home__section" aria-labelledby="how-heading">
        <h2 id="how-heading" className="subheading">
          {t('how.heading')}
        </h2>
        <p>{t('how.text')}</p>
      </section>

      <section className="home__section" aria-labelledby="create-heading">
        <h2 id="create-heading" className="sr-only">
          {t('create.heading')}
        </h2>
        {token ? (
          <>
            <NewRoomForm token={token} onTokenRejected={forget} />
            <button type="button" className="link-button small" onClick={forget}>
              {t('create.forget')}
            </button>
          </>
        ) : (
          <form className="admin-token" onSubmit={takePasted}>
            <label className="field">
              <span className="field__label">{t('create.tokenLabel')}</span>
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
              {t('create.useToken')}
            </button>
            <p className="muted small">{t('create.tokenNote')}</p>
          </form>
        )}
      </section>
    </main>
  );
}
