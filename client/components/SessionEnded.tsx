/** Shown when the server closed this session for good (revoked, expired, refused frame…). */
import { CloseCode } from '../../shared/protocol';
import type { SessionEnd } from '../sync/roomConnection';

function heading(code: number): string {
  if (code === CloseCode.forbidden || code === CloseCode.unauthenticated) return 'You have left the room';
  return 'The connection was closed';
}

export function SessionEnded({ end }: { end: SessionEnd }) {
  const canRejoin = end.code !== CloseCode.forbidden && end.code !== CloseCode.unauthenticated && end.code !== CloseCode.notFound;
  return (
    <div className="session-ended" role="alertdialog" aria-labelledby="ended-title" aria-describedby="ended-text" data-testid="session-ended">
      <div className="session-ended__card">
        <h2 id="ended-title">{heading(end.code)}</h2>
        <p id="ended-text">{end.message}</p>
        <p className="session-ended__hint">The text below is what you last saw. It no longer updates, and nothing you do here is sent.</p>
        <div className="session-ended__actions">
          {canRejoin && (
            <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
              Reload to rejoin
            </button>
          )}
          <a className="button" href="/">
            Go to the start page
          </a>
        </div>
      </div>
    </div>
  );
}
