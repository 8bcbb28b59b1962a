/**
 * The projector's text: the room's document, read-only, through the same Yjs binding as the
 * room (so it follows every keystroke), without carets, names, block ids being written, or
 * anything else that could send a change. Loaded lazily, like the room's editor.
 */
import Collaboration from '@tiptap/extension-collaboration';
import { EditorContent, useEditor } from '@tiptap/react';
import { memo, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_FIELD } from '../../shared/blocks';
import { schemaExtensions } from '../../shared/schema';
import type { TextLanguage } from '../../shared/textLanguages';
import type { RoomConnection } from '../sync/roomConnection';
import type { BlockMetaStore } from './blockMeta';
import { BlockIndex } from './blockIndex';
import { createEditorApi, type EditorApi } from './editorApi';
import { ProjectorBlocks } from './projectorBlocks';
import { useRoomLanguage } from './roomLanguage';

interface ProjectorEditorProps {
  connection: RoomConnection;
  meta: BlockMetaStore;
  onReady(api: EditorApi | null): void;
  /** The room's working language: the text's `lang`, for screen readers and hyphenation. */
  roomLanguage: TextLanguage;
}

function ProjectorEditor({ connection, meta, onReady, roomLanguage }: ProjectorEditorProps) {
  const language = useRoomLanguage(connection, roomLanguage);
  const { t } = useTranslation('projector');
  const extensions = useMemo(
    () => [
      ...schemaExtensions(),
      Collaboration.configure({ document: connection.doc, field: TEXT_FIELD }),
      BlockIndex,
      ProjectorBlocks.configure({ meta }),
    ],
    [connection, meta],
  );
  const editor = useEditor(
    {
      extensions,
      editable: false,
      // Not editable is contenteditable=false, which says read-only to assistive technology;
      // aria-readonly is not allowed on the element's role (axe aria-allowed-attr).
      editorProps: { attributes: { 'aria-label': t('textLabel'), lang: language } },
    },
    [extensions, t, language],
  );

  useEffect(() => {
    onReady(createEditorApi(editor, connection.provider.awareness));
    return () => onReady(null);
  }, [editor, connection, onReady]);

  return <EditorContent editor={editor} className="projector__page" />;
}

export default memo(ProjectorEditor);
