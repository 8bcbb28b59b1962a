/**
 * The header every export carries, as OSCE documents do: the reference block on the right
 * (date, revision, "Original: ENGLISH"), then the meeting and the document title, then what
 * kind of text this is.
 */
import type { ExportVariant } from '../../shared/api.js';

/** The language line; the drafting language of the room's text. */
export const ORIGINAL_LANGUAGE_LINE = 'Original: ENGLISH';

/** Revision label when no saved revision is named. */
export const LIVE_TEXT_LABEL = 'Live text';

export interface ExportHeader {
  /** Meeting name, or null when none was given. */
  meeting: string | null;
  title: string;
  /** The date in words, e.g. "12 March 2025" (UTC). */
  date: string;
  /** "Rev.1", or "Live text" for the text as it stands. */
  revision: string;
  original: string;
  /** What this export holds, e.g. "Agreed text". */
  variant: string;
}

const VARIANT_WORDS: Record<ExportVariant, string> = {
  agreed: 'Agreed paragraphs only',
  clean: 'Full text',
  marked: 'Full text with status and pending amendments',
};

export interface HeaderInput {
  title: string;
  meeting?: string;
  revision?: string;
  date?: Date;
  variant: ExportVariant;
}

export function buildHeader(input: HeaderInput): ExportHeader {
  const meeting = input.meeting?.trim();
  const revision = input.revision?.trim();
  return {
    meeting: meeting ? meeting : null,
    title: input.title.trim() || 'Untitled document',
    date: formatDate(input.date ?? new Date()),
    revision: revision ? revision : LIVE_TEXT_LABEL,
    original: ORIGINAL_LANGUAGE_LINE,
    variant: VARIANT_WORDS[input.variant],
  };
}

/** The reference lines shown on the right, top to bottom. */
export function referenceLines(header: ExportHeader): string[] {
  return [header.date, header.revision, header.original];
}

/** "12 March 2025", in UTC so that the same instant gives the same date on every server. */
export function formatDate(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}
