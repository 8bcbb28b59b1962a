/**
 * The room's workflow beside the text: amendments and comments, readings, the activity
 * log, and the projector (what it shows now, and the link to open it on the hall's screen).
 */
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

// Only the adviser opens it; the QR encoder stays out of everyone else's page.
const ProjectorLinkDialog = lazy(() => import('./ProjectorLinkDialog').then((module) => ({ default: module.ProjectorLinkDialog })));

interface WorkflowNavProps {
  docId: string;
  token: string;
  pendingAmendments: number;
  openComments: number;
  /** "paragraph 5" when something is on the projector, else null. */
  presenting: string | null;
  presentingBy: string | null;
  canPresent: boolean;
  /** The adviser's: issue a projector-only link to open on the hall's computer. */
  canIssueProjectorLink?: boolean;
  onOpen(panel: 'work' | 'readings' | 'activity'): void;
  onShowPresented(): void;
  onStopPresenting(): void;
}

export function WorkflowNav(props: WorkflowNavProps) {
  const { docId, token, presenting } = props;
  const [linkOpen, setLinkOpen] = useState(false);
  const { t } = useTranslation('projector');
  const roomWords = useTranslation('room').t;
  const projectorPath = `/d/${encodeURIComponent(docId)}/projector`;

  // The token travels in the fragment (never sent to a server) and the projector page takes it
  // out of the address bar at once; it is added on click, so it never sits in the page's links.
  const openProjector = (event: React.MouseEvent) => {
    event.preventDefault();
    window.open(`${projectorPath}#token=${encodeURIComponent(token)}`, '_blank', 'noopener');
  };

  return (
    <section className="side-section workflow-nav" aria-labelledby="workflow-heading">
      <h2 id="workflow-heading" className="side-section__title">
        {roomWords('nav.heading')}
      </h2>
      <ul className="workflow-nav__list">
        <li>
          <button type="button" className="nav-button" data-testid="open-amendments" onClick={() => props.onOpen('work')}>
            <span>{roomWords('nav.work')}</span>
            <span className="nav-button__meta">
              {roomWords('nav.workMeta', { pending: props.pendingAmendments, open: props.openComments })}
            </span>
          </button>
        </li>
        <li>
          <button type="button" className="nav-button" data-testid="open-readings" onClick={() => props.onOpen('readings')}>
            <span>{roomWords('nav.readings')}</span>
            <span className="nav-button__meta">{roomWords('nav.readingsMeta')}</span>
          </button>
        </li>
        <li>
          <button type="button" className="nav-button" data-testid="open-activity" onClick={() => props.onOpen('activity')}>
            <span>{roomWords('nav.activity')}</span>
            <span className="nav-button__meta">{roomWords('nav.activityMeta')}</span>
          </button>
        </li>
      </ul>
      <div className="projector-box">
        <p className="projector-box__now" data-testid="presenting-now">
          {presenting ? (
            <>
              {roomWords('nav.onProjector')}{' '}
              <button type="button" className="link-button" onClick={props.onShowPresented}>
                {presenting}
              </button>
              {props.presentingBy && <span className="muted"> {roomWords('nav.presentedBy', { name: props.presentingBy })}</span>}
            </>
          ) : (
            <span className="muted">{roomWords('nav.fromTheTop')}</span>
          )}
        </p>
        <div className="projector-box__actions">
          <a
            className="button button--small"
            href={projectorPath}
            target="_blank"
            rel="noopener"
            data-testid="open-projector"
            onClick={openProjector}
          >
            {roomWords('nav.openProjector')} ↗
          </a>
          {props.canIssueProjectorLink && (
            <button type="button" className="button button--small" data-testid="open-projector-link" onClick={() => setLinkOpen(true)}>
              {t('link.open')}
            </button>
          )}
          {props.canPresent && presenting && (
            <button type="button" className="button button--small" data-testid="stop-presenting" onClick={props.onStopPresenting}>
              {roomWords('nav.stopPresenting')}
            </button>
          )}
        </div>
        {props.canPresent && !presenting && <p className="muted small">{roomWords('nav.howToPresent')}</p>}
      </div>
      {linkOpen && (
        <Suspense fallback={null}>
          <ProjectorLinkDialog docId={docId} token={token} onClose={() => setLinkOpen(false)} />
        </Suspense>
      )}
    </section>
  );
}
