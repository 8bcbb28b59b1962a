/**
 * Announces each new "Not kept" entry once, as a notice (the tray itself is not a live
 * region: it would read every kept text aloud). Entries kept from before a reload are not
 * announced again; the tray shows them.
 */
import i18next from 'i18next';
import { useEffect, useRef } from 'react';
import { ErrorCode } from '../../shared/protocol';
import type { NoticeKind } from '../components/NoticeToast';
import { blockName } from '../format';
import type { NotKeptEntry } from '../sync/notKept';

/** An entry older than this when first seen was kept from an earlier page (a reload): the tray shows it, unannounced. */
const FRESH_MS = 30_000;

export function useNotKeptNotices(entries: NotKeptEntry[], push: (kind: NoticeKind, text: string, detail?: string) => void): void {
  const seen = useRef(new Set<string>());
  useEffect(() => {
    for (const entry of entries) {
      if (seen.current.has(entry.id)) continue;
      seen.current.add(entry.id);
      if (Date.now() - Date.parse(entry.at) > FRESH_MS) continue;
      const where = entry.blockId ? blockName(entry.blockNumber) : i18next.t('common:block.text');
      const text =
        entry.reason !== ErrorCode.locked
          ? i18next.t('connection:notKept.announceRefused', { where })
          : entry.lockedBy
            ? i18next.t('connection:notKept.announceLockedBy', { where, by: entry.lockedBy })
            : i18next.t('connection:notKept.announceLocked', { where });
      push('warning', text, i18next.t('connection:notKept.announceHint'));
    }
  }, [entries, push]);
}
