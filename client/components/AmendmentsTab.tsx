/**
 * The amendments tab of the paragraph panel: for one paragraph (with the form to propose
 * one) or for the whole text, the pending amendments grouped by paragraph, then those
 * already decided (the record keeps who proposed what, and who decided).
 */
import { useTranslation } from 'react-i18next';
import type { Amendment, AmendmentKind } from '../api/workflowTypes';
import type { BlockInfo } from '../editor/blocks';
import type { EditorApi } from '../editor/editorApi';
import { useBlockText } from '../hooks/useBlocks';
import type { WorkflowActions } from '../hooks/useWorkflowActions';
import { AmendmentGroup } from './AmendmentGroup';
import type { AmendmentRights } from './AmendmentItem';
import { blockNamer, groupByBlock, type BlockGroup } from './blockGroups';
import { DiffLegend } from './DiffText';
import { ProposeAmendmentForm } from './ProposeAmendmentForm';

interface AmendmentsTabProps {
  /** One paragraph, or null for the whole text. */
  blockId: string | null;
  blocks: BlockInfo[];
  amendments: Amendment[] | null;
  editor: EditorApi | null;
  rights: AmendmentRights;
  canPropose: boolean;
  proposing: boolean;
  /** The text the form starts from, if not the paragraph's own. */
  draft?: string;
  /** The draft is what this person typed into the paragraph (pen-holder mode): the kind and the caret. */
  suggestion?: { kind: AmendmentKind; caret: number; refocus?: number };
  onProposing(open: boolean): void;
  actions: WorkflowActions;
  onReveal(blockId: string): void;
}

export function AmendmentsTab({
  blockId,
  blocks,
  amendments,
  editor,
  rights,
  canPropose,
  proposing,
  draft,
  suggestion,
  onProposing,
  actions,
  onReveal,
}: AmendmentsTabProps) {
  const { t } = useTranslation('workflow');
  const block = blockId ? (blocks.find((b) => b.id === blockId) ?? null) : null;
  const currentText = useBlockText(editor, blockId);
  const inScope = (amendments ?? []).filter((a) => blockId === null || a.blockId === blockId);
  const pending = groupByBlock(
    inScope.filter((a) => a.status === 'pending'),
    blocks,
  );
  const decided = groupByBlock(inScope.filter((a) => a.status !== 'pending').reverse(), blocks);
  const pendingCount = pending.reduce((n, g) => n + g.items.length, 0);
  const decidedCount = decided.reduce((n, g) => n + g.items.length, 0);
  const where = blockId ? blockNamer(blocks)(blockId) : '';

  const groups = (list: BlockGroup<Amendment>[]) =>
    list.map((group) => (
      <AmendmentGroup
        key={group.blockId}
        blockId={group.blockId}
        where={group.where}
        heading={
          blockId === null && (
            <h4 className="group-heading">
              <button type="button" className="link-button" onClick={() => onReveal(group.blockId)}>
                {group.title}
              </button>
            </h4>
          )
        }
        amendments={group.items}
        editor={editor}
        rights={rights}
        actions={actions}
      />
    ));

  return (
    <div className="amendments-tab">
      {block?.id &&
        canPropose &&
        currentText !== null &&
        (proposing ? (
          <ProposeAmendmentForm
            key={`${block.id}|${draft ?? ''}|${suggestion ? `${suggestion.kind}@${suggestion.caret}` : ''}`}
            where={where}
            currentText={currentText}
            draft={draft}
            suggestion={suggestion}
            locked={block.locked}
            lockedBy={block.lockedBy}
            onSubmit={(kind: AmendmentKind, text: string) => actions.propose(block.id as string, kind, text)}
            onDone={() => onProposing(false)}
          />
        ) : (
          <button type="button" className="button button--small" data-testid="open-amendment-form" onClick={() => onProposing(true)}>
            {t('amendments.propose', { where })}
          </button>
        ))}
      {amendments === null ? (
        <p className="muted">{t('common:loading.generic')}</p>
      ) : (
        <>
          <h3 className="subheading tab-heading">{t('amendments.pending', { count: pendingCount })}</h3>
          {pendingCount === 0 ? (
            <p className="muted" data-testid="no-amendments">
              {block ? t('amendments.noneFor', { where }) : t('amendments.none')}
            </p>
          ) : (
            <>
              {rights.canCosponsor && !rights.delegation && (
                <p className="muted small" data-testid="cosponsor-needs-invite">
                  {t('amendments.cosponsorNeedsInvite')}
                </p>
              )}
              <DiffLegend />
              {groups(pending)}
            </>
          )}
          {decidedCount > 0 && (
            <details className="decided">
              <summary>{t('amendments.decided', { count: decidedCount })}</summary>
              {groups(decided)}
            </details>
          )}
        </>
      )}
    </div>
  );
}
