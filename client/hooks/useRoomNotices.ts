/**
 * Turns the server's notices into what the person sees: a refused change becomes a notice
 * naming the paragraph and why, or, when it carries the refused words, an entry of the
 * "Not kept" tray (and the local undo stack is cleared, so Ctrl-Z cannot send the refused
 * text again); room events reload what they changed (lock history, invites,
 * readings, the activity log; amendments and comments arrive in the event itself, see
 * useWorkflowData) and the weightiest get a notice too.
 */
import i18next from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { assertNever } from '../../shared/assertNever';
import type { RoomEvent, ServerNotice } from '../../shared/protocol';
import { refusalPlace, refusalWords } from '../../shared/refusalWords';
import { isOwnEvent, isRoomEventKind, subjectOf } from '../../shared/roomEvents';
import { concernsMe, type Me } from '../session/concernsMe';
import type { EditorApi } from '../editor/editorApi';
import { blockName, formatTime } from '../format';
import type { ConnectionPhase, RoomConnection } from '../sync/roomConnection';
import { useNotices } from '../sync/useRoomConnection';
import type { NoticeKind } from '../components/NoticeToast';

type RefusedNotice = Extract<ServerNotice, { type: 'refused' }>;

function refusalText(notice: RefusedNotice, number: number | null | undefined): string {
  const place = refusalPlace(notice.blockId, number);
  const words = refusalWords(notice, i18next.t(place.key, place.values ?? {}));
  // A reason this client does not know (a newer server): the server's own words are better than none.
  return words ? i18next.t(words.key, words.values ?? {}) : notice.message;
}

/** Counters that grow with each room event of a kind, for panels to reload. */
export interface RoomVersions {
  locks: number;
  invites: number;
  amendments: number;
  comments: number;
  revisions: number;
  silence: number;
  /** Anything the activity log records. */
  activity: number;
}

const NONE: RoomVersions = { locks: 0, invites: 0, amendments: 0, comments: 0, revisions: 0, silence: 0, activity: 0 };

/**
 * Which counters an event moves. Amendment and comment events carry the records they
 * changed, which useWorkflowData merges (M6): the lists reload only for an event without
 * them, after a reconnect, or after a restore (it rewrites the text, so which paragraphs the
 * amendments still find changes too).
 */
function touched({ kind, amendments, comments }: RoomEvent): (keyof RoomVersions)[] {
  // A kind from a newer server: whatever it is, the activity log shows it.
  if (!isRoomEventKind(kind)) return ['activity'];
  if (kind === 'revision-restored') return ['revisions', 'amendments', 'activity'];
  const subject = subjectOf(kind);
  switch (subject) {
    case 'lock':
      return ['locks', 'activity'];
    case 'silence':
      return ['silence', 'activity'];
    case 'decision':
      // An undo may change the lock, the status and an amendment (which the event carries when it does).
      return amendments ? ['locks', 'activity'] : ['locks', 'amendments', 'activity'];
    case 'invite':
      return ['invites', 'activity'];
    case 'amendment':
      return amendments ? ['activity'] : ['amendments', 'activity'];
    case 'comment':
      return comments ? [] : ['comments'];
    case 'revision':
      return ['revisions', 'activity'];
    case 'projector':
      return [];
    case 'status':
    case 'room':
    case 'export':
      return ['activity'];
    default:
      return assertNever(subject, 'event subject');
  }
}

