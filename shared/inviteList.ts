/**
 * A pasted list of delegations, one invite per line (PROTOCOL.md N3): "Delegation",
 * "Name, Delegation" or "Name — Delegation" (a tab, an em or en dash, or a hyphen with a
 * space on each side separates too, and is looked for before a comma, so "— Korea, Republic
 * of" is a delegation alone). Empty lines are ignored; each label meets the shared rule
 * (N1); a line that repeats an earlier one is reported, not issued twice. The server issues
 * from this parse and the room settings preview it as the adviser types.
 */
import { checkLabel, cleanLabel, type LabelRefusal } from './labels.js';
import { ErrorCode } from './protocol.js';

/** One invite a list asks for. `line` counts from 1, empty lines included. */
export interface InviteListEntry {
  line: number;
  /** The line as typed, cleaned of invisible characters. */
  text: string;
  name: string | null;
  delegation: string;
}

/** A line that makes no invite, and why: a refused label, a repeat, or a line that names no delegation. */
export interface InviteListProblem {
  line: number;
  /** The line as typed, cleaned of invisible characters. */
  text: string;
  code: typeof ErrorCode.labelRefused | typeof ErrorCode.duplicate | typeof ErrorCode.badRequest;
  message: string;
  /** For a refused label: which rule refused it, for a client to word it (shared/labels.ts). */
  refusal?: LabelRefusal;
  /** For a repeat within the list: the line it repeats. */
  sameAsLine?: number;
  /** For a repeat of an invite the room already has (server only): that invite. */
  inviteId?: string;
}

export interface ParsedInviteList {
  entries: InviteListEntry[];
  problems: InviteListProblem[];
  /** Lines that are not empty (what the batch bound counts). */
  lineCount: number;
}

const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/;
// In order of preference: the first of these splits name from delegation.
const SEPARATORS = [/\t/, /\s*[\u2012-\u2015]\s*/, /\s-\s/, /,/];

/** The key two lines share when they ask for the same invite. */
export function inviteKey(name: string | null, delegation: string | null): string {
  return `${(name ?? '').toLowerCase()}\u0000${(delegation ?? '').toLowerCase()}`;
}

export function parseInviteList(list: string): ParsedInviteList {
  const entries: InviteListEntry[] = [];
  const problems: InviteListProblem[] = [];
  const seen = new Map<string, number>();
  let lineCount = 0;
  for (const [index, raw] of list.split(LINE_BREAK).entries()) {
    const line = index + 1;
    const text = cleanLabel(raw);
    if (text === '') continue;
    lineCount++;
    const refuse = (code: InviteListProblem['code'], message: string, extra: Partial<InviteListProblem> = {}) => {
      problems.push({ line, text, code, message, ...extra });
    };

    const [rawName, rawDelegation] = splitLine(raw);
    const name = rawName === null ? { ok: true as const, value: '' } : checkLabel(rawName, 'name');
    const delegation = checkLabel(rawDelegation, 'delegation');
    if (!name.ok) {
      refuse(ErrorCode.labelRefused, name.problem, { refusal: name.refusal });
      continue;
    }
    if (!delegation.ok) {
      refuse(ErrorCode.labelRefused, delegation.problem, { refusal: delegation.refusal });
      continue;
    }
    if (delegation.value === '') {
      refuse(ErrorCode.badRequest, 'Expected a delegation after the name; this line names none.');
      continue;
    }
    const key = inviteKey(name.value || null, delegation.value);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      refuse(ErrorCode.duplicate, `Repeats line ${earlier}.`, { sameAsLine: earlier });
      continue;
    }
    seen.set(key, line);
    entries.push({ line, text, name: name.value || null, delegation: delegation.value });
  }
  return { entries, problems, lineCount };
}

/** [name or null, delegation], split at the first separator of the most preferred kind. */
function splitLine(raw: string): [string | null, string] {
  for (const separator of SEPARATORS) {
    const match = separator.exec(raw);
    if (match) return [raw.slice(0, match.index), raw.slice(match.index + match[0].length)];
  }
  return [null, raw];
}
