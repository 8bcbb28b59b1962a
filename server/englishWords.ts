/**
 * The wording table's English (shared/locales/en), for the words the server sends to every
 * client in a notice's `message`: the same sentences Draftroom's page shows in English.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import common from '../shared/locales/en/common.json' with { type: 'json' };
import connection from '../shared/locales/en/connection.json' with { type: 'json' };
import notices from '../shared/locales/en/notices.json' with { type: 'json' };
import type { Words } from '../shared/refusalWords.js';

const TABLE: Record<string, unknown> = { common, connection, notices };
const formats = new Map<string, IntlMessageFormat>();

/** The English sentence of `words`; throws for a key the table lacks (a test catches that, not a person). */
export function english({ key, values }: Words): string {
  let format = formats.get(key);
  if (format === undefined) {
    const [namespace = '', path = ''] = key.split(':');
    const message = path
      .split('.')
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], TABLE[namespace]);
    if (typeof message !== 'string') throw new Error(`expected English words for ${key}, found none`);
    format = new IntlMessageFormat(message, 'en');
    formats.set(key, format);
  }
  return String(format.format(values));
}
