/** The room's activity log in words: "Anna Novak accepted amendment #4 (Austria) to paragraph 3". */
import i18next from 'i18next';
import type { ActivityEntry } from '../api/workflowTypes';
import { assertNever } from '../../shared/assertNever';
import { isRole } from '../../shared/roles';
import { isRoomEventKind, subjectOf } from '../../shared/roomEvents';
import { TEXT_LANGUAGE_NAMES, isTextLanguage } from '../../shared/textLanguages';
import { formatTime } from '../format';
import { roleLabel } from '../roles';
import { isBlockStatus, statusLabel } from '../status';

/** The groups the activity panel filters by. */
export type ActivityGroup = 'locks' | 'amendments' | 'readings' | 'exports' | 'room';

export const ACTIVITY_GROUPS: readonly ActivityGroup[] = ['locks', 'amendments', 'readings', 'exports', 'room'];

export function activityGroupLabel(group: ActivityGroup): string {
  return i18next.t(`workflow:activity.group.${group}`);
}

export function activityGroup(kind: string): ActivityGroup {
  if (!isRoomEventKind(kind)) return 'room';
  const subject = subjectOf(kind);
  switch (subject) {
    case 'lock':
    case 'status':
    case 'decision':
      return 'locks';
    case 'amendment':
      return 'amendments';
    case 'revision':
      return 'readings';
    case 'export':
      return 'exports';
    case 'projector':
    case 'comment':
    case 'invite':
    case 'room':
      return 'room';
    case 'silence':
      return 'locks';
    default:
      return assertNever(subject, 'event subject');
  }
}

const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const t = (key: string, values?: Record<string, unknown>) => i18next.t(`workflow:activity.${key}`, values ?? {});
/** A word looked up by the value the server recorded, or `fallback` for a value this client does not know. */
const wordFor = (group: string, value: unknown, fallback: string) => {
  const key = `workflow:activity.${group}.${str(value)}`;
  return str(value) && i18next.exists(key) ? i18next.t(key) : fallback;
};
const status = (value: unknown) => (isBlockStatus(value) ? statusLabel(value) : t('anotherStatus'));
const role = (value: unknown) => (isRole(value) ? roleLabel(value) : str(value));
const yes = (value: unknown) => (value ? 'yes' : 'no');

/** What a silence procedure covers: its paragraph, or the whole text. */
const silenceWhere = (entry: ActivityEntry, where: string) => (entry.blockId ? where : i18next.t('workflow:silence.wholeText'));

/** What happened, after the person's name; `where` names the entry's paragraph ("paragraph 3"). */
export function describeActivity(entry: ActivityEntry, where: string): string {
  const d = entry.detail ?? {};
  const id = `#${str(d.amendmentId)}`;
  const kindWords = wordFor('kind', d.kind, t('kind.amendment'));
  const delegation = { hasDelegation: yes(d.delegation), delegation: str(d.delegation) };
  switch (entry.kind) {
    case 'lock':
      return t('lock', { where });
    case 'unlock':
      return t('unlock', { where });
    case 'status':
      return t('status', { where, from: status(d.from), to: status(d.to) });
    case 'amendment-proposed':
      return t('amendmentProposed', { id, kindWords, where, ...delegation });
    case 'amendment-cosponsored':
      return t('amendmentCosponsored', { id, where, ...delegation });
    case 'amendment-cosponsor-withdrawn':
      return t('amendmentCosponsorWithdrawn', { id, where, ...delegation });
    case 'amendment-accepted':
      return t('amendmentAccepted', { id, kindWords, where, proposer: str(d.proposer), ...delegation, overChanges: yes(d.overChanges) });
    case 'amendment-rejected':
      return t('amendmentRejected', { id, where, proposer: str(d.proposer) });
    case 'silence-opened':
      return t('silenceOpened', { where: silenceWhere(entry, where), deadline: formatTime(str(d.deadline)) });
    case 'silence-broken':
      return t('silenceBroken', { where: silenceWhere(entry, where), delegation: str(d.delegation) });
    case 'silence-ended':
      return t('silenceEnded', {
        where: silenceWhere(entry, where),
        outcome: d.outcome === 'adopted' ? 'adopted' : 'broken',
        list: Array.isArray(d.brokenBy) ? d.brokenBy.map(str).join(', ') : '',
      });
    case 'decision-undone':
      return t('decisionUndone', {
        where,
        undid: wordFor('undid', d.undid, t('undid.decision')),
        from: status(d.from),
        to: status(d.to),
        hasAmendment: yes(d.amendmentId),
        id,
      });
    case 'amendment-merged':
      return t('amendmentMerged', { ids: Array.isArray(d.mergedFrom) ? d.mergedFrom.map((n) => `#${str(n)}`).join(', ') : '?', where, id });
    case 'revision-saved':
      return t('revisionSaved', { label: str(d.label) });
    case 'revision-restored':
      return t('revisionRestored', { from: `Rev.${str(d.restoredFrom)}`, label: str(d.label) });
    case 'export':
      return t('export', {
        variantWords: wordFor('variant', d.variant, t('variant.text')),
        formatWords: wordFor('format', d.format, str(d.format)),
        hasRevision: yes(d.revision),
        revision: str(d.revision),
      });
    case 'room-created':
      return t('roomCreated');
    case 'invite-issued':
      if (d.name) return t('inviteNamed', { name: str(d.name) });
      if (d.delegation) return t('inviteDelegation', { delegation: str(d.delegation) });
      return t('inviteRole', { role: role(d.role) });
    case 'invites-issued': {
      const list = Array.isArray(d.delegations) && d.delegations.length <= 5 ? d.delegations.map(str).join(', ') : '';
      return t('invitesIssued', { count: Number(d.count) || 0, hasList: yes(list), list });
    }
    case 'room-settings':
      return t('roomSettings', {
        language: isTextLanguage(d.language) ? TEXT_LANGUAGE_NAMES[d.language] : str(d.language),
        timeZone: str(d.timeZone),
        penHolder: d.editMode === 'pen-holder' ? 'yes' : 'no',
      });
    case 'invite-revoked':
      return d.name ? t('inviteRevokedNamed', { name: str(d.name) }) : t('inviteRevokedRole', { role: role(d.role) });
    default:
      // A kind this client does not know (a newer server): its own name, readably.
      return entry.kind.replace(/-/g, ' ');
  }
}
