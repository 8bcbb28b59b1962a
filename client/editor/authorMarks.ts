/**
 * The server's list of whose each client id is, and when it wrote (GET …/authors, U1), as
 * the marks "Show authors" draws: the titles are worded once per fetch, not per character.
 */
import i18next from 'i18next';
import type { ClientAuthor } from '../../shared/workflow';
import { formatTime, personName } from '../format';
import type { AuthorMark } from './authorHighlights';

/** `serverLabel` names the server's own writing (the first draft, accepted amendments). */
export function authorMarks(authors: readonly ClientAuthor[], serverLabel: string): Map<number, AuthorMark> {
  return new Map(
    authors.map((a) => {
      const label = a.name === 'Draftroom' ? serverLabel : personName(a.name, a.delegation);
      const times = a.since.map(({ clock, at }) => ({
        clock,
        title: i18next.t('workflow:authors.hover', { name: label, time: formatTime(at) }),
      }));
      return [a.clientId, { label, color: a.color, times }];
    }),
  );
}
