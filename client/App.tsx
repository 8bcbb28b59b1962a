/**
 * The app's tiny router: `/` is the home page, `/d/<docId>` a room, `/d/<docId>/projector`
 * the room's text for the screen in the hall. Both are loaded lazily, so the home page
 * does not pay for the editor and Yjs.
 */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { HomePage } from './pages/HomePage';
import { LinkProblemPage } from './pages/LinkProblemPage';

const RoomPage = lazy(() => import('./pages/RoomPage'));
const ProjectorPage = lazy(() => import('./pages/ProjectorPage'));

const ROOM_PATH = /^\/d\/([A-Za-z0-9_-]{1,64})\/?$/;
const PROJECTOR_PATH = /^\/d\/([A-Za-z0-9_-]{1,64})\/projector\/?$/;

export function App() {
  const { t } = useTranslation();
  const path = window.location.pathname;
  if (path === '/' || path === '/index.html') return <HomePage />;

  const roomId = ROOM_PATH.exec(path)?.[1];
  if (roomId) {
    return (
      <Suspense fallback={<p className="page-loading">{t('loading.room')}</p>}>
        <RoomPage docId={roomId} />
      </Suspense>
    );
  }
  const projectorId = PROJECTOR_PATH.exec(path)?.[1];
  if (projectorId) {
    return (
      <Suspense fallback={<p className="page-loading">{t('loading.projector')}</p>}>
        <ProjectorPage docId={projectorId} />
      </Suspense>
    );
  }
  return <LinkProblemPage problem={{ kind: 'not-found' }} />;
}
