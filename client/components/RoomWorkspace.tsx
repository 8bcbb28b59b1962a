/**
 * A joined room: header, the document page (editor loaded lazily after the first sync),
 * people in the room, panels, notices, and the session-ended message.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { can } from '../../shared/roles';
import { setIdentityHints } from '../api/http';
import type { SessionInfo } from '../api/types';
import { createEditorHooks } from '../editor/editorHooks';
import type { EditorApi } from '../editor/editorApi';
import { blockName, capitalize } from '../format';
import { useLockActions } from '../hooks/useLockActions';
import { useRoomNotices } from '../hooks/useRoomNotices';
import { colorFor, type Identity } from '../session/identity';
import { RoomConnection } from '../sync/roomConnection';
import { useConnectionState, usePeople } from '../sync/useRoomConnection';
import { ConfirmDialog } from './ConfirmDialog';
import { ExportMenu } from './ExportMenu';
import { LockHistoryPanel } from './LockHistoryPanel';
import { NoticeToast, useNoticeQueue } from './NoticeToast';
import { PresenceList } from './PresenceList';
import { RoomHeader } from './RoomHeader';
import { RoomSettingsPanel } from './RoomSettingsPanel';
import { SessionEnded } from './SessionEnded';

const DraftEditor = lazy(() => import('../editor/DraftEditor'));

/** At most one "this paragraph is locked" notice per this many milliseconds. */
const BLOCKED_NOTICE_EVERY_MS = 4_000;

interface RoomWorkspaceProps {
  session: SessionInfo;
  identity: Identity;
  token: string;
}

export function RoomWorkspace({ session, identity, token }: RoomWorkspaceProps) {
  const [connection, setConnection] = useState<RoomConnection | null>(null);

  useEffect(() => {
    setIdentityHints(identity);
    return () => setIdentityHints(null);
  }, [identity]);

  useEffect(() => {
    const created = new RoomConnection({
      docId: session.docId,
      token,
      name: identity.name,
      delegation: identity.delegation,
      color: colorFor(session.inviteId, identity.name),
      role: session.role,
    });
    setConnection(created);
    return () => created.destroy();
  }, [session.docId, session.role, session.inviteId, token, identity.name, identity.delegation]);

  if (!connection) return <p className="page-loading">Connecting…</p>;
  return <ConnectedRoom connection={connection} session={session} identity={identity} token={token} />;
}

type Panel = { kind: 'history'; blockId: string | null } | { kind: 'settings' } | null;

function ConnectedRoom({ connection, session, identity, token }: RoomWorkspaceProps & { connection: RoomConnection }) {
  const state = useConnectionState(connection);
  const people = usePeople(connection);
  const { notices, push, dismiss } = useNoticeQueue();
  const editorApi = useRef<EditorApi | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const versions = useRoomNotices(connection, editorApi, push);
  const locks = useLockActions({ token, docId: session.docId, editorApi, push });
  const live = state.phase !== 'ended';
  const lastBlocked = useRef(0);

  // The editor's plugins call into this object; keep it current on every render.
  const hooks = useRef(createEditorHooks()).current;
  hooks.canEdit = can(session.role, 'edit') && live;
  hooks.canLock = can(session.role, 'lock') && live;
  hooks.toggleLock = locks.toggle;
  hooks.showHistory = (blockId) => setPanel({ kind: 'history', blockId });
  hooks.editBlocked = (number, lockedBy) => {
    if (Date.now() - lastBlocked.current < BLOCKED_NOTICE_EVERY_MS) return;
    lastBlocked.current = Date.now();
    const who = lockedBy ? ` by ${lockedBy}` : '';
    push('info', `${capitalize(blockName(number))} is agreed and locked${who}; it cannot be changed.`, 'To add text, press Enter at its end or use “+ add paragraph here”.');
  };

  const user = useMemo(
    () => ({ name: identity.name, delegation: identity.delegation, color: colorFor(session.inviteId, identity.name) }),
    [identity.name, identity.delegation, session.inviteId],
  );

  const onReady = useCallback((api: EditorApi | null) => {
    editorApi.current = api;
  }, []);

  useEffect(() => {
    document.title = `${session.title} — Draftroom`;
  }, [session.title]);

  const closePanel = useCallback(() => setPanel(null), []);

  return (
    <div className={`room${live ? '' : ' room--ended'}`}>
      <a className="skip-link" href="#draft">
        Skip to the text
      </a>
      <RoomHeader
        title={session.title}
        name={identity.name}
        delegation={identity.delegation}
        role={session.role}
        connection={state}
        canManage={can(session.role, 'manage-invites')}
        onShowHistory={() => setPanel({ kind: 'history', blockId: null })}
        onShowSettings={() => setPanel({ kind: 'settings' })}
        actions={<ExportMenu token={token} docId={session.docId} title={session.title} onError={(text) => push('error', text)} />}
      />
      <div className="room__body">
        <main className="room__doc" id="draft" aria-label="The draft">
          {state.everSynced ? (
            <Suspense fallback={<p className="page-loading">Loading the editor…</p>}>
              <DraftEditor
                connection={connection}
                user={user}
                hooks={hooks}
                live={live}
                onReady={onReady}
              />
            </Suspense>
          ) : (
            <p className="page-loading">{live ? 'Loading the draft…' : 'The draft could not be loaded.'}</p>
          )}
        </main>
        <aside className="room__side" aria-label="People">
          <PresenceList people={people} ended={!live} />
        </aside>
      </div>
      {panel?.kind === 'history' && (
        <LockHistoryPanel
          token={token}
          docId={session.docId}
          version={versions.locks}
          blocks={editorApi.current?.blocks() ?? []}
          blockId={panel.blockId}
          onFilter={(blockId) => setPanel({ kind: 'history', blockId })}
          onReveal={(blockId) => editorApi.current?.revealBlock(blockId)}
          onClose={closePanel}
        />
      )}
      {panel?.kind === 'settings' && (
        <RoomSettingsPanel token={token} docId={session.docId} ownInviteId={session.inviteId} version={versions.invites} onNotice={push} onClose={closePanel} />
      )}
      {locks.pending && (
        <ConfirmDialog title={`Lock ${blockName(locks.pending.number)}?`} confirmLabel="Lock anyway" onConfirm={locks.confirm} onCancel={locks.cancel}>
          <p>
            <strong>{locks.pending.names.join(', ')}</strong> {locks.pending.names.length === 1 ? 'is' : 'are'} editing{' '}
            {blockName(locks.pending.number)} right now. If you lock it, their changes from this moment on will be undone.
          </p>
        </ConfirmDialog>
      )}
      <NoticeToast notices={notices} dismiss={dismiss} />
      {state.ended && <SessionEnded end={state.ended} />}
    </div>
  );
}
