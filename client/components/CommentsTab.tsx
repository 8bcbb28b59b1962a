/**
 * The comments tab of the paragraph panel: threads on one paragraph (with a box for a new
 * one) or on the whole text, grouped by paragraph; resolved threads folded away. Threads are
 * flat (a first comment and its replies, C2). Comments never change the text, so agreed
 * paragraphs can be commented on too.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Comment } from '../api/workflowTypes';
import type { BlockInfo } from '../editor/blocks';
import type { EditorApi } from '../editor/editorApi';
import type { SelectedPhrase } from '../editor/phraseComments';
import type { WorkflowActions } from '../hooks/useWorkflowActions';
import { blockNamer, groupByBlock, type BlockGroup } from './blockGroups';
import { CommentForm } from './CommentForm';
import { CommentThread } from './CommentThread';

const NO_REPLIES: readonly Comment[] = [];
/** How often a thread's phrase is read again while the text changes. */
const PHRASE_REFRESH_MS = 300;

interface CommentsTabProps {
  blockId: string | null;
  blocks: BlockInfo[];
  comments: Comment[] | null;
  canComment: boolean;
  actions: WorkflowActions;
  onReveal(blockId: string): void;
  editor: EditorApi | null;
}

export function CommentsTab({ blockId, blocks, comments, canComment, actions, onReveal, editor }: CommentsTabProps) {
  const { t } = useTranslation('workflow');
  // The words selected in this paragraph when the box opened or took focus: the new comment is on them (C4) unless dropped.
  const [phrase, setPhrase] = useState<SelectedPhrase | null>(null);
  const takePhrase = () => {
    const selected = editor?.selectedPhrase() ?? null;
    if (selected !== null && selected.blockId === blockId) setPhrase(selected);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once per paragraph, as the panel opens on it
  useEffect(() => {
    setPhrase(null);
    takePhrase();
  }, [blockId, editor]);
  // The phrases' words as they stand: read again after the text changes, at most every PHRASE_REFRESH_MS while people type.
  const [, setTextVersion] = useState(0);
  const hasPhrases = (comments ?? []).some((c) => c.anchor !== null);
  useEffect(() => {
    if (!editor || !hasPhrases) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = editor.onTextChange(() => {
      timer ??= setTimeout(() => {
        timer = null;
        setTextVersion((v) => v + 1);
      }, PHRASE_REFRESH_MS);
    });
    return () => {
      stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, [editor, hasPhrases]);
  const phraseNow = (c: Comment) => (c.anchor && editor ? editor.phraseNow(c.anchor) : undefined);
  const inScope = (comments ?? []).filter((c) => blockId === null || c.blockId === blockId);
  // The server keeps threads one level deep: a reply names its thread's first comment.
  const repliesOf = new Map<number, Comment[]>();
  for (const c of inScope) {
    if (c.parentId === null) continue;
    const replies = repliesOf.get(c.parentId);
    if (replies) replies.push(c);
    else repliesOf.set(c.parentId, [c]);
  }
  const threads = inScope.filter((c) => c.parentId === null);
  const open = groupByBlock(
    threads.filter((c) => c.resolvedAt === null),
    blocks,
  );
  const resolved = groupByBlock(
    threads.filter((c) => c.resolvedAt !== null),
    blocks,
  );
  const count = (groups: BlockGroup<Comment>[]) => groups.reduce((n, g) => n + g.items.length, 0);
  const where = blockId ? blockNamer(blocks)(blockId) : '';

  const render = (groups: BlockGroup<Comment>[]) =>
    groups.map((group) => (
      <section key={group.blockId} className="comment-group">
        {blockId === null && (
          <h4 className="group-heading">
            <button type="button" className="link-button" onClick={() => onReveal(group.blockId)}>
              {group.title}
            </button>
          </h4>
        )}
        <ol className="comments">
          {group.items.map((thread) => (
            <CommentThread
              key={thread.id}
              thread={thread}
              replies={repliesOf.get(thread.id) ?? NO_REPLIES}
              phraseNow={phraseNow(thread)}
              onShowPhrase={() => thread.anchor && editor?.revealPhrase(thread.anchor)}
              canComment={canComment}
              onReply={(text) => actions.comment(group.blockId, text, thread.id)}
              onResolve={() => actions.resolve(thread.id)}
            />
          ))}
        </ol>
      </section>
    ));

  return (
    <div className="comments-tab">
      {blockId && canComment && (
        <CommentForm
          label={t('comments.on', { where })}
          submitLabel={t('comments.add')}
          testId="comment"
          onFocus={takePhrase}
          context={
            phrase && (
              <span className="comment-form__phrase" data-testid="comment-form-phrase">
                {t('comments.onPhrase')} <q className="comment__quote">{phrase.quote}</q>{' '}
                <button type="button" className="link-button" data-testid="comment-form-phrase-drop" onClick={() => setPhrase(null)}>
                  {t('comments.wholeParagraph')}
                </button>
              </span>
            )
          }
          onSubmit={async (text) => {
            const outcome = await actions.comment(blockId, text, undefined, phrase?.anchor);
            if (outcome === null) setPhrase(null);
            return outcome;
          }}
        />
      )}
      {comments === null ? (
        <p className="muted">{t('common:loading.generic')}</p>
      ) : (
        <>
          <h3 className="subheading tab-heading">{t('comments.open', { count: count(open) })}</h3>
          {count(open) === 0 ? <p className="muted">{blockId ? t('comments.noneOn', { where }) : t('comments.none')}</p> : render(open)}
          {count(resolved) > 0 && (
            <details className="decided">
              <summary>{t('comments.resolved', { count: count(resolved) })}</summary>
              {render(resolved)}
            </details>
          )}
        </>
      )}
    </div>
  );
}
