/**
 * How many paragraphs stand at each status ("12 agreed · 3 ad ref · 5 open"), read from
 * the document the person sees, counted as the server's GET /status-summary counts them
 * (numbered blocks with text; headings and empty paragraphs left out). Status travels in the
 * document as a block attribute, so this is live with every change and needs no request.
 */
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { useEffect, useState } from 'react';
import { isNumbered } from '../../shared/blocks';
import { BLOCK_STATUSES, statusOfAttrs, type BlockStatus } from '../status';

export interface StatusCounts {
  counts: Record<BlockStatus, number>;
  total: number;
}

/** True when a block holds some non-blank text; stops at the first such text node. */
function hasText(block: PMNode): boolean {
  let found = false;
  block.descendants((node) => {
    if (found) return false;
    if (node.isText && /\S/.test(node.text ?? '')) found = true;
    return !found;
  });
  return found;
}

export function countStatuses(doc: PMNode): StatusCounts {
  const counts = Object.fromEntries(BLOCK_STATUSES.map((s) => [s, 0])) as Record<BlockStatus, number>;
  let total = 0;
  doc.forEach((node) => {
    // (Not textContent: that copies every paragraph's text, twice a second while people type.)
    if (!isNumbered(node.type.name) || !hasText(node)) return;
    counts[statusOfAttrs(node.attrs)] += 1;
    total += 1;
  });
  return { counts, total };
}

/** Recount at most this often while the text changes: a pass over every block, never per keystroke. */
const RECOUNT_EVERY_MS = 500;

export function useStatusCounts(editor: Editor): StatusCounts {
  const [counts, setCounts] = useState(() => countStatuses(editor.state.doc));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const recount = () => {
      timer = null;
      setCounts((before) => {
        const next = countStatuses(editor.state.doc);
        const same = next.total === before.total && BLOCK_STATUSES.every((s) => next.counts[s] === before.counts[s]);
        return same ? before : next;
      });
    };
    const onUpdate = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (transaction.docChanged) timer ??= setTimeout(recount, RECOUNT_EVERY_MS);
    };
    editor.on('transaction', onUpdate);
    recount();
    return () => {
      editor.off('transaction', onUpdate);
      if (timer) clearTimeout(timer);
    };
  }, [editor]);
  return counts;
}
