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

export function useShowAuthors(editor: Editor, load: () => Promise<ClientAuthor[]>, serverLabel: string) {
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
    const ask = () => {
      asked = Date.now();
      clocks = textClocks(editor.state);
      load().then(
        (authors) => current && apply(authorMarks(authors, serverLabel)),
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
