/**
 * Who wrote a paragraph's text as it stands (PROTOCOL.md U1), under its heading in the
 * paragraph's panel: "Written by Anna Novak (Austria) 72 %, Jean Dupont (France) 28 %". The
 * chair's answer to "who changed ¶ 9?", asked again whenever the paragraph's text changes.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { workflowApi } from '../api/workflow';
import type { BlockAuthors as Authors } from '../api/workflowTypes';
import type { EditorApi } from '../editor/editorApi';
import { personName } from '../format';

/** Asked at most this often while people type in the paragraph. */
const REFRESH_MS = 2_000;

export function BlockAuthors({
  token,
  docId,
  blockId,
  editor,
}: {
  token: string;
  docId: string;
  blockId: string;
  editor: EditorApi | null;
}) {
  const { t, i18n } = useTranslation('workflow');
  const [authors, setAuthors] = useState<Authors | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!editor) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let text = editor.blockText(blockId);
    const stop = editor.onTextChange(() => {
      const now = editor.blockText(blockId);
      if (now === text) return;
      text = now;
      timer ??= setTimeout(() => {
        timer = null;
        setVersion((n) => n + 1);
      }, REFRESH_MS);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [editor, blockId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` (the paragraph's text changed) is what makes it ask again
  useEffect(() => {
    let current = true;
    workflowApi.blockAuthors(token, docId, blockId).then(
      (answer) => current && setAuthors(answer),
      () => current && setAuthors(null),
    );
    return () => {
      current = false;
    };
  }, [token, docId, blockId, version]);

  if (!authors || (authors.authors.length === 0 && authors.unknownChars === 0)) return null;
  const total = authors.authors.reduce((sum, a) => sum + a.chars, 0) + authors.unknownChars;
  const percent = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'en', { style: 'percent' });
  const parts = authors.authors.map(
    (a) => `${a.name === 'Draftroom' ? t('authors.server') : personName(a.name, a.delegation)} ${percent.format(a.chars / total)}`,
  );
  if (authors.unknownChars > 0) parts.push(t('authors.unknown', { share: percent.format(authors.unknownChars / total) }));
  const list = parts.join(', ');
  return (
    <p className="muted small block-authors" data-testid="block-authors">
      {t('authors.line', { list })}
    </p>
  );
}
