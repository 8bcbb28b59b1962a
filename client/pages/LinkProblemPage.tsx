/** A clear page for a link that cannot open a room: expired, revoked, invalid, elsewhere. */
import { ApiError, NETWORK_ERROR } from '../api/http';

export type LinkProblem =
  | { kind: 'expired' | 'revoked' | 'invalid' | 'other-room' | 'no-token' | 'not-found' | 'forbidden' }
  | { kind: 'network' | 'unknown'; detail?: string; retry(): void };

const WORDS: Record<LinkProblem['kind'], { title: string; text: string }> = {
  expired: {
    title: 'This invitation link has expired',
    text: 'Invitations to a room work for a limited time. Ask the Senior Adviser for a new link.',
  },
  revoked: {
    title: 'This invitation was revoked',
    text: 'The Senior Adviser has withdrawn this invitation, so it no longer opens the room. If you still need access, ask them for a new link.',
  },
  invalid: {
    title: 'This invitation link is not valid',
    text: 'Check that you copied the whole link, including the part after “#token=”. If it still does not work, ask the Senior Adviser for a new link.',
  },
  'other-room': {
    title: 'This invitation is for another room',
    text: 'The link you used belongs to a different room. Open the room from its own invitation link.',
  },
  'no-token': {
    title: 'This room link has no invitation in it',
    text: 'Rooms open only with a personal invitation link (it ends in “#token=…”). Open the link you were sent, or ask the Senior Adviser for one.',
  },
  'not-found': {
    title: 'There is nothing here',
    text: 'This address is not a Draftroom room. Check the link you were sent.',
  },
  forbidden: {
    title: 'This invitation does not allow that',
    text: 'Your invitation does not give access to this room. Ask the Senior Adviser for a new link.',
  },
  network: {
    title: 'The server cannot be reached',
    text: 'Check your connection (the venue Wi-Fi, a VPN), then try again.',
  },
  unknown: {
    title: 'The room could not be opened',
    text: 'Something went wrong on the server. Try again in a moment.',
  },
};

/** Which problem an error from GET /api/session means. */
export function problemFromError(error: unknown, retry: () => void): LinkProblem {
  if (!(error instanceof ApiError)) return { kind: 'unknown', retry };
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
  return { kind: 'unknown', detail: error.message, retry };
}

export function LinkProblemPage({ problem }: { problem: LinkProblem }) {
  const words = WORDS[problem.kind];
  return (
    <main className="centered-page">
      <section className="card" role="alert" aria-labelledby="problem-title" data-testid="link-problem" data-problem={problem.kind}>
        <p className="eyebrow">Draftroom</p>
        <h1 id="problem-title" className="card__title">
          {words.title}
        </h1>
        <p className="card__lead">{words.text}</p>
        {'detail' in problem && problem.detail && <p className="muted small">{problem.detail}</p>}
        <div className="card__actions">
          {'retry' in problem && (
            <button type="button" className="button button--primary" onClick={problem.retry}>
              Try again
            </button>
          )}
          <a className="button" href="/">
            Go to the start page
          </a>
        </div>
      </section>
    </main>
  );
}
