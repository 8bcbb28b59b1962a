/**
 * The paragraph panel: amendments and comments (kept apart, one tab each) for one
 * paragraph or for the whole text, with the paragraph's status and, for moderators and the
 * adviser, the way to put it on the projector.
 */
import { useTranslation } from 'react-i18next';
import type { Amendment, AmendmentKind, Comment } from '../api/workflowTypes';
import type { BlockInfo } from '../editor/blocks';
import type { EditorApi } from '../editor/editorApi';
import type { BlockTab } from '../editor/editorHooks';
import type { WorkflowActions } from '../hooks/useWorkflowActions';
import type { AmendmentRights } from './AmendmentItem';
import { AmendmentsTab } from './AmendmentsTab';
import { BlockAuthors } from './BlockAuthors';
import { blockTitler } from './blockGroups';
import { CommentsTab } from './CommentsTab';
import { SidePanel } from './SidePanel';
import { StatusBadge } from './StatusBadge';

export interface WorkScope {
  blockId: string | null;
  tab: BlockTab;
  proposing: boolean;
  /** The text the amendment form starts from (the author's words the server did not keep), instead of the paragraph's. */
  draft?: string;
  /**
   * Set when the draft is what this person typed into the paragraph while their typing is a
   * suggestion (pen-holder mode): the kind to propose and where the caret goes in the box.
   */
  suggestion?: { kind: AmendmentKind; caret: number; refocus?: number };
}

interface WorkPanelProps {
  token: string;
  docId: string;
  scope: WorkScope;
  onScope(scope: WorkScope): void;
  blocks: BlockInfo[];
  editor: EditorApi | null;
  amendments: Amendment[] | null;
  comments: Comment[] | null;
  rights: AmendmentRights;
  canPropose: boolean;
  canComment: boolean;
  canPresent: boolean;
  presentingId: string | null;
  onPresent(blockId: string | null): void;
  actions: WorkflowActions;
  onReveal(blockId: string): void;
  onClose(): void;
}

export function WorkPanel(props: WorkPanelProps) {
  const { scope, onScope, blocks, amendments, comments, presentingId } = props;
  const { blockId, tab } = scope;
  const { t } = useTranslation('workflow');
  const titleOf = blockTitler(blocks);
  const block = blockId ? (blocks.find((b) => b.id === blockId) ?? null) : null;
  const inScope = (item: { blockId: string }) => blockId === null || item.blockId === blockId;
  const pendingCount = (amendments ?? []).filter((a) => a.status === 'pending' && inScope(a)).length;
  const openCount = (comments ?? []).filter((c) => c.parentId === null && c.resolvedAt === null && inScope(c)).length;
  // The scope menu offers the whole text and the paragraphs that have something to show.
  const withItems = new Set([
    ...(amendments ?? []).map((a) => a.blockId),
    ...(comments ?? []).map((c) => c.blockId),
    ...(blockId ? [blockId] : []),
  ]);
  const choices = blocks.filter((b) => b.id && withItems.has(b.id));

  const tabButton = (value: BlockTab, label: string, count: number) => (
    <button
      type="button"
      role="tab"
      id={`work-tab-${value}`}
      aria-controls="work-tabpanel"
      aria-selected={tab === value}
      className={`tab${tab === value ? ' is-active' : ''}`}
      data-testid={`tab-${value}`}
      onClick={() => onScope({ ...scope, tab: value, proposing: false })}
    >
      {label} <span className="count">({count})</span>
    </button>
  );

  return (
    <SidePanel title={block ? titleOf(block.id as string) : t('panel.title')} testId="work-panel" wide onClose={props.onClose}>
      <div className="work-scope">
        <label className="field field--inline">
          <span className="field__label">{t('common:action.show')}</span>
          <select
            className="input"
            data-testid="work-scope"
            value={blockId ?? ''}
            onChange={(e) => onScope({ ...scope, blockId: e.target.value || null, proposing: false })}
          >
            <option value="">{t('panel.wholeText')}</option>
            {choices.map((b) => (
              <option key={b.id} value={b.id as string}>
                {titleOf(b.id as string)}
              </option>
            ))}
          </select>
        </label>
        {block && (
          <div className="work-scope__block">
            {block.number !== null && <StatusBadge status={block.status} />}
            {block.locked && (
              <span className="muted small">{t('panel.lockedBy', { by: block.lockedBy ?? t('editor:gutter.aModerator') })}</span>
            )}
            <button type="button" className="link-button" onClick={() => props.onReveal(block.id as string)}>
              {t('panel.showInText')}
            </button>
            <BlockAuthors token={props.token} docId={props.docId} blockId={block.id as string} editor={props.editor} />
            {props.canPresent && (
              <button
                type="button"
                className="button button--small"
                data-testid="panel-present-block"
                aria-pressed={presentingId === block.id}
                onClick={() => props.onPresent(presentingId === block.id ? null : block.id)}
              >
                {presentingId === block.id ? t('panel.stopPresenting') : t('panel.present')}
              </button>
            )}
          </div>
        )}
      </div>
      <div className="tabs" role="tablist" aria-label={t('panel.tabs')}>
        {tabButton('amendments', t('panel.amendments'), pendingCount)}
        {tabButton('comments', t('panel.comments'), openCount)}
      </div>
      <div className="tabpanel" role="tabpanel" id="work-tabpanel" aria-labelledby={`work-tab-${tab}`}>
        {tab === 'amendments' ? (
          <AmendmentsTab
            blockId={blockId}
            blocks={blocks}
            amendments={amendments}
            editor={props.editor}
            rights={props.rights}
            canPropose={props.canPropose}
            proposing={scope.proposing}
            draft={scope.draft}
            suggestion={scope.suggestion}
            onProposing={(proposing) => onScope({ ...scope, proposing, draft: undefined, suggestion: undefined })}
            actions={props.actions}
            onReveal={props.onReveal}
          />
        ) : (
          <CommentsTab
            blockId={blockId}
            blocks={blocks}
            comments={comments}
            canComment={props.canComment}
            actions={props.actions}
            onReveal={props.onReveal}
            editor={props.editor}
          />
        )}
      </div>
    </SidePanel>
  );
}
