/**
 * The room's amendments and comments, loaded once and again whenever a room event says
 * they changed (so they are live without a reload), with the per-block counts handed to
 * the margins through the BlockMetaStore.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/http';
import { workflowApi } from '../api/workflow';
import type { Amendment, Comment } from '../api/workflowTypes';
import type { BlockMetaStore } from '../editor/blockMeta';

export interface WorkflowData {
  amendments: Amendment[] | null;
  comments: Comment[] | null;
  error: string | null;
  /** Reload now (after this person's own action, without waiting for its room event). */
  reloadAmendments(): void;
  reloadComments(): void;
}

function countBy<T>(items: readonly T[], keep: (item: T) => boolean, key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) if (keep(item)) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** Loads a list when `version` changes; the newest answer wins. */
function useList<T>(load: () => Promise<T[]>, version: number, onError: (message: string) => void): [T[] | null, () => void] {
  const [list, setList] = useState<T[] | null>(null);
  const [again, setAgain] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (items) => current && setList(items),
      (e: unknown) => current && onError(e instanceof ApiError ? e.message : 'The server could not be reached.'),
    );
    return () => {
      current = false;
    };
  }, [load, version, again, onError]);
  return [list, useCallback(() => setAgain((n) => n + 1), [])];
}

export function useWorkflowData(
  token: string,
  docId: string,
  versions: { amendments: number; comments: number },
  meta: BlockMetaStore,
): WorkflowData {
  const [error, setError] = useState<string | null>(null);
  const loadAmendments = useCallback(() => workflowApi.amendments(token, docId), [token, docId]);
  const loadComments = useCallback(() => workflowApi.comments(token, docId), [token, docId]);
  const [amendments, reloadAmendments] = useList(loadAmendments, versions.amendments, setError);
  const [comments, reloadComments] = useList(loadComments, versions.comments, setError);

  useEffect(() => {
    if (amendments !== null || comments !== null) setError(null);
    meta.setCounts(
      countBy(amendments ?? [], (a) => a.status === 'pending', (a) => a.blockId),
      // A thread is open while its first comment is unresolved.
      countBy(comments ?? [], (c) => c.parentId === null && c.resolvedAt === null, (c) => c.blockId),
    );
  }, [amendments, comments, meta]);

  return { amendments, comments, error, reloadAmendments, reloadComments };
}
