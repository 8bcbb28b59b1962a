/**
 * The comments tab of the paragraph panel: threads on one paragraph (with a box for a new
 * one) or on the whole text, grouped by paragraph; resolved threads folded away. Comments
 * never change the text, so agreed paragraphs can be commented on too.
 */
import type { Comment } from '../api/workflowTypes';
import type { BlockInfo } from '../editor/blocks';
import { capitalize } from '../format';
import type { WorkflowActions } from '../hooks/useWorkflowActions';
import { blockNamer, groupByBlock, type BlockGroup } from './blockGroups';
import { CommentForm } from './CommentForm';
import { CommentThread } from './CommentThread';

interface CommentsTabProps {
  blockId: string | null;
  blocks: BlockInfo[];
  comments: Comment[] | null;
  canComment: boolean;
  actions: WorkflowActions;
  onReveal(blockId: string): void;
}

export function CommentsTab({ blockId, blocks, comments, canComment, actions, onReveal }: CommentsTabProps) {
  const inScope = (comments ?? []).filter((c) => blockId === null || c.blockId === blockId);
  const repliesOf = new Map<number, Comment[]>();
  for (const c of inScope) if (c.parentId !== null) repliesOf.set(c.parentId, [...(repliesOf.get(c.parentId) ?? []), c]);
  const threads = inScope.filter((c) => c.parentId === null);
  const open = groupByBlock(threads.filter((c) => c.resolvedAt === null), blocks);
  const resolved = groupByBlock(threads.filter((c) => c.resolvedAt !== null), blocks);
  const count = (groups: BlockGroup<Comment>[]) => groups.reduce((n, g) => n + g.items.length, 0);
  const where = blockId ? blockNamer(blocks)(blockId) : '';

  const render = (groups: BlockGroup<Comment>[]) =>
    groups.map((group) => (
      <section key={group.blockId} className="comment-group">
        {blockId === null && (
          <h4 className="group-heading">
            <button type="button" className="link-button" onClick={() => onReveal(group.blockId)}>
              {capitalize(group.where)}
            </button>
          </h4>
        )}
        <ol className="comments">
          {group.items.map((thread) => (
            <CommentThread
              key={thread.id}
              comment={thread}
              repliesOf={repliesOf}
              canComment={canComment}
              onReply={(parentId, text) => actions.comment(group.blockId, group.where, text, parentId)}
              onResolve={(id) => actions.resolve(id, group.where)}
            />
          ))}
        </ol>
      </section>
    ));

  return (
    <div className="comments-tab">
      {blockId && canComment && (
        <CommentForm label={`Comment on ${where}`} submitLabel="Add comment" testId="comment" onSubmit={(text) => actions.comment(blockId, where, text)} />
      )}
      {comments === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <h3 className="subheading tab-heading">Open threads ({count(open)})</h3>
          {count(open) === 0 ? <p className="muted">{blockId ? `No open comments on ${where}.` : 'No open comments.'}</p> : render(open)}
          {count(resolved) > 0 && (
            <details className="decided">
              <summary>Resolved ({count(resolved)})</summary>
              {render(resolved)}
            </details>
          )}
        </>
      )}
    </div>
  );
}
