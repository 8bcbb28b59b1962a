/**
 * The header every export carries, as OSCE documents do: the reference block on the right
 * (date in the room's time zone, revision, "Original: русский" naming the room's working
 * language in itself), then the meeting and the document title, then what kind of text this
 * is. The header's own words are English, like the rest of Draftroom's labels in exports.
 */
import type { ExportVariant } from '../../shared/api.js';
import { DEFAULT_TEXT_LANGUAGE, TEXT_LANGUAGE_NAMES, type TextLanguage } from '../../shared/textLanguages.js';
import { FALLBACK_TIME_ZONE } from '../../shared/timeZone.js';

/** The word before the language's name in the language line. */
export const ORIGINAL_LABEL = 'Original:';

/** Revision label when no saved revision is named. */
export const LIVE_TEXT_LABEL = 'Live text';

export interface ExportHeader {
  /** Meeting name, or null when none was given. */
  meeting: string | null;
  title: string;
  /** The date in words in the room's time zone, naming it, e.g. "12 March 2025 (Europe/Vienna)". */
  date: string;
  /** "Rev.1", or "Live text" for the text as it stands. */
  revision: string;
  /** "Original: " and the room's language named in itself. */
  original: string;
  /** The room's working language: the language of the text, unless a paragraph says otherwise. */
  language: TextLanguage;
  /** What this export holds, e.g. "Agreed text". */
  variant: string;
  /** Where the silence procedures stand (Q3), one line each, under the variant line. */
  silence: string[];
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
  language?: TextLanguage;
  /** IANA zone the date is given in; Europe/Vienna when absent. */
  timeZone?: string;
  /** The silence procedures' lines (silenceLines). */
  silence?: string[];
}

export function buildHeader(input: HeaderInput): ExportHeader {
  const meeting = input.meeting?.trim();
  const revision = input.revision?.trim();
  const language = input.language ?? DEFAULT_TEXT_LANGUAGE;
  return {
    meeting: meeting ? meeting : null,
    title: input.title.trim() || 'Untitled document',
    date: formatDate(input.date ?? new Date(), input.timeZone ?? FALLBACK_TIME_ZONE),
    revision: revision ? revision : LIVE_TEXT_LABEL,
    original: `${ORIGINAL_LABEL} ${TEXT_LANGUAGE_NAMES[language]}`,
    language,
    variant: VARIANT_WORDS[input.variant],
    silence: input.silence ?? [],
  };
}

/** What the header reads of a silence procedure. */
export interface SilenceForHeader {
  blockId: string | null;
  deadline: string;
  outcome: 'open' | 'adopted' | 'broken';
  breaks: ReadonlyArray<{ delegation: string }>;
}

/**
 * The header's lines on silence procedures (Q3), oldest first: "Adopted under silence
 * procedure, 18 December 2026, 17:00 (Europe/Vienna)", "Paragraph 4: silence broken by
 * Austria, France (deadline …)", "Under silence procedure until …". `numberOf` gives a
 * paragraph's number now, undefined when it is no longer in the text (its line is left out).
 */
export function silenceLines(
  procedures: readonly SilenceForHeader[],
  numberOf: (blockId: string) => number | null | undefined,
  timeZone: string = FALLBACK_TIME_ZONE,
): string[] {
  const lines: string[] = [];
  for (const procedure of procedures) {
    let where = '';
    if (procedure.blockId !== null) {
      const number = numberOf(procedure.blockId);
      if (number === undefined) continue;
      where = number === null ? 'Heading: ' : `Paragraph ${number}: `;
    }
    const deadline = `${exportDay(new Date(procedure.deadline), timeZone)}, ${exportTime(new Date(procedure.deadline), timeZone)} (${timeZone})`;
    const line =
      procedure.outcome === 'open'
        ? `under silence procedure until ${deadline}`
        : procedure.outcome === 'adopted'
          ? `adopted under silence procedure, ${deadline}`
          : `silence broken by ${procedure.breaks.map((b) => b.delegation).join(', ')} (deadline ${deadline})`;
    lines.push(where ? `${where}${line}` : line.charAt(0).toUpperCase() + line.slice(1));
  }
  return lines;
}

/** "17:00", the time of day `date` falls on in `timeZone`. */
function exportTime(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(date);
}

/** The reference lines shown on the right, top to bottom. */
export function referenceLines(header: ExportHeader): string[] {
  return [header.date, header.revision, header.original];
}

/**
 * "12 March 2025 (Europe/Vienna)": the day in the room's zone, which is named, so that the same
 * instant gives the same date on every server and a reader elsewhere knows whose day it is.
 */
export function formatDate(date: Date, timeZone: string): string {
  return `${exportDay(date, timeZone)} (${timeZone})`;
}

/** "12 March 2025", the day `date` falls on in `timeZone`. */
export function exportDay(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(date);
}
