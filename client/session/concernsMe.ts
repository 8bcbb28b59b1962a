/**
 * Which room events concern this person so closely that their notice stays until dismissed,
 * instead of fading after a few seconds while they look at the text: a decision on an
 * amendment they or their delegation proposed or co-sponsored, a lock, unlock or undone
 * decision on the paragraph they are writing in, and a restored reading (it rewrites the text under
 * everyone). One's own actions never do: the person knows what they did.
 */
import type { RoomEvent } from '../../shared/protocol.js';
import type { Amendment } from '../../shared/workflow.js';
import { type EventSelf, isOwnEvent } from '../../shared/roomEvents.js';

/** This page: who it acts as, and for which delegation as the record names it ('' for none). */
export interface Me extends EventSelf {
  delegation: string;
}

/**
 * The delegation the server records this person's acts under (its actorLabel): a named invite's,
 * or none for a role link, whose delegation is only what the person typed when joining. Their
 * own amendments, and their delegation's, are told by it.
 */
export function recordedDelegation(inviteDelegation: string | null, typedDelegation: string): string {
  return inviteDelegation ? typedDelegation : '';
}

/** The person proposed it, or their delegation stands behind it (as proposer or co-sponsor). */
export function isMyAmendment(amendment: Pick<Amendment, 'proposerName' | 'proposerDelegation' | 'cosponsors'>, me: Me): boolean {
  if (amendment.proposerName === me.name && amendment.proposerDelegation === me.delegation) return true;
  if (me.delegation === '') return false;
  return amendment.proposerDelegation === me.delegation || amendment.cosponsors.some((c) => c.delegation === me.delegation);
}

/** True when the event's notice should stay until this person dismisses it. `caretBlockId`: the paragraph they are writing in, or null. */
export function concernsMe(event: RoomEvent, me: Me, caretBlockId: string | null): boolean {
  if (isOwnEvent(event, me)) return false;
  switch (event.kind) {
    case 'lock':
    case 'unlock':
      return caretBlockId !== null && event.blockId === caretBlockId;
    case 'decision-undone':
      // An undo may relock the paragraph one writes in, or reopen one's amendment.
      return (
        (caretBlockId !== null && event.blockId === caretBlockId) ||
        (event.amendments ?? []).some((amendment) => isMyAmendment(amendment, me))
      );
    case 'amendment-accepted':
    case 'amendment-rejected':
    case 'amendment-merged':
      return (event.amendments ?? []).some((amendment) => isMyAmendment(amendment, me));
    case 'revision-restored':
    case 'silence-opened':
    case 'silence-ended':
      // A restored reading rewrites the text under everyone; a silence procedure asks every delegation, and its end decides the text.
      return true;
    default:
      return false;
  }
}
