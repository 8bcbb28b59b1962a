/**
 * A room's working language, time zone and edit mode: checked where they come in (creating a
 * room, changing its settings), and read with the server's default zone filled in for rooms
 * made before rooms had one.
 */
import { TEXT_LANGUAGES, isTextLanguage, type TextLanguage } from '../../shared/textLanguages.js';
import { canonicalTimeZone } from '../../shared/timeZone.js';
import { DEFAULT_EDIT_MODE, isEditMode, type EditMode } from '../../shared/editMode.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import type { DocumentRecord } from '../store/records.js';

export interface RoomSettings {
  language: TextLanguage;
  timeZone: string;
  editMode: EditMode;
}

/** The room's settings as the API and exports give them. */
export function roomSettings(record: Pick<DocumentRecord, 'language' | 'timeZone' | 'editMode'>, defaultTimeZone: string): RoomSettings {
  return {
    // A stored value is always from the list (checked on the way in); English if a hand-edited database says otherwise.
    language: isTextLanguage(record.language) ? record.language : 'en',
    timeZone: record.timeZone ?? defaultTimeZone,
    editMode: roomEditMode(record),
  };
}

/** The room's edit mode as stored; open for anything else (a hand-edited database), as every room was before the setting. */
export function roomEditMode(record: Pick<DocumentRecord, 'editMode'>): EditMode {
  return isEditMode(record.editMode) ? record.editMode : DEFAULT_EDIT_MODE;
}

/** The language given, or 400 naming the languages a room may work in; undefined stays undefined. */
export function checkedLanguage(value: string | undefined): TextLanguage | undefined {
  if (value === undefined) return undefined;
  if (isTextLanguage(value)) return value;
  throw new ApiError(
    400,
    ErrorCode.badRequest,
    `expected a language tag of ${TEXT_LANGUAGES.join(', ')}, got ${JSON.stringify(value.slice(0, 40))}`,
  );
}

/** The zone given, as its canonical IANA name, or 400; undefined stays undefined. */
export function checkedTimeZone(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const zone = canonicalTimeZone(value);
  if (zone !== null) return zone;
  throw new ApiError(
    400,
    ErrorCode.badRequest,
    `expected an IANA time zone such as Europe/Vienna, got ${JSON.stringify(value.slice(0, 64))}`,
  );
}
