/** Why the server closed this page's connection, in the interface language (shared/closeWords.ts chooses the words). */
import i18next from 'i18next';
import { closeWords } from '../../shared/closeWords';

export function closeText(code: number, reason = ''): string {
  const words = closeWords(code, reason);
  return i18next.t(words.key, words.values ?? {});
}
