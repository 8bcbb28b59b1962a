/** A clear page for a link that cannot open a room: expired, revoked, invalid, elsewhere. */
import { useTranslation } from 'react-i18next';
import { RequestError, NETWORK_ERROR } from '../api/http';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { apiErrorText } from '../i18n/apiErrorText';

export type LinkProblem =
  | { kind: 'expired' | 'revoked' | 'invalid' | 'other-room' | 'no-token' | 'not-found' | 'forbidden' }
  | { kind: 'network' | 'unknown'; detail?: string; retry(): void };

/** Which problem an error from GET /api/session means. */
export function problemFromError(error: unknown, retry: () => void): LinkProblem {
  if (!(error instanceof RequestError)) return { kind: 'unknown', retry };
  switch (error.code) {
    case 'E_TOKEN_EXPIRED':
      return { kind: 'expired' };
    case 'E_TOKEN_REVOKED':
      return { kind: 'revoked' };
    case 'E_OTHER_ROOM':
      return { kind: 'other-room' };
    case 'E_TOKEN_INVALID':
    case 'E_TOKEN_MISSING':
      return { kind: 'invalid' };
    case 'E_NOT_FOUND':
      return { kind: 'not-found' };
    case NETWORK_ERROR:
      return { kind: 'network', retry };
  }
  if (error.status === 401) return { kind: 'invalid' };
  if (error.status === 403) return { kind: 'forbidden' };
  if (error.status === 404) return { kind: 'not-found' };
  return { kind: 'unknown', detail: apiErrorText(error), retry };
}

export function LinkProblemPage({ problem }: { problem: LinkProblem }) {
  const { t } = useTranslation('join');
  return (
    <main className="centered-page">
      <section className="card" role="alert" aria-labelledby="problem-title" data-testid="link-problem" data-problem={problem.kind}>
        <div className="join__top">
          <p className="eyebrow">Draftroom</p>
          <LanguageSwitch />
        </div>
        <h1 id="problem-title" className="card__title">
          {t(`problem.${problem.kind}.title`)}
        </h1>
        <p className="card__lead">{t(`problem.${problem.kind}.text`)}</p>
        {'detail' in problem && problem.detail && <p className="muted small">{problem.detail}</p>}
        <div className="card__actions">
          {'retry' in problem && (
            <button type="button" className="button button--primary" onClick={problem.retry}>
              {t('common:action.tryAgain')}
            </button>
          )}
          <a className="button" href="/">
            {t('common:action.startPage')}
          </a>
        </div>
      </section>
    </main>
  );
}
