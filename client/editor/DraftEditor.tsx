/**
 * The editor itself, loaded lazily (TipTap and ProseMirror are the bulk of the bundle):
 * the toolbar (or the observer's read-only label), the status bar and the document page.
 */
import { EditorContent, useEditor } from '@tiptap/react';
import { memo, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_EDIT_MODE, type EditMode } from '../../shared/editMode';
import { can } from '../../shared/roles';
import { DEFAULT_TEXT_LANGUAGE, type TextLanguage } from '../../shared/textLanguages';
import { PenHolderIndicator } from '../components/PenHolderIndicator';
import { StatusBar } from '../components/StatusBar';
import { Toolbar } from '../components/Toolbar';
import type { StatusFilter } from '../status';
import type { RoomConnection } from '../sync/roomConnection';
import { createEditorCaret, type EditorCaret } from '../keyboard/editorCaret';
import { createEditorApi, type EditorApi } from './editorApi';
import type { EditorHooks } from './editorHooks';
import { createExtensions, type EditorUser } from './createExtensions';
import { useRoomLanguage } from './roomLanguage';

export interface DraftEditorProps {
  connection: RoomConnection;
  user: EditorUser;
  hooks: EditorHooks;
  /** False when the session has ended: the text stays readable, nothing more is sent. */
  live: boolean;
  /** True while the server cannot save: the text stays readable, nothing can be typed (F1). */
  savingFails?: boolean;
  onReady(api: EditorApi | null): void;
  /** The room's working language: the editor's `lang`, so the browser checks spelling in it. English when not given. */
  roomLanguage?: TextLanguage;
  /** How the room's text is edited (shared/editMode.ts): the status bar says so while it is pen-holder mode. */
  editMode?: EditMode;
  /** True while this person's typing becomes a suggestion (pen-holder mode): no formatting from the toolbar. */
  suggesting?: boolean;
  /** The caret, for the room's keys (client/keyboard). */
  onCaret?(caret: EditorCaret | null): void;
}

function DraftEditor({
  connection,
  user,
  hooks,
  live,
  savingFails = false,
  onReady,
  roomLanguage = DEFAULT_TEXT_LANGUAGE,
  editMode = DEFAULT_EDIT_MODE,
  suggesting = false,
  onCaret,
}: DraftEditorProps) {
  const { t } = useTranslation('editor');
  const language = useRoomLanguage(connection, roomLanguage);
  const canEdit = can(connection.role, 'edit');
  const canLock = can(connection.role, 'lock');
  // Extensions are built once per connection; `hooks` is a live object the room keeps current.
  // biome-ignore lint/correctness/useExhaustiveDependencies: built once per connection (a new editor would drop the caret and undo history): `hooks` is a live object the room keeps current, and the role behind `canEdit` and the person behind `user` belong to the connection
  const extensions = useMemo(
    () => createExtensions({ doc: connection.doc, provider: connection.provider, user, hooks, canEdit }),
    [connection],
  );

  const editor = useEditor(
    {
      extensions,
      editable: canEdit && live && !savingFails,
      editorProps: {
        attributes: {
          'aria-label': canEdit ? t('editorLabel.editable') : t('editorLabel.readOnly'),
          'aria-multiline': 'true',
          role: 'textbox',
          spellcheck: 'true',
          lang: language,
        },
      },
    },
    [connection],
  );

  // The adviser may change the room's language while the page is open.
  useEffect(() => {
    const { editorProps } = editor.options;
    if ((editorProps.attributes as Record<string, string> | undefined)?.lang === language) return;
    editor.setOptions({
      editorProps: { ...editorProps, attributes: { ...(editorProps.attributes as Record<string, string>), lang: language } },
    });
  }, [editor, language]);

  useEffect(() => {
    editor.setEditable(canEdit && live && !savingFails);
  }, [editor, canEdit, live, savingFails]);

  const [filter, setFilter] = useState<StatusFilter>('all');
  const [hideOthers, setHideOthers] = useState(false);

  useEffect(() => {
    onReady(createEditorApi(editor, connection.provider.awareness));
    return () => onReady(null);
  }, [editor, connection, onReady]);

  useEffect(() => {
    onCaret?.(createEditorCaret(editor));
    return () => onCaret?.(null);
  }, [editor, onCaret]);

  return (
    <>
      {canEdit && live && !savingFails ? (
        <Toolbar
          editor={editor}
          roomLanguage={language}
          canLock={canLock}
          suggesting={suggesting}
          onToggleLock={(id) => hooks.toggleLock(id)}
        />
      ) : (
        <div className="toolbar toolbar--readonly" data-testid="readonly-label" role="note">
          {!live ? t('readOnly.ended') : savingFails ? t('readOnly.savingFails') : t('readOnly.observing')}
        </div>
      )}
      <StatusBar
        editor={editor}
        loadAuthors={hooks.loadAuthors}
        filter={filter}
        hideOthers={hideOthers}
        onFilter={setFilter}
        onHideOthers={setHideOthers}
        modeNote={<PenHolderIndicator role={connection.role} mode={editMode} />}
      />
      <div
        className={`page${canLock ? ' page--can-lock' : ''}${filter === 'all' ? '' : ` page--filter-${filter}${hideOthers ? ' page--filter-hide' : ''}`}`}
        data-testid="editor"
        data-filter={filter}
      >
        <EditorContent editor={editor} />
      </div>
    </>
  );
}

export default memo(DraftEditor);
