/** A comment and the replies under it; reply to any, resolve the thread from its first comment. */
import { useState } from 'react';
import type { Comment } from '../api/workflowTypes';
import { formatTime, personName } from '../format';
import type { Outcome } from '../hooks/useWorkflowActions';
import { CommentForm } from './CommentForm';

interface CommentThreadProps {
  comment: Comment;
  repliesOf: ReadonlyMap<number, Comment[]>;
  canComment: boolean;
  onReply(parentId: number, text: string): Promise<Outcome>;
  onResolve(id: number): Promise<Outcome>;
}

export function CommentThread({ comment: c, repliesOf, canComment, onReply, onResolve }: CommentThreadProps) {
  const [replying, setReplying] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const replies = repliesOf.get(c.id) ?? [];
  const isThread = c.parentId === null;
  const resolved = c.resolvedAt !== null;

  const resolve = async () => {
    setBusy(true);
    setError(await onResolve(c.id));
    setBusy(false);
  };

  return (
    <li className={`comment${resolved ? ' comment--resolved' : ''}`} data-testid="comment-item" data-comment-id={c.id} data-resolved={resolved || undefined}>
      <p className="comment__meta">
        <strong>{personName(c.authorName, c.authorDelegation)}</strong> · <time dateTime={c.createdAt}>{formatTime(c.createdAt)}</time>
      </p>
      <p className="comment__text">{c.text}</p>
      {resolved && isThread && (
        <p className="comment__meta">
          ✓ Resolved by {c.resolvedBy}
          {c.resolvedAt && ` · ${formatTime(c.resolvedAt)}`}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {canComment && !replying && !resolved && (
        <div className="comment__actions">
          <button type="button" className="link-button" data-testid="reply-comment" onClick={() => setReplying(true)}>
            Reply
          </button>
          {isThread && (
            <button type="button" className="link-button" data-testid="resolve-comment" disabled={busy} onClick={() => void resolve()}>
              Resolve
            </button>
          )}
        </div>
      )}
      {replying && (
        <CommentForm label={`Reply to ${c.authorName}`} submitLabel="Reply" testId="reply" autoFocus onSubmit={(text) => onReply(c.id, text)} onCancel={() => setReplying(false)} />
      )}
      {replies.length > 0 && (
        <ol className="comment__replies">
          {replies.map((reply) => (
            <CommentThread key={reply.id} comment={reply} repliesOf={repliesOf} canComment={canComment && !resolved} onReply={onReply} onResolve={onResolve} />
          ))}
        </ol>
      )}
    </li>
  );
}