export function useRoomNotices(
  connection: RoomConnection,
  editorApi: React.RefObject<EditorApi | null>,
  push: (kind: NoticeKind, text: string, detail?: string, sticky?: boolean) => void,
  phase: ConnectionPhase,
  self: Me,
): RoomVersions {
  const [versions, setVersions] = useState<RoomVersions>(NONE);

  const bump = useCallback((keys: (keyof RoomVersions)[]) => {
    if (keys.length === 0) return;
    setVersions((v) => {
      const next = { ...v };
      for (const key of keys) next[key] += 1;
      return next;
    });
  }, []);

  // Back after a drop: events may have been missed, so everything reloads.
  const wasConnected = useRef(phase === 'connected');
  const everConnected = useRef(phase === 'connected');
  useEffect(() => {
    const connected = phase === 'connected';
    if (connected && !wasConnected.current && everConnected.current) bump(Object.keys(NONE) as (keyof RoomVersions)[]);
    wasConnected.current = connected;
    everConnected.current ||= connected;
  }, [phase, bump]);

  const onNotice = useCallback(
    (notice: ServerNotice) => {
      if (notice.type === 'refused') {
        editorApi.current?.clearUndo();
        // Refused words go to the "Not kept" tray (RoomConnection.notKept), which announces each once (useNotKeptNotices).
        if (notice.refusedText !== undefined && notice.refusedText.trim() !== '') return;
        const number = notice.blockNumber ?? (notice.blockId ? editorApi.current?.block(notice.blockId)?.number : null);
        push('warning', refusalText(notice, number));
        return;
      }
      if (notice.type === 'room-event') {
        bump(touched(notice.event));
        const own = isOwnEvent(notice.event, self);
        const concerned = concernsMe(notice.event, self, editorApi.current?.caretBlockId() ?? null);
        const text = eventNotice(
          notice.event,
          (id) => {
            const block = id ? editorApi.current?.block(id) : null;
            return block ? blockName(block.number) : i18next.t('common:block.some');
          },
          own,
          concerned,
        );
        const reason = notice.event.detail?.reason;
        const detail = typeof reason === 'string' && reason !== '' ? i18next.t('workflow:reason.line', { reason }) : undefined;
        if (text) push('info', text, detail, concerned);
      }
    },
    [editorApi, push, bump, self],
  );

  useNotices(connection, onNotice);
  return versions;
}

/** What a silence procedure covers, in words: "the whole text" or "paragraph 4". */
function silenceScope(blockId: string | undefined, nameOf: (blockId: string | undefined) => string): string {
  return blockId ? nameOf(blockId) : i18next.t('workflow:silence.wholeText');
}

/**
 * The room events worth a notice for everyone: locks, decided amendments, readings; in the
 * first person for one's own. A merge only for those it concerns (their amendment was merged).
 */
function eventNotice(event: RoomEvent, nameOf: (blockId: string | undefined) => string, own: boolean, concerned: boolean): string | null {
  const { kind, by, blockId, detail, at } = event;
  const label = typeof detail?.label === 'string' ? detail.label : i18next.t('notices:event.aReading');
  const words = (key: string, values: Record<string, string>) => i18next.t(`notices:event.${own ? 'own.' : ''}${key}`, values);
  switch (kind) {
    case 'lock':
      return words('lock', { by, where: nameOf(blockId) });
    case 'unlock':
      return words('unlock', { by, where: nameOf(blockId) });
    case 'amendment-accepted':
      if (detail?.kind === 'delete') return words('acceptedDelete', { by });
      if (detail?.kind === 'insert-after') return words('acceptedInsert', { by, where: nameOf(blockId) });
      return words('accepted', { by, where: nameOf(blockId) });
    case 'amendment-rejected':
      return words('rejected', { by, where: nameOf(blockId) });
    case 'amendment-merged':
      return concerned ? words('merged', { by, where: nameOf(blockId) }) : null;
    case 'decision-undone':
      return words('undone', { by, where: nameOf(blockId) });
    case 'silence-opened':
      return words('silenceOpened', { by, where: silenceScope(blockId, nameOf), deadline: formatTime(String(detail?.deadline ?? at)) });
    case 'silence-broken':
      return words('silenceBroken', { by, delegation: String(detail?.delegation ?? ''), where: silenceScope(blockId, nameOf) });
    case 'silence-ended':
      return detail?.outcome === 'adopted'
        ? i18next.t('notices:event.silenceAdopted', { where: silenceScope(blockId, nameOf) })
        : i18next.t('notices:event.silenceBrokenEnd', {
            where: silenceScope(blockId, nameOf),
            list: Array.isArray(detail?.brokenBy) ? detail.brokenBy.map(String).join(', ') : '',
          });
    case 'revision-saved':
      return words('revisionSaved', { by, label });
    case 'revision-restored':
      return words('revisionRestored', { by, label });
    default:
      return null;
  }
}
