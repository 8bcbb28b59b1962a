/**
 * The room's amendments and comments, with the per-block counts handed to the margins
 * through the BlockMetaStore. Each list is loaded once on joining and again when `versions`
 * says so (after a reconnect, when events may have been missed, or a restore); in between it
 * stays live by merging the records each room event carries (M6), so an amendment or a
 * comment costs the server one frame per person instead of one whole list per person.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoomEvent, ServerNotice } from '../../shared/protocol';
import type { Role } from '../../shared/roles';
import { apiErrorText } from '../i18n/apiErrorText';
import { workflowApi } from '../api/workflow';
import type { Amendment, Comment } from '../api/workflowTypes';
import type { BlockMetaStore } from '../editor/blockMeta';
import type { RoomConnection } from '../sync/roomConnection';
import { useNotices } from '../sync/useRoomConnection';

export interface WorkflowData {
  amendments: Amendment[] | null;
  comments: Comment[] | null;
  error: string | null;
  /** Shows what this person's own action returned, if its room event has not brought it yet. */
  ownAmendment(record: Amendment): void;
  ownComment(record: Comment): void;
}

/** A change to a list. */
type ListUpdate<T> = (list: T[]) => T[];

function countBy<T>(items: readonly T[], keep: (item: T) => boolean, key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) if (keep(item)) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * Puts `records` into a list ordered by id (as the server lists them): `adopt` makes the
 * entry from the record and the entry it replaces, if any; a new id goes where its id sorts.
 */
function merge<T extends { id: number }, R extends { id: number }>(
  records: readonly R[],
  adopt: (record: R, existing: T | undefined) => T,
): ListUpdate<T> {
  return (list) => {
    const next = list.slice();
    for (const record of records) {
      const at = next.findIndex((item) => item.id === record.id);
      if (at >= 0) {
        next[at] = adopt(record, next[at]);
        continue;
      }
      let place = next.length;
      while (place > 0 && next[place - 1]!.id > record.id) place--;
      next.splice(place, 0, adopt(record, undefined));
    }
    return next;
  };
}

/**
 * A list loaded when `version` changes (the newest load wins) and changed in between by
 * `apply`. Changes that arrive while a load is under way are applied to its answer too, in
 * order: the answer may predate them, and where it is newer, the event that made it newer
 * is still to come and puts it back.
 */
function useLiveList<T>(
  load: () => Promise<T[]>,
  version: number,
  onError: (message: string) => void,
): [T[] | null, (update: ListUpdate<T>) => void] {
  const [list, setList] = useState<T[] | null>(null);
  const duringLoad = useRef<ListUpdate<T>[] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` (the room moved) is what makes it load again
  useEffect(() => {
    let current = true;
    const arrived: ListUpdate<T>[] = [];
    duringLoad.current = arrived;
    load().then(
      (items) => {
        if (!current) return;
        duringLoad.current = null;
        setList(arrived.reduce((items, update) => update(items), items));
      },
      (e: unknown) => {
        if (!current) return;
        duringLoad.current = null;
        onError(apiErrorText(e));
      },
    );
    return () => {
      current = false;
    };
  }, [load, version, onError]);
  const apply = useCallback((update: ListUpdate<T>) => {
    duringLoad.current?.push(update);
    setList((items) => (items === null ? null : update(items)));
  }, []);
  return [list, apply];
}

export function useWorkflowData(
  connection: RoomConnection,
  token: string,
  docId: string,
  versions: { amendments: number; comments: number },
  meta: BlockMetaStore,
  role: Role,
): WorkflowData {
  const [error, setError] = useState<string | null>(null);
  const loadAmendments = useCallback(() => workflowApi.amendments(token, docId), [token, docId]);
  const loadComments = useCallback(() => workflowApi.comments(token, docId), [token, docId]);
  const [amendments, applyToAmendments] = useLiveList(loadAmendments, versions.amendments, setError);
  const [comments, applyToComments] = useLiveList(loadComments, versions.comments, setError);
  // `canResolve` is per caller, so events leave it out (C3): a comment first seen in an event
  // may be resolved by moderators and the adviser; an author learns it from their own answer.
  const chairs = role === 'adviser' || role === 'moderator';

  const onNotice = useCallback(
    (notice: ServerNotice) => {
      if (notice.type !== 'room-event') return;
      const { amendments: changed, comments: commented }: RoomEvent = notice.event;
      if (changed) applyToAmendments(merge<Amendment, Amendment>(changed, (record) => record));
      if (commented) {
        applyToComments(
          merge<Comment, (typeof commented)[number]>(commented, (record, existing) => ({
            ...record,
            canResolve: existing?.canResolve ?? chairs,
          })),
        );
      }
    },
    [applyToAmendments, applyToComments, chairs],
  );
  useNotices(connection, onNotice);

  // An answer can be older than an event that overtook it, so it only fills a gap; the room
  // event, which always follows while connected, is the record.
  const ownAmendment = useCallback(
    (record: Amendment) => applyToAmendments(merge<Amendment, Amendment>([record], (mine, existing) => existing ?? mine)),
    [applyToAmendments],
  );
  const ownComment = useCallback(
    (record: Comment) =>
      applyToComments(
        merge<Comment, Comment>([record], (mine, existing) => (existing ? { ...existing, canResolve: mine.canResolve } : mine)),
      ),
    [applyToComments],
  );

  useEffect(() => {
    if (amendments !== null || comments !== null) setError(null);
    meta.setCounts(
      countBy(
        amendments ?? [],
        (a) => a.status === 'pending',
        (a) => a.blockId,
      ),
      // A thread is open while its first comment is unresolved.
      countBy(
        comments ?? [],
        (c) => c.parentId === null && c.resolvedAt === null,
        (c) => c.blockId,
      ),
    );
  }, [amendments, comments, meta]);

  return { amendments, comments, error, ownAmendment, ownComment };
}
