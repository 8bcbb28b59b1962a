/**
 * The reason given with an unlock or a rejection (PROTOCOL.md M9), checked by the shared
 * rule (shared/decisionReason.ts) before anything changes: cleaned, or null when none was
 * given; too long is 400 and the paragraph or amendment stays as it was.
 */
import { checkDecisionReason } from '../../shared/decisionReason.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';

export function decisionReason(raw: string | null | undefined): string | null {
  const checked = checkDecisionReason(raw);
  if (!checked.ok) {
    throw new ApiError(400, ErrorCode.badRequest, `expected a reason of at most ${checked.max} characters, got ${checked.length}`);
  }
  return checked.value;
}
