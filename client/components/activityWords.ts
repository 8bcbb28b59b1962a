/** The room's activity log in words: "Anna Novak accepted amendment #4 (Austria) to paragraph 3". */
import type { ActivityEntry } from '../api/workflowTypes';
import { BLOCK_STATUS_LABELS, isBlockStatus } from '../status';

/** The groups the activity panel filters by. */
export type ActivityGroup = 'locks' | 'amendments' | 'readings' | 'exports' | 'room';

export const ACTIVITY_GROUP_LABELS: Record<ActivityGroup, string> = {
  locks: 'Locks and status',
  amendments: 'Amendments',
  readings: 'Readings',
  exports: 'Exports',
  room: 'Room and invites',
};

export function activityGroup(kind: string): ActivityGroup {
  if (kind === 'lock' || kind === 'unlock' || kind === 'status') return 'locks';
  if (kind.startsWith('amendment-')) return 'amendments';
  if (kind.startsWith('revision-')) return 'readings';
  if (kind === 'export') return 'exports';
  return 'room';
}

const KIND_WORDS: Record<string, string> = { replace: 'replacement', 'insert-after': 'new paragraph', delete: 'deletion' };
const FORMAT_WORDS: Record<string, string> = { md: 'Markdown', html: 'a web page', docx: 'Word', pdf: 'PDF' };
const VARIANT_WORDS: Record<string, string> = { clean: 'the clean full text', agreed: 'the agreed text only', marked: 'the marked-up text' };

const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const status = (value: unknown) => (isBlockStatus(value) ? `“${BLOCK_STATUS_LABELS[value]}”` : 'another status');

/** What happened, after the person's name; `where` names the entry's paragraph ("paragraph 3"). */
export function describeActivity(entry: ActivityEntry, where: string): string {
  const d = entry.detail ?? {};
  const amendment = `amendment #${str(d.amendmentId)}`;
  switch (entry.kind) {
    case 'lock':
      return `locked ${where} as agreed`;
    case 'unlock':
      return `unlocked ${where}`;
    case 'status':
      return `moved ${where} from ${status(d.from)} to ${status(d.to)}`;
    case 'amendment-proposed':
      return `proposed ${amendment} (${KIND_WORDS[str(d.kind)] ?? 'amendment'}) to ${where}${d.delegation ? ` for ${str(d.delegation)}` : ''}`;
    case 'amendment-cosponsored':
      return `co-sponsored ${amendment} to ${where}${d.delegation ? ` for ${str(d.delegation)}` : ''}`;
    case 'amendment-accepted':
      return `accepted ${amendment} (${KIND_WORDS[str(d.kind)] ?? 'amendment'}) to ${where}, proposed by ${str(d.proposer)}${d.delegation ? ` (${str(d.delegation)})` : ''}`;
    case 'amendment-rejected':
      return `rejected ${amendment} to ${where}, proposed by ${str(d.proposer)}`;
    case 'amendment-merged':
      return `merged amendments #${Array.isArray(d.mergedFrom) ? d.mergedFrom.join(' and #') : '?'} to ${where} into ${amendment}`;
    case 'revision-saved':
      return `saved the text as ${str(d.label)}`;
    case 'revision-restored':
      return `restored Rev.${str(d.restoredFrom)}; the text is now ${str(d.label)}`;
    case 'export':
      return `exported ${VARIANT_WORDS[str(d.variant)] ?? 'the text'} as ${FORMAT_WORDS[str(d.format)] ?? str(d.format)}${d.revision ? ` (${str(d.revision)})` : ''}`;
    case 'room-created':
      return 'created the room';
    case 'invite-issued':
      return `issued ${d.name ? `a named invite for ${str(d.name)}` : d.delegation ? `an invite for the delegation of ${str(d.delegation)}` : `a ${str(d.role)} link`}`;
    case 'invites-issued':
      return `issued ${str(d.count)} invites for delegations${Array.isArray(d.delegations) && d.delegations.length <= 5 ? ` (${d.delegations.map(str).join(', ')})` : ''}`;
    case 'invite-revoked':
      return `revoked ${d.name ? `the invite of ${str(d.name)}` : `a ${str(d.role)} link`}`;
    default:
      return entry.kind.replace(/-/g, ' ');
  }
}
