/**
 * The "Show authors" switch (U1): when on, asks the server whose each client id is and when it
 * wrote, and hands the marks to the editor's author highlights; asks again, at most every few
 * seconds, when text arrives under a client id the marks do not name (someone joined and
 * typed) or was written since they were asked for (its minute may be new).
 */
import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useState } from 'react';
import type { ClientAuthor } from '../../shared/workflow';
import { type AuthorMark, authorHighlightsKey, showAuthorsMeta, textClocks, unnamedClients, writtenSince } from './authorHighlights';
import { authorMarks } from './authorMarks';

const ASK_AGAIN_MS = 5_000;

export function useShowAuthors(editor: Editor, load: (marksFrom?: string) => Promise<ClientAuthor[]>, serverLabel: string) {
  const [shown, setShown] = useState(false);

  const apply = useCallback(
    (marks: Map<number, AuthorMark> | null) => {
      if (editor.isDestroyed) return;
      editor.view.dispatch(editor.state.tr.setMeta(authorHighlightsKey, showAuthorsMeta(marks)));
    },
    [editor],
  );

  useEffect(() => {
    if (!shown) {
      if (!editor.isDestroyed && authorHighlightsKey.getState(editor.state)?.authors) apply(null);
      return;
    }
    let current = true;
    let asked = 0;
    let clocks = new Map<number, number>();
    // What the server said so far: asked again, it sends only the marks made since the newest held
    // (a busy room makes one per person and minute of writing, and the list is asked for often).
    const held = new Map<number, ClientAuthor>();
    let newest: string | undefined;
    const ask = () => {
      asked = Date.now();
      clocks = textClocks(editor.state);
      load(newest).then(
        (authors) => {
          if (!current) return;
          newest = holdAuthors(held, authors, newest);
          apply(authorMarks([...held.values()], serverLabel));
        },
        () => undefined, // the connection's own state says when the server cannot be reached
      );
    };
    ask();
    // One look at the text per few seconds of changes, made after them: a local edit reaches
    // the Yjs text only after its transaction, and the last change of a burst must count too.
    let look: ReturnType<typeof setTimeout> | null = null;
    const lookAgain = () => {
      look = null;
      if (editor.isDestroyed) return;
      if (unnamedClients(editor.state).length > 0 || writtenSince(editor.state, clocks)) ask();
    };
    const onUpdate = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (transaction.docChanged && look === null) look = setTimeout(lookAgain, Math.max(0, asked + ASK_AGAIN_MS - Date.now()));
    };
    editor.on('transaction', onUpdate);
    return () => {
      current = false;
      editor.off('transaction', onUpdate);
      if (look !== null) clearTimeout(look);
    };
  }, [shown, editor, load, apply, serverLabel]);

  return { shown, setShown };
}

/**
 * Adds what the server answered to what the page holds: new client ids whole, and for known
 * ones the marks past their last (a mark made at the very time asked from comes again).
 * Returns the newest mark's time, to ask from next.
 */
export function holdAuthors(
  held: Map<number, ClientAuthor>,
  answer: readonly ClientAuthor[],
  newest: string | undefined,
): string | undefined {
  let latest = newest;
  for (const author of answer) {
    const known = held.get(author.clientId);
    const lastClock = known?.since.at(-1)?.clock ?? -1;
    const since = [...(known?.since ?? []), ...author.since.filter((mark) => mark.clock > lastClock)];
    held.set(author.clientId, { ...author, since });
    for (const mark of author.since) if (latest === undefined || mark.at > latest) latest = mark.at;
  }
  return latest;
}
