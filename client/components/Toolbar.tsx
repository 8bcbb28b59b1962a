// biome-ignore-all lint/a11y/useSemanticElements: a toolbar's groups are role=group (ARIA toolbar pattern); a fieldset would need a legend and form semantics
/**
 * The drafting toolbar: block type (text, H1–H3), bold, italic, lists, the paragraph's
 * language, Yjs-aware undo and redo, and for moderators the lock of the current block. Not
 * shown to observers.
 */
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BlockAttr } from '../../shared/blocks';
import { lockedBlockAtSelection } from '../editor/lockPlugin';
import { topLevelBlockAt, isLockedNode } from '../editor/blocks';
import type { TextLanguage } from '../../shared/textLanguages';
import { BlockLanguageSelect } from './BlockLanguageSelect';
import { LockIcon } from './LockIcon';

interface ToolbarProps {
  editor: Editor;
  /** The room's working language, the language of every paragraph not marked otherwise. */
  roomLanguage: TextLanguage;
  canLock: boolean;
  /** True while this person's typing becomes a suggestion (pen-holder mode): the text's form is not theirs to change either. */
  suggesting?: boolean;
  onToggleLock(blockId: string): void;
}

interface ButtonProps {
  /** What the button does, in full words: its tooltip, and its name when it shows only a letter. */
  label: string;
  /**
   * True when the button shows a letter (B, I) rather than words. A button showing words is
   * named by them, so that what a person sees is what speech input and screen readers call
   * it (WCAG 2.5.3); the full words are its description.
   */
  letter?: boolean;
  shortcut?: string;
  active?: boolean;
  disabled?: boolean;
  onClick(): void;
  children: React.ReactNode;
}

function ToolButton({ label, letter, shortcut, active, disabled, onClick, children }: ButtonProps) {
  return (
    <button
      type="button"
      className={`tool${active ? ' is-active' : ''}`}
      aria-label={letter ? label : undefined}
      aria-pressed={active === undefined ? undefined : active}
      title={shortcut ? `${label} (${shortcut})` : label}
      disabled={disabled}
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** What the toolbar shows: the block type and marks at the caret, undo/redo, the lock. */
function readToolbarState(e: Editor) {
  const block = topLevelBlockAt(e.state.doc, e.state.selection.from);
  const id = block?.node.attrs[BlockAttr.id];
  return {
    paragraph: e.isActive('paragraph') && !e.isActive('bulletList') && !e.isActive('orderedList'),
    h1: e.isActive('heading', { level: 1 }),
    h2: e.isActive('heading', { level: 2 }),
    h3: e.isActive('heading', { level: 3 }),
    bold: e.isActive('bold'),
    italic: e.isActive('italic'),
    bullet: e.isActive('bulletList'),
    ordered: e.isActive('orderedList'),
    canUndo: e.can().undo(),
    canRedo: e.can().redo(),
    inLocked: lockedBlockAtSelection(e.state) !== null,
    blockId: typeof id === 'string' ? id : null,
    blockLocked: block ? isLockedNode(block.node) : false,
  };
}

type ToolbarState = ReturnType<typeof readToolbarState>;

/**
 * The toolbar's state depends on the text, the selection and the stored marks only: other
 * transactions (someone else's caret moving, twenty times a second in a full room) reuse
 * the last answer instead of asking the editor a dozen questions again.
 */
function useToolbarState(editor: Editor): ToolbarState {
  const cache = useRef<{ key: readonly unknown[]; value: ToolbarState } | null>(null);
  return useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const { doc, selection, storedMarks } = e.state;
      const last = cache.current;
      if (last && last.key[0] === doc && last.key[1] === selection && last.key[2] === storedMarks) return last.value;
      const value = readToolbarState(e);
      cache.current = { key: [doc, selection, storedMarks], value };
      return value;
    },
  });
}

export function Toolbar({ editor, roomLanguage, canLock, suggesting = false, onToggleLock }: ToolbarProps) {
  const { t } = useTranslation('editor');
  const s = useToolbarState(editor);
  const chain = () => editor.chain().focus();
  const off = s.inLocked || suggesting;

  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.formatting')} data-testid="toolbar">
      <div className="toolbar__group" role="group" aria-label={t('toolbar.blockType')}>
        <ToolButton label={t('toolbar.bodyText')} active={s.paragraph} disabled={off} onClick={() => chain().setParagraph().run()}>
          {t('toolbar.text')}
        </ToolButton>
        {([1, 2, 3] as const).map((level) => (
          <ToolButton
            key={level}
            label={t('toolbar.heading', { level })}
            shortcut={`Ctrl+Alt+${level}`}
            active={s[`h${level}`]}
            disabled={off}
            onClick={() => chain().toggleHeading({ level }).run()}
          >
            H{level}
          </ToolButton>
        ))}
      </div>
      <div className="toolbar__group" role="group" aria-label={t('toolbar.textStyle')}>
        <ToolButton
          label={t('toolbar.bold')}
          letter
          shortcut="Ctrl+B"
          active={s.bold}
          disabled={off}
          onClick={() => chain().toggleBold().run()}
        >
          <strong>B</strong>
        </ToolButton>
        <ToolButton
          label={t('toolbar.italic')}
          letter
          shortcut="Ctrl+I"
          active={s.italic}
          disabled={off}
          onClick={() => chain().toggleItalic().run()}
        >
          <em>I</em>
        </ToolButton>
      </div>
      <div className="toolbar__group" role="group" aria-label={t('toolbar.lists')}>
        <ToolButton
          label={t('toolbar.bulletList')}
          shortcut="Ctrl+Shift+8"
          active={s.bullet}
          disabled={off}
          onClick={() => chain().toggleBulletList().run()}
        >
          {t('toolbar.bulletListShort')}
        </ToolButton>
        <ToolButton
          label={t('toolbar.numberedList')}
          shortcut="Ctrl+Shift+7"
          active={s.ordered}
          disabled={off}
          onClick={() => chain().toggleOrderedList().run()}
        >
          {t('toolbar.numberedListShort')}
        </ToolButton>
      </div>
      <div className="toolbar__group">
        <BlockLanguageSelect editor={editor} roomLanguage={roomLanguage} disabled={off} />
      </div>
      <div className="toolbar__group" role="group" aria-label={t('toolbar.history')}>
        <ToolButton label={t('toolbar.undo')} shortcut="Ctrl+Z" disabled={!s.canUndo} onClick={() => chain().undo().run()}>
          <span aria-hidden="true">↶</span> {t('toolbar.undo')}
        </ToolButton>
        <ToolButton label={t('toolbar.redo')} shortcut="Ctrl+Shift+Z" disabled={!s.canRedo} onClick={() => chain().redo().run()}>
          <span aria-hidden="true">↷</span> {t('toolbar.redo')}
        </ToolButton>
      </div>
      {canLock && (
        <div className="toolbar__group toolbar__group--end" role="group" aria-label={t('toolbar.agreement')}>
          <ToolButton
            label={s.blockLocked ? t('toolbar.unlockBlock') : t('toolbar.lockBlock')}
            shortcut="Ctrl+Shift+L"
            active={s.blockLocked}
            disabled={!s.blockId}
            onClick={() => s.blockId && onToggleLock(s.blockId)}
          >
            <LockIcon open={s.blockLocked} />
            {s.blockLocked ? t('toolbar.unlock') : t('toolbar.lock')}
          </ToolButton>
        </div>
      )}
    </div>
  );
}
