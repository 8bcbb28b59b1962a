/**
 * The reason a moderator gives when undoing or refusing what the room worked towards:
 * unlocking an agreed paragraph, rejecting an amendment (PROTOCOL.md M9). It goes into the
 * record every role reads, so it is cleaned as a label is (shared/labels.ts: nothing
 * invisible, whitespace collapsed) and bounded. The server and the page check it with this
 * one function, so the form says exactly what the server would refuse.
 */
import { cleanLabel, labelLength } from './labels.js';
import { MAX_DECISION_REASON_CHARS } from './limits.js';

/** The cleaned reason (null when none was given), or how far it is over the bound. */
export type ReasonCheck = { ok: true; value: string | null } | { ok: false; length: number; max: number };

export function checkDecisionReason(raw: string | null | undefined): ReasonCheck {
  const value = cleanLabel(raw ?? '');
  if (value === '') return { ok: true, value: null };
  const length = labelLength(value);
  return length > MAX_DECISION_REASON_CHARS ? { ok: false, length, max: MAX_DECISION_REASON_CHARS } : { ok: true, value };
}
