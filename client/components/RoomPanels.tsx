/** The side panel the room has open, if any: paragraph work, readings, activity, lock history, settings. */
import type { EditMode } from '../../shared/editMode';
import type { SessionInfo } from '../api/types';
import type { Amendment, Comment } from '../api/workflowTypes';
import type { BlockInfo } from '../editor/blocks';
import type { EditorApi } from '../editor/editorApi';
import type { RoomVersions } from '../hooks/useRoomNotices';
import type { WorkflowActions } from '../hooks/useWorkflowActions';
import { can } from '../../shared/roles';
import { ActivityPanel } from './ActivityPanel';
import { LockHistoryPanel } from './LockHistoryPanel';
import type { NoticeKind } from './NoticeToast';
import { ReadingsPanel } from './ReadingsPanel';
import { RoomSettingsPanel } from './RoomSettingsPanel';
import { WorkPanel, type WorkScope } from './WorkPanel';

export type Panel =
  | { kind: 'history'; blockId: string | null }
  | { kind: 'settings' }
  | { kind: 'work'; scope: WorkScope }
  | { kind: 'readings' }
  | { kind: 'activity' }
  | null;

interface RoomPanelsProps {
  panel: Panel;
  setPanel(panel: Panel): void;
  onClose(): void;
  session: SessionInfo;
  token: string;
  delegation: string;
  live: boolean;
  versions: RoomVersions;
  /** Grows with this person's own exports (not announced to the room). */
  ownActivity: number;
  editor: EditorApi | null;
  blocks: BlockInfo[];
  amendments: Amendment[] | null;
  comments: Comment[] | null;
  actions: WorkflowActions;
  presentingId: string | null;
  onPresent(blockId: string | null): void;
  /** How the room's text is edited now, and the way to take the mode the server answered with. */
  editMode: EditMode;
  onEditMode(mode: EditMode): void;
  onNotice(kind: NoticeKind, text: string, detail?: string): void;
}

export function RoomPanels(props: RoomPanelsProps) {
  const { panel, setPanel, onClose, session, token, versions, editor, blocks } = props;
  const { docId, role } = session;
  const reveal = (blockId: string) => editor?.revealBlock(blockId);
  const live = props.live;

  switch (panel?.kind) {
    case 'work':
      return (
        <WorkPanel
          token={token}
          docId={docId}
          scope={panel.scope}
          onScope={(scope) => setPanel({ kind: 'work', scope })}
          blocks={blocks}
          editor={editor}
          amendments={props.amendments}
          comments={props.comments}
          rights={{
            delegation: session.delegation ?? '',
            canCosponsor: live && can(role, 'comment'),
            canDecide: live && can(role, 'decide-amendment'),
          }}
          canPropose={live && can(role, 'edit')}
          canComment={live && can(role, 'comment')}
          canPresent={live && can(role, 'lock')}
          presentingId={props.presentingId}
          onPresent={props.onPresent}
          actions={props.actions}
          onReveal={reveal}
          onClose={onClose}
        />
      );
    case 'readings':
      return (
        <ReadingsPanel
          token={token}
          docId={docId}
          version={versions.revisions}
          canSave={live && can(role, 'save-version')}
          lockedCount={blocks.filter((b) => b.locked).length}
          onNotice={props.onNotice}
          onClose={onClose}
        />
      );
    case 'activity':
      return (
        <ActivityPanel
          token={token}
          docId={docId}
          version={versions.activity + props.ownActivity}
          blocks={blocks}
          canUndo={live && can(role, 'lock') && can(role, 'decide-amendment')}
          onReveal={reveal}
          onClose={onClose}
        />
      );
    case 'history':
      return (
        <LockHistoryPanel
          token={token}
          docId={docId}
          version={versions.locks}
          blocks={blocks}
          blockId={panel.blockId}
          onFilter={(blockId) => setPanel({ kind: 'history', blockId })}
          onReveal={reveal}
          onClose={onClose}
        />
      );
    case 'settings':
      return (
        <RoomSettingsPanel
          token={token}
          docId={docId}
          ownInviteId={session.inviteId}
          version={versions.invites}
          editMode={props.editMode}
          onEditMode={props.onEditMode}
          onNotice={props.onNotice}
          onClose={onClose}
        />
      );
    default:
      return null;
  }
}
