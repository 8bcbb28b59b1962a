/**
 * A joined room: header, the document page (editor loaded lazily after the first sync),
 * the workflow beside it (amendments, comments, readings, activity, projector), people in
 * the room, panels, notices, and the session-ended message.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_EDIT_MODE, isEditMode, typesSuggestions } from '../../shared/editMode';
import { can } from '../../shared/roles';
import { setIdentityHints } from '../api/http';
import { workflowApi } from '../api/workflow';
import type { SessionInfo } from '../api/types';
import { createEditorHooks } from '../editor/editorHooks';
import type { EditorApi } from '../editor/editorApi';
import { blockName, blockWords, inParentheses, personName, refusedChangeText } from '../format';
import { useBlocks } from '../hooks/useBlocks';
import { useEditMode } from '../hooks/useEditMode';
import { useLockActions } from '../hooks/useLockActions';
import { useNotKeptNotices } from '../hooks/useNotKeptNotices';
import { usePresenting } from '../hooks/usePresenting';
import { useRoomNotices } from '../hooks/useRoomNotices';
import { savingFailureText, useSaving } from '../hooks/useSaving';
import { useStatusActions } from '../hooks/useStatusActions';
import { useWorkflowActions } from '../hooks/useWorkflowActions';
import { useWorkflowData } from '../hooks/useWorkflowData';
import { setRoomTimeZone } from '../i18n/formatTime';
import { LiveAnnouncer } from '../keyboard/LiveAnnouncer';
import { ShortcutsButton } from '../keyboard/ShortcutsButton';
import { useRoomKeyboard } from '../keyboard/useRoomKeyboard';
import { recordedDelegation } from '../session/concernsMe';
import { colorFor, type Identity } from '../session/identity';
import { dropLocalCopy, localCopyName } from '../sync/localCopy';
import { RoomConnection } from '../sync/roomConnection';
import { statusLabel } from '../status';
import { useConnectionState, useNotKept, usePeople } from '../sync/useRoomConnection';
import { ConfirmDialog } from './ConfirmDialog';
import { ExportMenu } from './ExportMenu';
import { NotKeptTray } from './NotKeptTray';
import { NoticeToast, useNoticeQueue } from './NoticeToast';
import { PresenceList } from './PresenceList';
import { ReasonDialog } from './ReasonDialog';
import { RoomHeader } from './RoomHeader';
import { RoomPanels, type Panel } from './RoomPanels';
import { SessionEnded } from './SessionEnded';
import { SilenceBox } from './SilenceBox';
import { WorkflowNav } from './WorkflowNav';

const DraftEditor = lazy(() => import('../editor/DraftEditor'));

/** At most one "this paragraph is locked" notice per this many milliseconds. */
const BLOCKED_NOTICE_EVERY_MS = 4_000;

interface RoomWorkspaceProps {
  session: SessionInfo;
  identity: Identity;
  token: string;
}

export function RoomWorkspace({ session, identity, token }: RoomWorkspaceProps) {
  const { t } = useTranslation('room');
  const [connection, setConnection] = useState<RoomConnection | null>(null);
  // Every time the room shows is in the room's zone (the meeting's), whatever the laptop's clock says.
  setRoomTimeZone(session.timeZone);

  useEffect(() => {
    setIdentityHints(identity);
    return () => setIdentityHints(null);
  }, [identity]);

  useEffect(() => {
    // One copy per room and person (invite + name); a page that may not edit keeps none, and drops any left over.
    const copyName = localCopyName(session.docId, session.inviteId, identity.name);
    const keepsCopy = can(session.role, 'edit');
    if (!keepsCopy) void dropLocalCopy(copyName);
    const created = new RoomConnection({
      docId: session.docId,
      token,
      name: identity.name,
      delegation: identity.delegation,
      color: colorFor(session.inviteId, identity.name),
      role: session.role,
      ...(keepsCopy ? { localCopy: copyName } : {}),
    });
    setConnection(created);
    return () => created.destroy();
  }, [session.docId, session.role, session.inviteId, token, identity.name, identity.delegation]);

  if (!connection) return <p className="page-loading">{t('connecting')}</p>;
  return <ConnectedRoom connection={connection} session={session} identity={identity} token={token} />;
}

