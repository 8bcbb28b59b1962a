/**
 * One thread, as in Google Docs: its first comment and the replies under it, one level deep
 * and rendered without recursion. A long thread shows its first and last few replies and a
 * button for the rest, so a thread of thousands opens at once. Resolve shows only to those
 * the server lets resolve it (its author, a moderator, the adviser).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Comment } from '../api/workflowTypes';
import { formatTime, personName } from '../format';
import type { Outcome } from '../hooks/useWorkflowActions';
import { CommentForm } from './CommentForm';

/** Replies shown at each end of a long thread. */
const EDGE_REPLIES = 3;
/** Replies one click on "show more" reveals. */
const REVEAL_STEP = 50;

interface CommentThreadProps {
  thread: Comment;
  replies: readonly Comment[];
  /** The thread's phrase as the text holds it now (C4): its words, or null when they were deleted. Absent for a paragraph's thread. */
  phraseNow?: string | null;
  /** Scrolls to the phrase and selects it. */
  onShowPhrase?(): void;
  canComment: boolean;
  onReply(text: string): Promise<Outcome>;
  onResolve(): Promise<Outcome>;
}

export function CommentThread({ thread, replies, phraseNow, onShowPhrase, canComment, onReply, onResolve }: CommentThreadProps) {
  const { t } = useTranslation('workflow');
  const [replying, setReplying] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState(0);
  const resolved = thread.resolvedAt !== null;

  const hidden = Math.max(0, replies.length - 2 * EDGE_REPLIES - revealed);
  const head = hidden === 0 ? replies : replies.slice(0, EDGE_REPLIES + revealed);
  const tail = hidden === 0 ? [] : replies.slice(replies.length - EDGE_REPLIES);
  const step = Math.min(REVEAL_STEP, hidden);

  const resolve = async () => {
    setBusy(true);
    setError(await onResolve());
    setBusy(false);
  };

  return (
    <li
      className={`comment${resolved ? ' comment--resolved' : ''}`}
      data-testid="comment-item"
      data-comment-id={thread.id}
      data-resolved={resolved || undefined}
    >
      {thread.anchor && (
        <p className="comment__phrase" data-testid="comment-phrase">
          {phraseNow === null ? (
            <>
              <q className="comment__quote comment__quote--gone">{thread.anchor.quote}</q>{' '}
              <span className="muted">{t('comments.phraseGone')}</span>
            </>
          ) : (
            <button type="button" className="link-button" onClick={onShowPhrase} title={t('comments.showPhrase')}>
              <q className="comment__quote">{phraseNow ?? thread.anchor.quote}</q>
            </button>
          )}
        </p>
      )}
      <CommentBody comment={thread} />
      {resolved && (
        <p className="comment__meta">
          ✓ {t('comments.resolvedBy', { by: thread.resolvedBy })}
          {thread.resolvedAt && ` · ${formatTime(thread.resolvedAt)}`}
        </p>
      )}
      {replies.length > 0 && (
        <ol className="comment__replies" data-testid="comment-replies" data-reply-count={replies.length}>
          {head.map((reply) => (
            <Reply key={reply.id} comment={reply} />
          ))}
          {hidden > 0 && (
            <li>
              <button type="button" className="link-button" data-testid="show-more-replies" onClick={() => setRevealed((n) => n + step)}>
                {step === hidden ? t('comments.showMore', { count: hidden }) : t('comments.showSome', { count: step, hidden })}
              </button>
            </li>
          )}
          {tail.map((reply) => (
            <Reply key={reply.id} comment={reply} />
          ))}
        </ol>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!resolved && !replying && (canComment || thread.canResolve) && (
        <div className="comment__actions">
          {canComment && (
            <button type="button" className="link-button" data-testid="reply-comment" onClick={() => setReplying(true)}>
              {t('comments.reply')}
            </button>
          )}
          {thread.canResolve && (
            <button type="button" className="link-button" data-testid="resolve-comment" disabled={busy} onClick={() => void resolve()}>
              {t('comments.resolve')}
            </button>
          )}
        </div>
      )}
      {replying && (
        <CommentForm
          label={t('comments.replyTo', { name: thread.authorName })}
          submitLabel={t('comments.reply')}
          testId="reply"
          autoFocus
          onSubmit={onReply}
          onCancel={() => setReplying(false)}
        />
      )}
    </li>
  );
}

function Reply({ comment }: { comment: Comment }) {
  return (
    <li className="comment" data-testid="comment-item" data-comment-id={comment.id}>
      <CommentBody comment={comment} />
    </li>
  );
}

function CommentBody({ comment: c }: { comment: Comment }) {
  return (
    <>
      <p className="comment__meta">
        <strong>{personName(c.authorName, c.authorDelegation)}</strong> · <time dateTime={c.createdAt}>{formatTime(c.createdAt)}</time>
      </p>
      <p className="comment__text">{c.text}</p>
    </>
  );
}
