/**
 * What the room's live region says about changes other people make, and when: pure
 * functions, so the pace and the wording are tested without a browser.
 *
 * Pace: a change waits GATHER_MS for the ones that come with it (agreeing a paragraph is a
 * lock and a status; accepting two amendments is two events), and announcements are at
 * least INTERVAL_MS apart; whatever arrives meanwhile is merged into the next one. A screen
 * reader then speaks once about a burst instead of reading ten notices over the text
 * the person is writing.
 */
import type { BlockStatus } from '../../shared/blocks.js';
import { isBlockStatus } from '../../shared/blockStatus.js';
import type { RoomEvent } from '../../shared/protocol.js';
import { isOwnEvent, type EventSelf } from '../../shared/roomEvents.js';

export const GATHER_MS = 300;
export const INTERVAL_MS = 2_000;
/** Changes named in one merged announcement; the rest are counted. */
export const MAX_LISTED = 4;

export type ChangeKind =
  | 'lock'
  | 'unlock'
  | 'status'
  | 'amendment-proposed'
  | 'amendment-accepted'
  | 'amendment-rejected'
  | 'amendment-merged'
  | 'decision-undone'
  | 'comment-added'
  | 'presenting'
  | 'revision-saved'
  | 'revision-restored';

const ANNOUNCED = new Set<string>([
  'lock',
  'unlock',
  'status',
  'amendment-proposed',
  'amendment-accepted',
  'amendment-rejected',
  'amendment-merged',
  'decision-undone',
  'comment-added',
  'presenting',
  'revision-saved',
  'revision-restored',
]);

/** One change by someone else, as it will be spoken. */
export interface RoomChange {
  kind: ChangeKind;
  by: string;
  /** The paragraph's number when the change arrived; null for a heading; undefined for a block gone, or none concerned. */
  number?: number | null;
  /** Changes with the same subject replace one another within a burst (the last one stands). */
  subject: string;
  status?: BlockStatus;
  /** A reading's label ("Reading 3"). */
  label?: string;
}

/**
 * The change a room event announces, or null: one's own actions (the person knows them),
 * and events nobody needs read aloud (invites, exports, co-sponsors, resolved comments).
 */
export function changeOf(event: RoomEvent, self: EventSelf, numberOf: (blockId: string) => number | null | undefined): RoomChange | null {
  if (!ANNOUNCED.has(event.kind) || isOwnEvent(event, self)) return null;
  const kind = event.kind as ChangeKind;
  const detail = event.detail ?? {};
  const number = event.blockId ? numberOf(event.blockId) : undefined;
  const block = event.blockId ?? '';
  switch (kind) {
    case 'lock':
    case 'unlock':
    case 'decision-undone':
      return { kind, by: event.by, number, subject: `state:${block}` };
    case 'status':
      return isBlockStatus(detail.to) ? { kind, by: event.by, number, subject: `state:${block}`, status: detail.to } : null;
    case 'comment-added':
      return { kind, by: event.by, number, subject: `comment:${String(detail.commentId)}` };
    case 'presenting':
      // Taking the paragraph off the projector is not worth a word.
      return event.blockId ? { kind, by: event.by, number, subject: 'projector' } : null;
    case 'revision-saved':
    case 'revision-restored':
      return { kind, by: event.by, subject: `revision:${String(detail.n)}`, label: typeof detail.label === 'string' ? detail.label : '' };
    default:
      return { kind, by: event.by, number, subject: `amendment:${String(detail.amendmentId)}` };
  }
}

/** Merges a burst: a later change of the same subject stands for the earlier one, in the earlier one's place. */
export function mergeChanges(changes: readonly RoomChange[]): RoomChange[] {
  // A Map keeps each subject at the place it was first set, whatever later replaces it.
  const bySubject = new Map<string, RoomChange>();
  for (const change of changes) {
    // A lock is announced as a lock, not as the status "agreed" it brings along.
    const impliedByLock = bySubject.get(change.subject)?.kind === 'lock' && change.kind === 'status' && change.status === 'agreed';
    if (!impliedByLock) bySubject.set(change.subject, change);
  }
  return [...bySubject.values()];
}

export interface AnnouncerState {
  queued: RoomChange[];
  /** When the oldest queued change arrived (ms), or null with nothing queued. */
  since: number | null;
  /** When the last announcement was made (ms), or null before the first. */
  spokenAt: number | null;
}

export const QUIET: AnnouncerState = { queued: [], since: null, spokenAt: null };

export function enqueue(state: AnnouncerState, change: RoomChange, now: number): AnnouncerState {
  return { ...state, queued: [...state.queued, change], since: state.since ?? now };
}

/** When the queued changes are due to be announced (ms), or null with nothing queued. */
export function dueAt(state: AnnouncerState): number | null {
  if (state.since === null) return null;
  return Math.max(state.since + GATHER_MS, state.spokenAt === null ? 0 : state.spokenAt + INTERVAL_MS);
}

/** The changes to announce now, merged, and the state after; null when nothing is due yet. */
export function take(state: AnnouncerState, now: number): { batch: RoomChange[]; state: AnnouncerState } | null {
  const due = dueAt(state);
  if (due === null || now < due) return null;
  return { batch: mergeChanges(state.queued), state: { queued: [], since: null, spokenAt: now } };
}

/** The words an announcement is made of, in the interface language. */
export interface AnnouncementWords {
  /** Messages of the `keyboard` namespace (i18next's t). */
  t(key: string, values?: Record<string, unknown>): string;
  /**
   * A block's names, as the rest of the interface gives them: `where` inside a sentence
   * ("paragraph 7", "п. 7"), `subject` to begin one ("Paragraph 7", "Le paragraphe 7",
   * "Пункт 7"). `number` is null for a heading, undefined for a block no longer there.
   */
  blockWords(number: number | null | undefined): { where: string; subject: string };
  /** "Under discussion". */
  statusName(status: BlockStatus): string;
  /** For the list's commas. */
  language: string;
}

/**
 * The announcement of a batch: one change with who made it ("Paragraph 7 locked by Marta
 * Kowalska"), several as a count and a list ("3 changes: paragraph 7 locked, amendment to
 * paragraph 9 accepted, …"), the list cut after MAX_LISTED.
 */
export function announcementText(batch: readonly RoomChange[], words: AnnouncementWords): string {
  const [first] = batch;
  if (first === undefined) return '';
  const { t, language } = words;
  const phrase = (change: RoomChange, withBy: boolean) =>
    t(`announcer.${withBy ? 'withBy' : 'short'}.${messageKey(change)}`, {
      ...words.blockWords(change.number),
      by: change.by,
      status: change.status ? words.statusName(change.status) : '',
      label: change.label ?? '',
    });
  if (batch.length === 1) return sentence(phrase(first, true));
  const listed = batch.slice(0, MAX_LISTED).map((change) => phrase(change, false));
  if (batch.length > MAX_LISTED) listed.push(t('announcer.more', { count: batch.length - MAX_LISTED }));
  const list = new Intl.ListFormat(language, { style: 'long', type: 'unit' }).format(listed);
  return sentence(t('announcer.many', { count: batch.length, list }));
}

/** Message keys are identifiers (ICU and our JSON files): "amendment-accepted" → "amendmentAccepted". */
function messageKey(change: RoomChange): string {
  return change.kind.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
