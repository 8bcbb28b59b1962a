/** The editor's top-level blocks (numbers, lock, status) and one block's live text, for React. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { BlockInfo } from '../editor/blocks';
import type { EditorApi } from '../editor/editorApi';

const NO_BLOCKS: BlockInfo[] = [];
const never = () => () => undefined;

/** The blocks as the margin numbers them; re-renders only when the list itself changes. */
export function useBlocks(editor: EditorApi | null): BlockInfo[] {
  return useSyncExternalStore(editor ? editor.onBlocksChange : never, editor ? editor.blocks : () => NO_BLOCKS);
}

/** How often a block's text is re-read while people type, at most. */
const TEXT_REFRESH_MS = 250;

/** A block's plain text, kept current as anyone edits it (re-read at most every TEXT_REFRESH_MS). */
export function useBlockText(editor: EditorApi | null, blockId: string | null): string | null {
  const [text, setText] = useState<string | null>(() => (editor && blockId ? editor.blockText(blockId) : null));
  useEffect(() => {
    if (!editor || !blockId) {
      setText(null);
      return;
    }
    setText(editor.blockText(blockId));
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = editor.onTextChange(() => {
      timer ??= setTimeout(() => {
        timer = null;
        setText(editor.blockText(blockId));
      }, TEXT_REFRESH_MS);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [editor, blockId]);
  return text;
}
