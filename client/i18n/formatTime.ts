/**
 * Every time the interface shows, in one place: 24-hour times in the interface language and
 * the room's time zone, with the zone named (people join from other zones, and a log read
 * later must say whose 14:02 it was), and with the date when it is not today in that zone.
 */
import i18next from 'i18next';

let roomTimeZone: string | undefined;

/** The zone a room's times are shown in; an unknown or missing zone falls back to the browser's. */
export function setRoomTimeZone(zone: string | null | undefined): void {
  roomTimeZone = zone && isTimeZone(zone) ? zone : undefined;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * English dates as the OSCE's documents write them ("6 Dec, 14:02 CET"): British English
 * also names European zones by their abbreviation, where American English says "GMT+1".
 */
const DATE_LOCALE: Record<string, string> = { en: 'en-GB' };

function formatter(kind: 'time' | 'dayAndTime' | 'day', language: string, zone: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}|${language}|${zone ?? ''}`;
  let made = formatters.get(key);
  if (!made) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'day'
        ? { year: 'numeric', month: 'numeric', day: 'numeric' }
        : {
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
            timeZoneName: 'short',
            ...(kind === 'dayAndTime' ? { day: 'numeric', month: 'short' } : {}),
          };
    made = new Intl.DateTimeFormat(language, { ...options, ...(zone ? { timeZone: zone } : {}) });
    formatters.set(key, made);
  }
  return made;
}

/** "14:02 CET" today, "6 déc., 14:02 UTC+1" on another day; the raw text if it is not a date. */
export function formatTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const interfaceLanguage = i18next.resolvedLanguage ?? 'en';
  const language = DATE_LOCALE[interfaceLanguage] ?? interfaceLanguage;
  const day = formatter('day', language, roomTimeZone);
  const today = day.format(date) === day.format(now);
  return formatter(today ? 'time' : 'dayAndTime', language, roomTimeZone).format(date);
}

/**
 * A stretch of time as one span, the zone named once: "19:02–19:10 CET" today, "6 déc.,
 * 19:02–19:10 UTC+1" on another day; one time when both ends fall in the same minute.
 */
export function formatTimeRange(fromIso: string, toIso: string, now: Date = new Date()): string {
  const from = new Date(fromIso);
  const to = new Date(toIso);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to < from) return formatTime(fromIso, now);
  const interfaceLanguage = i18next.resolvedLanguage ?? 'en';
  const language = DATE_LOCALE[interfaceLanguage] ?? interfaceLanguage;
  const day = formatter('day', language, roomTimeZone);
  const today = day.format(from) === day.format(now) && day.format(to) === day.format(now);
  return formatter(today ? 'time' : 'dayAndTime', language, roomTimeZone).formatRange(from, to);
}
