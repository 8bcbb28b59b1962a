/**
 * A room's time zone: an IANA zone name ("Europe/Vienna"), in which its exports date the
 * text. Checked with the platform's own time zone data (Intl), on the server and the client.
 */

/** Where a room meets when nobody said otherwise: the OSCE's seat. */
export const FALLBACK_TIME_ZONE = 'Europe/Vienna';

/** Zone names are letters, digits and _ + - in /-separated parts: never an offset or free text. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * The zone's IANA name as stored ("europe/vienna" → "Europe/Vienna"), or null when Intl does
 * not know it. A name Intl knows under an older alias stays as given: Node's ICU answers
 * "Europe/Kyiv" with "Europe/Kiev", which is not how Ukraine's capital is written.
 */
export function canonicalTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 64 || !ZONE_NAME.test(value)) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  return resolved.toLowerCase() === value.toLowerCase() ? resolved : value;
}
