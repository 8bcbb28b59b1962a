/**
 * The "Show authors" switch (U1): when on, asks the server whose each client id is and hands
 * the marks to the editor's author highlights; asks again, at most every few seconds, when
 * text arrives under a client id the marks do not name (someone joined and typed).
 */
import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useState } from 'react';
import type { ClientAuthor } from '../../shared/workflow';
import { personName } from '../format';
import { type AuthorMark, authorHighlightsKey, showAuthorsMeta, unnamedClients } from './authorHighlights';

const ASK_AGAIN_MS = 5_000;

function marksOf(authors: readonly ClientAuthor[], serverLabel: string): Map<number, AuthorMark> {
  return new Map(
    authors.map((a) => [a.clientId, { label: a.name === 'Draftroom' ? serverLabel : personName(a.name, a.delegation), color: a.color }]),
  );
}

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
    const ask = () => {
      asked = Date.now();
      load().then(
        (authors) => current && apply(marksOf(authors, serverLabel)),
        () => undefined, // the connection's own state says when the server cannot be reached
      );
    };
    ask();
    const onUpdate = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (transaction.docChanged && Date.now() - asked > ASK_AGAIN_MS && unnamedClients(editor.state).length > 0) ask();
    };
    editor.on('transaction', onUpdate);
    return () => {
      current = false;
      editor.off('transaction', onUpdate);
    };
  }, [shown, editor, load, apply, serverLabel]);

  return { shown, setShown };
}
