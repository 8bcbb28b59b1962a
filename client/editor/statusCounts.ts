/**
 * How many paragraphs stand at each status ("12 agreed · 3 ad ref · 5 open"), read from
 * the document the person sees, counted by the rule the server's GET /status-summary uses
 * (shared/blockStatus.ts countStatuses). Status travels in the document as a block
 * attribute, so this is live with every change and needs no request.
 */
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { useEffect, useState } from 'react';
import { BLOCK_STATUSES } from '../../shared/blocks';
import { countStatuses, hasVisibleText, statusOfAttrs } from '../../shared/blockStatus';
import type { StatusSummary } from '../../shared/workflow';

export type StatusCounts = StatusSummary;

/** True when a block holds some non-blank text; stops at the first such text node. */
function hasText(block: PMNode): boolean {
  let found = false;
  block.descendants((node) => {
    if (found) return false;
    if (node.isText && hasVisibleText(node.text ?? '')) found = true;
    return !found;
  });
  return found;
}

/** The status counts of the top-level blocks of `doc`. */
export function statusCountsOf(doc: PMNode): StatusCounts {
  const blocks: PMNode[] = [];
  doc.forEach((node) => {
    blocks.push(node);
  });
  // hasText, not textContent: that copies every paragraph's text, twice a second while people type.
  return countStatuses(blocks, { type: (node) => node.type.name, hasText, status: (node) => statusOfAttrs(node.attrs) });
}

/** Recount at most this often while the text changes: a pass over every block, never per keystroke. */
const RECOUNT_EVERY_MS = 500;

export function useStatusCounts(editor: Editor): StatusCounts {
  const [counts, setCounts] = useState(() => statusCountsOf(editor.state.doc));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const recount = () => {
      timer = null;
      setCounts((before) => {
        const next = statusCountsOf(editor.state.doc);
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
