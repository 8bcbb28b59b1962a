/**
 * `/d/<docId>/projector`: the text for the screen in the hall. Read-only, large type, each
 * paragraph's number and status, and it follows the paragraph the adviser's team presents.
 * Takes the room's token from this tab (or from `#token=`), and never publishes presence:
 * no caret, no name, no place in the room's list of people.
 */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api } from '../api/endpoints';
import type { SessionInfo } from '../api/types';
import { SessionEnded } from '../components/SessionEnded';
import { BlockMetaStore } from '../editor/blockMeta';
import type { EditorApi } from '../editor/editorApi';
import { blockName, capitalize } from '../format';
import { useBlocks } from '../hooks/useBlocks';
import { usePresenting } from '../hooks/usePresenting';
import { takeRoomToken } from '../session/tokens';
import { RoomConnection } from '../sync/roomConnection';
import { useConnectionState } from '../sync/useRoomConnection';
import { LinkProblemPage, problemFromError, type LinkProblem } from './LinkProblemPage';

const ProjectorEditor = lazy(() => import('../editor/ProjectorEditor'));

export default function ProjectorPage({ docId }: { docId: string }) {
  const [token] = useState(() => takeRoomToken(docId));
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [problem, setProblem] = useState<LinkProblem | null>(token ? null : { kind: 'no-token' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

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
  if (!session || !token) return <p className="page-loading">Opening the projector view…</p>;
  return <Projector session={session} token={token} />;
}

function Projector({ session, token }: { session: SessionInfo; token: string }) {
  const [connection, setConnection] = useState<RoomConnection | null>(null);
  const [meta] = useState(() => new BlockMetaStore());
  const [editor, setEditor] = useState<EditorApi | null>(null);
  const [fullscreen, setFullscreen] = useState(false);

  useEffect(() => {
    const created = new RoomConnection({
      docId: session.docId,
      token,
      name: session.name ?? 'Projector',
      delegation: session.delegation ?? '',
      color: '#777777',
      role: session.role,
      presence: false,
    });
    setConnection(created);
    return () => created.destroy();
  }, [session, token]);

  useEffect(() => {
    document.title = `${session.title} — projector`;
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [session.title]);

  if (!connection) return <p className="page-loading">Connecting…</p>;
  return <ProjectorScreen connection={connection} session={session} token={token} meta={meta} editor={editor} onReady={setEditor} fullscreen={fullscreen} />;
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
  const state = useConnectionState(connection);
  const presenting = usePresenting(connection, token, session.docId, state.phase, meta);
  const blocks = useBlocks(editor);
  const current = presenting.blockId ? blocks.find((b) => b.id === presenting.blockId) : undefined;

  return (
    <div className={`projector${presenting.blockId ? ' projector--presenting' : ''}`} data-testid="projector">
      <header className="projector__bar">
        <h1 className="projector__title">{session.title}</h1>
        <p className="projector__now" data-testid="projector-now" aria-live="polite">
          {current ? capitalize(blockName(current.number)) : ''}
        </p>
        {state.phase !== 'connected' && state.phase !== 'ended' && <p className="projector__conn">{state.phase === 'offline' ? 'Offline' : 'Reconnecting…'}</p>}
        {!fullscreen && document.fullscreenEnabled && (
          <button type="button" className="button button--small" onClick={() => void document.documentElement.requestFullscreen()}>
            Full screen
          </button>
        )}
      </header>
      <main className="projector__text">
        {state.everSynced ? (
          <Suspense fallback={<p className="page-loading">Loading the text…</p>}>
            <ProjectorEditor connection={connection} meta={meta} onReady={onReady} />
          </Suspense>
        ) : (
          <p className="page-loading">Loading the text…</p>
        )}
      </main>
      {state.ended && <SessionEnded end={state.ended} />}
    </div>
  );
}