function ConnectedRoom({ connection, session, identity, token }: RoomWorkspaceProps & { connection: RoomConnection }) {
  const { t, i18n } = useTranslation('room');
  const state = useConnectionState(connection);
  const people = usePeople(connection);
  const notKept = useNotKept(connection);
  const { notices, push, dismiss } = useNoticeQueue();
  const editorApi = useRef<EditorApi | null>(null);
  const [editor, setEditor] = useState<EditorApi | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const [ownActivity, setOwnActivity] = useState(0);
  const { docId, role } = session;
  const delegation = recordedDelegation(session.delegation, identity.delegation);
  const self = useMemo(
    () => ({ inviteId: session.inviteId, name: identity.name, delegation }),
    [session.inviteId, identity.name, delegation],
  );
  const versions = useRoomNotices(connection, editorApi, push, state.phase, self);
  useNotKeptNotices(notKept, push);
  const locks = useLockActions({ token, docId, editorApi, push });
  const statuses = useStatusActions({ token, docId, editorApi, push });
  const live = state.phase !== 'ended';
  // While the server cannot save, the room is read-only: nothing typed could be kept (F1).
  const savingFailure = useSaving(connection, push);
  const writable = live && savingFailure === null;
  const lastBlocked = useRef(0);
  const [editMode, setEditMode] = useEditMode(
    connection,
    token,
    isEditMode(session.editMode) ? session.editMode : DEFAULT_EDIT_MODE,
    state.phase,
  );
  const suggesting = typesSuggestions(role, editMode) && writable;

  // The editor's plugins call into this object; keep it current on every render.
  const hooks = useRef(createEditorHooks()).current;
  hooks.canEdit = can(role, 'edit') && writable;
  hooks.canComment = can(role, 'comment') && writable;
  hooks.canLock = can(role, 'lock') && writable;
  hooks.typesSuggestions = suggesting;
  hooks.toggleLock = locks.toggle;
  hooks.showHistory = (blockId) => setPanel({ kind: 'history', blockId });
  hooks.setStatus = statuses.setStatus;
  hooks.present = statuses.present;
  hooks.loadAuthors = (marksFrom) => workflowApi.roomAuthors(token, docId, marksFrom);
  hooks.openBlock = (blockId, tab, propose = false, draft) =>
    setPanel({ kind: 'work', scope: { blockId, tab, proposing: propose, ...(draft ? { draft } : {}) } });
  hooks.editBlocked = (number, lockedBy) => {
    if (Date.now() - lastBlocked.current < BLOCKED_NOTICE_EVERY_MS) return;
    lastBlocked.current = Date.now();
    const words = blockWords(number);
    push(
      'info',
      lockedBy ? t('editor:blocked.lockedBy', { ...words, by: lockedBy }) : t('editor:blocked.locked', words),
      t('editor:blocked.hint'),
    );
  };
  hooks.suggest = ({ blockId, kind, text, caret }, fresh) =>
    setPanel((current) => {
      // Back in the paragraph whose suggestion the box holds: the box keeps its words (a fresh
      // draft from the paragraph would throw them away) and takes the typing again.
      if (fresh && current?.kind === 'work' && current.scope.proposing && current.scope.blockId === blockId && current.scope.suggestion) {
        const suggestion = { ...current.scope.suggestion, refocus: (current.scope.suggestion.refocus ?? 0) + 1 };
        return { ...current, scope: { ...current.scope, suggestion } };
      }
      return { kind: 'work', scope: { blockId, tab: 'amendments', proposing: true, draft: text, suggestion: { kind, caret } } };
    });
  hooks.suggestionOnly = () => {
    if (Date.now() - lastBlocked.current < BLOCKED_NOTICE_EVERY_MS) return;
    lastBlocked.current = Date.now();
    push('info', t('editor:suggesting.only'), t('editor:suggesting.hint'));
  };
  hooks.changeRefused = (problem) => {
    if (Date.now() - lastBlocked.current < BLOCKED_NOTICE_EVERY_MS) return;
    lastBlocked.current = Date.now();
    push('warning', refusedChangeText(problem));
  };

  const presenting = usePresenting(connection, token, docId, state.phase, hooks.meta);
  const data = useWorkflowData(connection, token, docId, versions, hooks.meta, role);
  const actions = useWorkflowActions(token, docId, { amendment: data.ownAmendment, comment: data.ownComment });
  const blocks = useBlocks(editor);
  const keyboard = useRoomKeyboard({ role, hooks, editorApi, explain: (text) => push('info', text) });

  const user = useMemo(
    () => ({ name: identity.name, delegation: identity.delegation, color: colorFor(session.inviteId, identity.name) }),
    [identity.name, identity.delegation, session.inviteId],
  );

  const onReady = useCallback((api: EditorApi | null) => {
    editorApi.current = api;
    setEditor(api);
  }, []);

  useEffect(() => {
    document.title = `${session.title} — Draftroom`;
  }, [session.title]);

  // Yjs undo is not filtered by the guard: once typing is a suggestion, earlier edits must not be undone into the text.
  useEffect(() => {
    if (suggesting) editor?.clearUndo();
  }, [suggesting, editor]);

  // This person's own pending amendments, drawn in the text while their typing is a suggestion.
  const ownPending = useMemo(
    () =>
      suggesting
        ? (data.amendments ?? [])
            .filter((a) => a.status === 'pending' && a.proposerName === self.name && a.proposerDelegation === self.delegation)
            .map(({ id, blockId, kind, text }) => ({ id, blockId, kind, text }))
        : [],
    [suggesting, data.amendments, self],
  );
  useEffect(() => {
    editor?.showSuggestions(ownPending);
  }, [editor, ownPending]);

  // The phrases open threads sit on (C4), highlighted in the text for everyone.
  const phrases = useMemo(
    () =>
      (data.comments ?? []).flatMap((c) =>
        c.parentId === null && c.resolvedAt === null && c.anchor
          ? [
              {
                commentId: c.id,
                anchor: c.anchor,
                label: t('workflow:comments.phraseBy', { name: personName(c.authorName, c.authorDelegation) }),
              },
            ]
          : [],
      ),
    [data.comments, t],
  );
  useEffect(() => {
    editor?.showPhrases(phrases);
  }, [editor, phrases]);

  const closePanel = useCallback(() => setPanel(null), []);
  const presentedBlock = presenting.blockId ? blocks.find((b) => b.id === presenting.blockId) : undefined;

  return (
    <div className={`room${live ? '' : ' room--ended'}`}>
      <a className="skip-link" href="#draft">
        {t('skipToText')}
      </a>
      <RoomHeader
        title={session.title}
        name={identity.name}
        delegation={
          session.delegation || !identity.delegation
            ? identity.delegation
            : t('selfDeclared', { delegation: inParentheses(identity.delegation) })
        }
        role={role}
        connection={state}
        savingFails={savingFailure !== null}
        canManage={can(role, 'manage-invites')}
        onShowHistory={() => setPanel({ kind: 'history', blockId: null })}
        onShowSettings={() => setPanel({ kind: 'settings' })}
        actions={
          <>
            <ExportMenu
              token={token}
              docId={docId}
              title={session.title}
              onError={(text) => push('error', text)}
              onExported={() => setOwnActivity((n) => n + 1)}
            />
            <ShortcutsButton onClick={keyboard.openShortcuts} />
          </>
        }
      />
      {savingFailure !== null && (
        <p className="saving-failed" role="alert" data-testid="saving-failed">
          {savingFailureText(savingFailure)}
        </p>
      )}
      <div className="room__body">
        <main className="room__doc" id="draft" aria-label={t('draftLabel')}>
          {state.everSynced ? (
            <Suspense fallback={<p className="page-loading">{t('loadingEditor')}</p>}>
              {/* Drawn anew when the interface language changes: the margins are built outside React, in the language of the moment. */}
              <DraftEditor
                key={i18n.resolvedLanguage}
                connection={connection}
                user={user}
                hooks={hooks}
                live={live}
                savingFails={savingFailure !== null}
                onReady={onReady}
                roomLanguage={session.language}
                editMode={editMode}
                suggesting={suggesting}
                onCaret={keyboard.onCaret}
              />
            </Suspense>
          ) : (
            <p className="page-loading">{live ? t('loadingDraft') : t('draftNotLoaded')}</p>
          )}
        </main>
        <aside className="room__side" aria-label={t('sideLabel')}>
          <NotKeptTray
            entries={notKept}
            numberOf={(entry) => (entry.blockId ? (blocks.find((b) => b.id === entry.blockId)?.number ?? null) : null)}
            textNow={(entry) => (entry.blockId && editor ? editor.blockText(entry.blockId) : null)}
            canPropose={(entry) => hooks.canEdit && entry.blockId !== null && blocks.some((b) => b.id === entry.blockId)}
            onPropose={(entry) => entry.blockId && hooks.openBlock(entry.blockId, 'amendments', true, entry.text)}
            onReveal={(entry) => entry.blockId && editor?.revealBlock(entry.blockId)}
            onDismiss={(entry) => connection.notKept.dismiss(entry.id)}
          />
          <SilenceBox
            token={token}
            docId={docId}
            version={versions.silence}
            blocks={blocks}
            delegation={session.delegation ?? ''}
            canOpen={live && can(role, 'open-silence')}
            canBreak={live && can(role, 'comment')}
            onError={(text) => push('error', text)}
          />
          <WorkflowNav
            docId={docId}
            token={token}
            pendingAmendments={(data.amendments ?? []).filter((a) => a.status === 'pending').length}
            openComments={(data.comments ?? []).filter((c) => c.parentId === null && c.resolvedAt === null).length}
            presenting={presenting.blockId ? (presentedBlock ? blockName(presentedBlock.number) : t('common:block.some')) : null}
            presentingBy={presenting.byName}
            canPresent={can(role, 'lock') && live}
            canIssueProjectorLink={can(role, 'manage-invites') && live}
            onOpen={(kind) =>
              setPanel(kind === 'work' ? { kind, scope: { blockId: null, tab: 'amendments', proposing: false } } : { kind })
            }
            onShowPresented={() => presenting.blockId && editor?.revealBlock(presenting.blockId)}
            onStopPresenting={() => statuses.present(null)}
          />
          {data.error && <p className="form-error small">{data.error}</p>}
          <PresenceList
            people={people}
            ended={!live}
            awareness={connection.provider.awareness}
            revealPerson={editor ? editor.revealPerson : null}
          />
        </aside>
      </div>
      <RoomPanels
        panel={panel}
        setPanel={setPanel}
        onClose={closePanel}
        session={session}
        token={token}
        delegation={identity.delegation}
        live={live}
        versions={versions}
        ownActivity={ownActivity}
        editor={editor}
        blocks={blocks}
        amendments={data.amendments}
        comments={data.comments}
        actions={actions}
        presentingId={presenting.blockId}
        onPresent={statuses.present}
        editMode={editMode}
        onEditMode={setEditMode}
        onNotice={push}
      />
      {locks.pending && (
        <ConfirmDialog
          title={t('confirmLock.title', { where: blockName(locks.pending.number) })}
          confirmLabel={t('confirmLock.confirm')}
          onConfirm={locks.confirm}
          onCancel={locks.cancel}
        >
          <p>
            {t('confirmLock.text', {
              names: locks.pending.names.join(', '),
              count: locks.pending.names.length,
              where: blockName(locks.pending.number),
            })}
          </p>
        </ConfirmDialog>
      )}
      {locks.unlocking && (
        <ReasonDialog
          title={t('workflow:reason.unlockTitle', { where: blockName(locks.unlocking.number) })}
          text={t('workflow:reason.unlockText', blockWords(locks.unlocking.number))}
          confirmLabel={t('workflow:reason.unlockConfirm')}
          onConfirm={locks.confirmUnlock}
          onCancel={locks.cancelUnlock}
        />
      )}
      {statuses.reopening && (
        <ReasonDialog
          title={t('workflow:reason.reopenTitle', {
            where: blockName(statuses.reopening.number),
            status: statusLabel(statuses.reopening.status),
          })}
          text={t('workflow:reason.reopenText', {
            ...blockWords(statuses.reopening.number),
            status: statusLabel(statuses.reopening.status),
          })}
          confirmLabel={t('workflow:reason.reopenConfirm')}
          onConfirm={statuses.confirmReopen}
          onCancel={statuses.cancelReopen}
        />
      )}
      {statuses.pending && (
        <ConfirmDialog
          title={t('confirmAgree.title', { where: blockName(statuses.pending.number) })}
          confirmLabel={t('confirmAgree.confirm')}
          onConfirm={statuses.confirm}
          onCancel={statuses.cancel}
        >
          <p>
            {t('confirmAgree.text', {
              names: statuses.pending.names.join(', '),
              count: statuses.pending.names.length,
              where: blockName(statuses.pending.number),
            })}
          </p>
        </ConfirmDialog>
      )}
      {keyboard.overlays}
      <LiveAnnouncer connection={connection} self={self} numberOf={(id) => editorApi.current?.block(id)?.number} />
      <NoticeToast notices={notices} dismiss={dismiss} />
      {state.ended && <SessionEnded end={state.ended} />}
    </div>
  );
}
