/**
 * `/d/<docId>/projector`: the text for the screen in the hall. Read-only, large type, each
 * paragraph's number and status, and it follows the paragraph the adviser's team presents,
 * holding it in view through resizes, full screen and edits above it (useProjectorPlace).
 * Opens with a projector-only link on a hall computer that never joined, or with the room's
 * token of this tab; it never publishes presence: no caret, no name, no place in the list.
 */
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type { SessionInfo } from '../api/types';
import { SessionEnded } from '../components/SessionEnded';
import { BlockMetaStore } from '../editor/blockMeta';
import type { EditorApi } from '../editor/editorApi';
import { useBlocks } from '../hooks/useBlocks';
import { usePresenting } from '../hooks/usePresenting';
import { useProjectorPlace } from '../hooks/useProjectorPlace';
import { takeRoomToken } from '../session/tokens';
import { RoomConnection } from '../sync/roomConnection';
import { useConnectionState } from '../sync/useRoomConnection';
import { LinkProblemPage, problemFromError, type LinkProblem } from './LinkProblemPage';

const ProjectorEditor = lazy(() => import('../editor/ProjectorEditor'));

export default function ProjectorPage({ docId }: { docId: string }) {
  const { t } = useTranslation('projector');
  const [token] = useState(() => takeRoomToken(docId));
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [problem, setProblem] = useState<LinkProblem | null>(token ? null : { kind: 'no-token' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` (Retry) is what makes it start again
  useEffect(() => {
    if (!token) return;
    let current = true;
    api.session(token).then(
      (s) => current && (s.docId === docId ? setSession(s) : setProblem({ kind: 'other-room' })),
      (error: unknown) => current && setProblem(problemFromError(error, retry)),
    );
    return () => {
      current = false;
    };
  }, [token, docId, attempt, retry]);

  if (problem) return <LinkProblemPage problem={problem} />;
  if (!session || !token) return <p className="page-loading">{t('opening')}</p>;
  return <Projector session={session} token={token} />;
}

function Projector({ session, token }: { session: SessionInfo; token: string }) {
  const { t } = useTranslation('projector');
  const [connection, setConnection] = useState<RoomConnection | null>(null);
  const [meta] = useState(() => new BlockMetaStore());
  const [editor, setEditor] = useState<EditorApi | null>(null);
  const [fullscreen, setFullscreen] = useState(false);

  useEffect(() => {
    const created = new RoomConnection({
      docId: session.docId,
      token,
      name: session.name ?? '',
      delegation: session.delegation ?? '',
      color: '#777777',
      role: session.role,
      presence: false,
    });
    setConnection(created);
    return () => created.destroy();
  }, [session, token]);

  useEffect(() => {
    document.title = t('pageTitle', { title: session.title });
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [session.title, t]);

  if (!connection) return <p className="page-loading">{t('connecting')}</p>;
  return (
    <ProjectorScreen
      connection={connection}
      session={session}
      token={token}
      meta={meta}
      editor={editor}
      onReady={setEditor}
      fullscreen={fullscreen}
    />
  );
}

interface ScreenProps {
  connection: RoomConnection;
  session: SessionInfo;
  token: string;
  meta: BlockMetaStore;
  editor: EditorApi | null;
  onReady(api: EditorApi | null): void;
  fullscreen: boolean;
}

function ProjectorScreen({ connection, session, token, meta, editor, onReady, fullscreen }: ScreenProps) {
  const { t } = useTranslation('projector');
  const state = useConnectionState(connection);
  const presenting = usePresenting(connection, token, session.docId, state.phase, meta);
  const blocks = useBlocks(editor);
  const current = presenting.blockId ? blocks.find((b) => b.id === presenting.blockId) : undefined;
  const header = useRef<HTMLElement>(null);
  const text = useRef<HTMLElement>(null);
  useProjectorPlace({ text, header, presentedId: current ? current.id : null, blocksRevision: blocks });

  return (
    <div className={`projector${presenting.blockId ? ' projector--presenting' : ''}`} data-testid="projector">
      <header className="projector__bar" ref={header}>
        <h1 className="projector__title">{session.title}</h1>
        <p className="projector__now" data-testid="projector-now" aria-live="polite">
          {current ? (current.number === null ? t('heading') : t('paragraph', { number: current.number })) : ''}
        </p>
        {state.phase !== 'connected' && state.phase !== 'ended' && (
          <p className="projector__conn">{state.phase === 'offline' ? t('offline') : t('reconnecting')}</p>
        )}
        {!fullscreen && document.fullscreenEnabled && (
          <button type="button" className="button button--small" onClick={() => void document.documentElement.requestFullscreen()}>
            {t('fullScreen')}
          </button>
        )}
      </header>
      <main className="projector__text" ref={text}>
        {state.everSynced ? (
          <Suspense fallback={<p className="page-loading">{t('loadingText')}</p>}>
            <ProjectorEditor connection={connection} meta={meta} onReady={onReady} roomLanguage={session.language} />
          </Suspense>
        ) : (
          <p className="page-loading">{t('loadingText')}</p>
        )}
      </main>
      {state.ended && <SessionEnded end={state.ended} />}
    </div>
  );
}
